// ListKeys: the keys of the context's region, {KeyId, KeyArn}, paged with Limit/Marker.
// Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { KEY_ID, type KeyRecord } from '../keys/key-record.js';
import { decodeMarker, pageMembers, storePage } from '../requests.js';
import { purgeIfExpired } from '../keys/resolve.js';
import type { ListKeysRequest, KmsOperations } from '../types.gen.js';
import { keyPrefix } from '../records.js';

export default async function listKeys(ctx: EngineContext, req: ListKeysRequest): Promise<KmsOperations['ListKeys']['output']> {
  // ListKeys: Limit 1..1000 (validation checks the model's range), default 100
  const limit = req.Limit ?? 100;
  const after = decodeMarker(req.Marker, KEY_ID);
  // One page of key records in KeyId order; a key past its deletion date is purged as it is met, not listed
  const p = await storePage<KeyRecord, KeyRecord>(ctx.store, keyPrefix(ctx.region), after, limit, async (r) =>
    (await purgeIfExpired(ctx, r.value)) ? undefined : r.value,
  );
  return { Keys: p.items.map((k) => ({ KeyId: k.KeyId, KeyArn: k.Arn })), ...pageMembers(p) };
}
