// The AWS CLI shorthand grammar (awscli/shorthand.py ShorthandParser), purely syntactic:
// `k=v,k2=[a,b],k3={x=y}` → a tree of strings, lists and objects. Must not import the model.

import { EXIT, LocalError } from '../../errors.js';
// a key is a member like any other: `__proto__={…}` must not become the object's prototype
import { setKey } from './pyjson.js';

/** What the shorthand parser produces; Uint8Array only from `key@=fileb://…`. */
export type ShorthandValue = string | Uint8Array | ShorthandValue[] | { [key: string]: ShorthandValue };
export type ShorthandObject = { [key: string]: ShorthandValue };

/** Loads `file://` / `fileb://` values after `@=`; returns undefined when the value is no paramfile. */
export type ParamfileResolver = (value: string) => string | Uint8Array | undefined;

/** A shorthand syntax error; `message` is the text the AWS CLI prints after "Error parsing parameter '--x': ". */
export class ShorthandParseError extends Error {
  override readonly name = 'ShorthandParseError';
}

// Python's str.isspace() set (used by `\s` and rstrip()); `string.whitespace` is the ASCII six.
const PY_SPACE = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const ASCII_WS = ' \t\n\r\x0b\x0c';
const START_WORD = '!#-&(-+\\--<>-Z\\\\-z|-\\uffff';
const FIRST_FOLLOW = `${PY_SPACE}!#-&(-+\\--\\\\^-|~-\\uffff`;
const SECOND_FOLLOW = `${PY_SPACE}!#-&(-+\\--<>-\\uffff`;
const ESCAPED_COMMA = '(\\\\,)';
const named = (name: string, src: string) => ({ name, re: new RegExp(`^(?:${src})`, 'u') });
// shorthand.py: _SINGLE_QUOTED / _DOUBLE_QUOTED accept \\ and \' (\") escapes inside the quotes
const SINGLE_QUOTED = named('singled quoted', "'(?:\\\\\\\\|\\\\'|[^'])*'");
const DOUBLE_QUOTED = named('double quoted', '"(?:\\\\\\\\|\\\\"|[^"])*"');
const FIRST_VALUE = named('first', `(${ESCAPED_COMMA}|[${START_WORD}])(${ESCAPED_COMMA}|[${FIRST_FOLLOW}])*`);
const SECOND_VALUE = named('second', `(${ESCAPED_COMMA}|[${START_WORD}])(${ESCAPED_COMMA}|[${SECOND_FOLLOW}])*`);
const KEY_CHARS = /[A-Za-z0-9\-_.#/:]/;
const RSTRIP = new RegExp(`[${PY_SPACE} ]+$`, 'u');

/** shorthand.py ShorthandParseError._error_location: the input with a caret under the index. */
function errorLocation(value: string, index: number): string {
  let consumed = value;
  let remaining = '';
  let spaces = index;
  const before = value.slice(0, index);
  if (before.includes('\n')) spaces = index - before.lastIndexOf('\n') - 1;
  const after = value.slice(index);
  if (after.includes('\n')) {
    const next = index + after.indexOf('\n');
    consumed = value.slice(0, next);
    remaining = value.slice(next);
  }
  return `${consumed}\n${' '.repeat(spaces)}^${remaining}`;
}

class SyntaxErr extends ShorthandParseError {
  constructor(value: string, expected: string, actual: string, index: number) {
    super(`Expected: '${expected}', received: '${actual}' for input:\n${errorLocation(value, index)}`);
  }
}

const rstrip = (s: string) => s.replace(RSTRIP, '');
const unescapeComma = (s: string) => s.split('\\,').join(',');

/**
 * awscli's recursive parser exhausts Python's recursion limit between 480 and 490 nested lists or
 * hashes (measured through the CLI); its RecursionError reaches the general handler (exit 255).
 */
const MAX_NESTING = 480;

/** Parses one shorthand string (one element of a list flag) into an object. */
export function parseShorthand(input: string, resolve?: ParamfileResolver): ShorthandObject {
  return new Parser(input, resolve).parse();
}

class Parser {
  private i = 0;
  private depth = 0;
  private resolveFiles = false;
  constructor(
    private readonly s: string,
    private readonly resolver?: ParamfileResolver,
  ) {}

  parse(): ShorthandObject {
    // parameter = keyval *("," keyval)
    const params: ShorthandObject = {};
    const [k0, v0] = this.keyval();
    setKey(params, k0, v0);
    let last = this.i;
    while (this.i < this.s.length) {
      this.expect(',', true);
      const [k, v] = this.keyval();
      if (Object.hasOwn(params, k)) {
        const loc = errorLocation(this.s, last + 1);
        throw new ShorthandParseError(
          `Second instance of key "${k}" encountered for input:\n${loc}\n` +
            'This is often because there is a preceding "," instead of a space.',
        );
      }
      setKey(params, k, v);
      last = this.i;
    }
    return params;
  }

  private keyval(): [string, ShorthandValue] {
    // keyval = key "=" [values] / key "@=" [file-optional-values]
    const key = this.key();
    this.optionalAt();
    this.expect('=', true);
    return [key, this.values()];
  }

  private optionalAt(): void {
    this.resolveFiles = false;
    const save = this.i;
    this.skipWs();
    if (this.cur() === '@') {
      this.i++;
      this.skipWs();
      this.resolveFiles = true;
    } else this.i = save;
  }

  private key(): string {
    const start = this.i;
    while (!this.eof() && KEY_CHARS.test(this.s[this.i]!)) this.i++;
    return this.s.slice(start, this.i);
  }

  private values(): ShorthandValue {
    if (this.eof()) return '';
    if (this.cur() === '[') return this.explicitList();
    if (this.cur() === '{') return this.hashLiteral();
    return this.csvValue();
  }

  private csvValue(): ShorthandValue {
    // foo=bar → 'bar'; foo=bar,baz → ['bar', 'baz']; a=b,c=d backtracks to the comma before c
    const first = this.firstValue();
    this.skipWs();
    if (this.eof() || this.s[this.i] !== ',') return first;
    this.expect(',', true);
    const list: ShorthandValue[] = [first];
    for (;;) {
      try {
        const current = this.secondValue();
        this.skipWs();
        if (this.eof()) {
          list.push(current);
          break;
        }
        this.expect(',', true);
        list.push(current);
      } catch (e) {
        if (!(e instanceof SyntaxErr) || this.eof()) throw e;
        while (this.i >= 0 && this.s[this.i] !== ',') this.i--;
        break;
      }
    }
    return list.length === 1 ? first : list;
  }

  private value(): ShorthandValue {
    const m = FIRST_VALUE.re.exec(this.s.slice(this.i));
    if (!m) return '';
    this.i += m[0].length;
    return this.maybeFile(rstrip(unescapeComma(m[0])));
  }

  private explicitList(): ShorthandValue[] {
    this.expect('[', true);
    this.enter();
    const values: ShorthandValue[] = [];
    while (this.cur() !== ']') {
      values.push(this.explicitValues());
      this.skipWs();
      if (this.cur() !== ']') {
        this.expect(',');
        this.skipWs();
      }
    }
    this.expect(']');
    this.depth--;
    return values;
  }

  private explicitValues(): ShorthandValue {
    if (this.cur() === '[') return this.explicitList();
    if (this.cur() === '{') return this.hashLiteral();
    return this.firstValue();
  }

  private hashLiteral(): ShorthandObject {
    this.expect('{', true);
    this.enter();
    const obj: ShorthandObject = {};
    while (this.cur() !== '}') {
      const key = this.key();
      this.optionalAt();
      this.expect('=', true);
      const v = this.explicitValues();
      this.skipWs();
      if (this.cur() !== '}') {
        this.expect(',');
        this.skipWs();
      }
      setKey(obj, key, v);
    }
    this.expect('}');
    this.depth--;
    return obj;
  }

  private firstValue(): ShorthandValue {
    if (this.cur() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.cur() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return this.value();
  }

  private secondValue(): ShorthandValue {
    if (this.cur() === "'") return this.quoted(SINGLE_QUOTED, "'");
    if (this.cur() === '"') return this.quoted(DOUBLE_QUOTED, '"');
    return this.maybeFile(rstrip(unescapeComma(this.mustMatch(SECOND_VALUE))));
  }

  private quoted(rx: { name: string; re: RegExp }, q: string): ShorthandValue {
    const body = this.mustMatch(rx).slice(1, -1);
    return this.maybeFile(body.split(`\\${q}`).join(q).split('\\\\').join('\\'));
  }

  private maybeFile(v: string): ShorthandValue {
    if (!this.resolveFiles || !this.resolver) return v;
    return this.resolver(v) ?? v;
  }

  private mustMatch(rx: { name: string; re: RegExp }): string {
    const m = rx.re.exec(this.s.slice(this.i));
    if (!m) throw new SyntaxErr(this.s, `<${rx.name}>`, '<none>', this.i);
    this.i += m[0].length;
    return m[0];
  }

  private expect(ch: string, ws = false): void {
    if (ws) this.skipWs();
    if (this.i >= this.s.length) throw new SyntaxErr(this.s, ch, 'EOF', this.i);
    const actual = this.s[this.i]!;
    // the whole character, as Python names it: never half of a surrogate pair
    if (actual !== ch) throw new SyntaxErr(this.s, ch, String.fromCodePoint(this.s.codePointAt(this.i)!), this.i);
    this.i++;
    if (ws) this.skipWs();
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING) throw new LocalError('maximum recursion depth exceeded', EXIT.other);
  }

  private cur(): string | undefined {
    return this.i < this.s.length ? this.s[this.i] : undefined;
  }
  private eof(): boolean {
    return this.i >= this.s.length;
  }
  private skipWs(): void {
    while (!this.eof() && ASCII_WS.includes(this.s[this.i]!)) this.i++;
  }
}
