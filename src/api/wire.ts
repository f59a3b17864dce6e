// The AWS JSON wire form of API values, by shape: blobs base64, timestamps epoch seconds. Imports
// only ./model.ts, ./validate.ts and src/errors.ts; the server and the CLI's HTTP client use it.
import { KmsError } from '../errors.js';
import { shapeOf } from './model.js';
import { isPlainObject, serializationError } from './validate.js';
import type { ServiceModel, ShapeRef } from './types.js';

/*
 * Rules (Smithy awsJson1_1 protocol, as botocore's serializer and parser apply them):
 * - blob: base64 (RFC 4648 §4, with padding) in a JSON string.
 * - timestamp: epoch seconds as a JSON number, milliseconds as the fraction (1700000000.123).
 * - structure: members by their API names; undefined/null members are left out on output and
 *   ignored on input; members the model does not know are ignored on input, as AWS does.
 * - A JSON value of the wrong type is a SerializationException, raised before validation, in
 *   Coral's words (texts as src/api/validate.ts gives them; unconfirmed against real AWS).
 */

/**
 * A map's entries with `convert` applied, those it leaves undefined dropped. fromEntries defines
 * keys rather than assigning them, so a "__proto__" key (an encryption context may hold it) stays a key.
 */
function mapOf(map: Record<string, unknown>, convert: (v: unknown) => unknown): Record<string, unknown> {
  const entries: [string, unknown][] = [];
  for (const [k, v] of Object.entries(map)) {
    const c = convert(v);
    if (c !== undefined) entries.push([k, c]);
  }
  return Object.fromEntries(entries);
}

/** An API value (Uint8Array blobs, Date timestamps) as its JSON wire value. */
export function toWire(model: ServiceModel, ref: ShapeRef, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  const s = shapeOf(model, ref);
  switch (s.type) {
    case 'blob':
      return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : value;
    case 'timestamp':
      if (value instanceof Date) return value.getTime() / 1000;
      return value;
    case 'list':
      return Array.isArray(value) ? value.map((item) => toWire(model, s.member, item) ?? null) : value;
    case 'map': {
      if (!isPlainObject(value)) return value;
      return mapOf(value, (v) => toWire(model, s.value, v));
    }
    case 'structure': {
      if (!isPlainObject(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [name, m] of Object.entries(s.members)) {
        const w = toWire(model, m.shape, value[name]);
        if (w !== undefined) out[name] = w;
      }
      return out;
    }
    default:
      return value;
  }
}

/** A JSON wire value as an API value; throws KmsError('SerializationException') on a wrong type. */
export function fromWire(model: ServiceModel, ref: ShapeRef, json: unknown): unknown {
  if (json === undefined || json === null) return undefined;
  const s = shapeOf(model, ref);
  switch (s.type) {
    case 'string':
      if (typeof json !== 'string') throw serializationError(json, s);
      return json;
    case 'integer':
    case 'long':
      if (typeof json !== 'number' || !Number.isFinite(json)) throw serializationError(json, s);
      // Coral truncates a fractional number given for an integer member.
      return Math.trunc(json);
    case 'boolean':
      if (typeof json !== 'boolean') throw serializationError(json, s);
      return json;
    case 'blob':
      if (typeof json !== 'string') throw serializationError(json, s);
      return decodeBase64(json);
    case 'timestamp':
      // awsJson1_1: epoch seconds as a number (botocore also sends numbers only).
      if (typeof json !== 'number' || !Number.isFinite(json)) throw serializationError(json, s);
      return new Date(Math.round(json * 1000));
    case 'list': {
      if (!Array.isArray(json)) throw serializationError(json, s);
      // Smithy (RestJsonBodyMalformedListNullItem): null in a list that is not @sparse (none of
      // these services' lists is) is a SerializationException; unconfirmed text
      if (json.includes(null)) throw new KmsError('SerializationException', 'Null found in a list, which may not hold null');
      return json.map((item) => fromWire(model, s.member, item));
    }
    case 'map': {
      if (!isPlainObject(json)) throw serializationError(json, s);
      return mapOf(json, (v) => fromWire(model, s.value, v));
    }
    case 'structure': {
      if (!isPlainObject(json)) throw serializationError(json, s);
      const out: Record<string, unknown> = {};
      for (const [name, m] of Object.entries(s.members)) {
        if (!Object.hasOwn(json, name)) continue;
        const value = fromWire(model, m.shape, json[name]);
        if (value !== undefined) out[name] = value;
      }
      return out;
    }
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(text: string): Uint8Array {
  // Coral rejects a blob that is not base64 before any constraint is checked (unconfirmed text).
  const compact = text.replace(/[\r\n]/g, '');
  if (!BASE64.test(compact)) throw new KmsError('SerializationException', 'Base64 encoded data is malformed or contains an illegal character');
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

