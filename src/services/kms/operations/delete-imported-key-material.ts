// DeleteImportedKeyMaterial: drops imported material (the current one unless KeyMaterialId names
// another); the key becomes PendingImport unless it is pending deletion. A multi-Region primary's pending
// material goes from its replicas too. Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { dropMaterial, refreshImportMetadata, settleState } from '../import/import-state.js';
import { externalKey } from '../import/material-forms.js';
import { saveKey } from '../keys/key-record.js';
import { syncReplicas } from '../keys/multi-region.js';
import type { DeleteImportedKeyMaterialRequest, DeleteImportedKeyMaterialResponse, KmsOperations } from '../types.gen.js';

export default async function deleteImportedKeyMaterial(ctx: EngineContext, req: DeleteImportedKeyMaterialRequest): Promise<KmsOperations['DeleteImportedKeyMaterial']['output']> {
  const key = await externalKey(ctx, req.KeyId, 'DeleteImportedKeyMaterial');
  // DeleteImportedKeyMaterial: "If no KeyMaterialId is specified, KMS deletes the current key material."
  const id = req.KeyMaterialId === undefined ? key.currentMaterialId : req.KeyMaterialId;
  const m = key.materials.find((x) => x.id === id);
  if (req.KeyMaterialId !== undefined && !m) {
    // our wording: AWS's is unrecorded
    throw new KmsError('NotFoundException', `Key material ${id} does not exist for KMS key ${key.Arn}.`);
  }
  // A key that never had material (or whose material is already gone): nothing changes but the state
  if (m && m.wrapped.length > 0) dropMaterial(key, m);
  refreshImportMetadata(key);
  // "When the specified KMS key is in the PendingDeletion state, this operation does not change the
  // KMS key's state. Otherwise, it changes the KMS key's state to PendingImport."
  const deleting = key.KeyState === 'PendingDeletion' || key.KeyState === 'PendingReplicaDeletion';
  if (!deleting && m?.state !== 'PENDING_ROTATION') key.KeyState = 'PendingImport';
  else settleState(key);
  saveKey(ctx, key);
  // DeleteImportedKeyMaterial: "When you delete the key material of a primary Region key that is in
  // PENDING_ROTATION or PENDING_MULTI_REGION_IMPORT_AND_ROTATION state, you'll also be deleting the key
  // materials for the replica Region keys." (replicas take the primary's list, keys/multi-region.ts).
  // "If you delete any key material of a replica Region key, the primary Region key and other replica
  // Region keys remain unchanged": syncReplicas is a no-op on a replica.
  if (m?.state === 'PENDING_ROTATION') await syncReplicas(ctx, key);
  const out: DeleteImportedKeyMaterialResponse = { KeyId: key.Arn };
  if (key.KeySpec === 'SYMMETRIC_DEFAULT' && m) out.KeyMaterialId = m.id;
  return out;
}
