// The import state of EXTERNAL keys (`KeyRecord.import`): the latest wrapping parameters, each
// material's ImportState/ExpirationModel/ValidTo/description, expiry by the clock, deletion, and
// rotation to material imported as NEW_KEY_MATERIAL. Must not import operation handlers or the CLI.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { saveKey, type KeyRecord, type MaterialRecord } from '../keys/key-record.js';
import type { ExpirationModelType, ImportState } from '../types.gen.js';

/** The material states import uses (MaterialRecord.state): CURRENT, PREVIOUS as keys/key-record.ts, and this. */
export const PENDING_ROTATION = 'PENDING_ROTATION';

/** One material's import facts, as ListKeyRotations reports them (symmetric EXTERNAL keys). */
export interface ImportedMaterial {
  ImportState: ImportState;
  ExpirationModel?: ExpirationModelType;
  /** Epoch ms, KEY_MATERIAL_EXPIRES only. */
  ValidTo?: number;
  KeyMaterialDescription?: string;
}

/** The latest GetParametersForImport answer: its private key, wrapped by the store. */
export interface WrappingRecord {
  id: string;
  algorithm: string;
  spec: string;
  validTo: number;
  privateKey: Uint8Array;
}

/** `KeyRecord.import`. `expirationModel` is KeyMetadata.ExpirationModel (read by keys/key-record.ts). */
export interface ImportRecord {
  wrapping?: WrappingRecord;
  materials: Record<string, ImportedMaterial>;
  expirationModel?: ExpirationModelType;
}

/** The key's import record (created empty on first use). */
export function importOf(key: KeyRecord): ImportRecord {
  const r = key.import ?? { materials: {} };
  r.materials ??= {};
  key.import = r;
  return r;
}

/** ListKeyRotations: the import facts of one material, or undefined (keys without imports). */
export function importedMaterialInfo(key: KeyRecord, materialId: string): ImportedMaterial | undefined {
  return key.import?.materials?.[materialId];
}

/** The store's AAD for a material (keys/key-record.ts's convention) and for a wrapping private key. */
export const materialAad = (key: KeyRecord, id: string): string => `${key.Arn}#${id}`;
export const wrappingAad = (key: KeyRecord, id: string): string => `${key.Arn}#wrapping-${id}`;

/** Whether some material permanently associated with the key is deleted or expired. */
export function hasMissingMaterial(key: KeyRecord): boolean {
  const rec = key.import;
  if (key.Origin !== 'EXTERNAL') return false;
  if (key.materials.length === 0) return true;
  return key.materials.some((m) => m.state !== PENDING_ROTATION && rec?.materials?.[m.id]?.ImportState === 'PENDING_IMPORT');
}

/**
 * Recomputes KeyMetadata.ValidTo ("the earliest time at which any imported key material
 * permanently associated with this KMS key expires") and ExpirationModel (the current material's,
 * absent once it is deleted: recorded after DeleteImportedKeyMaterial).
 */
export function refreshImportMetadata(key: KeyRecord): void {
  const rec = importOf(key);
  let earliest: number | undefined;
  for (const m of key.materials) {
    const info = rec.materials[m.id];
    if (m.state === PENDING_ROTATION || info?.ImportState !== 'IMPORTED' || info.ValidTo === undefined) continue;
    earliest = earliest === undefined ? info.ValidTo : Math.min(earliest, info.ValidTo);
  }
  if (earliest === undefined) delete key.validTo;
  else key.validTo = earliest;
  const current = rec.materials[key.currentMaterialId];
  if (current?.ImportState === 'IMPORTED' && current.ExpirationModel) rec.expirationModel = current.ExpirationModel;
  else delete rec.expirationModel;
}

/**
 * Makes a material unusable: its bytes are dropped and it waits for the same material again.
 * Material pending rotation "is not permanently associated with the KMS key", so it goes entirely,
 * except on a multi-Region replica: its material ids are the primary's (mirrorImportedMaterial), so
 * the row stays, waiting for import.
 */
export function dropMaterial(key: KeyRecord, m: MaterialRecord): void {
  const rec = importOf(key);
  if (m.state === PENDING_ROTATION && key.multiRegion?.type !== 'REPLICA') {
    key.materials = key.materials.filter((x) => x !== m);
    delete rec.materials[m.id];
    return;
  }
  m.wrapped = new Uint8Array(0);
  rec.materials[m.id] = { ImportState: 'PENDING_IMPORT', KeyMaterialDescription: rec.materials[m.id]?.KeyMaterialDescription };
  if (rec.materials[m.id]!.KeyMaterialDescription === undefined) delete rec.materials[m.id]!.KeyMaterialDescription;
}

