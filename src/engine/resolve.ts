// Key resolution for every operation: key id, key ARN, alias name, alias ARN → key record, with
// AWS's NotFoundException texts, key-state checks and the lazy purge of keys past DeletionDate.
// Must not import operation handlers, the CLI or crypto.

import { KmsError } from '../errors.js';
import type { EngineContext } from './context.js';
import { aliasArn, keyArn, keyPrefix, keyRecordName, type KeyRecord } from './keys.js';

/** An alias record, `alias/<region>/<AliasName>` (AliasName keeps its `alias/` prefix). */
export interface AliasRecord {
  AliasName: string;
  TargetKeyId: string;
  CreationDate: number;
  LastUpdatedDate: number;
}

export const aliasRecordName = (region: string, aliasName: string): string => `alias/${region}/${aliasName}`;
export const aliasPrefix = (region: string): string => `alias/${region}/`;

const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const ARN = /^arn:([^:]+):kms:([^:]*):([^:]*):(key|alias)\/(.+)$/;

/** Whether the identifier may be an alias name or alias ARN (each operation's API reference). */
export interface ResolveOptions {
  aliases: boolean;
}

function notFound(message: string): KmsError {
  return new KmsError('NotFoundException', message);
}

/** True, and the key and its aliases are deleted, when the key's deletion date has passed. */
function purgeIfExpired(ctx: EngineContext, key: KeyRecord): boolean {
  if (key.KeyState !== 'PendingDeletion' || key.DeletionDate === undefined) return false;
  if (ctx.clock.now().getTime() < key.DeletionDate) return false;
  ctx.store.delete(keyRecordName(key.Region, key.KeyId));
  for (const a of ctx.store.list<AliasRecord>(aliasPrefix(key.Region))) {
    if (a.value.TargetKeyId === key.KeyId) ctx.store.delete(a.name);
  }
  return true;
}

/** Removes every key of the region whose deletion date has passed (list operations call it). */
export function purgeExpiredKeys(ctx: EngineContext): void {
  for (const r of ctx.store.list<KeyRecord>(keyPrefix(ctx.region))) purgeIfExpired(ctx, r.value);
}

/** The key with this id in the context's region, or undefined (also once it has been purged). */
export function findKey(ctx: EngineContext, keyId: string): KeyRecord | undefined {
  const key = ctx.store.get<KeyRecord>(keyRecordName(ctx.region, keyId));
  if (!key || purgeIfExpired(ctx, key)) return undefined;
  return key;
}

/** The alias record by name, or undefined when it does not exist or its key is gone. */
export function findAlias(ctx: EngineContext, aliasName: string): AliasRecord | undefined {
  const alias = ctx.store.get<AliasRecord>(aliasRecordName(ctx.region, aliasName));
  if (!alias) return undefined;
  if (!findKey(ctx, alias.TargetKeyId)) {
    ctx.store.delete(aliasRecordName(ctx.region, aliasName));
    return undefined;
  }
  return alias;
}

/**
 * Resolves a KeyId member. Messages as AWS gives them: "Invalid keyId '<id>'" for an identifier
 * that is not a key id, "Key '<arn>' does not exist", "Invalid arn <region>" for a key ARN of
 * another region, "Alias <alias ARN> is not found." for an unknown alias.
 */
export function resolveKey(ctx: EngineContext, keyIdInput: string, opts: ResolveOptions): KeyRecord {
  const id = String(keyIdInput);
  const arn = ARN.exec(id);
  if (arn) {
    const [, partition, region, account, kind, rest] = arn as unknown as [string, string, string, string, string, string];
    if (kind === 'alias') {
      if (!opts.aliases) throw notFound(`Invalid keyId '${id}'`);
      if (region !== ctx.region || account !== ctx.account || partition !== ctx.partition) {
        throw notFound(`Alias ${id} is not found.`);
      }
      return keyOfAlias(ctx, `alias/${rest}`);
    }
    if (region !== ctx.region) throw notFound(`Invalid arn ${region}`);
    if (!KEY_ID.test(rest)) throw notFound(`Invalid keyId '${rest}'`);
    if (account !== ctx.account || partition !== ctx.partition) throw notFound(`Key '${id}' does not exist`);
    const key = findKey(ctx, rest);
    if (!key) throw notFound(`Key '${id}' does not exist`);
    return key;
  }
  if (id.startsWith('alias/')) {
    if (!opts.aliases) throw notFound(`Invalid keyId '${id}'`);
    return keyOfAlias(ctx, id);
  }
  if (!KEY_ID.test(id)) throw notFound(`Invalid keyId '${id}'`);
  const key = findKey(ctx, id);
  if (!key) throw notFound(`Key '${keyArn(ctx, id)}' does not exist`);
  return key;
}

function keyOfAlias(ctx: EngineContext, aliasName: string): KeyRecord {
  const alias = findAlias(ctx, aliasName);
  if (!alias) throw notFound(`Alias ${aliasArn(ctx, aliasName)} is not found.`);
  const key = findKey(ctx, alias.TargetKeyId);
  if (!key) throw notFound(`Alias ${aliasArn(ctx, aliasName)} is not found.`);
  return key;
}

/** Key states (developer guide, "Key states of AWS KMS keys"): cryptographic operations need Enabled. */
export function assertUsable(key: KeyRecord): void {
  if (key.KeyState === 'Enabled') return;
  if (key.KeyState === 'Disabled') throw new KmsError('DisabledException', `${key.Arn} is disabled.`);
  throw invalidState(key);
}

/** Management operations (enable, disable, describe-key changes, tags, aliases) refuse PendingDeletion. */
export function assertNotPendingDeletion(key: KeyRecord): void {
  if (key.KeyState === 'PendingDeletion' || key.KeyState === 'PendingReplicaDeletion') throw invalidState(key);
}

export function invalidState(key: KeyRecord): KmsError {
  const what: Record<string, string> = {
    PendingDeletion: 'pending deletion',
    PendingReplicaDeletion: 'pending replica deletion',
    PendingImport: 'pending import',
    Unavailable: 'unavailable',
    Creating: 'creating',
    Updating: 'updating',
  };
  return new KmsError('KMSInvalidStateException', `${key.Arn} is ${what[key.KeyState] ?? key.KeyState}.`);
}
