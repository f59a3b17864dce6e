// Multi-Region keys: mrk- ids, the primary/replica relationship kept identical in every related
// record, shared key material across Regions, and the clean-up when a replica is deleted.
// Must not import operation handlers, resolve.ts (it imports this module) or the CLI.

import { KmsError } from '../../../errors.js';
import { partitionOf, type EngineContext } from '../../../engine/context.js';
import { saveKey, type KeyRecord, type MultiRegionRecord } from './key-record.js';
import { expireImportedMaterial, importedMaterialInfo, mirrorImportedMaterial, PENDING_ROTATION } from '../import/import-state.js';
import { keyRecordName } from '../records.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Developer guide, "Key identifiers": multi-Region key ids are `mrk-` + 32 lowercase hex digits. */
export function newMultiRegionKeyId(ctx: EngineContext): string {
  return `mrk-${Buffer.from(ctx.random(16)).toString('hex')}`;
}

/** CreateKey MultiRegion=true: the relationship of a new primary with no replicas yet. */
export function primaryConfig(region: string): MultiRegionRecord {
  return { type: 'PRIMARY', primaryRegion: region, replicaRegions: [] };
}

/** The same store, clock and randomness seen from another Region (cross-Region records). */
export function regionContext(ctx: EngineContext, region: string): EngineContext {
  return { ...ctx, region, partition: partitionOf(region) };
}

export function isPrimary(key: KeyRecord): boolean {
  return key.multiRegion?.type === 'PRIMARY';
}

/**
 * The Regions of a primary's replicas (empty for replicas and regional keys). ScheduleKeyDeletion
 * uses it: a primary with replicas goes to PendingReplicaDeletion instead of PendingDeletion.
 */
export function replicaRegions(key: KeyRecord): string[] {
  return isPrimary(key) ? [...key.multiRegion!.replicaRegions] : [];
}

/** Every other Region holding a key of this multi-Region key (the primary and the replicas). */
export function relatedRegions(key: KeyRecord): string[] {
  const mr = key.multiRegion;
  if (!mr) return [];
  return [mr.primaryRegion, ...mr.replicaRegions].filter((r) => r !== key.Region);
}

/** The record of the same multi-Region key in another Region, read directly (no purge). */
export async function relatedRecord(ctx: EngineContext, key: KeyRecord, region: string): Promise<KeyRecord | undefined> {
  return await ctx.store.get<KeyRecord>(keyRecordName(region, key.KeyId));
}

/**
 * Writes one relationship to every related record, each with its own role, so that every
 * Region's DescribeKey reports the same PrimaryKey and ReplicaKeys. `records` are saved too.
 */
export function writeRelationship(
  ctx: EngineContext,
  records: readonly KeyRecord[],
  primaryRegion: string,
  replicas: readonly string[],
): void {
  for (const rec of records) {
    const prior = rec.multiRegion;
    rec.multiRegion = {
      type: rec.Region === primaryRegion ? 'PRIMARY' : 'REPLICA',
      primaryRegion,
      replicaRegions: [...replicas],
    };
    if (prior?.pendingWindowInDays !== undefined) rec.multiRegion.pendingWindowInDays = prior.pendingWindowInDays;
    saveKey(ctx, rec);
  }
}

/** This key and every related record still in the store. */
export async function relatedRecords(ctx: EngineContext, key: KeyRecord): Promise<KeyRecord[]> {
  const out = [key];
  for (const r of relatedRegions(key)) {
    const rec = await relatedRecord(ctx, key, r);
    if (rec) out.push(rec);
  }
  return out;
}

/**
 * ReplicateKey: the shared properties (key id, material, spec, usage, origin, rotation). Material is
 * re-wrapped under the target's ARN (the store's AAD is `<key ARN>#<material id>`) with the SAME
 * material ids, so a blob made in one Region decrypts in the other. Keys with imported material
 * share only the material ids (import/import-state.ts mirrorImportedMaterial): a replica must be
 * given the same material by ImportKeyMaterial.
 */
export function copySharedProperties(ctx: EngineContext, from: KeyRecord, to: KeyRecord): void {
  if (from.Origin === 'AWS_KMS') {
    to.materials = from.materials.map((m) => ({
      ...m,
      wrapped: ctx.store.wrapMaterial(`${to.Arn}#${m.id}`, ctx.store.unwrapMaterial(`${from.Arn}#${m.id}`, m.wrapped)),
    }));
    to.currentMaterialId = from.currentMaterialId;
    if (from.publicKey) to.publicKey = new Uint8Array(from.publicKey);
  } else if (from.Origin === 'EXTERNAL') {
    mirrorImportedMaterial(from, to);
  }
  if (from.rotation) to.rotation = structuredClone(from.rotation);
  else delete to.rotation;
}

