// ListKeyRotations: the key material versions a key's rotations made (ROTATIONS_ONLY, the default),
// or every material (ALL_KEY_MATERIAL), oldest first, paged by Limit/Marker. Must not import the
// CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { importedMaterialInfo } from '../import/import-state.js';
import type { KeyRecord, MaterialRecord } from '../keys/key-record.js';
import { awaitingReplicaImport } from '../keys/multi-region.js';
import { decodeMarker, page, pageMembers } from '../requests.js';
import { assertRotatable, rotationKey } from '../rotation/rotation-rules.js';
import { peekRotation, type RotationEntry } from '../rotation/rotation.js';
import type { KeyMaterialState, KmsOperations, ListKeyRotationsRequest, RotationsListEntry } from '../types.gen.js';

const PENDING = new Set(['PENDING_ROTATION', 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION']);

/**
 * RotationsListEntry.KeyMaterialState: CURRENT, NON_CURRENT or one of the pending states; pending
 * material of a multi-Region key is PENDING_MULTI_REGION_IMPORT_AND_ROTATION while some replica
 * lacks it (`waiting`, keys/multi-region.ts awaitingReplicaImport).
 */
function materialState(key: KeyRecord, m: MaterialRecord, waiting: ReadonlySet<string>): KeyMaterialState {
  if (m.id === key.currentMaterialId) return 'CURRENT';
  if (!PENDING.has(m.state)) return 'NON_CURRENT';
  return waiting.has(m.id) ? 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION' : (m.state as KeyMaterialState);
}

function entry(key: KeyRecord, m: MaterialRecord, waiting: ReadonlySet<string>, rotation?: RotationEntry): RotationsListEntry {
  const e: RotationsListEntry = { KeyId: key.KeyId, KeyMaterialId: m.id };
  // RotationsListEntry: description, import state and expiry only for keys with imported material
  const im = key.Origin === 'EXTERNAL' ? importedMaterialInfo(key, m.id) : undefined;
  if (im?.KeyMaterialDescription !== undefined) e.KeyMaterialDescription = im.KeyMaterialDescription;
  if (im) e.ImportState = im.ImportState;
  e.KeyMaterialState = materialState(key, m, waiting);
  if (im?.ExpirationModel !== undefined) e.ExpirationModel = im.ExpirationModel;
  if (im?.ValidTo !== undefined) e.ValidTo = new Date(im.ValidTo);
  // RotationDate/RotationType: "not present for the first key material or ... PENDING_ROTATION"
  if (rotation) {
    e.RotationDate = new Date(rotation.date);
    e.RotationType = rotation.type;
  }
  return e;
}

/** The rows in order: the first material (ALL only), each rotation, then pending material (ALL only). */
function rows(key: KeyRecord, all: boolean, waiting: ReadonlySet<string>): RotationsListEntry[] {
  const history = peekRotation(key)?.history ?? [];
  const rotated = new Map(history.map((h) => [h.materialId, h]));
  const byId = new Map(key.materials.map((m) => [m.id, m]));
  const out: RotationsListEntry[] = [];
  if (all) {
    for (const m of key.materials) if (!rotated.has(m.id) && !PENDING.has(m.state)) out.push(entry(key, m, waiting));
  }
  for (const h of history) {
    const m = byId.get(h.materialId);
    if (m) out.push(entry(key, m, waiting, h));
  }
  if (all) for (const m of key.materials) if (!rotated.has(m.id) && PENDING.has(m.state)) out.push(entry(key, m, waiting));
  return out;
}

const SEQ = /^\d{8}$/;

export default async function listKeyRotations(ctx: EngineContext, req: ListKeyRotationsRequest): Promise<KmsOperations['ListKeyRotations']['output']> {
  // ListKeyRotations: Limit defaults to 100
  const after = decodeMarker(req.Marker, SEQ);
  const key = await rotationKey(ctx, req.KeyId, 'ListKeyRotations');
  // ListKeyRotations: only keys that support automatic or on-demand rotation
  assertRotatable(key, { importedRotates: true });
  const all = req.IncludeKeyMaterial === 'ALL_KEY_MATERIAL';
  const numbered = rows(key, all, await awaitingReplicaImport(ctx, key)).map((r, i) => ({ seq: String(i).padStart(8, '0'), r }));
  const p = page(numbered, (x) => x.seq, after, req.Limit ?? 100);
  return { Rotations: p.items.map((x) => x.r), ...pageMembers(p) };
}
