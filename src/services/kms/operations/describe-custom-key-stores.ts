// DescribeCustomKeyStores: every custom key store of the Region, or one by id or by name, in pages.
// Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { listStores, STORE_ID, storeEntry, storeNotFound } from '../custom-key-stores/stores.js';
import { decodeMarker, page, pageMembers } from '../requests.js';
import type { DescribeCustomKeyStoresRequest, KmsOperations } from '../types.gen.js';

export default async function describeCustomKeyStores(ctx: EngineContext, req: DescribeCustomKeyStoresRequest): Promise<KmsOperations['DescribeCustomKeyStores']['output']> {
  // DescribeCustomKeyStores: "specify either the CustomKeyStoreId or CustomKeyStoreName, but not both"
  if (req.CustomKeyStoreId !== undefined && req.CustomKeyStoreName !== undefined) {
    throw new KmsError('ValidationException', 'You cannot specify both CustomKeyStoreId and CustomKeyStoreName.');
  }
  let stores = await listStores(ctx);
  if (req.CustomKeyStoreId !== undefined) {
    stores = stores.filter((s) => s.CustomKeyStoreId === req.CustomKeyStoreId);
    if (stores.length === 0) throw storeNotFound(req.CustomKeyStoreId);
  } else if (req.CustomKeyStoreName !== undefined) {
    stores = stores.filter((s) => s.CustomKeyStoreName === req.CustomKeyStoreName);
    if (stores.length === 0) throw storeNotFound(req.CustomKeyStoreName);
  }
  const after = decodeMarker(req.Marker, STORE_ID);
  // Limit: 1..1000, default 100 (the model's range; AWS's list operations default to 100)
  const p = page(stores, (s) => s.CustomKeyStoreId, after, req.Limit ?? 100);
  return { CustomKeyStores: p.items.map(storeEntry), ...pageMembers(p) };
}
