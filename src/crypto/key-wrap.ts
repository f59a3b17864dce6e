// AES Key Wrap with Padding (RFC 5649) unwrapping by node:crypto, for the RSA_AES_KEY_WRAP_* import
// algorithms (the wrapping is the importer's: openssl or their own code).
// Must not import the engine, the keyring or the CLI.

import { createDecipheriv } from 'node:crypto';

/** RFC 5649 §3: the alternative initial value's first half (the MLI fills the second half). */
const AIV = Buffer.from('a65959a6', 'hex');

/** node:crypto's cipher for a key-encryption key of 16, 24 or 32 bytes, or undefined. */
function cipherName(kek: Uint8Array): string | undefined {
  const bits = kek.length * 8;
  return bits === 128 || bits === 192 || bits === 256 ? `id-aes${bits}-wrap-pad` : undefined;
}

/**
 * RFC 5649 §4.2: unwraps `wrapped` under `kek`; undefined when the integrity check fails, the
 * length is not a multiple of 8 bytes of at least 16, or the key has no AES size.
 */
export function kwpUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array | undefined {
  const name = cipherName(kek);
  if (!name || wrapped.length < 16 || wrapped.length % 8 !== 0) return undefined;
  try {
    const d = createDecipheriv(name, kek, AIV);
    return new Uint8Array(Buffer.concat([d.update(wrapped), d.final()]));
  } catch {
    return undefined;
  }
}
