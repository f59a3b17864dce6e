// DisableKeyRotation: stops automatic rotation; the key keeps the material it has.
// Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { saveKey } from '../keys/key-record.js';
import { syncReplicas } from '../keys/multi-region.js';
import { assertNotReplica, assertRotatable, rotationKey } from '../rotation/rotation-rules.js';
import { disableAutomaticRotation } from '../rotation/rotation.js';
import type { DisableKeyRotationRequest, KmsOperations } from '../types.gen.js';

export default async function disableKeyRotation(ctx: EngineContext, req: DisableKeyRotationRequest): Promise<KmsOperations['DisableKeyRotation']['output']> {
  const key = await rotationKey(ctx, req.KeyId, 'DisableKeyRotation');
  // DisableKeyRotation: the same keys as EnableKeyRotation
  assertRotatable(key, { importedRotates: false });
  assertNotReplica(key);
  disableAutomaticRotation(key);
  saveKey(ctx, key);
  await syncReplicas(ctx, key);
  return {};
}
