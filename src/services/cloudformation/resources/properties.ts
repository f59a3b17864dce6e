// Property schemas of the AWS::KMS::* types and their check: CloudFormation's coercion of template
// scalars to the schema's types, then validation with the everit-json-schema messages CloudFormation
// reports. Imports only types.ts (ProviderError); knows no KMS operation.

import { ProviderError } from './types.js';

/** The subset of JSON Schema the three registry schemas use. */
export type Schema =
  | { type: 'string'; minLength?: number; maxLength?: number; pattern?: string; enum?: readonly string[] }
  | { type: 'boolean' }
  | { type: 'integer'; minimum?: number; maximum?: number }
  | { type: 'object'; properties: Readonly<Record<string, Schema>>; required?: readonly string[] }
  | { type: 'array'; items: Schema; uniqueItems?: boolean }
  /** `"type": ["object", "string"]`: KeyPolicy, a JSON document given as an object or as text */
  | { type: 'json' };

/** Tag (all three schemas' definitions/Tag): Key 1..128, Value 0..256, both required, nothing else. */
const TAG: Schema = {
  type: 'object',
  properties: { Key: { type: 'string', minLength: 1, maxLength: 128 }, Value: { type: 'string', minLength: 0, maxLength: 256 } },
  required: ['Key', 'Value'],
};

/** Tags: `"uniqueItems": true, "insertionOrder": false`. */
export const TAGS: Schema = { type: 'array', items: TAG, uniqueItems: true };

/** everit's name of a JSON value's type, as in `expected type: Boolean, found: String`. */
function typeName(v: unknown): string {
  if (v === null) return 'Null';
  if (Array.isArray(v)) return 'JSONArray';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'Integer' : 'Double';
  return 'JSONObject';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * CloudFormation converts a template's scalars to the schema's primitive type before it validates
 * (parameters always resolve to strings): "true"/"false" to Boolean, digit strings to Integer,
 * numbers and booleans to String. A value that does not convert is left for validation to refuse.
 */
function coerce(schema: Schema, v: unknown): unknown {
  switch (schema.type) {
    case 'boolean':
      if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
      return v;
    case 'integer':
      if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) return Number(v.trim());
      return v;
    case 'string':
      if (typeof v === 'number' || typeof v === 'boolean') return String(v);
      return v;
    default:
      return v;
  }
}

/** JSON value equality, object member order aside (uniqueItems, policy comparison). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) || isObject(b)) {
    if (!isObject(a) || !isObject(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return a === b;
}

/** Checks `value` (coerced) against `schema` at `pointer`; appends everit's messages; returns the coerced value. */
function check(schema: Schema, value: unknown, pointer: string, errors: string[]): unknown {
  const v = coerce(schema, value);
  const fail = (message: string) => errors.push(`${pointer}: ${message}`);
  switch (schema.type) {
    case 'boolean':
      if (typeof v !== 'boolean') fail(`expected type: Boolean, found: ${typeName(v)}`);
      return v;
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        fail(`expected type: Integer, found: ${typeName(v)}`);
        return v;
      }
      if (schema.minimum !== undefined && v < schema.minimum) fail(`${v} is not greater or equal to ${schema.minimum}`);
      if (schema.maximum !== undefined && v > schema.maximum) fail(`${v} is not less or equal to ${schema.maximum}`);
      return v;
    case 'string': {
      if (typeof v !== 'string') {
        fail(`expected type: String, found: ${typeName(v)}`);
        return v;
      }
      // everit counts code points, not UTF-16 units
      const length = [...v].length;
      if (schema.minLength !== undefined && length < schema.minLength) fail(`expected minLength: ${schema.minLength}, actual: ${length}`);
      if (schema.maxLength !== undefined && length > schema.maxLength) fail(`expected maxLength: ${schema.maxLength}, actual: ${length}`);
      // JSON Schema's pattern is a search; the KMS schemas' patterns are anchored
      if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(v)) fail(`string [${v}] does not match pattern ${schema.pattern}`);
      if (schema.enum !== undefined && !schema.enum.includes(v)) fail(`${v} is not a valid enum value`);
      return v;
    }
    case 'json':
      // everit loads a list of types as anyOf over one schema per type
      if (typeof v !== 'string' && !isObject(v)) fail('#: no subschema matched out of the total 2 subschemas');
      return v;
    case 'array': {
      if (!Array.isArray(v)) {
        fail(`expected type: JSONArray, found: ${typeName(v)}`);
        return v;
      }
      if (schema.uniqueItems && v.some((x, i) => v.slice(0, i).some((y) => jsonEqual(x, y)))) fail('array items are not unique');
      return v.map((item, i) => check(schema.items, item, `${pointer}/${i}`, errors));
    }
    case 'object': {
      if (!isObject(v)) {
        fail(`expected type: JSONObject, found: ${typeName(v)}`);
        return v;
      }
      // everit's order: required keys, then extraneous keys, then each property's own schema
      for (const name of schema.required ?? []) if (v[name] === undefined) fail(`required key [${name}] not found`);
      for (const name of Object.keys(v)) {
        if (v[name] !== undefined && !(name in schema.properties)) fail(`extraneous key [${name}] is not permitted`);
      }
      const out: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(schema.properties)) {
        if (v[name] !== undefined) out[name] = check(sub, v[name], `${pointer}/${name}`, errors);
      }
      return out;
    }
  }
}

