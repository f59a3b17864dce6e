// Encrypt: up to 4096 bytes under a symmetric key; the EncryptionContext is bound as AAD.
// Must not import the CLI or other handlers.

import type { EngineContext } from './context.js';
import { encryptWithKey, keyForEncrypt, type EncryptionContext } from './cipher.js';
import { checkBlobLength, dryRunStop } from './requests.js';

export default function encrypt(ctx: EngineContext, req: Record<string, unknown>): Record<string, unknown> {
  // Encrypt: Plaintext is 1..4096 bytes
  checkBlobLength(req.Plaintext as Uint8Array, 1, 4096, 'plaintext');
  const key = keyForEncrypt(ctx, req.KeyId, 'Encrypt', req.EncryptionAlgorithm);
  dryRunStop(req.DryRun);
  const { blob } = encryptWithKey(ctx, key, req.Plaintext as Uint8Array, req.EncryptionContext as EncryptionContext, 'Encrypt');
  return { CiphertextBlob: blob, KeyId: key.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
}
