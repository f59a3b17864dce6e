// The keyring's cryptography: AES-256-GCM sealing of records and key material under the
// master key (MK), scrypt (passphrase → KEK), and the KEK/session wrappings of MK. No I/O here.

import { createCipheriv, createDecipheriv, hkdfSync, scrypt } from 'node:crypto';
import type { RandomSource } from '../deps.js';

/** Framing version byte of every sealed value: version(1) | iv(12) | ciphertext | tag(16). */
export const SEAL_VERSION = 1;
const IV_LEN = 12;
const TAG_LEN = 16;
export const KEY_LEN = 32;

/** scrypt cost as stored in the header: N = 2^logN. */
export interface KdfParams {
  logN: number;
  r: number;
  p: number;
}

/** Defaults near DESIGN §2 (2^17/8/1). */
export const DEFAULT_KDF: KdfParams = { logN: 17, r: 8, p: 1 };

/** Caps applied when a header is read, so a hostile file cannot make us burn memory or CPU. */
export const KDF_CAPS = { minLogN: 10, maxLogN: 20, maxR: 32, maxP: 16 } as const;

/** Returns a reason when the parameters are outside the caps (or not whole numbers), else undefined. */
export function kdfParamsProblem(k: KdfParams): string | undefined {
  const whole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
  if (!whole(k.logN) || k.logN < KDF_CAPS.minLogN || k.logN > KDF_CAPS.maxLogN) {
    return `scrypt log2 N must be ${KDF_CAPS.minLogN}..${KDF_CAPS.maxLogN}, found ${String(k.logN)}`;
  }
  if (!whole(k.r) || k.r < 1 || k.r > KDF_CAPS.maxR) return `scrypt r must be 1..${KDF_CAPS.maxR}, found ${String(k.r)}`;
  if (!whole(k.p) || k.p < 1 || k.p > KDF_CAPS.maxP) return `scrypt p must be 1..${KDF_CAPS.maxP}, found ${String(k.p)}`;
  return undefined;
}

/** passphrase → KEK. Callers check kdfParamsProblem first. */
export function deriveKek(passphrase: string, salt: Uint8Array, k: KdfParams): Promise<Buffer> {
  const N = 2 ** k.logN;
  // scrypt needs 128·N·r bytes for V plus 128·r·p for B; leave room for both.
  const maxmem = 128 * N * k.r + 128 * k.r * k.p + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(passphrase.normalize('NFC'), 'utf8'), salt, KEY_LEN, { N, r: k.r, p: k.p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** HKDF-SHA256 sub-key: keeps record sealing, material wrapping and sessions in separate key spaces. */
export function subkey(ikm: Uint8Array, salt: Uint8Array | string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, KEY_LEN));
}

/** AES-256-GCM seal with the versioned framing. */
export function seal(key: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, random: RandomSource): Uint8Array {
  const iv = random(IV_LEN);
  if (iv.length !== IV_LEN) throw new TypeError('random source returned the wrong length for iv');
  const c = createCipheriv('aes-256-gcm', key, iv).setAAD(aad);
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return new Uint8Array(Buffer.concat([Buffer.of(SEAL_VERSION), iv, body, c.getAuthTag()]));
}

/** Inverse of seal; returns undefined on any mismatch (one opaque failure, never which check). */
export function unseal(key: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined {
  const s = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (s.length < 1 + IV_LEN + TAG_LEN || s[0] !== SEAL_VERSION) return undefined;
  try {
    const d = createDecipheriv('aes-256-gcm', key, s.subarray(1, 1 + IV_LEN)).setAAD(aad);
    d.setAuthTag(s.subarray(s.length - TAG_LEN));
    return new Uint8Array(Buffer.concat([d.update(s.subarray(1 + IV_LEN, s.length - TAG_LEN)), d.final()]));
  } catch {
    return undefined;
  }
}

/** The keys an open keyring uses, all derived from MK. */
export interface MasterKeys {
  records: Buffer;
  material: Buffer;
}

export function masterKeys(mk: Uint8Array): MasterKeys {
  return {
    records: subkey(mk, 'kms keyring', 'kms record seal v1'),
    material: subkey(mk, 'kms keyring', 'kms material wrap v1'),
  };
}

export const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
