// ListAliases: the aliases of the region, or of one key (KeyId), paged with Limit/Marker.
// Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { aliasArn } from '../keys/key-record.js';
import { decodeMarker, page, pageMembers } from '../requests.js';
import { purgeExpiredKeys, resolveKey, type AliasRecord } from '../keys/resolve.js';
import type { ListAliasesRequest, KmsOperations } from '../types.gen.js';
import { aliasPrefix } from '../records.js';

export default async function listAliases(ctx: EngineContext, req: ListAliasesRequest): Promise<KmsOperations['ListAliases']['output']> {
  // ListAliases: Limit is 1..100 (the model allows 1..1000, which validation checks; larger values are
  // cut to 100), default 50
  const limit = Math.min(req.Limit ?? 50, 100);
  const after = decodeMarker(req.Marker, /^alias\/[a-zA-Z0-9/_-]+$/);
  await purgeExpiredKeys(ctx);
  // ListAliases: KeyId is a key id or key ARN
  const only = req.KeyId === undefined ? undefined : (await resolveKey(ctx, req.KeyId, { aliases: false })).KeyId;
  const records = await ctx.store.list<AliasRecord>(aliasPrefix(ctx.region));
  const all = records.map((r) => r.value).filter((a) => only === undefined || a.TargetKeyId === only);
  const p = page(all, (a) => a.AliasName, after, limit);
  const Aliases = p.items.map((a) => ({
    AliasName: a.AliasName,
    AliasArn: aliasArn(ctx, a.AliasName),
    TargetKeyId: a.TargetKeyId,
    CreationDate: new Date(a.CreationDate),
    LastUpdatedDate: new Date(a.LastUpdatedDate),
  }));
  return { Aliases, ...pageMembers(p) };
}
