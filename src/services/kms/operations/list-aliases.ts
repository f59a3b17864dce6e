// ListAliases: the aliases of the region, or of one key (KeyId), paged with Limit/Marker; the
// region's list also holds the predefined alias/aws/* names whose key is not made yet.
// Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { aliasArn } from '../keys/key-record.js';
import { PREDEFINED_ALIAS_SERVICES } from '../keys/aws-managed.js';
import { FILTER_BATCH, decodeMarker, encodeMarker, pageMembers, storePage } from '../requests.js';
import { expiredKeyCheck, resolveKey, type AliasRecord } from '../keys/resolve.js';
import type { AliasListEntry, ListAliasesRequest, KmsOperations } from '../types.gen.js';
import { aliasPrefix, aliasRecordName } from '../records.js';

/** The predefined names, in the store's name order (byte order, as SQLite's BINARY collation). */
const PREDEFINED = PREDEFINED_ALIAS_SERVICES.map((s) => `alias/aws/${s}`).sort(byName);

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

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
  const stored: AliasListEntry[] = p.items.map((a) => ({
    AliasName: a.AliasName,
    AliasArn: aliasArn(ctx, a.AliasName),
    TargetKeyId: a.TargetKeyId,
    CreationDate: new Date(a.CreationDate),
    LastUpdatedDate: new Date(a.LastUpdatedDate),
  }));
  // ListAliases: predefined aliases have no TargetKeyId, so a KeyId never lists them
  if (only !== undefined) return { Aliases: stored, ...pageMembers(p) };
  return mergePredefined(ctx, stored, p.truncated, after, limit);
}

/**
 * Merges into a page of stored aliases the predefined names after the marker that have no stored
 * alias yet (once the AWS managed key is made, its stored alias stands for it), each with
 * AliasName and AliasArn only. The stored page holds `limit` aliases when truncated, so the
 * first `limit` of the merge are exactly the merged list's next page; the marker is the last
 * entry's name, as for stored aliases.
 */
async function mergePredefined(
  ctx: EngineContext,
  stored: AliasListEntry[],
  storedTruncated: boolean,
  after: string | undefined,
  limit: number,
): Promise<KmsOperations['ListAliases']['output']> {
  // Only the names that can be on this page are looked up: past the last stored alias of a
  // truncated page, or past limit + 1 found, a name cannot change the page.
  const bound = storedTruncated ? stored[stored.length - 1]!.AliasName! : undefined;
  const merged = [...stored];
  let found = 0;
  for (const name of PREDEFINED) {
    if (after !== undefined && name <= after) continue;
    if ((bound !== undefined && name > bound) || found > limit) break;
    if ((await ctx.store.get(aliasRecordName(ctx.region, name))) !== undefined) continue;
    merged.push({ AliasName: name, AliasArn: aliasArn(ctx, name) });
    found++;
  }
  merged.sort((a, b) => byName(a.AliasName!, b.AliasName!));
  const Aliases = merged.slice(0, limit);
  const truncated = storedTruncated || merged.length > limit;
  return { Aliases, ...pageMembers({ truncated, nextMarker: truncated ? encodeMarker(Aliases[Aliases.length - 1]!.AliasName!) : undefined }) };
}
