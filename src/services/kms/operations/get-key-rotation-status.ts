// GetKeyRotationStatus: whether automatic rotation is on, with its period and next date.
// Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { inCustomKeyStore, originRefusal, rotationKey } from '../rotation/rotation-rules.js';
import { isSymmetricEncryption, peekRotation } from '../rotation/rotation.js';
import type { GetKeyRotationStatusRequest, KmsOperations } from '../types.gen.js';

export default async function getKeyRotationStatus(ctx: EngineContext, req: GetKeyRotationStatusRequest): Promise<KmsOperations['GetKeyRotationStatus']['output']> {
  const key = await rotationKey(ctx, req.KeyId, 'GetKeyRotationStatus');
  // Key-state footnote [7]: keys with imported material or in a custom key store
  if (inCustomKeyStore(key) || (key.Origin === 'EXTERNAL' && isSymmetricEncryption(key))) throw originRefusal(key);
  // Recorded: KeyId is the bare key id; with rotation off only KeyRotationEnabled follows
  const off = { KeyId: key.KeyId, KeyRotationEnabled: false };
  const r = peekRotation(key);
  if (!isSymmetricEncryption(key) || !r?.enabled || r.nextRotationDate === undefined) return off;
  // GetKeyRotationStatus: "While a KMS key is pending deletion, its key rotation status is false"
  if (key.KeyState === 'PendingDeletion' || key.KeyState === 'PendingReplicaDeletion') return off;
  // On-demand rotations complete within the request, so OnDemandRotationStartDate never shows
  return {
    KeyId: key.KeyId,
    KeyRotationEnabled: true,
    NextRotationDate: new Date(r.nextRotationDate),
    RotationPeriodInDays: r.periodInDays ?? 365,
  };
}
