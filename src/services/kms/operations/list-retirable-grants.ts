// ListRetirableGrants: the grants of the account and region whose RetiringPrincipal is the one given,
// on keys in any state, paged with Limit/Marker. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { grantListEntry, type GrantRecord } from '../grants/grants.js';
import { FILTER_BATCH, decodeMarker, pageMembers, storePage } from '../requests.js';
import { expiredKeyCheck } from '../keys/resolve.js';
import type { ListRetirableGrantsRequest, KmsOperations } from '../types.gen.js';
import { grantRegionPrefix } from '../records.js';

const MARKER = /^[0-9a-z-]+\/[0-9a-f]{64}$/;

export default async function listRetirableGrants(ctx: EngineContext, req: ListRetirableGrantsRequest): Promise<KmsOperations['ListRetirableGrants']['output']> {
  // ListRetirableGrants: Limit is 1..100 (the model allows 1..1000, which validation checks; larger values are
  // cut to 100), default 50
  const limit = Math.min(req.Limit ?? 50, 100);
  const after = decodeMarker(req.Marker, MARKER);
  const principal = req.RetiringPrincipal;
  // A grant of a key past its deletion date goes with the key (purged as it is met)
  const keyGone = expiredKeyCheck(ctx);
  // In record name order (key id, then grant id): the marker is `<key id>/<grant id>`
  const p = await storePage<GrantRecord, GrantRecord>(
    ctx.store,
    grantRegionPrefix(ctx.region),
    after,
    limit,
    async ({ value: g }) => (g.RetiringPrincipal === principal && !(await keyGone(g.KeyId)) ? g : undefined),
    FILTER_BATCH,
  );
  return { Grants: p.items.map(grantListEntry), ...pageMembers(p) };
}
