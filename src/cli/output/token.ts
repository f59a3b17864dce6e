// botocore's pagination tokens (TokenEncoder/TokenDecoder): base64 of Python's json.dumps, and
// Python's dict repr for error text. Imports nothing.

export type TokenDict = Record<string, string | number | null>;

/** Python json.dumps string escaping with ensure_ascii=True (lower-case \uXXXX). */
function pyJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** json.dumps(token) with Python's default separators ", " and ": ". */
export function pyJsonDumps(token: TokenDict): string {
  const parts = Object.entries(token).map(([k, v]) => {
    const value = v === null ? 'null' : typeof v === 'number' ? String(v) : pyJsonString(v);
    return `${pyJsonString(k)}: ${value}`;
  });
  return `{${parts.join(', ')}}`;
}

/** TokenEncoder.encode: base64 of the UTF-8 JSON. */
export function encodeToken(token: TokenDict): string {
  return Buffer.from(pyJsonDumps(token), 'utf8').toString('base64');
}

/**
 * TokenDecoder.decode, or undefined where Python would raise ValueError/TypeError (not base64,
 * not UTF-8, not JSON, not an object), so the caller falls back to the old token form.
 */
export function decodeToken(token: string): Record<string, unknown> | undefined {
  // b64decode drops characters outside the alphabet, then insists on correct padding.
  const cleaned = token.replace(/[^A-Za-z0-9+/=]/g, '');
  const body = cleaned.replace(/=+$/, '');
  if (body.includes('=') || body.length % 4 === 1) return undefined;
  if (cleaned.length % 4 !== 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(cleaned, 'base64'));
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const dict = parsed as Record<string, unknown>;
  delete dict['boto_encoded_keys'];
  return dict;
}

/** Python repr of a token dict: {'Marker': 'abc', 'Other': None}. */
export function pyRepr(token: TokenDict): string {
  const item = (v: string | number | null): string =>
    v === null ? 'None' : typeof v === 'number' ? String(v) : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `{${Object.entries(token)
    .map(([k, v]) => `${item(k)}: ${item(v)}`)
    .join(', ')}}`;
}
