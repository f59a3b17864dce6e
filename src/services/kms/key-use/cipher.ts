// Encrypting under a key and decrypting a ciphertext back to its key, for symmetric blobs (AES, or
// SM4 in aws-cn) and asymmetric ciphers (RSAES-OAEP, SM2PKE): shared by Encrypt, Decrypt, ReEncrypt,
// GenerateDataKey* and GenerateDataKeyPair*. Must not import operation handlers or the CLI; crypto
// only through the family registry.

import { blobCipherFor, parseCiphertextBlob, type KeySpecInfo } from '../../../crypto/families.js';
import { invalidCiphertext, type SymmetricBlob } from '../../../crypto/symmetric.js';
import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { checkAlgorithm, infoOf, privateMaterial, publicKeyOf, wrongUsage } from '../keys/key-specs.js';
import { currentMaterial, materialForBlob, type KeyRecord } from '../keys/key-record.js';
import { useKey } from './last-usage.js';
import { findKey, resolveKey } from '../keys/resolve.js';
import { openWithToken, sealWithToken } from '../custom-key-stores/store-keys.js';
import type { EncryptionAlgorithmSpec } from '../types.gen.js';

export type EncryptionContext = Readonly<Record<string, string>> | undefined;

/** An ENCRYPT_DECRYPT key with the algorithm the request names (SYMMETRIC_DEFAULT when omitted). */
export interface CipherKey {
  key: KeyRecord;
  info: KeySpecInfo;
  algorithm: EncryptionAlgorithmSpec;
}

/** A ciphertext matched to its key: a parsed symmetric blob, or raw asymmetric ciphertext. */
export interface CipherSource extends CipherKey {
  parsed?: SymmetricBlob;
  ciphertext: Uint8Array;
}

/** Whether the key encrypts with a public-key cipher rather than a self-describing blob. */
function isAsymmetricCipher(key: KeyRecord, info: KeySpecInfo): boolean {
  return key.KeyUsage === 'ENCRYPT_DECRYPT' && !info.blobCipher && info.cipher !== undefined;
}

function cipherKey(key: KeyRecord, operation: string, algorithm: EncryptionAlgorithmSpec | undefined): CipherKey {
  const info = infoOf(key);
  if (key.KeyUsage !== 'ENCRYPT_DECRYPT' || !(info.blobCipher || info.cipher)) throw wrongUsage(key, operation);
  // Encrypt/Decrypt: EncryptionAlgorithm defaults to SYMMETRIC_DEFAULT, so an asymmetric key needs one
  return { key, info, algorithm: checkAlgorithm(key, info.encryptionAlgorithms, algorithm ?? 'SYMMETRIC_DEFAULT') };
}

/** Encrypt with an asymmetric key: AWS refuses any encryption context. */
export function refuseContext(context: EncryptionContext): void {
  if (context && Object.keys(context).length > 0) {
    throw new KmsError('ValidationException', 'EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.');
  }
}

/** Resolves the key (all four identifier forms), checks state, usage and algorithm; DryRun callers stop after. */
export async function keyForEncrypt(ctx: EngineContext, keyId: string, operation: string, algorithm?: EncryptionAlgorithmSpec): Promise<CipherKey> {
  const key = await resolveKey(ctx, keyId, { aliases: true });
  useKey(ctx, key, operation);
  return cipherKey(key, operation, algorithm);
}

/** Encrypts under the key: a blob under its current material, or the public-key cipher's output. */
export async function encryptWithKey(
  ctx: EngineContext,
  target: CipherKey,
  plaintext: Uint8Array,
  context: EncryptionContext,
): Promise<{ blob: Uint8Array; materialId?: string }> {
  const { key, info, algorithm } = target;
  // Custom key stores: an AWS_CLOUDHSM key's AES-GCM runs on its store's token (custom-key-stores/store-keys.ts)
  if (key.Origin === 'AWS_CLOUDHSM') return await sealWithToken(ctx, key, plaintext, context);
  if (info.blobCipher) {
    const m = currentMaterial(ctx, key);
    const blob = info.blobCipher.seal({ keyId: key.KeyId, materialId: m.blobId, material: m.bytes, plaintext, context, random: ctx.random });
    return { blob, materialId: m.id };
  }
  checkPlaintext(target, plaintext, context);
  return { blob: info.cipher!.encrypt(publicKeyOf(ctx, key, info), algorithm, plaintext, ctx.random) };
}

/** The request checks of an asymmetric encryption (no context, the size limit), run before DryRun answers. */
export function checkPlaintext(target: CipherKey, plaintext: Uint8Array, context: EncryptionContext): void {
  if (target.info.blobCipher) return;
  refuseContext(context);
  // Encrypt: RSAES-OAEP takes at most k - 2·hLen - 2 bytes (AWS's recorded per-spec limits)
  const max = target.info.cipher!.maxPlaintextLength(target.algorithm);
  if (plaintext.length > max) {
    throw new KmsError('ValidationException', `Algorithm ${target.algorithm} and key spec ${target.key.KeySpec} cannot encrypt data larger than ${max} bytes.`);
  }
}

/**
 * Finds the key of a ciphertext. A KeyId naming an asymmetric ENCRYPT_DECRYPT key takes the
 * ciphertext as that cipher's output (it names no key); otherwise the ciphertext must be a blob,
 * whose key must be the KeyId given (IncorrectKeyException). Every malformed blob, or one naming no
 * key we hold, is InvalidCiphertextException.
 */
export async function keyForCiphertext(
  ctx: EngineContext,
  ciphertext: Uint8Array,
  givenKeyId: string | undefined,
  operation: string,
  algorithm?: EncryptionAlgorithmSpec,
): Promise<CipherSource> {
  if (givenKeyId !== undefined) {
    const given = await resolveKey(ctx, givenKeyId, { aliases: true });
    if (isAsymmetricCipher(given, infoOf(given))) {
      useKey(ctx, given, operation);
      return { ...cipherKey(given, operation, algorithm), ciphertext };
    }
    const parsed = parseCiphertextBlob(ciphertext);
    if (given.KeyId !== parsed.keyId) {
      throw new KmsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    }
  }
  const parsed = parseCiphertextBlob(ciphertext);
  const key = await findKey(ctx, parsed.keyId);
  if (!key) throw invalidCiphertext();
  useKey(ctx, key, operation);
  const found = cipherKey(key, operation, algorithm);
  if (!found.info.blobCipher) throw invalidCiphertext();
  return { ...found, parsed, ciphertext };
}

/** Decrypts a ciphertext found by keyForCiphertext; wrong context, key or altered bytes → InvalidCiphertextException. */
export async function decryptWithKey(
  ctx: EngineContext,
  source: CipherSource,
  context: EncryptionContext,
): Promise<{ plaintext: Uint8Array; materialId?: string }> {
  const { key, info, parsed } = source;
  if (parsed && key.Origin === 'AWS_CLOUDHSM') return { plaintext: await openWithToken(ctx, key, parsed, context) };
  if (parsed && info.blobCipher) {
    const m = materialForBlob(ctx, key, parsed.materialId);
    if (!m) throw invalidCiphertext();
    // Decrypt: the blob's version picks the cipher (1: AES-256-GCM, 2: SM4 in China Regions)
    return { plaintext: blobCipherFor(parsed.version).open(parsed, m.bytes, context), materialId: m.id };
  }
  refuseContext(context);
  const plaintext = info.cipher!.decrypt(privateMaterial(ctx, key), source.algorithm, source.ciphertext);
  if (!plaintext) throw invalidCiphertext();
  return { plaintext };
}
