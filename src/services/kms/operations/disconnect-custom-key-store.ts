// DisconnectCustomKeyStore: → DISCONNECTED; the keys in the store become Unavailable until it
// connects again. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { getStore, invalidStoreState, saveStore, syncKeyAvailability } from '../custom-key-stores/stores.js';
import type { DisconnectCustomKeyStoreRequest, KmsOperations } from '../types.gen.js';

export default async function disconnectCustomKeyStore(ctx: EngineContext, req: DisconnectCustomKeyStoreRequest): Promise<KmsOperations['DisconnectCustomKeyStore']['output']> {
  const store = await getStore(ctx, req.CustomKeyStoreId);
  // CustomKeyStoreInvalidStateException: Disconnect is refused while DISCONNECTING or DISCONNECTED
  if (store.ConnectionState === 'DISCONNECTED' || store.ConnectionState === 'DISCONNECTING') {
    throw invalidStoreState(store, 'it is not connected');
  }
  // AWS passes through DISCONNECTING; kms disconnects within the call
  store.ConnectionState = 'DISCONNECTED';
  delete store.ConnectionErrorCode;
  saveStore(ctx, store);
  await syncKeyAvailability(ctx, store);
  return {};
}
