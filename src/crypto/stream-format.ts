// The stream format's header, key schedule and error (docs/formats.md "Stream format").
// Must not import the engine, the keyring or the CLI; only node:crypto and symmetric.ts's encoder.

import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { canonicalContext } from './symmetric.js';

/** The one error a damaged, truncated, spliced or wrong-key stream gives (never which check). */
export class StreamError extends Error {
  override readonly name = 'StreamError';
}

export const DAMAGED = 'the stream is damaged or truncated';
export const WRONG_KEY = 'the stream was not encrypted under this key';
export const damaged = (): StreamError => new StreamError(DAMAGED);

export interface StreamHeaderInfo {
  keyId: string;
  wrappingAlgorithm: string;
  encryptedDataKey: Uint8Array;
  encryptionContext: Record<string, string>;
  frameSize: number;
}

/** A parsed header: the public fields plus what decryption checks. */
export interface ParsedHeader {
  info: StreamHeaderInfo;
  messageId: Uint8Array;
  commitment: Uint8Array;
  tag: Uint8Array;
  /** Every header byte before the tag (what the tag covers). */
  authenticated: Uint8Array;
  /** Header length on the wire, tag included. */
  length: number;
}

export const MAGIC = new Uint8Array(Buffer.from('KMSSTRM', 'ascii'));
export const VERSION = 1;
export const MIN_FRAME_SIZE = 256;
export const MAX_FRAME_SIZE = 4 * 1024 * 1024;
// Limits on every length field (a hostile header cannot make us allocate more than ~80 KiB).
export const MAX_KEY_ID_BYTES = 2048; // KeyId: 1..2048 (KMS API)
export const MAX_EDK_BYTES = 6144; // CiphertextBlob: 1..6144 (KMS API)
export const MAX_CONTEXT_BYTES = 0xffff; // u16 length field
export const MESSAGE_ID_BYTES = 32;
export const COMMITMENT_BYTES = 32;
export const HEADER_TAG_BYTES = 32;
export const DATA_KEY_BYTES = 32;
/** Header bytes after the context: message id, frame size, commitment, tag. */
const TRAILER_BYTES = MESSAGE_ID_BYTES + 4 + COMMITMENT_BYTES + HEADER_TAG_BYTES;

/** Wrapping algorithms and their one-byte codes on the wire. */
export const WRAPPING_ALGORITHMS = ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const;

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export interface StreamKeys {
  frameKey: Buffer;
  commitment: Buffer;
  macKey: Buffer;
}

/** HKDF-SHA256(data key, salt = message id, info = purpose), 32 bytes each. */
export function deriveKeys(dataKey: Uint8Array, messageId: Uint8Array): StreamKeys {
  if (dataKey.length !== DATA_KEY_BYTES) throw new TypeError('stream: the data key must be 32 bytes');
  const k = (info: string) => Buffer.from(hkdfSync('sha256', dataKey, messageId, info, 32));
  return {
    frameKey: k('KMSSTRM v1 frame key'),
    commitment: k('KMSSTRM v1 key commitment'),
    macKey: k('KMSSTRM v1 header mac'),
  };
}

export function headerTag(macKey: Uint8Array, authenticated: Uint8Array): Buffer {
  return createHmac('sha256', macKey).update(authenticated).digest();
}

/** Constant-time checks: the commitment first (wrong key), then the header tag (damaged). */
export function verifyHeader(parsed: ParsedHeader, keys: StreamKeys): void {
  if (!timingSafeEqual(keys.commitment, parsed.commitment)) throw new StreamError(WRONG_KEY);
  if (!timingSafeEqual(headerTag(keys.macKey, parsed.authenticated), parsed.tag)) throw damaged();
}

function u16(n: number): Uint8Array {
  return new Uint8Array([n >>> 8, n & 0xff]);
}

/** Serialises a header; `info` was checked by the caller (checkInfo). */
export function encodeHeader(info: StreamHeaderInfo, messageId: Uint8Array, keys: StreamKeys): Buffer {
  const keyId = Buffer.from(info.keyId, 'utf8');
  const ctx = canonicalContext(info.encryptionContext);
  if (ctx.length > MAX_CONTEXT_BYTES) throw new TypeError('stream: the encryption context is too large');
  const frame = Buffer.alloc(4);
  frame.writeUInt32BE(info.frameSize);
  const authenticated = Buffer.concat([
    MAGIC,
    new Uint8Array([VERSION]),
    u16(keyId.length),
    keyId,
    new Uint8Array([WRAPPING_ALGORITHMS.indexOf(info.wrappingAlgorithm as never) + 1]),
    u16(info.encryptedDataKey.length),
    info.encryptedDataKey,
    u16(ctx.length),
    ctx,
    messageId,
    frame,
    keys.commitment,
  ]);
  return Buffer.concat([authenticated, headerTag(keys.macKey, authenticated)]);
}

