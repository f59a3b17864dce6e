// Key resolution for every operation: key id, key ARN, alias name, alias ARN → key record, with
// AWS's NotFoundException texts, key-state checks and the lazy purge of keys past DeletionDate.
// Must not import operation handlers, the CLI or crypto (AWS managed keys come from aws-managed.ts).

import { KmsError } from '../../../errors.js';
import { awsManagedService, createAwsManagedKey } from './aws-managed.js';
import type { EngineContext } from '../../../engine/context.js';
import { expireImportedMaterial } from '../import/import-state.js';
import { aliasArn, KEY_ID, keyArn, parseKmsArn, type KeyRecord } from './key-record.js';
import { forgetLastUsage } from '../key-use/last-usage.js';
import { detachDeleted, relatedRegions, syncReplicas } from './multi-region.js';
import { applyDueRotation } from '../rotation/rotation.js';
import { aliasPrefix, aliasRecordName, grantKeyPrefix, keyPrefix, keyRecordName } from '../records.js';

/** An alias record, `alias/<region>/<AliasName>` (AliasName keeps its `alias/` prefix). */
export interface AliasRecord {
  AliasName: string;
  TargetKeyId: string;
  CreationDate: number;
  LastUpdatedDate: number;
}


/** Whether the identifier may be an alias name or alias ARN (each operation's API reference). */
export interface ResolveOptions {
  aliases: boolean;
}

function notFound(message: string): KmsError {
  return new KmsError('NotFoundException', message);
}

/** True, and the key and its aliases are deleted, when the key's deletion date has passed (list operations call it on each key they read). */
export async function purgeIfExpired(ctx: EngineContext, key: KeyRecord): Promise<boolean> {
  if (key.KeyState !== 'PendingDeletion' || key.DeletionDate === undefined) return false;
  if (ctx.clock.now().getTime() < key.DeletionDate) return false;
  // KMS's own DeleteKey event, when the waiting period ended
  ctx.trail?.serviceEvent(ctx, { eventName: 'DeleteKey', time: key.DeletionDate, keyArn: key.Arn, region: key.Region, details: { keyId: key.KeyId }, awsManaged: key.KeyManager === 'AWS' });
  ctx.store.delete(keyRecordName(key.Region, key.KeyId));
  for (const a of await ctx.store.list<AliasRecord>(aliasPrefix(key.Region))) {
    if (a.value.TargetKeyId === key.KeyId) ctx.store.delete(a.name);
  }
  // Grants: deleting a key deletes its grants
  for (const g of await ctx.store.list(grantKeyPrefix(key.Region, key.KeyId))) ctx.store.delete(g.name);
  forgetLastUsage(ctx, key);
  // Multi-Region keys: a deleted key leaves its relatives' MultiRegionConfiguration
  await detachDeleted(ctx, key);
  return true;
}

/**
 * For list operations that meet key ids on records of the key (aliases, grants): whether that key
 * is past its deletion date, purging it when it is. Reads each key once per call.
 */
export function expiredKeyCheck(ctx: EngineContext): (keyId: string) => Promise<boolean> {
  const seen = new Map<string, boolean>();
  return async (keyId) => {
    let gone = seen.get(keyId);
    if (gone === undefined) {
      const key = await ctx.store.get<KeyRecord>(keyRecordName(ctx.region, keyId));
      gone = key !== undefined && (await purgeIfExpired(ctx, key));
      seen.set(keyId, gone);
    }
    return gone;
  };
}

/** Multi-Region keys: purges related keys (other Regions) past their deletion date; true if any. */
async function purgeExpiredRelatives(ctx: EngineContext, key: KeyRecord): Promise<boolean> {
  let purged = false;
  for (const region of relatedRegions(key)) {
    const rel = await ctx.store.get<KeyRecord>(keyRecordName(region, key.KeyId));
    if (rel && await purgeIfExpired(ctx, rel)) purged = true;
  }
  return purged;
}

/** Removes every key of the region whose deletion date has passed: a scan of the region (custom key stores, keysInStore). */
export async function purgeExpiredKeys(ctx: EngineContext): Promise<void> {
  for (const r of await ctx.store.list<KeyRecord>(keyPrefix(ctx.region))) await purgeIfExpired(ctx, r.value);
}

