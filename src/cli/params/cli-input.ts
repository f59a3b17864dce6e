// --cli-input-json / --cli-input-yaml (AWS CLI v2 customizations/cliinput.py): load the document,
// decode its blobs and timestamps, merge under the explicit flags (flags win). No engine imports.

import { createRequire } from 'node:module';
import { MAX_DOCUMENT_DEPTH, yamlCstDepth } from '../../api/nesting.js';
import type { ServiceModel } from '../../api/types.js';
import { EXIT, LocalError, usageError } from '../../errors.js';
import type { BinaryFormat } from './blob.js';
import { finalizeValue } from './convert.js';
import { loadParamfile, ResourceLoadingError, type FileContext } from './paramfile.js';
import { pyJsonLoads } from './pyjson.js';
import { pyTypeName } from './pyrepr.js';

export interface CliInputContext extends FileContext {
  binaryFormat: BinaryFormat;
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);

/** A loaded --cli-input-json/-yaml document: its top-level map and the binary format in force. */
export class CliInputDocument {
  constructor(
    readonly values: Record<string, unknown>,
    readonly binaryFormat: BinaryFormat,
  ) {}
}

/**
 * Reads the document given to --cli-input-json or --cli-input-yaml (inline, file:// or fileb://);
 * undefined when neither flag is given. Blobs and timestamps are decoded by mergeCliInput.
 */
export async function readCliInput(
  json: string | undefined,
  yaml: string | undefined,
  ctx: CliInputContext,
): Promise<CliInputDocument | undefined> {
  if (json === undefined && yaml === undefined) return undefined;
  // cliinput.py _get_arg_value: ParamSyntaxError, printed as is
  if (json !== undefined && yaml !== undefined) throw usageError('Only one --cli-input- parameter may be specified.');
  const isJson = json !== undefined;
  const raw = (isJson ? json : yaml)!;
  let text: string | Uint8Array = raw;
  try {
    text = (await loadParamfile(raw, ctx)) ?? raw;
  } catch (err) {
    // not wrapped in ParamError here: the general handler prints it, exit 255
    if (err instanceof ResourceLoadingError) throw new LocalError(err.message, EXIT.other);
    throw err;
  }
  const source = typeof text === 'string' ? text : new TextDecoder().decode(text);
  // yaml costs ~20 ms to import: only --cli-input-yaml loads it.
  const yamlLib = isJson ? undefined : (createRequire(import.meta.url)('yaml') as typeof import('yaml'));
  let loaded: unknown;
  try {
    // yaml's composer recurses: a document nested too deep is refused before it can exhaust the stack
    if (yamlLib && yamlCstDepth(new yamlLib.Parser().parse(source)) > MAX_DOCUMENT_DEPTH) throw new Error('nested too deep');
    // logLevel error: yaml would print its warnings (an unknown tag) to the user's stderr itself
    loaded = yamlLib ? yamlLib.parse(source, { customTags: ['binary', 'timestamp'], logLevel: 'error' }) : pyJsonLoads(source);
  } catch {
    // ParamError(self.name, …): the name without dashes, as the CLI prints it
    const [name, kind] = isJson ? ['cli-input-json', 'JSON'] : ['cli-input-yaml', 'YAML'];
    throw usageError(`Error parsing parameter '${name}': Invalid ${kind} received.`);
  }
  if (!isMap(loaded)) {
    const flag = isJson ? '--cli-input-json' : '--cli-input-yaml';
    throw usageError(`Error parsing parameter '${flag}': Invalid type: expecting map, received ${pyTypeName(loaded)}`);
  }
  return new CliInputDocument(normalizeBuffers(loaded) as Record<string, unknown>, ctx.binaryFormat);
}

/** yaml's !!binary gives Buffers; the engine wants plain Uint8Array. */
function normalizeBuffers(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.isBuffer(v) ? new Uint8Array(v) : v;
  if (Array.isArray(v)) v.forEach((x, i) => (v[i] = normalizeBuffers(x)));
  else if (isMap(v)) for (const k of Object.keys(v)) v[k] = normalizeBuffers(v[k]);
  return v;
}

/**
 * CliInputArgument._update_call_parameters: top-level keys of the document fill in only what the
 * explicit flags (`request`, already parsed) did not set; then the document's blob text is decoded
 * (binaryformat.py runs on all parameters) and timestamps become Dates. Returns a new object.
 */
export function mergeCliInput(
  model: ServiceModel,
  operationName: string,
  doc: CliInputDocument | undefined,
  request: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...request };
  if (!doc) return merged;
  const op = model.operations[operationName];
  // fromEntries and spread define keys rather than assign them, so a "__proto__" key in the
  // document stays a key (which client validation then reports as unknown) instead of a prototype
  const fromDoc = Object.fromEntries(Object.entries(doc.values).filter(([k]) => !Object.hasOwn(merged, k)));
  if (op) finalizeValue(model, op.input, fromDoc, doc.binaryFormat);
  return { ...merged, ...fromDoc };
}
