// How Python (3.11) prints values and types, for the AWS CLI's messages that embed them
// ("value: ['a'], type: <class 'list'>"). Pure functions; must not import the model or the CLI.

/** A JSON number written with a fraction or exponent: Python's float (never valid for integer shapes). */
export class PyFloat {
  constructor(readonly value: number) {}
}

const orderedDicts = new WeakSet<object>();
/** Marks an object parsed with object_pairs_hook=OrderedDict (JSON flag values). */
export function markOrdered<T extends object>(o: T): T {
  orderedDicts.add(o);
  return o;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date) && !(v instanceof PyFloat);

/** Python's type(v) as str() prints it. */
export function pyTypeName(v: unknown): string {
  const cls = (n: string) => `<class '${n}'>`;
  if (v === null || v === undefined) return cls('NoneType');
  if (typeof v === 'string') return cls('str');
  if (typeof v === 'boolean') return cls('bool');
  if (typeof v === 'number') return cls(Number.isInteger(v) ? 'int' : 'float');
  if (v instanceof PyFloat) return cls('float');
  if (v instanceof Uint8Array) return cls('bytes');
  if (v instanceof Date) return cls('datetime.datetime');
  if (Array.isArray(v)) return cls('list');
  if (orderedDicts.has(v as object)) return cls('collections.OrderedDict');
  return cls('dict');
}

/** Python's repr() of a str. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c === 0xad) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's repr() of bytes: b'…' with \xNN for non-printable bytes. */
export function pyBytesRepr(b: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const c of b) {
    if (c === 0x27) hasSingle = true;
    if (c === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? '"' : "'";
  let out = `b${quote}`;
  for (const c of b) {
    const ch = String.fromCharCode(c);
    if (c === 0x5c) out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x20 || c >= 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's repr() of a float: shortest digits, exponent form below 1e-4 or from 1e16. */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expStr] = x.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  if (exp >= -4 && exp < 16) {
    const s = String(x); // JS prints fixed notation for this whole range too
    return s.includes('.') ? s : `${s}.0`;
  }
  const sign = exp < 0 ? '-' : '+';
  return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Python's repr() of a value as it appears inside containers. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return pyStrRepr(v);
  if (v instanceof Date) {
    const parts = [v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), v.getUTCHours(), v.getUTCMinutes()];
    if (v.getUTCSeconds()) parts.push(v.getUTCSeconds());
    return `datetime.datetime(${parts.join(', ')})`;
  }
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (isPlainObject(v)) {
    const entries = Object.entries(v);
    if (orderedDicts.has(v)) {
      return entries.length === 0 ? 'OrderedDict()' : `OrderedDict([${entries.map(([k, x]) => `(${pyStrRepr(k)}, ${pyRepr(x)})`).join(', ')}])`;
    }
    return `{${entries.map(([k, x]) => `${pyStrRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  }
  return pyStr(v);
}

/** Python's str() of a value (what botocore's "value: {param}" shows). */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : pyFloatRepr(v);
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (v instanceof Uint8Array) return pyBytesRepr(v);
  if (v instanceof Date) {
    const d = `${v.getUTCFullYear()}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`;
    return `${d} ${pad2(v.getUTCHours())}:${pad2(v.getUTCMinutes())}:${pad2(v.getUTCSeconds())}`;
  }
  return pyRepr(v);
}
