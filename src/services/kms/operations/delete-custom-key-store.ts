// DeleteCustomKeyStore: only a DISCONNECTED store that holds no KMS keys (not even keys pending
// deletion). Key material on the token is left alone. Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { getStore, invalidStoreState, keysInStore } from '../custom-key-stores/stores.js';
import type { DeleteCustomKeyStoreRequest, KmsOperations } from '../types.gen.js';
import { storeRecordName } from '../records.js';

export default async function deleteCustomKeyStore(ctx: EngineContext, req: DeleteCustomKeyStoreRequest): Promise<KmsOperations['DeleteCustomKeyStore']['output']> {
  const store = await getStore(ctx, req.CustomKeyStoreId);
  if (store.ConnectionState !== 'DISCONNECTED') throw invalidStoreState(store, 'disconnect it before deleting it');
  // CustomKeyStoreHasCMKsException: "the custom key store contains KMS keys"
  if ((await keysInStore(ctx, store.CustomKeyStoreId)).length > 0) {
    throw new KmsError(
      'CustomKeyStoreHasCMKsException',
      `Custom key store ${store.CustomKeyStoreId} contains KMS keys. Delete them before deleting the custom key store.`,
    );
  }
  ctx.store.delete(storeRecordName(ctx.region, store.CustomKeyStoreId));
  return {};
}
