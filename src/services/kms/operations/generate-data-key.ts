// GenerateDataKey: a fresh data key, in plaintext and encrypted under a symmetric key.
// Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { makeDataKey } from '../key-use/data-key.js';
import type { GenerateDataKeyRequest, KmsOperations } from '../types.gen.js';

export default async function generateDataKey(ctx: EngineContext, req: GenerateDataKeyRequest): Promise<KmsOperations['GenerateDataKey']['output']> {
  if (req.Recipient !== undefined) throw new KmsError('UnsupportedOperationException', 'Recipient is not supported by kms.');
  const dk = await makeDataKey(ctx, req, 'GenerateDataKey');
  return { CiphertextBlob: dk.blob, Plaintext: dk.plaintext, KeyId: dk.keyArn, KeyMaterialId: dk.materialId };
}