/** The key with this id in the context's region, or undefined (also once it has been purged). */
export async function findKey(ctx: EngineContext, keyId: string): Promise<KeyRecord | undefined> {
  let key = await ctx.store.get<KeyRecord>(keyRecordName(ctx.region, keyId));
  if (!key || await purgeIfExpired(ctx, key)) return undefined;
  // Multi-Region keys: a replica deleted in another Region changes this key's configuration
  if (key.multiRegion && await purgeExpiredRelatives(ctx, key)) {
    key = await ctx.store.get<KeyRecord>(keyRecordName(ctx.region, keyId));
    if (!key || await purgeIfExpired(ctx, key)) return undefined;
  }
  // Imported key material past its ValidTo is deleted; the key becomes PendingImport (import/import-state.ts).
  // Expired pending material of a multi-Region primary leaves its replicas' lists too (as deleted material does)
  if (expireImportedMaterial(ctx, key)) await syncReplicas(ctx, key);
  // Automatic rotation happens as the clock passes NextRotationDate (rotation.ts)
  await applyDueRotation(ctx, key);
  return key;
}

/** The alias record by name, or undefined when it does not exist or its key is gone. */
export async function findAlias(ctx: EngineContext, aliasName: string): Promise<AliasRecord | undefined> {
  const alias = await ctx.store.get<AliasRecord>(aliasRecordName(ctx.region, aliasName));
  if (!alias) return undefined;
  if (!await findKey(ctx, alias.TargetKeyId)) {
    ctx.store.delete(aliasRecordName(ctx.region, aliasName));
    return undefined;
  }
  return alias;
}

/**
 * An alias name or alias ARN given to an operation that takes a key id or key ARN only
 * (TagResource, GetKeyPolicy, CreateGrant, …). AWS's answer, captured for CreateGrant (alias name
 * and ARN), GetKeyPolicy, ListResourceTags and DisableKey; the API reference says the same
 * "Specify the key ID or key ARN" for the rest of them, so they get it too.
 */
export function aliasesNotSupported(): KmsError {
  return new KmsError('InvalidArnException', 'Key Aliases are not supported for this operation.');
}

/**
 * Resolves a KeyId member. Messages as AWS gives them: "Invalid keyId '<id>'" for an identifier
 * that is not a key id, "Key '<arn>' does not exist", "Invalid arn <region>" for a key ARN of
 * another region, "Alias <alias ARN> is not found." for an unknown alias, and InvalidArnException
 * for an alias where the operation takes none (`opts.aliases` false).
 */
export async function resolveKey(ctx: EngineContext, id: string, opts: ResolveOptions): Promise<KeyRecord> {
  const arn = parseKmsArn(id);
  if (arn) {
    const { partition, region, account, kind, name } = arn;
    if (kind === 'alias') {
      if (!opts.aliases) throw aliasesNotSupported();
      if (region !== ctx.region || account !== ctx.account || partition !== ctx.partition) {
        throw notFound(`Alias ${id} is not found.`);
      }
      return await keyOfAlias(ctx, name);
    }
    if (region !== ctx.region) throw notFound(`Invalid arn ${region}`);
    if (!KEY_ID.test(name)) throw notFound(`Invalid keyId '${name}'`);
    if (account !== ctx.account || partition !== ctx.partition) throw notFound(`Key '${id}' does not exist`);
    const key = await findKey(ctx, name);
    if (!key) throw notFound(`Key '${id}' does not exist`);
    return key;
  }
  if (id.startsWith('alias/')) {
    if (!opts.aliases) throw aliasesNotSupported();
    return await keyOfAlias(ctx, id);
  }
  if (!KEY_ID.test(id)) throw notFound(`Invalid keyId '${id}'`);
  const key = await findKey(ctx, id);
  if (!key) throw notFound(`Key '${keyArn(ctx, id)}' does not exist`);
  return key;
}

async function keyOfAlias(ctx: EngineContext, aliasName: string): Promise<KeyRecord> {
  // AWS managed keys are created on the account's behalf the first time alias/aws/<service> is used
  const service = awsManagedService(aliasName);
  if (service && !await findAlias(ctx, aliasName)) return createAwsManagedKey(ctx, service);
  const alias = await findAlias(ctx, aliasName);
  if (!alias) throw notFound(`Alias ${aliasArn(ctx, aliasName)} is not found.`);
  const key = await findKey(ctx, alias.TargetKeyId);
  if (!key) throw notFound(`Alias ${aliasArn(ctx, aliasName)} is not found.`);
  return key;
}
