// --query: JMESPath (the jmespath package) over the normalised response, with the AWS CLI's
// "Bad value for --query" usage error. Imports only jmespath and src/errors.ts.

import { createRequire } from 'node:module';
import { EXIT, LocalError, usageError } from '../../errors.js';
import type { Plain } from './values.js';

interface Token {
  type: string;
  value: unknown;
  start: number;
}

// @types/jmespath declares only search(); the package also exports compile() and tokenize().
// Loaded on first use (jmespath is CommonJS and costs ~9 ms), so calls without --query skip it.
type Jmespath = {
  compile(expr: string): unknown;
  tokenize(expr: string): Token[];
  search(data: unknown, expr: string): unknown;
};
let loaded: Jmespath | undefined;
const jmespath = (): Jmespath => (loaded ??= createRequire(import.meta.url)('jmespath') as Jmespath);

/** UnquotedIdentifier → UNQUOTED_IDENTIFIER: Python jmespath's token names, upper-cased. */
function pyTokenName(jsType: string): string {
  return jsType.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

/**
 * Python jmespath's messages, which the AWS CLI prints after "Bad value for --query EXPR: ".
 * The end of input is an IncompleteExpressionError; an unexpected token a ParseError with its
 * column; an unknown character a LexerError.
 */
function describe(expr: string, err: Error): string {
  // Nesting deeper than the stack: python jmespath's RecursionError, as the AWS CLI prints it
  if (err instanceof RangeError) return RECURSION;
  if (err instanceof TypeError) {
    // jmespath.js's lexer yields no token for a lone `=` and its parser then trips on the gap
    const at = loneEquals(expr);
    return at === undefined ? `Invalid jmespath expression: ${expr}` : `Bad jmespath expression: Unknown token '=':\n${expr}\n${' '.repeat(at)}^`;
  }
  const msg = err.message;
  if (/\bEOF\b/.test(msg)) {
    return `Invalid jmespath expression: Incomplete expression:\n"${expr}"\n${' '.repeat(expr.length + 1)}^`;
  }
  const lexer = /^Unknown character:(.*)$/s.exec(msg);
  if (lexer) {
    const ch = lexer[1] ?? '';
    const pos = Math.max(0, expr.indexOf(ch));
    return `Bad jmespath expression: Unknown token ${ch}:\n${expr}\n${' '.repeat(pos)}^`;
  }
  const unexpected = /^(?:Unexpected token type: (\w+), value: (.*)|Invalid token \((\w+)\): "(.*)")$/s.exec(msg);
  if (unexpected) {
    const type = unexpected[1] ?? unexpected[3] ?? '';
    const value = unexpected[2] ?? unexpected[4] ?? '';
    let tokens: Token[] = [];
    try {
      tokens = jmespath().tokenize(expr);
    } catch {
      tokens = [];
    }
    const tok = tokens.find((t) => t.type === type && String(t.value) === value);
    const pos = tok?.start ?? 0;
    return (
      `Unexpected token: ${value}: Parse error at column ${pos}, token "${value}" ` +
      `(${pyTokenName(type)}), for expression:\n"${expr}"\n${' '.repeat(pos + 1)}^`
    );
  }
  return `Invalid jmespath expression: ${msg}`;
}

/**
 * jmespath.js "length() expected argument 1 to be type string,array,object but received type null
 * instead." → python's "In function length(), invalid type for value: None, expected one of:
 * ['string', 'array', 'object'], received: "null"". The value is only known when it is null.
 */
function pyTypeError(message: string): string | undefined {
  const m = /(\w+)\(\) expected argument \d+ to be type ([\w,-]+) but received type ([\w-]+) instead/.exec(message);
  if (!m) return undefined;
  const expected = m[2]!.split(',').map((t) => `'${t}'`).join(', ');
  const value = m[3] === 'null' ? 'None' : m[3];
  return `In function ${m[1]}(), invalid type for value: ${value}, expected one of: [${expected}], received: "${m[3]}"`;
}

const RECURSION = 'maximum recursion depth exceeded';

/** Python jmespath's LexerError position for `=` outside `==`, `!=`, `<=`, `>=` and quoted text. */
function loneEquals(expr: string): number | undefined {
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < expr.length && expr[i] !== c; i++) if (expr[i] === '\\') i++;
    } else if ((c === '<' || c === '>' || c === '!' || c === '=') && expr[i + 1] === '=') i++;
    else if (c === '=') return i;
  }
  return undefined;
}

