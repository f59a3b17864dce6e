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

export type Query = (data: Plain) => Plain;

/** Compiles --query once; a bad expression is a usage error, as the CLI reports it. */
export function compileQuery(expr: string): Query {
  try {
    jmespath().compile(expr);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    throw usageError(`Bad value for --query ${expr}: ${describe(expr, err)}`);
  }
  return (data) => {
    try {
      return jmespath().search(data, expr) as Plain;
    } catch (e) {
      // A function given the wrong type at run time: python jmespath's JMESPathTypeError text,
      // which the AWS CLI's main handler prints (exit 255).
      const err = e instanceof Error ? e : new Error(String(e));
      throw new LocalError(pyTypeError(err.message) ?? err.message, EXIT.other);
    }
  };
}
