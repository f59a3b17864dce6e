// The master key (MK) and its wrapping under the passphrase's KEK, bound to every header field.
// Must not touch files or prompts: callers pass the header and the passphrase in.

import { configError } from '../errors.js';
import type { RandomSource } from '../deps.js';
import type { Header } from './file-format.js';
import { deriveKek, KEY_LEN, seal, unseal, utf8, type KdfParams } from './seal.js';

/**
 * AAD of the MK wrapping: every header field but the wrapped MK itself, so a changed KDF
 * parameter, salt, keyring id, creation time or format version makes the unwrap fail.
 */
export function headerAad(h: Omit<Header, 'wrappedMk'>): Uint8Array {
  const fields = [
    'kms keyring',
    String(h.formatVersion),
    h.kdfName,
    String(h.kdf.logN),
    String(h.kdf.r),
    String(h.kdf.p),
    Buffer.from(h.salt).toString('hex'),
    h.keyringId,
    String(h.created),
  ];
  return utf8(fields.join('\n'));
}

/** Wraps MK under the KEK derived from `passphrase` with the header's KDF fields. */
export async function wrapMasterKey(
  passphrase: string,
  h: Omit<Header, 'wrappedMk'>,
  mk: Uint8Array,
  random: RandomSource,
): Promise<Uint8Array> {
  const kek = await deriveKek(passphrase, h.salt, h.kdf);
  try {
    return seal(kek, headerAad(h), mk, random);
  } finally {
    kek.fill(0);
  }
}

/** Unwraps MK; a wrong passphrase and an altered header give the same opaque error. */
export async function unwrapMasterKey(passphrase: string, h: Header, source: string): Promise<Uint8Array> {
  const kek = await deriveKek(passphrase, h.salt, h.kdf);
  try {
    const mk = unseal(kek, headerAad(h), h.wrappedMk);
    if (mk === undefined || mk.length !== KEY_LEN) throw incorrectPassphrase(source);
    return mk;
  } finally {
    kek.fill(0);
  }
}

export function incorrectPassphrase(source: string) {
  return configError('incorrect passphrase', `the passphrase was read from ${source}`);
}

/** A fresh header (without wrapped MK) for a new keyring. */
export function newHeaderFields(kdf: KdfParams, random: RandomSource, now: Date): Omit<Header, 'wrappedMk'> {
  return {
    formatVersion: 1,
    kdfName: 'scrypt',
    kdf,
    salt: random(32),
    keyringId: Buffer.from(random(16)).toString('hex'),
    created: now.getTime(),
  };
}
