// CreateCustomKeyStore: a CloudHSM key store (its "cluster" is a PKCS#11 token labelled with the
// cluster id) or an external key store (settings only: kms has no XKS proxy). Must not import the CLI.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import {
  checkClusterExists, checkClusterFree, checkNameFree, checkTrustAnchor, checkXksProxy,
  refuseForeignMembers, requireCloudHsmMembers, xksProxyFrom,
} from '../custom-key-stores/store-rules.js';
import { listStores, MAX_CUSTOM_KEY_STORES, newStoreId, saveStore, type CustomKeyStoreRecord } from '../custom-key-stores/stores.js';
import type { CreateCustomKeyStoreRequest, KmsOperations } from '../types.gen.js';

export default async function createCustomKeyStore(ctx: EngineContext, req: CreateCustomKeyStoreRequest): Promise<KmsOperations['CreateCustomKeyStore']['output']> {
  // CreateCustomKeyStore: CustomKeyStoreType defaults to AWS_CLOUDHSM
  const type = req.CustomKeyStoreType ?? 'AWS_CLOUDHSM';
  const name = req.CustomKeyStoreName;
  refuseForeignMembers(req, type);
  if (type === 'AWS_CLOUDHSM') requireCloudHsmMembers(req);
  await checkNameFree(ctx, name);
  const store: CustomKeyStoreRecord = {
    v: 1,
    CustomKeyStoreId: newStoreId(ctx),
    CustomKeyStoreName: name,
    CustomKeyStoreType: type,
    // A new store is DISCONNECTED until ConnectCustomKeyStore
    ConnectionState: 'DISCONNECTED',
    CreationDate: ctx.clock.now().getTime(),
  };
  if (type === 'AWS_CLOUDHSM') {
    // requireCloudHsmMembers: all three are present
    const clusterId = req.CloudHsmClusterId!;
    await checkClusterFree(ctx, clusterId);
    await checkQuota(ctx);
    checkTrustAnchor(req.TrustAnchorCertificate!);
    checkClusterExists(clusterId);
    store.CloudHsmClusterId = clusterId;
    store.TrustAnchorCertificate = req.TrustAnchorCertificate;
    store.KeyStorePassword = req.KeyStorePassword;
  } else {
    const proxy = xksProxyFrom(ctx, req);
    await checkXksProxy(ctx, proxy);
    await checkQuota(ctx);
    // AWS contacts a PUBLIC_ENDPOINT proxy during creation; kms has no proxy to contact, so it does not
    store.XksProxy = proxy;
  }
  saveStore(ctx, store);
  return { CustomKeyStoreId: store.CustomKeyStoreId };
}

async function checkQuota(ctx: EngineContext): Promise<void> {
  if ((await listStores(ctx)).length >= MAX_CUSTOM_KEY_STORES) {
    throw new KmsError('LimitExceededException', `You cannot create more than ${MAX_CUSTOM_KEY_STORES} custom key stores in this Region.`);
  }
}