/**
 * Multi-Region keys with imported material. Developer guide, "Importing key material into
 * multi-Region keys": "AWS KMS does not copy or synchronize the key material from a primary key ...
 * to its replica keys"; yet a replica lists the primary's material ids, states and descriptions,
 * PENDING_IMPORT until imported into it (captured by radkawar/stackd
 * testdata/aws/kms/imports_multi_region.json, replica_pending_poll and replica_missing_first_history).
 * So a replica takes the primary's list; the bytes and import facts (ImportState, expiry) of each id
 * stay its own, and ids the primary no longer holds (its pending material deleted) go. Called by
 * keys/multi-region.ts whenever the primary's material list may have changed.
 */
export function mirrorImportedMaterial(primary: KeyRecord, replica: KeyRecord): void {
  const own = new Map(replica.materials.map((m) => [m.id, m]));
  const rec = importOf(replica);
  const facts: Record<string, ImportedMaterial> = {};
  replica.materials = primary.materials.map((p) => {
    const info: ImportedMaterial = { ...(rec.materials[p.id] ?? { ImportState: 'PENDING_IMPORT' }) };
    // KeyMaterialDescription "can only be specified on primary Multi-Region keys" (stackd capture)
    const description = primary.import?.materials?.[p.id]?.KeyMaterialDescription;
    if (description === undefined) delete info.KeyMaterialDescription;
    else info.KeyMaterialDescription = description;
    facts[p.id] = info;
    return { id: p.id, wrapped: own.get(p.id)?.wrapped ?? new Uint8Array(0), createdAt: p.createdAt, state: p.state };
  });
  rec.materials = facts;
  replica.currentMaterialId = primary.currentMaterialId;
  refreshImportMetadata(replica);
  settleState(replica);
}

/** Key states: without all its material a key is PendingImport, unless it is pending deletion. */
export function settleState(key: KeyRecord): void {
  const deleting = key.KeyState === 'PendingDeletion' || key.KeyState === 'PendingReplicaDeletion';
  if (hasMissingMaterial(key)) {
    if (!deleting) key.KeyState = 'PendingImport';
  } else if (key.KeyState === 'PendingImport') {
    key.KeyState = 'Enabled';
  }
}

/**
 * ImportKeyMaterial ValidTo: "When the key material expires, KMS deletes the key material from the
 * KMS key". Run whenever a key is loaded (resolve.ts); true (and the key saved) when some expired.
 */
export function expireImportedMaterial(ctx: EngineContext, key: KeyRecord): boolean {
  if (key.Origin !== 'EXTERNAL') return false;
  // A key leaving PendingDeletion (CancelKeyDeletion → Disabled) without all its material is PendingImport
  if ((key.KeyState === 'Enabled' || key.KeyState === 'Disabled') && hasMissingMaterial(key)) {
    key.KeyState = 'PendingImport';
    saveKey(ctx, key);
  }
  if (key.validTo === undefined) return false;
  const now = ctx.clock.now().getTime();
  if (now < key.validTo) return false;
  const rec = importOf(key);
  for (const m of [...key.materials]) {
    const info = rec.materials[m.id];
    if (info?.ImportState === 'IMPORTED' && info.ValidTo !== undefined && info.ValidTo <= now) {
      dropMaterial(key, m);
      // KMS's own event when imported material expires
      ctx.trail?.serviceEvent(ctx, { eventName: 'DeleteExpiredKeyMaterial', time: info.ValidTo, keyArn: key.Arn, region: key.Region, details: { keyId: key.KeyId, keyMaterialId: m.id }, awsManaged: false });
    }
  }
  refreshImportMetadata(key);
  settleState(key);
  saveKey(ctx, key);
  return true;
}

/**
 * RotateKeyOnDemand for EXTERNAL keys: the material imported as NEW_KEY_MATERIAL (PENDING_ROTATION)
 * becomes current; the old current material stays for decryption. Returns the new current id; the
 * caller records the rotation (rotation.ts recordRotation). The key is saved.
 */
export function rotateImportedKey(ctx: EngineContext, key: KeyRecord): string {
  if (key.KeySpec !== 'SYMMETRIC_DEFAULT') throw new KmsError('UnsupportedOperationException', '');
  if (key.KeyState === 'PendingImport') throw new KmsError('KMSInvalidStateException', `${key.Arn} is pending import.`);
  const next = key.materials.find((m) => m.state === PENDING_ROTATION);
  if (!next) {
    // RotateKeyOnDemand: recorded AWS message
    throw new KmsError('KMSInvalidStateException', `No available key material pending rotation for the key: ${key.Arn}.`);
  }
  for (const m of key.materials) if (m.state === 'CURRENT') m.state = 'PREVIOUS';
  next.state = 'CURRENT';
  next.createdAt = ctx.clock.now().getTime();
  key.currentMaterialId = next.id;
  refreshImportMetadata(key);
  saveKey(ctx, key);
  return next.id;
}
