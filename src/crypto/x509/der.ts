// DER (ITU-T X.690) for the X.509 structures kms builds: the types PKCS#10 and RFC 5280 use, and
// items read with their whole encoding, on the strict TLV reader and writer of sm2-der.ts. Must
// not import the engine, the keyring or the CLI.

import { derUint, readTlv, tlv } from '../sm2-der.js';

export { tlv };

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

/** A non-negative INTEGER from a number or a big-endian magnitude (minimal, as derUint writes it). */
export function unsigned(magnitude: Uint8Array | number): Uint8Array {
  return derUint(typeof magnitude === 'number' ? BigInt(magnitude) : BigInt(`0x${Buffer.from(magnitude).toString('hex') || '0'}`));
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

/** The item at `offset` of `der` (sm2-der.ts's strict reader: definite, minimal lengths). */
export function readItem(der: Uint8Array, offset = 0): DerItem {
  const t = readTlv(der, offset);
  return { tag: t.tag, content: t.value, bytes: der.subarray(offset, t.end) };
}

/** The items inside a constructed item's content, in order. */
export function readChildren(content: Uint8Array): DerItem[] {
  const out: DerItem[] = [];
  for (let offset = 0; offset < content.length; offset += out[out.length - 1]!.bytes.length) out.push(readItem(content, offset));
  return out;
}

/** PEM armour of DER (RFC 7468): 64-character base64 lines. */
export function pem(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}
