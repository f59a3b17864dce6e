// Server-side validation of a request against a service's table, with AWS's ValidationException
// texts. Imports only ./model.ts and src/errors.ts: the engine runs it for every call.
import { KmsError } from '../errors.js';
import { operationOf, shapeOf } from './model.js';
import type { ServiceModel, Shape, StructureShape } from './types.js';

/*
 * What AWS KMS says, and how sure we are (recorded = /work/shared/aws-recorded, seen = public
 * reports of real AWS responses, unconfirmed = our best reading of AWS's Coral framework):
 * - "N validation error(s) detected: " + messages joined by "; " (recorded, seen for N = 2).
 * - "Value '<v>' at '<path>' failed to satisfy constraint: Member must …" (recorded):
 *   range "have value greater/less than or equal to", length "have length …", enum
 *   "satisfy enum value set: [A, B]", pattern "satisfy regular expression pattern: <pattern>".
 * - A missing required member: "Value null at 'keyId' failed to satisfy constraint: Member must
 *   not be null" (seen, other Coral services).
 * - Paths are the member names with the first letter lowered; list items are
 *   '<list>.<1-based index>.member' and structure members follow with '.' (recorded:
 *   'tags.1.member.tagValue').
 * - Sensitive values are left out: "Value at 'plaintext' …" (recorded). A non-sensitive blob shows
 *   as Java's ByteBuffer ('java.nio.HeapByteBuffer[pos=0 lim=N cap=N]'), a list as '[a, b]' and
 *   a map as '{k=v}' (seen in other services; unconfirmed for KMS). A structure inside a shown
 *   list is rendered '{Name=value, …}' (unconfirmed: Java prints an object id there).
 * - Enum sets are listed in the model's order. AWS lists them in an internal hash order that we
 *   cannot derive; only for MacAlgorithmSpec is the recorded order known, and it is used.
 * - Order of errors: members in model order, depth first; for one value, range/length then
 *   pattern then enum (unconfirmed). Lengths count Unicode code points (Smithy's rule).
 * - Unknown members are ignored, as AWS's JSON protocol does. A value of the wrong JSON type is a
 *   SerializationException raised before any constraint is checked, with Coral's texts
 *   ("class java.lang.String can not be converted to an Integer"; unconfirmed wording).
 */

/** Enum sets whose order in AWS's message is recorded and differs from the model's. */
const RECORDED_ENUM_ORDER: Readonly<Record<string, readonly string[]>> = {
  MacAlgorithmSpec: ['HMAC_SHA_384', 'HMAC_SHA_256', 'HMAC_SHA_224', 'HMAC_SHA_512'],
};

/** Throws KmsError('ValidationException', <AWS message>) when `request` breaks the model. */
export function validateInput(model: ServiceModel, operation: string, request: Record<string, unknown>): void {
  const op = operationOf(model, operation);
  if (!op) throw new KmsError('UnknownOperationException', '');
  const input = shapeOf(model, op.input) as StructureShape;
  const shape = (ref: string): Shape => shapeOf(model, ref);
  checkTypes(shape, input, request);
  const errors: string[] = [];
  checkStructure(shape, input, request, '', errors);
  if (errors.length > 0) {
    const count = errors.length === 1 ? '1 validation error' : `${errors.length} validation errors`;
    throw new KmsError('ValidationException', `${count} detected: ${errors.join('; ')}`);
  }
}

/** Shapes by name, in the table being checked. */
type ShapeLookup = (ref: string) => Shape;

// ---- wire types (SerializationException) ----

const JAVA_TYPE: Readonly<Record<string, string>> = {
  string: 'String',
  integer: 'Integer',
  long: 'Long',
  boolean: 'Boolean',
  blob: 'ByteBuffer',
  timestamp: 'Date',
  list: 'List',
  map: 'Map',
  structure: 'Structure',
};

