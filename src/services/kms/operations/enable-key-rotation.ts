// EnableKeyRotation: automatic rotation of a symmetric encryption key every RotationPeriodInDays
// (90..2560, default 365). Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { saveKey } from '../keys/key-record.js';
import { syncReplicas } from '../keys/multi-region.js';
import { assertNotReplica, assertRotatable, rotationKey } from '../rotation/rotation-rules.js';
import { applyDueRotation, DEFAULT_ROTATION_PERIOD_DAYS, enableAutomaticRotation } from '../rotation/rotation.js';
import type { EnableKeyRotationRequest, KmsOperations } from '../types.gen.js';

export default async function enableKeyRotation(ctx: EngineContext, req: EnableKeyRotationRequest): Promise<KmsOperations['EnableKeyRotation']['output']> {
  const key = await rotationKey(ctx, req.KeyId, 'EnableKeyRotation');
  // EnableKeyRotation: not asymmetric, HMAC, imported or custom key store keys; set on the primary
  assertRotatable(key, { importedRotates: false });
  assertNotReplica(key);
  enableAutomaticRotation(ctx, key, req.RotationPeriodInDays ?? DEFAULT_ROTATION_PERIOD_DAYS);
  saveKey(ctx, key);
  await syncReplicas(ctx, key);
  // A new, shorter period may already have passed since the last rotation: rotate now
  await applyDueRotation(ctx, key);
  return {};
}