/** What may follow a dot (Python's list leaves out star, which it also takes). */
const DOT_RHS = new Set(['UnquotedIdentifier', 'QuotedIdentifier', 'Star', 'Lbracket', 'Lbrace']);

/**
 * jmespath.js compiles `a.` (or `a.|b`, `a.(b)`) with a hole where the right side of the dot should
 * be, and fails only when it searches; Python's parser refuses it. Python's ParseError text for the
 * first dot followed by something else, when the tree has such a hole.
 */
function danglingDot(expr: string, ast: unknown): string | undefined {
  const todo = [ast];
  let hole = false;
  while (todo.length > 0 && !hole) {
    const node = todo.pop() as { type?: string; name?: unknown; children?: unknown[] } | null | undefined;
    if (node === null || typeof node !== 'object') continue;
    if (node.type === 'Function' && typeof node.name !== 'string') hole = true;
    // a Slice's absent start, stop or step is null by design
    if (Array.isArray(node.children) && node.type !== 'Slice') hole ||= node.children.some((c) => c === null || c === undefined);
    if (Array.isArray(node.children)) todo.push(...node.children);
  }
  if (!hole) return undefined;
  const tokens = jmespath().tokenize(expr);
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    if (tokens[i]!.type !== 'Dot' || (next && DOT_RHS.has(next.type))) continue;
    const [type, value, at] = next ? [pyTokenName(next.type), String(next.value), next.start] : ['EOF', '', expr.length];
    return (
      `Expecting: ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace'], got: ${type.toLowerCase()}: ` +
      `Parse error at column ${at}, token "${value}" (${type}), for expression:\n"${expr}"\n${' '.repeat(at + 1)}^`
    );
  }
  return `Invalid jmespath expression: ${expr}`;
}

export type Query = (data: Plain) => Plain;

/**
 * The prototype of the maps --query sees: only the hasOwnProperty that jmespath.js itself calls
 * (isFalse). jmespath.js reads a field as `value[name]`, so on a plain object `constructor` or
 * `__proto__` would find Object.prototype's members where Python finds no key (null).
 */
const BARE: object = Object.create(null, { hasOwnProperty: { value: Object.prototype.hasOwnProperty } });

function ownKeysOnly(data: Plain): Plain {
  if (Array.isArray(data)) return data.map(ownKeysOnly);
  if (data === null || typeof data !== 'object') return data;
  const out = Object.create(BARE) as Record<string, Plain>;
  for (const [k, v] of Object.entries(data)) out[k] = ownKeysOnly(v);
  return out;
}

/** A result as Python has it: a field named hasOwnProperty that the data lacks is null, not BARE's function. */
function noFunctions(v: unknown): Plain {
  if (typeof v === 'function' || v === undefined) return null;
  if (Array.isArray(v)) return v.map(noFunctions);
  if (v === null || typeof v !== 'object') return v as Plain;
  const out: Record<string, Plain> = {};
  for (const [k, x] of Object.entries(v)) out[k] = noFunctions(x);
  return out;
}

/** Compiles --query once; a bad expression is a usage error, as the CLI reports it. */
export function compileQuery(expr: string): Query {
  let ast: unknown;
  try {
    ast = jmespath().compile(expr);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    throw usageError(`Bad value for --query ${expr}: ${describe(expr, err)}`);
  }
  const dangling = danglingDot(expr, ast);
  if (dangling !== undefined) throw usageError(`Bad value for --query ${expr}: ${dangling}`);
  return (data) => {
    try {
      // jmespath.js answers min_by/max_by of an empty list with undefined where Python has None
      return noFunctions(jmespath().search(ownKeysOnly(data), expr));
    } catch (e) {
      // A function given the wrong type at run time: python jmespath's JMESPathTypeError text,
      // which the AWS CLI's main handler prints (exit 255).
      const err = e instanceof Error ? e : new Error(String(e));
      if (err instanceof RangeError) throw new LocalError(RECURSION, EXIT.other);
      throw new LocalError(pyTypeError(err.message) ?? err.message, EXIT.other);
    }
  };
}
