// Encrypting under a key record and decrypting a blob back to its key: shared by Encrypt, Decrypt,
// ReEncrypt and GenerateDataKey*. Must not import operation handlers or the CLI; crypto only via
// the registry and the symmetric blob parser.

import { keySpecInfo, type BlobCipher } from '../crypto/registry.js';
import { invalidCiphertext, parseBlob } from '../crypto/symmetric.js';
import { KmsError } from '../errors.js';
import type { EngineContext } from './context.js';
import { currentMaterial, materialForBlob, type KeyRecord } from './keys.js';
import { assertUsable, findKey, resolveKey } from './resolve.js';

export type EncryptionContext = Readonly<Record<string, string>> | undefined;

/** AWS: "<arn> key usage is SIGN_VERIFY which is not valid for Encrypt." */
function wrongUsage(key: KeyRecord, operation: string): KmsError {
  return new KmsError('InvalidKeyUsageException', `${key.Arn} key usage is ${key.KeyUsage} which is not valid for ${operation}.`);
}

/** The blob cipher of an ENCRYPT_DECRYPT key, after the algorithm (if named) is checked. */
function cipherOf(key: KeyRecord, operation: string, algorithm: unknown): BlobCipher {
  const info = keySpecInfo(key.KeySpec);
  if (key.KeyUsage !== 'ENCRYPT_DECRYPT' || !info?.blobCipher) throw wrongUsage(key, operation);
  const algo = algorithm === undefined || algorithm === null ? 'SYMMETRIC_DEFAULT' : String(algorithm);
  if (!(info.encryptionAlgorithms ?? []).includes(algo)) {
    throw new KmsError('InvalidKeyUsageException', `Algorithm ${algo} is incompatible with key spec ${key.KeySpec}.`);
  }
  return info.blobCipher;
}

/** Resolves the key (all four identifier forms), checks state and usage; DryRun callers stop after. */
export function keyForEncrypt(ctx: EngineContext, keyId: unknown, operation: string, algorithm?: unknown): KeyRecord {
  const key = resolveKey(ctx, String(keyId), { aliases: true });
  assertUsable(key);
  cipherOf(key, operation, algorithm);
  return key;
}

/** Seals `plaintext` under the key's current material. */
export function encryptWithKey(
  ctx: EngineContext,
  key: KeyRecord,
  plaintext: Uint8Array,
  context: EncryptionContext,
  operation: string,
): { blob: Uint8Array; materialId: string } {
  const cipher = cipherOf(key, operation, undefined);
  const m = currentMaterial(ctx, key);
  const blob = cipher.seal({ keyId: key.KeyId, materialId: m.blobId, material: m.bytes, plaintext, context, random: ctx.random });
  return { blob, materialId: m.id };
}

/**
 * Finds the key a blob names, checks it against a KeyId given by the caller (IncorrectKeyException)
 * and its state. Every malformed blob, or one naming no key we hold, is InvalidCiphertextException.
 */
export function keyForBlob(
  ctx: EngineContext,
  blob: Uint8Array,
  givenKeyId: unknown,
  operation: string,
  algorithm?: unknown,
): { key: KeyRecord; parsed: ReturnType<typeof parseBlob> } {
  const parsed = parseBlob(blob);
  if (givenKeyId !== undefined && givenKeyId !== null) {
    const given = resolveKey(ctx, String(givenKeyId), { aliases: true });
    if (given.KeyId !== parsed.keyId) {
      throw new KmsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
  }
  const key = findKey(ctx, parsed.keyId);
  if (!key) throw invalidCiphertext();
  assertUsable(key);
  cipherOf(key, operation, algorithm);
  return { key, parsed };
}

/** Opens a blob found by keyForBlob; wrong context or altered bytes → InvalidCiphertextException. */
export function decryptWithKey(
  ctx: EngineContext,
  key: KeyRecord,
  parsed: ReturnType<typeof parseBlob>,
  context: EncryptionContext,
): { plaintext: Uint8Array; materialId: string } {
  const m = materialForBlob(ctx, key, parsed.materialId);
  if (!m) throw invalidCiphertext();
  return { plaintext: cipherOf(key, 'Decrypt', undefined).open(parsed, m.bytes, context), materialId: m.id };
}
