// Key rotation: the rotation record of a key (automatic schedule, on-demand count, history), new
// material on rotation, and automatic rotation as the clock passes NextRotationDate. Must not import
// resolve.ts (it calls applyDueRotation), operation handlers or the CLI; crypto only via the registry.

import { specFor } from '../../../crypto/families.js';
import { KmsError } from '../../../errors.js';
import { partitionOf, type EngineContext } from '../../../engine/context.js';
import { addMaterial, saveKey, type KeyRecord } from '../keys/key-record.js';
import { regionContext, syncReplicas } from '../keys/multi-region.js';
import { keyRecordName } from '../records.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** EnableKeyRotation: RotationPeriodInDays defaults to 365. */
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;
/** RotateKeyOnDemand: "a maximum of 25 times per KMS key" (quota, not adjustable in AWS). */
export const DEFAULT_ON_DEMAND_ROTATIONS = 25;

export type RotationType = 'AUTOMATIC' | 'ON_DEMAND';

/** One completed rotation: the material it made current, when, and how. */
export interface RotationEntry {
  materialId: string;
  date: number;
  type: RotationType;
}

/**
 * `KeyRecord.rotation`. The first three fields are shared with aws-managed.ts (which creates AWS
 * managed keys with rotation on); multi-region.ts copies the whole record to replicas.
 */
export interface RotationRecord {
  /** Automatic rotation on (EnableKeyRotation; always for AWS managed keys). */
  enabled: boolean;
  periodInDays?: number;
  /** Epoch ms of the next automatic rotation, while enabled. */
  nextRotationDate?: number;
  /** Completed rotations, oldest first. */
  history?: RotationEntry[];
  /** RotateKeyOnDemand calls that succeeded (the per-key quota counts them). */
  onDemandCount?: number;
  /** Last time the key was seen overdue while not Enabled: rotation waits for it to be enabled. */
  pausedAt?: number;
}

/** The key's rotation record (a default one, rotation off, for keys that never had one). */
export function rotationOf(key: KeyRecord): RotationRecord {
  const r = key.rotation ?? { enabled: false };
  key.rotation = r;
  return r;
}

/** Read-only view of the rotation record, without creating one. */
export function peekRotation(key: KeyRecord): RotationRecord | undefined {
  return key.rotation;
}

/** RotateKeyOnDemand's per-key quota: EngineContext.limits.onDemandRotationsPerKey, else AWS's 25. */
export function onDemandRotationLimit(ctx: EngineContext): number {
  return ctx.limits?.onDemandRotationsPerKey ?? DEFAULT_ON_DEMAND_ROTATIONS;
}

/** Symmetric encryption keys whose material KMS holds (AWS_KMS) or imports (EXTERNAL) can rotate. */
export function isSymmetricEncryption(key: KeyRecord): boolean {
  return key.KeySpec === 'SYMMETRIC_DEFAULT' && key.KeyUsage === 'ENCRYPT_DECRYPT';
}

export function isReplica(key: KeyRecord): boolean {
  return key.multiRegion?.type === 'REPLICA';
}

/**
 * Makes fresh material current (AWS_KMS keys): old material stays for decrypting older ciphertexts.
 * The rotation is recorded with `date` (an automatic rotation's scheduled date, else now).
 */
export function rotateMaterial(ctx: EngineContext, key: KeyRecord, type: RotationType, date: number): string {
  const info = specFor(key.KeySpec, partitionOf(key.Region));
  if (!info) throw new KmsError('KMSInternalException', `KeySpec ${key.KeySpec} is not available in this build of kms.`);
  const material = info.generateMaterial(ctx.random);
  const rec = addMaterial(ctx, key, material);
  material.fill(0);
  rec.createdAt = date;
  recordRotation(ctx, key, rec.id, type, date);
  return rec.id;
}

/**
 * Adds a history entry (also used when imported material pending rotation becomes current), and
 * the RotateKey event KMS writes in CloudTrail when a rotation completes.
 */
