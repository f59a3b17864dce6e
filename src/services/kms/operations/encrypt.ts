// Encrypt: up to 4096 bytes under a symmetric key (EncryptionContext bound as AAD), or under an
// RSA/SM2 key with the EncryptionAlgorithm named (no context). Must not import the CLI or other handlers.

import type { EngineContext, PrepareContext } from '../../../engine/context.js';
import { checkPlaintext, encryptWithKey, keyForEncrypt } from '../key-use/cipher.js';
import { prepareKeys } from '../keys/key-specs.js';
import { dryRunStop } from '../requests.js';
import type { EncryptRequest, KmsOperations } from '../types.gen.js';

export async function prepare(ctx: PrepareContext, req: EncryptRequest): Promise<void> {
  await prepareKeys(ctx, [req.KeyId]);
}

export default async function encrypt(ctx: EngineContext, req: EncryptRequest): Promise<KmsOperations['Encrypt']['output']> {
  const target = await keyForEncrypt(ctx, req.KeyId, 'Encrypt', req.EncryptionAlgorithm);
  const context = req.EncryptionContext;
  checkPlaintext(target, req.Plaintext, context);
  dryRunStop(req.DryRun);
  const { blob } = await encryptWithKey(ctx, target, req.Plaintext, context);
  return { CiphertextBlob: blob, KeyId: target.key.Arn, EncryptionAlgorithm: target.algorithm };
}
