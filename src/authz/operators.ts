// The IAM condition operators, one entry each: how a policy value compiles and how one context value
// compares with it (IAM User Guide, "IAM JSON policy elements: Condition operators"). The negated
// forms reuse their positive's comparison; conditions.ts applies the negation, IfExists and the
// set qualifiers. Imports only ./context, ./ip, ./patterns.

import { asString, type Scalar } from './context.js';
import { inCidr, parseCidr, parseIp, type Cidr } from './ip.js';
import { compilePattern, type Matcher, type Resolve } from './patterns.js';

/** One operator: compile a policy value once; compare a context value with it. */
export interface Operator<P = unknown> {
  /** Variables are substituted in its values (string and ARN operators). */
  variables: boolean;
  compile(raw: string, variables: boolean): P;
  /** Whether `value` matches the compiled policy value; `unresolved` hears of a variable without a value. */
  match(value: Scalar, p: P, resolve: Resolve, unresolved: (key: string) => void): boolean;
}

const str = (ignoreCase: boolean, glob: boolean): Operator<Matcher> => ({
  variables: true,
  compile: (raw, variables) => compilePattern(raw, { glob, variables, ignoreCase }),
  match: (v, m, resolve, unresolved) => m.test(asString(v), resolve, unresolved),
});

// Numeric: "integers or decimal values"; a value that is not a number never matches
const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
function toNumber(v: Scalar): number {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && NUMBER.test(v) ? Number(v) : NaN;
}
const num = (cmp: (a: number, b: number) => boolean): Operator<number> => ({
  variables: false,
  compile: (raw) => toNumber(raw),
  match: (v, p, _r, _u) => cmp(toNumber(v), p),
});

// Date: "ISO 8601 date format" or "epoch (UNIX) time" (seconds); compared as milliseconds
const EPOCH = /^\s*\d+(\.\d+)?\s*$/;
export function toMillis(v: Scalar): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string') return NaN;
  if (EPOCH.test(v)) return Number(v) * 1000;
  return Date.parse(v);
}
const date = (cmp: (a: number, b: number) => boolean): Operator<number> => ({
  variables: false,
  compile: (raw) => toMillis(raw),
  match: (v, p, _r, _u) => cmp(toMillis(v), p),
});

/** ArnEquals/ArnLike (identical, both take wildcards): "each of the six colon-delimited components … is checked separately". */
interface ArnPattern {
  segments?: Matcher[];
  whole: Matcher;
}
/** The six parts of an ARN; in a policy value (`pattern`), a colon inside `${…}` separates nothing. */
function splitArn(text: string, pattern = false): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  let inVariable = false;
  for (let i = 0; i < text.length && parts.length < 5; i++) {
    const c = text[i];
    if (pattern && c === '$' && text[i + 1] === '{') inVariable = true;
    else if (inVariable && c === '}') inVariable = false;
    else if (c === ':' && !inVariable) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  if (parts.length < 5) return undefined;
  parts.push(text.slice(from));
  return parts;
}
const arn: Operator<ArnPattern> = {
  variables: true,
  compile(raw, variables) {
    const opts = { glob: true, variables };
    const parts = splitArn(raw, variables);
    return { segments: parts?.map((p) => compilePattern(p, opts)), whole: compilePattern(raw, opts) };
  },
  match(v, p, resolve, unresolved) {
    const value = asString(v);
    // a policy value that is no ARN at all (`*`) is matched as one pattern; one with fewer than
    // six segments (`arn:aws:iam::*`) matches nothing, as its missing segments match nothing
    if (!p.segments) return !p.whole.source.startsWith('arn:') && p.whole.test(value, resolve, unresolved);
    const parts = splitArn(value);
    return parts !== undefined && p.segments.every((m, i) => m.test(parts[i]!, resolve, unresolved));
  },
};

const ip: Operator<Cidr | undefined> = {
  variables: false,
  compile: (raw) => parseCidr(raw),
  match(v, block) {
    const addr = typeof v === 'string' ? parseIp(v.trim()) : undefined;
    return block !== undefined && addr !== undefined && inCidr(addr, block);
  },
};

const bool: Operator<string> = {
  variables: false,
  compile: (raw) => raw.toLowerCase(),
  match: (v, p) => asString(v).toLowerCase() === p,
};

// BinaryEquals: "base-64 encoded"; compared byte for byte
const binary: Operator<Buffer> = {
  variables: false,
  compile: (raw) => Buffer.from(raw, 'base64'),
  match: (v, p) => typeof v === 'string' && Buffer.from(v, 'base64').equals(p),
};

/** Every operator by name, with the positive operator a negated one negates. */
export const OPERATORS: Readonly<Record<string, { op: Operator; negated: boolean }>> = (() => {
  const t: Record<string, { op: Operator; negated: boolean }> = {};
  // methods are bivariant, so an Operator<Matcher> is an Operator<unknown>
  const add = (name: string, op: Operator, negated = false) => (t[name] = { op, negated });
  add('StringEquals', str(false, false));
  add('StringNotEquals', str(false, false), true);
  add('StringEqualsIgnoreCase', str(true, false));
  add('StringNotEqualsIgnoreCase', str(true, false), true);
  add('StringLike', str(false, true));
  add('StringNotLike', str(false, true), true);
  add('NumericEquals', num((a, b) => a === b));
  add('NumericNotEquals', num((a, b) => a === b), true);
  add('NumericLessThan', num((a, b) => a < b));
  add('NumericLessThanEquals', num((a, b) => a <= b));
  add('NumericGreaterThan', num((a, b) => a > b));
  add('NumericGreaterThanEquals', num((a, b) => a >= b));
  add('DateEquals', date((a, b) => a === b));
  add('DateNotEquals', date((a, b) => a === b), true);
  add('DateLessThan', date((a, b) => a < b));
  add('DateLessThanEquals', date((a, b) => a <= b));
  add('DateGreaterThan', date((a, b) => a > b));
  add('DateGreaterThanEquals', date((a, b) => a >= b));
  add('Bool', bool);
  add('BinaryEquals', binary);
  add('IpAddress', ip);
  add('NotIpAddress', ip, true);
  add('ArnEquals', arn);
  add('ArnLike', arn);
  add('ArnNotEquals', arn, true);
  add('ArnNotLike', arn, true);
  return t;
})();