/**
 * Rotation of a multi-Region key happens on the PRIMARY only; call this after changing the
 * primary's `materials`, `currentMaterialId` or `rotation` (EnableKeyRotation, DisableKeyRotation,
 * RotateKeyOnDemand, automatic rotation, ImportKeyMaterial and DeleteImportedKeyMaterial on the
 * primary) so every replica holds the same material list and rotation settings. A no-op for
 * regional keys and replicas. Replicas are saved; the primary is not.
 */
export async function syncReplicas(ctx: EngineContext, primary: KeyRecord): Promise<void> {
  if (!isPrimary(primary)) return;
  for (const r of primary.multiRegion!.replicaRegions) {
    const replica = await relatedRecord(ctx, primary, r);
    if (!replica) continue;
    copySharedProperties(ctx, primary, replica);
    saveKey(ctx, replica);
  }
}

/**
 * RotationsListEntry.KeyMaterialState: PENDING_MULTI_REGION_IMPORT_AND_ROTATION "indicates key
 * material that has been imported into the primary Region key but not all of the replica Region
 * keys. When this key material is imported in to all of the replica Region keys, the key material
 * state will change to PENDING_ROTATION." The ids of this key's material pending rotation that some
 * replica has not imported (expired or deleted there counts as not imported); empty for regional keys
 * and keys whose material KMS makes. Asked of a replica, the answer is the primary's (the state belongs
 * to the set of related keys; the stackd capture shows it on a replica lacking the material).
 */
export async function awaitingReplicaImport(ctx: EngineContext, key: KeyRecord): Promise<Set<string>> {
  const out = new Set<string>();
  const pending = key.materials.filter((m) => m.state === PENDING_ROTATION);
  if (key.Origin !== 'EXTERNAL' || !key.multiRegion || pending.length === 0) return out;
  for (const rec of await relatedRecords(ctx, key)) {
    if (rec.multiRegion?.type !== 'REPLICA') continue;
    // a replica's own material may have passed its ValidTo since it was last read
    if (rec !== key) expireImportedMaterial(regionContext(ctx, rec.Region), rec);
    for (const m of pending) if (importedMaterialInfo(rec, m.id)?.ImportState !== 'IMPORTED') out.add(m.id);
  }
  return out;
}

/**
 * Called by resolve.ts after a multi-Region key's record is purged (its deletion window ended):
 * the key leaves every related record's configuration. A primary in PendingReplicaDeletion whose
 * last replica is gone moves to PendingDeletion, its window starting when that replica was deleted.
 */
export async function detachDeleted(ctx: EngineContext, deleted: KeyRecord): Promise<void> {
  const mr = deleted.multiRegion;
  if (!mr) return;
  const records: KeyRecord[] = [];
  for (const r of relatedRegions(deleted)) {
    const rec = await relatedRecord(ctx, deleted, r);
    if (rec) records.push(rec);
  }
  if (records.length === 0) return;
  const replicas = mr.replicaRegions.filter((r) => r !== deleted.Region);
  writeRelationship(ctx, records, mr.primaryRegion, replicas);
  const primary = records.find((k) => k.Region === mr.primaryRegion);
  if (primary && primary.KeyState === 'PendingReplicaDeletion' && replicas.length === 0) {
    // ScheduleKeyDeletion: "When the last of its replicas keys is deleted (not just scheduled), the
    // key state of the primary key changes to PendingDeletion and its waiting period begins."
    const window = primary.multiRegion!.pendingWindowInDays ?? 30;
    const deletedAt = deleted.DeletionDate ?? ctx.clock.now().getTime();
    primary.KeyState = 'PendingDeletion';
    primary.DeletionDate = deletedAt + window * DAY_MS;
    delete primary.multiRegion!.pendingWindowInDays;
    saveKey(ctx, primary);
  }
}

/** ReplicateKey, UpdatePrimaryRegion: the source must be a multi-Region primary key (recorded text). */
export function assertPrimary(key: KeyRecord): void {
  if (!isPrimary(key)) throw new KmsError('UnsupportedOperationException', `${key.Arn} is not a multi-region primary key.`);
}
