// GenerateDataKeyWithoutPlaintext: a fresh data key, returned only encrypted under a symmetric key.
// Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { makeDataKey } from '../key-use/data-key.js';
import type { GenerateDataKeyWithoutPlaintextRequest, KmsOperations } from '../types.gen.js';

export default async function generateDataKeyWithoutPlaintext(ctx: EngineContext, req: GenerateDataKeyWithoutPlaintextRequest): Promise<KmsOperations['GenerateDataKeyWithoutPlaintext']['output']> {
  const dk = await makeDataKey(ctx, req, 'GenerateDataKeyWithoutPlaintext');
  dk.plaintext.fill(0);
  return { CiphertextBlob: dk.blob, KeyId: dk.keyArn, KeyMaterialId: dk.materialId };
}
