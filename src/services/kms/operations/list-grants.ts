// ListGrants: the grants on one key (any key state), optionally one GrantId or one grantee, paged
// with Limit/Marker in grant id order. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkGrantId, grantListEntry, resolveGrantKey, type GrantRecord } from '../grants/grants.js';
import { decodeMarker, encodeMarker, pageMembers } from '../requests.js';
import type { ListGrantsRequest, KmsOperations } from '../types.gen.js';
import { grantKeyPrefix, grantRecordName } from '../records.js';

export default async function listGrants(ctx: EngineContext, req: ListGrantsRequest): Promise<KmsOperations['ListGrants']['output']> {
  // ListGrants: Limit is 1..100 (the model allows 1..1000, which validation checks; larger values are
  // cut to 100), default 50
  const limit = Math.min(req.Limit ?? 50, 100);
  const after = decodeMarker(req.Marker, /^[0-9a-f]{64}$/);
  const key = await resolveGrantKey(ctx, req.KeyId);
  // ListGrants: a GrantId that is not a grant id is InvalidGrantIdException; an unknown one lists nothing
  if (req.GrantId !== undefined) {
    const id = checkGrantId(req.GrantId);
    const g = await ctx.store.get<GrantRecord>(grantRecordName(key.Region, key.KeyId, id));
    const match = g && (req.GranteePrincipal === undefined || g.GranteePrincipal === req.GranteePrincipal) && (after === undefined || id > after);
    return { Grants: match ? [grantListEntry(g)] : [], Truncated: false };
  }
  const prefix = grantKeyPrefix(key.Region, key.KeyId);
  const grantee = req.GranteePrincipal;
  const picked: GrantRecord[] = [];
  let truncated = false;
  let cursor = after === undefined ? undefined : prefix + after;
  // Walk in batches so a grantee filter over many grants still fills the page
  for (;;) {
    const batch = await ctx.store.list<GrantRecord>(prefix, { after: cursor, limit: 256 });
    for (const r of batch) {
      if (grantee !== undefined && r.value.GranteePrincipal !== grantee) continue;
      if (picked.length === limit) {
        truncated = true;
        break;
      }
      picked.push(r.value);
    }
    if (truncated || batch.length < 256) break;
    cursor = batch[batch.length - 1]!.name;
  }
  const p = truncated ? { truncated, nextMarker: encodeMarker(picked[picked.length - 1]!.GrantId) } : { truncated };
  return { Grants: picked.map(grantListEntry), ...pageMembers(p) };
}
