// JSON as Python's json.loads reads it (the C scanner of Python 3.11): same accepted inputs
// (NaN, Infinity), ints vs floats, and the same error texts. Must not import the model or the CLI.

import { EXIT, LocalError } from '../../errors.js';
import { PyFloat, markOrdered } from './pyrepr.js';

/** json.JSONDecodeError: `message` is str(e), e.g. "Expecting value: line 1 column 1 (char 0)". */
export class PyJsonError extends Error {
  override readonly name = 'PyJsonError';
  constructor(msg: string, doc: string, pos: number) {
    const lineno = doc.slice(0, pos).split('\n').length;
    const nl = doc.lastIndexOf('\n', pos - 1);
    const colno = nl === -1 || pos === 0 ? pos + 1 : pos - nl;
    super(`${msg}: line ${lineno} column ${colno} (char ${pos})`);
  }
}

class StopIteration {
  constructor(readonly idx: number) {}
}

const WS = new Set([' ', '\t', '\n', '\r']);
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

/**
 * The C scanner counts each nested array or object against Python's recursion limit; through the
 * AWS CLI, 970 levels decode and 980 raise RecursionError, which reaches the general handler (255).
 */
const MAX_DEPTH = 975;

export interface PyJsonOptions {
  /** object_pairs_hook=OrderedDict (argprocess' JSON flag values): objects print as OrderedDict. */
  ordered?: boolean;
}

/** Python's json.loads(text). Ints are numbers, floats are PyFloat. */
export function pyJsonLoads(text: string, opts: PyJsonOptions = {}): unknown {
  if (text.startsWith('\ufeff')) throw new PyJsonError('Unexpected UTF-8 BOM (decode using utf-8-sig)', text, 0);
  const p = new Scanner(text, opts.ordered ?? false);
  let idx = p.skipWs(0);
  let value: unknown;
  try {
    [value, idx] = p.scan(idx);
  } catch (e) {
    if (e instanceof StopIteration) throw new PyJsonError('Expecting value', text, e.idx);
    throw e;
  }
  idx = p.skipWs(idx);
  if (idx !== text.length) throw new PyJsonError('Extra data', text, idx);
  return value;
}

/** `o[k] = v`, except that a "__proto__" key stays a key instead of becoming the prototype. */
export function setKey(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

class Scanner {
  private depth = 0;

  constructor(
    private readonly s: string,
    private readonly ordered: boolean,
  ) {}

  skipWs(i: number): number {
    while (i < this.s.length && WS.has(this.s[i]!)) i++;
    return i;
  }

  scan(i: number): [unknown, number] {
    const s = this.s;
    if (i >= s.length) throw new StopIteration(i);
    const c = s[i]!;
    if (c === '"') return this.string(i + 1);
    if (c === '{') return this.object(i + 1);
    if (c === '[') return this.array(i + 1);
    if (s.startsWith('null', i)) return [null, i + 4];
    if (s.startsWith('true', i)) return [true, i + 4];
    if (s.startsWith('false', i)) return [false, i + 5];
    if (s.startsWith('NaN', i)) return [new PyFloat(NaN), i + 3];
    if (s.startsWith('Infinity', i)) return [new PyFloat(Infinity), i + 8];
    if (s.startsWith('-Infinity', i)) return [new PyFloat(-Infinity), i + 9];
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(s);
    if (m) {
      const isFloat = m[1] !== undefined || m[2] !== undefined;
      const n = Number(m[0]);
      return [isFloat ? new PyFloat(n) : n, i + m[0].length];
    }
    throw new StopIteration(i);
  }

  private string(i: number): [string, number] {
    const s = this.s;
    const begin = i - 1;
    let out = '';
    for (;;) {
      if (i >= s.length) throw new PyJsonError('Unterminated string starting at', s, begin);
      const c = s[i]!;
      if (c === '"') return [out, i + 1];
      if (c.charCodeAt(0) < 0x20) throw new PyJsonError('Invalid control character at', s, i);
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      if (i + 1 >= s.length) throw new PyJsonError('Unterminated string starting at', s, begin);
      const e = s[i + 1]!;
      if (e !== 'u') {
        const r = ESCAPES[e];
        if (r === undefined) throw new PyJsonError('Invalid \\escape', s, i);
        out += r;
        i += 2;
        continue;
      }
      const hex = (at: number) => (/^[0-9a-fA-F]{4}$/.test(s.slice(at, at + 4)) ? parseInt(s.slice(at, at + 4), 16) : -1);
      let cp = hex(i + 2);
      if (cp < 0) throw new PyJsonError('Invalid \\uXXXX escape', s, i + 1);
      i += 6;
      // a high surrogate followed by \uDC00-\uDFFF joins into one code point
      if (cp >= 0xd800 && cp <= 0xdbff && s[i] === '\\' && s[i + 1] === 'u') {
        const lo = hex(i + 2);
        if (lo < 0) throw new PyJsonError('Invalid \\uXXXX escape', s, i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          i += 6;
        }
      }
      out += String.fromCodePoint(cp);
    }
  }

  private enter(kind: 'array' | 'object'): void {
    if (++this.depth > MAX_DEPTH) throw new LocalError(`maximum recursion depth exceeded while decoding a JSON ${kind} from a unicode string`, EXIT.other);
  }

  private leave<T>(result: T): T {
    this.depth--;
    return result;
  }

  private object(i: number): [Record<string, unknown>, number] {
    this.enter('object');
    const s = this.s;
    const obj: Record<string, unknown> = {};
    if (this.ordered) markOrdered(obj);
    i = this.skipWs(i);
    if (s[i] === '}') return this.leave([obj, i + 1]);
    for (;;) {
      if (s[i] !== '"') throw new PyJsonError('Expecting property name enclosed in double quotes', s, i);
      const [key, afterKey] = this.string(i + 1);
      i = this.skipWs(afterKey);
      if (s[i] !== ':') throw new PyJsonError("Expecting ':' delimiter", s, i);
      i = this.skipWs(i + 1);
      const [value, afterValue] = this.scan(i);
      setKey(obj, key, value);
      i = this.skipWs(afterValue);
      if (s[i] === '}') return this.leave([obj, i + 1]);
      if (s[i] !== ',') throw new PyJsonError("Expecting ',' delimiter", s, i);
      i = this.skipWs(i + 1);
    }
  }

  private array(i: number): [unknown[], number] {
    this.enter('array');
    const s = this.s;
    const arr: unknown[] = [];
    i = this.skipWs(i);
    if (s[i] === ']') return this.leave([arr, i + 1]);
    for (;;) {
      const [value, after] = this.scan(i);
      arr.push(value);
      i = this.skipWs(after);
      if (s[i] === ']') return this.leave([arr, i + 1]);
      if (s[i] !== ',') throw new PyJsonError("Expecting ',' delimiter", s, i);
      i = this.skipWs(i + 1);
    }
  }
}
