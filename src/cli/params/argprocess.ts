// The model-aware half of shorthand (awscli/argprocess.py ParamShorthandParser and
// shorthand.py BackCompatVisitor): when a flag value is shorthand, and how it maps onto shapes.

import type { ServiceModel, Shape, ShapeRef } from '../../api/types.js';
import { EXIT, LocalError, usageError } from '../../errors.js';
import { PyFloat, pyStrRepr } from './pyrepr.js';
import { ShorthandParseError, parseShorthand, type ParamfileResolver, type ShorthandValue } from './shorthand.js';

export const shapeOf = (model: ServiceModel, ref: ShapeRef): Shape => {
  const s = model.shapes[ref];
  if (!s) throw new Error(`unknown shape ${ref}`);
  return s;
};

const COMPLEX = new Set(['structure', 'list', 'map']);

/** argprocess._supports_shorthand_syntax: structures, maps, and lists of structures/lists/maps. */
export function supportsShorthand(model: ServiceModel, ref: ShapeRef): boolean {
  const shape = shapeOf(model, ref);
  if (!COMPLEX.has(shape.type)) return false;
  if (shape.type === 'list') return COMPLEX.has(shapeOf(model, shape.member).type);
  return true;
}

/** argprocess._should_parse_as_shorthand: text starting with `[` or `{` (after whitespace) is JSON. */
export function looksLikeJson(value: unknown): boolean {
  const check = Array.isArray(value) && value.length > 0 ? value[0] : value;
  return typeof check === 'string' && /^[{[]/.test(pyStrip(check));
}

/** Python's str.strip() / lstrip() whitespace. */
const PY_WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const STRIP = new RegExp(`^[${PY_WS}]+|[${PY_WS}]+$`, 'gu');
const LSTRIP = new RegExp(`^[${PY_WS}]+`, 'u');
export const pyStrip = (s: string): string => s.replace(STRIP, '');
export const pyLstrip = (s: string): string => s.replace(LSTRIP, '');

/** Python's int(str): optional sign, digits with single underscores, surrounding whitespace. */
export function pyInt(s: string): number | undefined {
  const t = pyStrip(s);
  return /^[+-]?\d+(_\d+)*$/.test(t) ? Number(t.replace(/_/g, '')) : undefined;
}

const paramError = (flag: string, msg: string) => usageError(`Error parsing parameter '${flag}': ${msg}`);

/**
 * ParamShorthandParser._parse_as_shorthand: each element of a list flag (or the one string) is
 * parsed, then BackCompatVisitor coerces scalars and wraps single values into lists.
 */
export function parseAsShorthand(
  model: ServiceModel,
  ref: ShapeRef,
  flag: string,
  value: string | string[],
  resolve?: ParamfileResolver,
): unknown {
  try {
    const parsed = Array.isArray(value) ? value.map((v) => parseShorthand(v, resolve)) : parseShorthand(value, resolve);
    backCompat(model, ref, parsed);
    return parsed;
  } catch (err) {
    if (err instanceof ShorthandParseError) throw paramError(flag, err.message);
    throw err;
  }
}

type Container = Record<string | number, unknown> | unknown[];

/** BackCompatVisitor.visit(params, model): mutates `value` in place. */
export function backCompat(model: ServiceModel, ref: ShapeRef, value: unknown): void {
  visit(model, ref, {} as Container, '', value);
}

function visit(model: ServiceModel, ref: ShapeRef, parent: Container, name: string | number, value: unknown): void {
  const shape = shapeOf(model, ref);
  const set = (v: unknown) => {
    (parent as Record<string | number, unknown>)[name] = v;
  };
  switch (shape.type) {
    case 'structure':
      if (!isObject(value)) return;
      for (const m of Object.keys(shape.members)) visit(model, shape.members[m]!.shape, value, m, value[m]);
      return;
    case 'map':
      if (!isObject(value)) return;
      for (const k of Object.keys(value)) visit(model, shape.value, value, k, value[k]);
      return;
    case 'list':
      // "foo=bar" where bar should really be ["bar"]
      if (!Array.isArray(value)) {
        if (value !== undefined) set([value]);
        return;
      }
      value.forEach((el, i) => visit(model, shape.member, value, i, el));
      return;
    case 'integer':
    case 'long': {
      if (value === undefined || typeof value !== 'string') return;
      const n = pyInt(value);
      // int(value) raises ValueError, which v2's general handler prints (exit 255)
      if (n === undefined) throw new LocalError(`invalid literal for int() with base 10: ${pyStrRepr(value)}`, EXIT.other);
      set(n);
      return;
    }
    case 'boolean':
      // only "true"/"false" (any case) are converted
      if (typeof value !== 'string') return;
      if (value.toLowerCase() === 'true') set(true);
      else if (value.toLowerCase() === 'false') set(false);
      return;
    default:
      return;
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date) && !(v instanceof PyFloat);

export type { ShorthandValue };
