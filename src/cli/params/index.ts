// The AWS CLI v2 input conventions as a library for the Commander program: flag values, paramfiles,
// blobs, shorthand, --cli-input-json/-yaml, skeletons and client-side validation. No engine imports.

export { parseParam, finalizeValue, parseTimestamp, type ParamContext } from './convert.js';
export { parseShorthand, ShorthandParseError, type ShorthandValue, type ShorthandObject } from './shorthand.js';
export { supportsShorthand, looksLikeJson, parseAsShorthand, backCompat } from './argprocess.js';
export { loadParamfile, expandPath, ResourceLoadingError, type FileContext } from './paramfile.js';
export { blobValue, pyB64Decode, PyBase64Error, type BinaryFormat } from './blob.js';
export { clientValidate, validateClientSide, validationErrors } from './client-validate.js';
export { readCliInput, mergeCliInput, CliInputDocument, type CliInputContext } from './cli-input.js';
export {
  generateSkeleton,
  skeletonValue,
  inputSkeletonJson,
  yamlInputSkeleton,
  outputSkeleton,
  BLOB,
  type SkeletonKind,
  type SkeletonOptions,
} from './skeleton.js';
export { pyJsonLoads, PyJsonError } from './pyjson.js';
export { PyFloat } from './pyrepr.js';
