// Decrypt: a symmetric blob back to plaintext; the blob names its key, so KeyId is optional.
// Must not import the CLI or other handlers.

import { KmsError } from '../errors.js';
import type { EngineContext } from './context.js';
import { decryptWithKey, keyForBlob, type EncryptionContext } from './cipher.js';
import { checkBlobLength, dryRunStop, requireMember } from './requests.js';

export default function decrypt(ctx: EngineContext, req: Record<string, unknown>): Record<string, unknown> {
  // Decrypt: CiphertextBlob is required and 1..6144 bytes
  requireMember(req.CiphertextBlob, 'CiphertextBlob is required.');
  checkBlobLength(req.CiphertextBlob as Uint8Array, 1, 6144, 'ciphertextBlob');
  if (req.Recipient !== undefined) throw new KmsError('UnsupportedOperationException', 'Recipient is not supported by kms.');
  const { key, parsed } = keyForBlob(ctx, req.CiphertextBlob as Uint8Array, req.KeyId, 'Decrypt', req.EncryptionAlgorithm);
  dryRunStop(req.DryRun);
  const out = decryptWithKey(ctx, key, parsed, req.EncryptionContext as EncryptionContext);
  return {
    KeyId: key.Arn,
    Plaintext: out.plaintext,
    EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    KeyMaterialId: out.materialId,
  };
}