/** Coral's text for a value that cannot become the member's type (also the wire decoder's, wire.ts). */
export function serializationError(value: unknown, target: Shape): KmsError {
  if (Array.isArray(value)) return new KmsError('SerializationException', 'Start of list found where not expected');
  if (isPlainObject(value)) {
    return new KmsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  const from =
    typeof value === 'number'
      ? 'com.amazon.coral.value.json.numbers.TruncatingBigNumber'
      : typeof value === 'boolean'
        ? 'java.lang.Boolean'
        : value instanceof Uint8Array
          ? 'java.nio.ByteBuffer'
          : 'java.lang.String';
  return new KmsError('SerializationException', `class ${from} can not be converted to an ${JAVA_TYPE[target.type] ?? 'Object'}`);
}

function checkTypes(shape: ShapeLookup, s: Shape, value: unknown): void {
  if (value === undefined || value === null) return;
  const ok = (cond: boolean): void => {
    if (!cond) throw serializationError(value, s);
  };
  switch (s.type) {
    case 'string':
      return ok(typeof value === 'string');
    case 'integer':
    case 'long':
      return ok(typeof value === 'number' && Number.isFinite(value));
    case 'boolean':
      return ok(typeof value === 'boolean');
    case 'blob':
      return ok(value instanceof Uint8Array);
    case 'timestamp':
      return ok(value instanceof Date || (typeof value === 'number' && Number.isFinite(value)));
    case 'list': {
      ok(Array.isArray(value));
      const member = shape(s.member);
      for (const item of value as unknown[]) checkTypes(shape, member, item);
      return;
    }
    case 'map': {
      ok(isPlainObject(value));
      const v = shape(s.value);
      for (const item of Object.values(value as object)) checkTypes(shape, v, item);
      return;
    }
    case 'structure': {
      ok(isPlainObject(value));
      const obj = value as Record<string, unknown>;
      for (const [name, m] of Object.entries(s.members)) checkTypes(shape, shape(m.shape), obj[name]);
      return;
    }
  }
}

// ---- constraints (ValidationException) ----

function memberPath(parent: string, name: string): string {
  const camel = name.charAt(0).toLowerCase() + name.slice(1);
  return parent ? `${parent}.${camel}` : camel;
}

function checkStructure(shape: ShapeLookup, s: StructureShape, obj: Record<string, unknown>, path: string, errors: string[]): void {
  const required = new Set(s.required ?? []);
  for (const [name, m] of Object.entries(s.members)) {
    const value = obj[name];
    const at = memberPath(path, name);
    if (value === undefined || value === null) {
      // Coral: a missing required member is reported as the value null.
      if (required.has(name)) errors.push(`Value null at '${at}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    checkValue(shape, shape(m.shape), m.shape, value, at, errors);
  }
}

function fail(s: Shape, value: unknown, at: string, rule: string): string {
  const shown = 'sensitive' in s && s.sensitive ? 'Value' : `Value '${render(value)}'`;
  return `${shown} at '${at}' failed to satisfy constraint: ${rule}`;
}

function checkValue(shape: ShapeLookup, s: Shape, ref: string, value: unknown, at: string, errors: string[]): void {
  for (const rule of rules(s, ref, value)) errors.push(fail(s, value, at, rule));
  if (s.type === 'list') {
    const member = shape(s.member);
    (value as unknown[]).forEach((item, i) => {
      if (item !== undefined && item !== null) checkValue(shape, member, s.member, item, `${at}.${i + 1}.member`, errors);
    });
  } else if (s.type === 'map') {
    const entries = Object.entries(value as Record<string, unknown>);
    const keyRules = entries.flatMap(([k]) => rules(shape(s.key), s.key, k));
    const valueRules = entries.flatMap(([, v]) => (v == null ? [] : rules(shape(s.value), s.value, v)));
    // Coral: one message per map naming the distinct broken rules of its keys, then its values.
    if (keyRules.length > 0) {
      errors.push(fail(s, value, at, `Map keys must satisfy constraint: [${[...new Set(keyRules)].join(', ')}]`));
    }
    if (valueRules.length > 0) {
      errors.push(fail(s, value, at, `Map value must satisfy constraint: [${[...new Set(valueRules)].join(', ')}]`));
    }
  } else if (s.type === 'structure') {
    checkStructure(shape, s, value as Record<string, unknown>, at, errors);
  }
}

/** The broken rules of one value, without descending into it. */
function rules(s: Shape, ref: string, value: unknown): string[] {
  const out: string[] = [];
  const bounds = (n: number, what: 'value' | 'length'): void => {
    if ('min' in s && s.min !== undefined && n < s.min) out.push(`Member must have ${what} greater than or equal to ${s.min}`);
    if ('max' in s && s.max !== undefined && n > s.max) out.push(`Member must have ${what} less than or equal to ${s.max}`);
  };
  switch (s.type) {
    case 'integer':
    case 'long':
      bounds(value as number, 'value');
      break;
    case 'blob':
      bounds((value as Uint8Array).length, 'length');
      break;
    case 'list':
      bounds((value as unknown[]).length, 'length');
      break;
    case 'map':
      bounds(Object.keys(value as object).length, 'length');
      break;
    case 'string': {
      const text = value as string;
      bounds([...text].length, 'length');
      if (s.pattern !== undefined && !matches(s.pattern, text)) {
        out.push(`Member must satisfy regular expression pattern: ${s.pattern}`);
      }
      if (s.enum && !s.enum.includes(text)) {
        const listed = RECORDED_ENUM_ORDER[ref] ?? s.enum;
        out.push(`Member must satisfy enum value set: [${listed.join(', ')}]`);
      }
      break;
    }
    default:
      break;
  }
  return out;
}

const compiled = new Map<string, RegExp>();

/**
 * A botocore pattern (Java's dialect) as a JavaScript RegExp of the whole value. Java's \p{L} (IAM's
 * tag patterns) is a Unicode property class, so JavaScript needs the u flag; Java reads a `-`
 * right after a class escape as itself (Cost Explorer's `[\p{Z}-_]`), which u mode needs escaped.
 */
export function javaPattern(pattern: string): RegExp {
  const unicode = pattern.includes('\\p{');
  return new RegExp(`^(?:${unicode ? pattern.replace(/(\\p\{[A-Za-z_]+\})-(?!\])/g, '$1\\-') : pattern})$`, unicode ? 'u' : '');
}

/** Java's Pattern.matches: the whole value must match. */
function matches(pattern: string, text: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = javaPattern(pattern);
    compiled.set(pattern, re);
  }
  return re.test(text);
}

/** A value as Java's toString shows it inside "Value '…'". */
function render(value: unknown): string {
  if (value instanceof Uint8Array) return `java.nio.HeapByteBuffer[pos=0 lim=${value.length} cap=${value.length}]`;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${render(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** A JSON object (not an array, bytes or a date). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (value instanceof Uint8Array || value instanceof Date) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