/**
 * A resource's properties checked against its type's schema (`additionalProperties: false`
 * everywhere): the coerced properties, or ProviderError with CloudFormation's message. Absent
 * (undefined) members are dropped, as `Ref AWS::NoValue` drops them.
 */
export function validateProperties(schema: Schema & { type: 'object' }, logicalId: string, properties: Record<string, unknown>): Record<string, unknown> {
  const errors: string[] = [];
  const out = check(schema, properties, '#', errors) as Record<string, unknown>;
  if (errors.length > 0) {
    throw new ProviderError('InvalidRequest', `Properties validation failed for resource ${logicalId} with message: [${errors.join(', ')}]`, true);
  }
  return out;
}

/** The text of a KeyPolicy: an object is serialized as the handlers' Jackson does (compact JSON). */
export function policyText(policy: unknown): string | undefined {
  if (policy === undefined) return undefined;
  return typeof policy === 'string' ? policy : JSON.stringify(policy);
}

/** Two policy texts compared as JSON values (text that is not JSON compares as text). */
export function samePolicy(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  try {
    return jsonEqual(JSON.parse(a), JSON.parse(b));
  } catch {
    return a === b;
  }
}

export interface KmsTag {
  TagKey: string;
  TagValue: string;
}

/**
 * The handlers' desired resource tags: the stack's tags, then the resource's own (a resource tag
 * wins over a stack tag of the same key), in KMS's shape. CloudFormation adds no aws:cloudformation:*
 * tags to KMS keys (schema tagging.cloudFormationSystemTags false).
 */
export function desiredTags(stackTags: ReadonlyArray<{ Key: string; Value: string }>, tags: unknown): KmsTag[] {
  const map = new Map<string, string>();
  for (const t of stackTags) map.set(t.Key, t.Value);
  if (Array.isArray(tags)) for (const t of tags as Array<{ Key: string; Value: string }>) map.set(t.Key, t.Value);
  return [...map].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

/** Property readers over validated properties. */
export function str(p: Record<string, unknown>, name: string): string | undefined {
  return typeof p[name] === 'string' ? (p[name] as string) : undefined;
}

export function bool(p: Record<string, unknown>, name: string): boolean | undefined {
  return typeof p[name] === 'boolean' ? (p[name] as boolean) : undefined;
}

export function int(p: Record<string, unknown>, name: string): number | undefined {
  return typeof p[name] === 'number' ? (p[name] as number) : undefined;
}
