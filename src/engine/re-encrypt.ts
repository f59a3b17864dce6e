// ReEncrypt: decrypts a blob under its source key and encrypts the plaintext under the
// destination key, without returning the plaintext. Must not import the CLI or other handlers.

import type { EngineContext } from './context.js';
import { decryptWithKey, encryptWithKey, keyForBlob, keyForEncrypt, type EncryptionContext } from './cipher.js';
import { checkBlobLength, dryRunStop, requireMember } from './requests.js';

export default function reEncrypt(ctx: EngineContext, req: Record<string, unknown>): Record<string, unknown> {
  // ReEncrypt: CiphertextBlob is required and 1..6144 bytes
  requireMember(req.CiphertextBlob, 'CiphertextBlob is required.');
  checkBlobLength(req.CiphertextBlob as Uint8Array, 1, 6144, 'ciphertextBlob');
  const src = keyForBlob(ctx, req.CiphertextBlob as Uint8Array, req.SourceKeyId, 'ReEncryptFrom', req.SourceEncryptionAlgorithm);
  const dest = keyForEncrypt(ctx, req.DestinationKeyId, 'ReEncryptTo', req.DestinationEncryptionAlgorithm);
  const opened = decryptWithKey(ctx, src.key, src.parsed, req.SourceEncryptionContext as EncryptionContext);
  dryRunStop(req.DryRun);
  const sealed = encryptWithKey(ctx, dest, opened.plaintext, req.DestinationEncryptionContext as EncryptionContext, 'ReEncryptTo');
  opened.plaintext.fill(0);
  return {
    CiphertextBlob: sealed.blob,
    SourceKeyId: src.key.Arn,
    KeyId: dest.Arn,
    SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    SourceKeyMaterialId: opened.materialId,
    DestinationKeyMaterialId: sealed.materialId,
  };
}
