// Turns an engine response into the plain data the AWS CLI v2 formats: blobs as base64 text,
// timestamps as ISO 8601 text, and Python's str() of scalars. Imports nothing outside output/.

/** A JSON-like value after normalisation: no Uint8Array, no Date, no undefined members. */
export type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** A plain object (not an array, not null). */
export function isObject(v: unknown): v is { [key: string]: Plain } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for what awscli calls a scalar: anything that is not a list or a dict. */
export function isScalar(v: unknown): boolean {
  return !Array.isArray(v) && !isObject(v);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * AWS CLI v2 cli_timestamp_format=iso8601: botocore parses the wire epoch with tzlocal() and
 * prints datetime.isoformat(): `2026-11-28T16:24:35.123000+00:00` in the local zone, with the
 * fraction (microseconds) left out when it is zero.
 */
export function isoTimestamp(d: Date): string {
  const ms = d.getMilliseconds();
  const offsetMin = -d.getTimezoneOffset();
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  const date = `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const frac = ms === 0 ? '' : `.${pad(ms * 1000, 6)}`;
  return `${date}T${time}${frac}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * Blob → base64 (v2 leaves blobs as the wire's base64 text), Date → isoTimestamp, members whose
 * value is undefined dropped (botocore never sets absent members). Member order is kept.
 */
export function normalize(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return isoTimestamp(value);
  if (Array.isArray(value)) return value.map((v) => normalize(v));
  if (typeof value === 'object') {
    const out: { [key: string]: Plain } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = normalize(v);
    }
    return out;
  }
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return String(value);
}

/** Python's repr of a float, close enough for API numbers: 1e+16, 1.5e-07, 0.1. */
function pyFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  const s = String(n);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  if (m) return `${m[1]}e${m[2]}${m[3]!.padStart(2, '0')}`;
  return s;
}

/** Python str() of a scalar as awscli's text and table formatters print it. */
export function pyStr(v: Plain): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  // API integers and longs arrive as JSON integers, which Python prints in full.
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : pyFloat(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Python's sorted() on str keys: by code point, not by UTF-16 unit. */
export function pySorted(keys: Iterable<string>): string[] {
  return [...keys].sort((a, b) => {
    const ca = [...a].map((c) => c.codePointAt(0)!);
    const cb = [...b].map((c) => c.codePointAt(0)!);
    for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
      if (ca[i] !== cb[i]) return ca[i]! - cb[i]!;
    }
    return ca.length - cb.length;
  });
}

/** Python's `value == {}`: the JSON and YAML formatters print nothing for an empty dict. */
export function isEmptyObject(v: unknown): boolean {
  return isObject(v) && Object.keys(v).length === 0;
}
