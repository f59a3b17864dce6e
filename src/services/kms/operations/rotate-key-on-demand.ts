// RotateKeyOnDemand: new current material now, whatever the automatic schedule, up to the per-key
// quota; keys with imported material rotate to the material imported for it. Must not import the
// CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { saveKey, type KeyRecord } from '../keys/key-record.js';
import { PENDING_ROTATION, rotateImportedKey } from '../import/import-state.js';
import { awaitingReplicaImport, syncReplicas } from '../keys/multi-region.js';
import { assertNotReplica, assertRotatable, rotationKey } from '../rotation/rotation-rules.js';
import { onDemandRotationLimit, peekRotation, recordRotation, rotateMaterial } from '../rotation/rotation.js';
import type { RotateKeyOnDemandRequest, KmsOperations } from '../types.gen.js';

/** ConflictException: "an automatic rotation ... scheduled to begin within the next 20 minutes". */
const CONFLICT_WINDOW_MS = 20 * 60 * 1000;

export default async function rotateKeyOnDemand(ctx: EngineContext, req: RotateKeyOnDemandRequest): Promise<KmsOperations['RotateKeyOnDemand']['output']> {
  const key = await rotationKey(ctx, req.KeyId, 'RotateKeyOnDemand');
  // RotateKeyOnDemand: symmetric encryption keys only, not in a custom key store; on the primary
  assertRotatable(key, { importedRotates: true });
  assertNotReplica(key);
  checkQuota(ctx, key);
  const now = ctx.clock.now().getTime();
  const next = peekRotation(key)?.nextRotationDate;
  if (peekRotation(key)?.enabled && next !== undefined && next - now < CONFLICT_WINDOW_MS) {
    throw new KmsError(
      'ConflictException',
      `An automatic rotation of ${key.Arn} is in progress or scheduled to begin within the next 20 minutes.`,
    );
  }
  if (key.Origin === 'EXTERNAL') {
    await rotateImported(ctx, key);
    // Recorded: for keys with imported material the response names the key ARN
    return { KeyId: key.Arn };
  }
  rotateMaterial(ctx, key, 'ON_DEMAND', now);
  saveKey(ctx, key);
  await syncReplicas(ctx, key);
  // Recorded: for AWS_KMS keys the response names the bare key id
  return { KeyId: key.KeyId };
}

/** Recorded: "The on-demand rotations limit has been reached for the given keyId. ..." (no period). */
function checkQuota(ctx: EngineContext, key: KeyRecord): void {
  if ((peekRotation(key)?.onDemandCount ?? 0) < onDemandRotationLimit(ctx)) return;
  throw new KmsError(
    'LimitExceededException',
    `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.Arn}`,
  );
}

/**
 * Imported material waiting in PENDING_ROTATION becomes current (import/import-state.ts; recorded refusal when
 * none). On a multi-Region primary every replica must hold that material first ("You must do this
 * for every replica Region key before you can perform the RotateKeyOnDemand operation on the
 * primary Region key", ImportKeyMaterial); the replicas then take the new current material from the
 * primary (keys/multi-region.ts syncReplicas), so all Regions encrypt with it.
 */
async function rotateImported(ctx: EngineContext, key: KeyRecord): Promise<void> {
  const pending = key.materials.find((m) => m.state === PENDING_ROTATION);
  if (pending && (await awaitingReplicaImport(ctx, key)).has(pending.id)) {
    // captured by radkawar/stackd testdata/aws/kms/imports_multi_region.json (rotate_before_replica_import)
    throw new KmsError(
      'KMSInvalidStateException',
      'Cannot perform key material rotation: Key material has not been imported for replicas of the Multi-Region key.',
    );
  }
  const id = rotateImportedKey(ctx, key);
  recordRotation(ctx, key, id, 'ON_DEMAND', ctx.clock.now().getTime());
  saveKey(ctx, key);
  await syncReplicas(ctx, key);
}