export function recordRotation(ctx: EngineContext, key: KeyRecord, materialId: string, type: RotationType, date: number): void {
  const r = rotationOf(key);
  const previous = key.materials.find((m) => m.id !== materialId && m.state === 'PREVIOUS')?.id;
  (r.history ??= []).push({ materialId, date, type });
  if (type === 'ON_DEMAND') r.onDemandCount = (r.onDemandCount ?? 0) + 1;
  ctx.trail?.serviceEvent(ctx, {
    eventName: 'RotateKey',
    time: date,
    keyArn: key.Arn,
    region: key.Region,
    // AWS's serviceEventDetails for RotateKey (developer guide, ct-rotatekey)
    details: { rotationType: type, keyId: key.KeyId, keyOrigin: key.Origin, ...(previous ? { previousKeyMaterialId: previous } : {}), currentKeyMaterialId: materialId },
    awsManaged: key.KeyManager === 'AWS',
  });
}

/**
 * EnableKeyRotation. A key whose rotation was off starts a new schedule from now ("rotates the key
 * material based on the new rotation-enable date"); a new period on a key already rotating counts
 * from its last automatic rotation (or enable date), and rotates now if that date has passed.
 */
export function enableAutomaticRotation(ctx: EngineContext, key: KeyRecord, periodInDays: number): void {
  const r = rotationOf(key);
  const now = ctx.clock.now().getTime();
  if (r.enabled && r.nextRotationDate !== undefined && r.periodInDays !== undefined) {
    const base = r.nextRotationDate - r.periodInDays * DAY_MS;
    r.nextRotationDate = Math.max(base + periodInDays * DAY_MS, now);
  } else {
    r.nextRotationDate = now + periodInDays * DAY_MS;
  }
  r.enabled = true;
  r.periodInDays = periodInDays;
  delete r.pausedAt;
}

/** DisableKeyRotation: the key keeps its current material; the schedule is dropped. */
export function disableAutomaticRotation(key: KeyRecord): void {
  const r = rotationOf(key);
  r.enabled = false;
  delete r.periodInDays;
  delete r.nextRotationDate;
  delete r.pausedAt;
}

/**
 * Automatic rotation, judged lazily against ctx.clock whenever a key is loaded for use (resolve.ts).
 * An Enabled key rotates once per scheduled date it has passed, each rotation dated at its schedule.
 * GetKeyRotationStatus doc: while the key is disabled (or pending deletion) it does not rotate; once
 * enabled again, if a rotation fell due meanwhile it rotates at once (dated when it was re-enabled:
 * the last time it was seen paused, which is EnableKey's own lookup) and the schedule restarts from
 * there; otherwise it resumes its prior schedule. A replica follows its primary's material.
 * Saves the key and returns true when the record changed.
 */
export async function applyDueRotation(ctx: EngineContext, key: KeyRecord): Promise<boolean> {
  if (isReplica(key)) return await followPrimary(ctx, key);
  const r = peekRotation(key);
  if (!r?.enabled || r.nextRotationDate === undefined || !isSymmetricEncryption(key) || key.Origin !== 'AWS_KMS') return false;
  const now = ctx.clock.now().getTime();
  const period = (r.periodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS) * DAY_MS;
  if (key.KeyState !== 'Enabled') {
    if (r.nextRotationDate > now || r.pausedAt === now) return false;
    r.pausedAt = now;
    saveKey(ctx, key);
    return true;
  }
  let changed = false;
  if (r.pausedAt !== undefined) {
    const resumed = r.pausedAt;
    delete r.pausedAt;
    changed = true;
    if (r.nextRotationDate <= resumed) {
      rotateMaterial(ctx, key, 'AUTOMATIC', resumed);
      r.nextRotationDate = resumed + period;
    }
  }
  while (r.nextRotationDate <= now) {
    rotateMaterial(ctx, key, 'AUTOMATIC', r.nextRotationDate);
    r.nextRotationDate += period;
    changed = true;
  }
  if (!changed) return false;
  saveKey(ctx, key);
  await syncReplicas(ctx, key);
  return true;
}

/**
 * A replica's material and rotation settings are the primary's: apply the primary's due rotations
 * (which push to every replica), then reload this replica's record into `key`.
 */
async function followPrimary(ctx: EngineContext, key: KeyRecord): Promise<boolean> {
  const primaryRegion = key.multiRegion!.primaryRegion;
  const pctx = regionContext(ctx, primaryRegion);
  const primary = await ctx.store.get<KeyRecord>(keyRecordName(primaryRegion, key.KeyId));
  if (!primary || !await applyDueRotation(pctx, primary)) return false;
  const fresh = await ctx.store.get<KeyRecord>(keyRecordName(key.Region, key.KeyId));
  if (fresh) Object.assign(key, fresh);
  return true;
}
