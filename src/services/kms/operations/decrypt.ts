// Decrypt: a symmetric blob names its key, so KeyId is optional; an RSA/SM2 ciphertext needs the
// KeyId and EncryptionAlgorithm. Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext, PrepareContext } from '../../../engine/context.js';
import { decryptWithKey, keyForCiphertext, refuseContext } from '../key-use/cipher.js';
import { prepareKeys } from '../keys/key-specs.js';
import { dryRunStop, requireMember } from '../requests.js';
import type { DecryptRequest, DecryptResponse, KmsOperations } from '../types.gen.js';

export async function prepare(ctx: PrepareContext, req: DecryptRequest): Promise<void> {
  await prepareKeys(ctx, [req.KeyId], ['SYMMETRIC_DEFAULT']);
}

export default async function decrypt(ctx: EngineContext, req: DecryptRequest): Promise<KmsOperations['Decrypt']['output']> {
  // Decrypt: CiphertextBlob is required, although the model makes it optional (its length is the model's)
  requireMember(req.CiphertextBlob, 'CiphertextBlob is required.');
  if (req.Recipient !== undefined) throw new KmsError('UnsupportedOperationException', 'Recipient is not supported by kms.');
  const source = await keyForCiphertext(ctx, req.CiphertextBlob, req.KeyId, 'Decrypt', req.EncryptionAlgorithm);
  const context = req.EncryptionContext;
  if (!source.parsed) refuseContext(context);
  dryRunStop(req.DryRun);
  const out = await decryptWithKey(ctx, source, context);
  // Decrypt: KeyMaterialId is present only for symmetric encryption keys
  const res: DecryptResponse = { KeyId: source.key.Arn, Plaintext: out.plaintext, EncryptionAlgorithm: source.algorithm };
  if (out.materialId !== undefined) res.KeyMaterialId = out.materialId;
  return res;
}
