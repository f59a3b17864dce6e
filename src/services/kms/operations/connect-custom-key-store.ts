// ConnectCustomKeyStore: CONNECTING → CONNECTED, or FAILED with AWS's ConnectionErrorCode. A
// CloudHSM store logs in to its token with the kmsuser password; an external store has no proxy
// to reach here and always fails. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { getStore, invalidStoreState, saveStore, syncKeyAvailability, type CustomKeyStoreRecord } from '../custom-key-stores/stores.js';
import { HsmError } from '../custom-key-stores/hsm.js';
import { withToken } from '../custom-key-stores/hsm-backend.js';
import type { ConnectCustomKeyStoreRequest, ConnectionErrorCodeType, KmsOperations } from '../types.gen.js';

export default async function connectCustomKeyStore(ctx: EngineContext, req: ConnectCustomKeyStoreRequest): Promise<KmsOperations['ConnectCustomKeyStore']['output']> {
  const store = await getStore(ctx, req.CustomKeyStoreId);
  // CustomKeyStoreInvalidStateException: Connect is refused while DISCONNECTING or FAILED
  if (store.ConnectionState === 'FAILED') throw invalidStoreState(store, 'disconnect it before connecting it again');
  if (store.ConnectionState === 'DISCONNECTING') throw invalidStoreState(store, 'wait until it is DISCONNECTED');
  // Connecting a connected store changes nothing
  if (store.ConnectionState === 'CONNECTED') return {};
  // AWS returns at once and connects in the background; kms connects within the call, so a
  // describe-custom-key-stores afterwards sees CONNECTED or FAILED (never CONNECTING)
  const failure = attempt(store);
  if (failure) {
    store.ConnectionState = 'FAILED';
    store.ConnectionErrorCode = failure;
  } else {
    store.ConnectionState = 'CONNECTED';
    delete store.ConnectionErrorCode;
  }
  saveStore(ctx, store);
  await syncKeyAvailability(ctx, store);
  return {};
}

/** The ConnectionErrorCode of a failed attempt, or undefined when connected. */
function attempt(store: CustomKeyStoreRecord): ConnectionErrorCodeType | undefined {
  if (store.CustomKeyStoreType === 'EXTERNAL_KEY_STORE') {
    // kms has no external key store proxy: the proxy (or its VPC endpoint service) is never reachable
    return store.XksProxy?.Connectivity === 'VPC_ENDPOINT_SERVICE' ? 'XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND' : 'XKS_PROXY_NOT_REACHABLE';
  }
  try {
    // A missing driver is a KmsError and leaves the store as it was
    withToken({ label: store.CloudHsmClusterId!, pin: store.KeyStorePassword! }, () => undefined);
    return undefined;
  } catch (err) {
    if (err instanceof HsmError) return err.reason;
    throw err;
  }
}