/** Rejects header fields the format cannot carry (a programming error, so TypeError). */
export function checkInfo(info: StreamHeaderInfo): void {
  const idBytes = Buffer.byteLength(info.keyId, 'utf8');
  if (idBytes < 1 || idBytes > MAX_KEY_ID_BYTES) throw new TypeError('stream: keyId must be 1..2048 bytes');
  if (!WRAPPING_ALGORITHMS.includes(info.wrappingAlgorithm as never)) {
    throw new TypeError(`stream: unknown wrapping algorithm ${info.wrappingAlgorithm}`);
  }
  const edk = info.encryptedDataKey.length;
  if (edk < 1 || edk > MAX_EDK_BYTES) throw new TypeError('stream: encryptedDataKey must be 1..6144 bytes');
  const f = info.frameSize;
  if (!Number.isInteger(f) || f < MIN_FRAME_SIZE || f > MAX_FRAME_SIZE) {
    throw new TypeError(`stream: frameSize must be ${MIN_FRAME_SIZE}..${MAX_FRAME_SIZE}`);
  }
}

/**
 * How many header bytes a reader needs, given the first `have` bytes: the total header length
 * once the length fields are known, else the next prefix length to read. Throws on bad limits.
 */
export function headerLengthNeeded(have: Uint8Array): number {
  let need = MAGIC.length + 1 + 2; // magic, version, key-id length
  if (have.length < need) return need;
  checkMagic(have);
  const idLen = readU16(have, 8);
  if (idLen < 1 || idLen > MAX_KEY_ID_BYTES) throw damaged();
  need += idLen + 1 + 2; // key id, algorithm, edk length
  if (have.length < need) return need;
  const edkLen = readU16(have, need - 2);
  if (edkLen < 1 || edkLen > MAX_EDK_BYTES) throw damaged();
  need += edkLen + 2; // edk, context length
  if (have.length < need) return need;
  return need + readU16(have, need - 2) + TRAILER_BYTES;
}

function readU16(b: Uint8Array, at: number): number {
  return (b[at]! << 8) | b[at + 1]!;
}

function checkMagic(b: Uint8Array): void {
  for (let i = 0; i < MAGIC.length; i++) if (b[i] !== MAGIC[i]) throw damaged();
  if (b[MAGIC.length] !== VERSION) throw damaged();
}

/** Strict parse of the header at the start of `buf` (bytes after it are ignored). */
export function parseHeader(buf: Uint8Array): ParsedHeader {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 0;
  const take = (n: number): Buffer => {
    if (at + n > b.length) throw damaged();
    const out = b.subarray(at, at + n);
    at += n;
    return out;
  };
  checkMagic(take(MAGIC.length + 1));
  const idLen = take(2).readUInt16BE();
  // formats.md: key id 1..2048 bytes of UTF-8
  if (idLen < 1 || idLen > MAX_KEY_ID_BYTES) throw damaged();
  const keyId = utf8(take(idLen));
  const alg = WRAPPING_ALGORITHMS[take(1)[0]! - 1];
  if (alg === undefined) throw damaged();
  const edkLen = take(2).readUInt16BE();
  if (edkLen < 1 || edkLen > MAX_EDK_BYTES) throw damaged();
  const encryptedDataKey = new Uint8Array(take(edkLen));
  const ctxLen = take(2).readUInt16BE();
  const encryptionContext = parseContext(take(ctxLen));
  const messageId = new Uint8Array(take(MESSAGE_ID_BYTES));
  const frameSize = take(4).readUInt32BE();
  if (frameSize < MIN_FRAME_SIZE || frameSize > MAX_FRAME_SIZE) throw damaged();
  const commitment = new Uint8Array(take(COMMITMENT_BYTES));
  const authenticated = new Uint8Array(b.subarray(0, at));
  const tag = new Uint8Array(take(HEADER_TAG_BYTES));
  const info = { keyId, wrappingAlgorithm: alg, encryptedDataKey, encryptionContext, frameSize };
  return { info, messageId, commitment, tag, authenticated, length: at };
}

function utf8(b: Uint8Array): string {
  try {
    return fatalUtf8.decode(b);
  } catch {
    throw damaged();
  }
}

/** The canonical context (formats.md blob section), strictly: sorted, unique keys, valid UTF-8. */
function parseContext(b: Buffer): Record<string, string> {
  const entries: [string, string][] = [];
  let prev: Buffer | undefined;
  let at = 0;
  const field = (): Buffer => {
    if (at + 2 > b.length) throw damaged();
    const n = b.readUInt16BE(at);
    if (at + 2 + n > b.length) throw damaged();
    const out = b.subarray(at + 2, at + 2 + n);
    at += 2 + n;
    return out;
  };
  while (at < b.length) {
    const k = field();
    const v = field();
    // canonical: keys strictly increasing by UTF-8 bytes, so no duplicates and one encoding
    if (prev !== undefined && Buffer.compare(prev, k) >= 0) throw damaged();
    prev = k;
    entries.push([utf8(k), utf8(v)]);
  }
  return Object.fromEntries(entries);
}
