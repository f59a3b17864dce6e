// ListGrants: the grants on one key (any key state), optionally one GrantId or one grantee, paged
// with Limit/Marker in grant id order. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkGrantId, grantListEntry, resolveGrantKey, type GrantRecord } from '../grants/grants.js';
import { FILTER_BATCH, decodeMarker, pageMembers, storePage } from '../requests.js';
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
  const grantee = req.GranteePrincipal;
  // One page in grant id order; a grantee filter walks the key's grants in batches until it is full
  const p = await storePage<GrantRecord, GrantRecord>(
    ctx.store,
    grantKeyPrefix(key.Region, key.KeyId),
    after,
    limit,
    async ({ value: g }) => (grantee === undefined || g.GranteePrincipal === grantee ? g : undefined),
    grantee === undefined ? 1 : FILTER_BATCH,
  );
  return { Grants: p.items.map(grantListEntry), ...pageMembers(p) };
}
