// ListRetirableGrants: the grants of the account and region whose RetiringPrincipal is the one given,
// on keys in any state, paged with Limit/Marker. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { grantListEntry, type GrantRecord } from '../grants/grants.js';
import { decodeMarker, encodeMarker, pageMembers } from '../requests.js';
import { purgeExpiredKeys } from '../keys/resolve.js';
import type { ListRetirableGrantsRequest, KmsOperations } from '../types.gen.js';
import { grantRegionPrefix } from '../records.js';

const MARKER = /^[0-9a-z-]+\/[0-9a-f]{64}$/;

export default async function listRetirableGrants(ctx: EngineContext, req: ListRetirableGrantsRequest): Promise<KmsOperations['ListRetirableGrants']['output']> {
  // ListRetirableGrants: Limit is 1..100 (the model allows 1..1000, which validation checks; larger values are
  // cut to 100), default 50
  const limit = Math.min(req.Limit ?? 50, 100);
  const after = decodeMarker(req.Marker, MARKER);
  await purgeExpiredKeys(ctx);
  const prefix = grantRegionPrefix(ctx.region);
  const principal = req.RetiringPrincipal;
  const picked: { sortKey: string; grant: GrantRecord }[] = [];
  let truncated = false;
  let cursor = after === undefined ? undefined : prefix + after;
  for (;;) {
    const batch = await ctx.store.list<GrantRecord>(prefix, { after: cursor, limit: 256 });
    for (const r of batch) {
      if (r.value.RetiringPrincipal !== principal) continue;
      if (picked.length === limit) {
        truncated = true;
        break;
      }
      picked.push({ sortKey: r.name.slice(prefix.length), grant: r.value });
    }
    if (truncated || batch.length < 256) break;
    cursor = batch[batch.length - 1]!.name;
  }
  const p = truncated ? { truncated, nextMarker: encodeMarker(picked[picked.length - 1]!.sortKey) } : { truncated };
  return { Grants: picked.map((x) => grantListEntry(x.grant)), ...pageMembers(p) };
}
