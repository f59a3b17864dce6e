// DER (ITU-T X.690) for the X.509 structures kms builds: an encoder of the few types PKCS#10 and
// RFC 5280 use, and a reader of tag-length-value items. Strict: definite lengths, minimal
// INTEGERs. Must not import the engine, the keyring or the CLI.

/** One encoded item with `tag` around the concatenation of `content`. */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(content);
  const n = body.length;
  let head: number[];
  if (n < 0x80) head = [tag, n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
    head = [tag, 0x80 | bytes.length, ...bytes];
  }
  return new Uint8Array(Buffer.concat([Buffer.from(head), body]));
}

export const sequence = (...items: Uint8Array[]): Uint8Array => tlv(0x30, ...items);

/** SET OF: DER sorts the encoded elements (X.690 §11.6). */
export function setOf(...items: Uint8Array[]): Uint8Array {
  return tlv(0x31, ...[...items].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((a) => BigInt(a));
  const out: number[] = [];
  const push = (v: bigint) => {
    const bytes = [Number(v & 0x7fn)];
    for (v >>= 7n; v > 0n; v >>= 7n) bytes.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...bytes);
  };
  push(arcs[0]! * 40n + arcs[1]!);
  for (const a of arcs.slice(2)) push(a);
  return tlv(0x06, Uint8Array.from(out));
}

/** A non-negative INTEGER from its big-endian magnitude (minimal: leading zeros dropped, 0x00 added before a high bit). */
export function unsigned(magnitude: Uint8Array | number): Uint8Array {
  const hex = typeof magnitude === 'number' ? magnitude.toString(16) : '';
  let b = typeof magnitude === 'number' ? Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex') : Buffer.from(magnitude);
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  b = b.subarray(i);
  if (b.length === 0) b = Buffer.alloc(1);
  return tlv(0x02, b[0]! & 0x80 ? Buffer.concat([Buffer.alloc(1), b]) : b);
}

export const bitString = (bytes: Uint8Array): Uint8Array => tlv(0x03, Uint8Array.of(0), bytes);
export const octetString = (bytes: Uint8Array): Uint8Array => tlv(0x04, bytes);
export const boolean = (value: boolean): Uint8Array => tlv(0x01, Uint8Array.of(value ? 0xff : 0));
export const utf8String = (s: string): Uint8Array => tlv(0x0c, Buffer.from(s, 'utf8'));
export const printableString = (s: string): Uint8Array => tlv(0x13, Buffer.from(s, 'latin1'));
export const ia5String = (s: string): Uint8Array => tlv(0x16, Buffer.from(s, 'latin1'));
/** [n] around `content`: constructed (EXPLICIT, or IMPLICIT of a constructed type) or primitive. */
export const context = (n: number, constructed: boolean, ...content: Uint8Array[]): Uint8Array => tlv((constructed ? 0xa0 : 0x80) | n, ...content);
export const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));

/** One item read: its tag, its content, and all of its bytes. */
export interface DerItem {
  tag: number;
  content: Uint8Array;
  bytes: Uint8Array;
}

/** The item at `offset` of `der`; throws on a length that runs past the end or is not definite. */
export function readItem(der: Uint8Array, offset = 0): DerItem {
  if (offset + 2 > der.length) throw new RangeError('der: truncated');
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > der.length) throw new RangeError('der: bad length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!;
    start += count;
  }
  if (start + length > der.length) throw new RangeError('der: truncated');
  return { tag, content: der.subarray(start, start + length), bytes: der.subarray(offset, start + length) };
}

/** The items inside a constructed item's content, in order. */
export function readChildren(content: Uint8Array): DerItem[] {
  const out: DerItem[] = [];
  for (let offset = 0; offset < content.length; ) {
    const item = readItem(content, offset);
    out.push(item);
    offset += item.bytes.length;
  }
  return out;
}

/** PEM armour of DER (RFC 7468): 64-character base64 lines. */
export function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
