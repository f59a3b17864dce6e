// GenerateRandom: 1..1024 random bytes from the injected source. Must not import the CLI or handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { requireMember } from '../requests.js';
import { randomFromStore } from '../custom-key-stores/store-keys.js';
import type { GenerateRandomRequest, KmsOperations } from '../types.gen.js';

export default async function generateRandom(ctx: EngineContext, req: GenerateRandomRequest): Promise<KmsOperations['GenerateRandom']['output']> {
  // GenerateRandom: NumberOfBytes is needed (AWS's own message; the model makes it optional)
  requireMember(req.NumberOfBytes, 'NumberOfBytes is required.');
  if (req.Recipient !== undefined) throw new KmsError('UnsupportedOperationException', 'Recipient is not supported by kms.');
  // GenerateRandom CustomKeyStoreId: the bytes come from the CloudHSM key store's token (custom-key-stores/store-keys.ts)
  if (req.CustomKeyStoreId !== undefined) return { Plaintext: await randomFromStore(ctx, req.CustomKeyStoreId, req.NumberOfBytes) };
  return { Plaintext: ctx.random(req.NumberOfBytes) };
}
