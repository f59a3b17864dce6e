// ListAliases: the aliases of the region, or of one key (KeyId), paged with Limit/Marker.
// Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { aliasArn } from '../keys/key-record.js';
import { FILTER_BATCH, decodeMarker, pageMembers, storePage } from '../requests.js';
import { expiredKeyCheck, resolveKey, type AliasRecord } from '../keys/resolve.js';
import type { ListAliasesRequest, KmsOperations } from '../types.gen.js';
import { aliasPrefix } from '../records.js';

export default async function listAliases(ctx: EngineContext, req: ListAliasesRequest): Promise<KmsOperations['ListAliases']['output']> {
  // ListAliases: Limit is 1..100 (the model allows 1..1000, which validation checks; larger values are
  // cut to 100), default 50
  const limit = Math.min(req.Limit ?? 50, 100);
  const after = decodeMarker(req.Marker, /^alias\/[a-zA-Z0-9/_-]+$/);
  // ListAliases: KeyId is a key id or key ARN
  const only = req.KeyId === undefined ? undefined : (await resolveKey(ctx, req.KeyId, { aliases: false })).KeyId;
  // An alias of a key past its deletion date goes with the key (purged as it is met)
  const keyGone = expiredKeyCheck(ctx);
  // One page in AliasName order. Aliases are stored by name only, so the KeyId filter walks the
  // region's aliases in batches until the page is full (the resolved key itself is live).
  const p = await storePage<AliasRecord, AliasRecord>(
    ctx.store,
    aliasPrefix(ctx.region),
    after,
    limit,
    async ({ value: a }) => {
      if (only !== undefined) return a.TargetKeyId === only ? a : undefined;
      return (await keyGone(a.TargetKeyId)) ? undefined : a;
    },
    only === undefined ? 1 : FILTER_BATCH,
  );
  const Aliases = p.items.map((a) => ({
    AliasName: a.AliasName,
    AliasArn: aliasArn(ctx, a.AliasName),
    TargetKeyId: a.TargetKeyId,
    CreationDate: new Date(a.CreationDate),
    LastUpdatedDate: new Date(a.LastUpdatedDate),
  }));
  return { Aliases, ...pageMembers(p) };
}
