// ReEncrypt: decrypts a ciphertext under its source key and encrypts the plaintext under the
// destination key (symmetric or asymmetric, either side), without returning the plaintext.
// Must not import the CLI or other handlers.

import type { EngineContext, PrepareContext } from '../../../engine/context.js';
import { decryptWithKey, encryptWithKey, keyForCiphertext, keyForEncrypt } from '../key-use/cipher.js';
import { prepareKeys } from '../keys/key-specs.js';
import { dryRunStop, requireMember } from '../requests.js';
import type { KmsOperations, ReEncryptRequest, ReEncryptResponse } from '../types.gen.js';

export async function prepare(ctx: PrepareContext, req: ReEncryptRequest): Promise<void> {
  await prepareKeys(ctx, [req.SourceKeyId, req.DestinationKeyId], ['SYMMETRIC_DEFAULT']);
}

export default async function reEncrypt(ctx: EngineContext, req: ReEncryptRequest): Promise<KmsOperations['ReEncrypt']['output']> {
  // ReEncrypt: CiphertextBlob is required, although the model makes it optional (its length is the model's)
  requireMember(req.CiphertextBlob, 'CiphertextBlob is required.');
  const src = await keyForCiphertext(ctx, req.CiphertextBlob, req.SourceKeyId, 'ReEncryptFrom', req.SourceEncryptionAlgorithm);
  const dest = await keyForEncrypt(ctx, req.DestinationKeyId, 'ReEncryptTo', req.DestinationEncryptionAlgorithm);
  const opened = await decryptWithKey(ctx, src, req.SourceEncryptionContext);
  dryRunStop(req.DryRun);
  const sealed = await encryptWithKey(ctx, dest, opened.plaintext, req.DestinationEncryptionContext);
  opened.plaintext.fill(0);
  const res: ReEncryptResponse = {
    CiphertextBlob: sealed.blob,
    SourceKeyId: src.key.Arn,
    KeyId: dest.key.Arn,
    SourceEncryptionAlgorithm: src.algorithm,
    DestinationEncryptionAlgorithm: dest.algorithm,
  };
  // ReEncrypt: key material ids are reported for symmetric encryption keys only
  if (opened.materialId !== undefined) res.SourceKeyMaterialId = opened.materialId;
  if (sealed.materialId !== undefined) res.DestinationKeyMaterialId = sealed.materialId;
  return res;
}
