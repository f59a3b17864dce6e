// UpdateCustomKeyStore: rename a store, or (while DISCONNECTED) change its password, its cluster
// (a related one: a token holding every key of the store) or its XKS proxy settings.
// Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { checkClusterExists, checkClusterFree, checkNameFree, checkXksProxy, refuseForeignMembers, xksProxyFrom } from '../custom-key-stores/store-rules.js';
import { getStore, invalidStoreState, keysInStore, saveStore, type CustomKeyStoreRecord } from '../custom-key-stores/stores.js';
import { HsmError } from '../custom-key-stores/hsm.js';
import { withToken } from '../custom-key-stores/hsm-backend.js';
import type { UpdateCustomKeyStoreRequest, KmsOperations } from '../types.gen.js';

/** UpdateCustomKeyStore: what a CONNECTED store may change (CloudHSM: the name; XKS: name, credential, path). */
const WHILE_CONNECTED: Record<string, readonly (keyof UpdateCustomKeyStoreRequest)[]> = {
  AWS_CLOUDHSM: ['NewCustomKeyStoreName'],
  EXTERNAL_KEY_STORE: ['NewCustomKeyStoreName', 'XksProxyAuthenticationCredential', 'XksProxyUriPath'],
};

export default async function updateCustomKeyStore(ctx: EngineContext, req: UpdateCustomKeyStoreRequest): Promise<KmsOperations['UpdateCustomKeyStore']['output']> {
  const store = await getStore(ctx, req.CustomKeyStoreId);
  refuseForeignMembers(req, store.CustomKeyStoreType, true);
  const changes = (Object.keys(req) as (keyof UpdateCustomKeyStoreRequest)[]).filter((m) => m !== 'CustomKeyStoreId' && req[m] !== undefined);
  if (store.ConnectionState !== 'DISCONNECTED') {
    const allowed = store.ConnectionState === 'CONNECTED' ? WHILE_CONNECTED[store.CustomKeyStoreType]! : [];
    if (!changes.every((m) => allowed.includes(m))) throw invalidStoreState(store, 'disconnect it before updating these settings');
  }
  if (req.NewCustomKeyStoreName !== undefined) {
    await checkNameFree(ctx, req.NewCustomKeyStoreName, store.CustomKeyStoreId);
    store.CustomKeyStoreName = req.NewCustomKeyStoreName;
  }
  if (store.CustomKeyStoreType === 'AWS_CLOUDHSM') {
    const password = req.KeyStorePassword ?? store.KeyStorePassword!;
    if (req.CloudHsmClusterId !== undefined && req.CloudHsmClusterId !== store.CloudHsmClusterId) {
      const clusterId = req.CloudHsmClusterId;
      await checkClusterFree(ctx, clusterId, store.CustomKeyStoreId);
      checkClusterExists(clusterId);
      await checkRelated(ctx, store, clusterId, password);
      store.CloudHsmClusterId = clusterId;
    }
    store.KeyStorePassword = password;
  } else {
    const proxy = xksProxyFrom(ctx, req, store.XksProxy);
    await checkXksProxy(ctx, proxy, store.CustomKeyStoreId);
    store.XksProxy = proxy;
  }
  saveStore(ctx, store);
  return {};
}

/**
 * CloudHsmClusterNotRelatedException: the new cluster must share the old one's backup history.
 * For tokens: the new token must hold the key of every KMS key in the store (a copy of the token).
 * When the password does not open the new token, relatedness cannot be shown, and kms says so the same way.
 */
async function checkRelated(ctx: EngineContext, store: CustomKeyStoreRecord, clusterId: string, pin: string): Promise<void> {
  const labels = (await keysInStore(ctx, store.CustomKeyStoreId)).map((k) => k.KeyId);
  if (labels.length === 0) return;
  let related = false;
  try {
    related = withToken({ label: clusterId, pin }, (s) => labels.every((l) => s.hasKey(l)));
  } catch (err) {
    if (!(err instanceof HsmError)) throw err;
  }
  if (!related) {
    throw new KmsError('CloudHsmClusterNotRelatedException', `CloudHSM cluster ${clusterId} is not related to the cluster of custom key store ${store.CustomKeyStoreId}.`);
  }
}
