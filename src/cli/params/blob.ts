// Blob parameter text → bytes as AWS CLI v2 does it (customizations/binaryformat.py): base64 by
// default, raw UTF-8 under raw-in-base64-out, file bytes untouched. Must not import the engine.

import { EXIT, LocalError } from '../../errors.js';

export type BinaryFormat = 'base64' | 'raw-in-base64-out';

/** binascii.Error from a2b_base64 (non-strict mode). */
export class PyBase64Error extends Error {
  override readonly name = 'PyBase64Error';
}

const TABLE = new Int16Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => {
  TABLE[c.charCodeAt(0)] = i;
});

/**
 * Python's base64.b64decode(s) (validate=False): characters outside the alphabet are skipped,
 * decoding stops at complete padding, and a dangling quantum is an error.
 * Throws PyBase64Error with binascii's message (or b64decode's, for non-ASCII text).
 */
export function pyB64Decode(s: string): Uint8Array {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) throw new PyBase64Error('string argument should contain only ASCII characters');
  }
  const out: number[] = [];
  let quad = 0;
  let left = 0;
  let pads = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 0x3d) {
      // binascii.c: a pad after two or three data characters ends the input
      if (quad >= 2 && quad + ++pads >= 4) return Uint8Array.from(out);
      continue;
    }
    const v = TABLE[code]!;
    if (v < 0) continue;
    pads = 0;
    if (quad === 0) {
      left = v;
      quad = 1;
    } else if (quad === 1) {
      out.push(((left << 2) | (v >> 4)) & 0xff);
      left = v & 0x0f;
      quad = 2;
    } else if (quad === 2) {
      out.push(((left << 4) | (v >> 2)) & 0xff);
      left = v & 0x03;
      quad = 3;
    } else {
      out.push(((left << 6) | v) & 0xff);
      quad = 0;
    }
  }
  if (quad === 1) {
    const n = Math.floor(out.length / 3) * 4 + 1;
    throw new PyBase64Error(
      `Invalid base64-encoded string: number of data characters (${n}) cannot be 1 more than a multiple of 4`,
    );
  }
  if (quad !== 0) throw new PyBase64Error('Incorrect padding');
  return Uint8Array.from(out);
}

/**
 * A blob value as the service call gets it. Bytes (from fileb://, YAML !!binary) pass unchanged;
 * text is base64-decoded (format base64) or UTF-8 encoded (raw-in-base64-out).
 * Errors exit 255 with no prefix, as AWS CLI v2's general exception handler prints them.
 */
export function blobValue(value: string | Uint8Array, format: BinaryFormat): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (format === 'raw-in-base64-out') return new TextEncoder().encode(value);
  try {
    return pyB64Decode(value);
  } catch (err) {
    const msg = (err as Error).message;
    // binaryformat.py: Base64DecodeVisitor turns binascii.Error into InvalidBase64Error;
    // b64decode's ValueError for non-ASCII text escapes with its own message
    if (msg.startsWith('string argument')) throw new LocalError(msg, EXIT.other);
    throw new LocalError(`Invalid base64: "${value}"`, EXIT.other);
  }
}
