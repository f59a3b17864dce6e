// One flag's raw argv value(s) → the API-typed value, in the AWS CLI v2 order: argparse long check,
// paramfile (file://, fileb://), shorthand or JSON (argprocess.py), then blobs and timestamps.

import type { ServiceModel, ShapeRef } from '../../api/types.js';
import { EXIT, LocalError, usageError } from '../../errors.js';
import { isObject, looksLikeJson, parseAsShorthand, pyInt, pyLstrip, shapeOf, supportsShorthand } from './argprocess.js';
import { blobValue, type BinaryFormat } from './blob.js';
import { loadParamfile, loadParamfileSync, ResourceLoadingError, type FileContext } from './paramfile.js';
import { PyJsonError, pyJsonLoads } from './pyjson.js';
import { pyStr, pyStrRepr } from './pyrepr.js';

export interface ParamContext extends FileContext {
  cwd: string;
  binaryFormat: BinaryFormat;
  readStdin(): Promise<Uint8Array>;
}

const paramError = (flag: string, msg: string) => usageError(`Error parsing parameter '${flag}': ${msg}`);
const intError = (value: unknown) =>
  new LocalError(`invalid literal for int() with base 10: ${typeof value === 'string' ? pyStrRepr(value) : pyStr(value)}`, EXIT.other);

/**
 * Turns a flag's raw value into the API value for `shapeRef`. `raw` is the string of a scalar or
 * structure/map flag, the array of space-separated values of a list flag, or a boolean flag's state.
 * Throws LocalError with the AWS CLI's text (exit 252; 255 for invalid base64, as v2 does).
 */
export async function parseParam(
  model: ServiceModel,
  shapeRef: ShapeRef,
  flag: string,
  raw: string | string[] | boolean,
  ctx: ParamContext,
): Promise<unknown> {
  const shape = shapeOf(model, shapeRef);
  if (typeof raw === 'boolean') return shape.type === 'boolean' ? raw : String(raw);
  // arguments.py TYPE_MAP: argparse converts longs with int() before anything else (integers stay
  // text there and are converted after the paramfile step, below)
  if (shape.type === 'long' && typeof raw === 'string' && pyInt(raw) === undefined) {
    throw usageError(`argument ${flag}: invalid int value: ${pyStrRepr(raw)}`);
  }
  // paramfile.py URIArgumentHandler: a single value (or a one-element list) may name a file
  const single = typeof raw === 'string' ? raw : raw.length === 1 ? raw[0] : undefined;
  let value: string | string[] | Uint8Array = raw;
  try {
    const loaded = await loadParamfile(single, ctx);
    if (loaded !== undefined) value = loaded;
  } catch (err) {
    if (err instanceof ResourceLoadingError) throw paramError(flag, err.message);
    throw err;
  }
  if (value instanceof Uint8Array && shape.type !== 'blob' && shape.type !== 'string') {
    value = new TextDecoder().decode(value);
  }
  let unpacked: unknown;
  if (!(value instanceof Uint8Array) && !looksLikeJson(value) && supportsShorthand(model, shapeRef)) {
    const resolve = (v: string) => {
      try {
        return loadParamfileSync(v, ctx);
      } catch (err) {
        // shorthand.py _resolve_paramfiles: ResourceLoadingError escapes the ParamError wrapping
        // and reaches the general handler (exit 255)
        if (err instanceof ResourceLoadingError) throw new LocalError(err.message, EXIT.other);
        throw err;
      }
    };
    unpacked = parseAsShorthand(model, shapeRef, flag, value, resolve);
  } else {
    unpacked = unpack(model, shapeRef, value, flag);
  }
  return finalizeValue(model, shapeRef, unpacked, ctx.binaryFormat);
}

function jsonArg(value: string, flag: string): unknown {
  try {
    return pyJsonLoads(value, { ordered: true });
  } catch (err) {
    if (err instanceof PyJsonError) throw paramError(flag, `Invalid JSON: ${err.message}\nJSON received: ${value}`);
    throw err;
  }
}

/** argprocess._unpack_cli_arg for values that are not shorthand. */
function unpack(model: ServiceModel, ref: ShapeRef, value: string | string[] | Uint8Array, flag: string): unknown {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'structure':
    case 'map': {
      const text = typeof value === 'string' ? value : String(value);
      if (pyLstrip(text).startsWith('{')) return jsonArg(text, flag);
      throw paramError(flag, `Invalid JSON:\n${text}`);
    }
    case 'list': {
      if (typeof value === 'string') {
        if (pyLstrip(value).startsWith('[')) return jsonArg(value, flag);
        // a file's text in a list position is iterated character by character, as Python does
        return [...value].map((ch) => unpack(model, shape.member, ch, flag));
      }
      if (value instanceof Uint8Array) return [value];
      if (value.length === 1 && pyLstrip(value[0]!).startsWith('[')) return jsonArg(value[0]!, flag);
      return value.map((v) => unpack(model, shape.member, v, flag));
    }
    case 'integer':
    case 'long': {
      const n = typeof value === 'string' ? pyInt(value) : undefined;
      // unpack_scalar_cli_arg: int(value) raises ValueError, which v2's general handler prints (255)
      if (n === undefined) throw intError(value);
      return n;
    }
    case 'boolean':
      // unpack_scalar_cli_arg: "false" (any case) is False, anything else bool(value)
      if (typeof value === 'string') return value.toLowerCase() === 'false' ? false : value.length > 0;
      return value.length > 0;
    default:
      return value;
  }
}

/**
 * binaryformat.py Base64DecodeVisitor plus the serializer's timestamp handling, over a whole value:
 * blob text → bytes (per `format`), timestamp text or epoch numbers → Date when they parse.
 * Other values are left for client validation to judge. Returns the converted value.
 */
export function finalizeValue(model: ServiceModel, ref: ShapeRef, value: unknown, format: BinaryFormat): unknown {
  const shape = shapeOf(model, ref);
  switch (shape.type) {
    case 'blob':
      return typeof value === 'string' || value instanceof Uint8Array ? blobValue(value, format) : value;
    case 'timestamp':
      return parseTimestamp(value) ?? value;
    case 'structure':
      if (isObject(value)) {
        for (const [name, m] of Object.entries(shape.members)) {
          if (Object.hasOwn(value, name)) value[name] = finalizeValue(model, m.shape, value[name], format);
        }
      }
      return value;
    case 'map':
      if (isObject(value)) for (const k of Object.keys(value)) value[k] = finalizeValue(model, shape.value, value[k], format);
      return value;
    case 'list':
      if (Array.isArray(value)) value.forEach((v, i) => (value[i] = finalizeValue(model, shape.member, v, format)));
      return value;
    default:
      return value;
  }
}

const ISO = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * botocore parse_timestamp: epoch seconds (int or float text), ISO 8601 (no zone means UTC, as
 * parse_to_aware_datetime assumes), or an RFC 822 date. Undefined when it does not parse.
 */
export function parseTimestamp(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  if (typeof value === 'object' && value !== null && 'value' in value && typeof value.value === 'number') {
    return Number.isFinite(value.value) ? new Date(value.value * 1000) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return new Date(Number(t) * 1000);
  const m = ISO.exec(t);
  if (m) {
    const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
    const z = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const ms = frac ? `.${(frac.slice(1) + '000').slice(0, 3)}` : '';
    const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${ms}${z}`);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  if (/[A-Za-z]{3},?\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}/.test(t)) {
    const date = new Date(t);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}
