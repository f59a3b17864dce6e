// ListKeys: the keys of the context's region, {KeyId, KeyArn}, paged with Limit/Marker.
// Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { KEY_ID, type KeyRecord } from '../keys/key-record.js';
import { decodeMarker, page, pageMembers } from '../requests.js';
import { purgeExpiredKeys } from '../keys/resolve.js';
import type { ListKeysRequest, KmsOperations } from '../types.gen.js';
import { keyPrefix } from '../records.js';


export default async function listKeys(ctx: EngineContext, req: ListKeysRequest): Promise<KmsOperations['ListKeys']['output']> {
  // ListKeys: Limit defaults to 100
  const limit = req.Limit ?? 100;
  const after = decodeMarker(req.Marker, KEY_ID);
  await purgeExpiredKeys(ctx);
  const keys = (await ctx.store.list<KeyRecord>(keyPrefix(ctx.region))).map((r) => r.value);
  const p = page(keys, (k) => k.KeyId, after, limit);
  return { Keys: p.items.map((k) => ({ KeyId: k.KeyId, KeyArn: k.Arn })), ...pageMembers(p) };
}
