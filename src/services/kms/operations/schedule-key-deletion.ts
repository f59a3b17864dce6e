// ScheduleKeyDeletion: PendingDeletion for 7..30 days; once DeletionDate passes, the key and its
// aliases are gone (purged lazily by resolve.ts). Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkKeyFor } from '../keys/key-states.js';
import { saveKey } from '../keys/key-record.js';
import { replicaRegions } from '../keys/multi-region.js';
import { checkRange } from '../requests.js';
import { resolveKey } from '../keys/resolve.js';
import type { ScheduleKeyDeletionRequest, KmsOperations } from '../types.gen.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export default async function scheduleKeyDeletion(ctx: EngineContext, req: ScheduleKeyDeletionRequest): Promise<KmsOperations['ScheduleKeyDeletion']['output']> {
  // ScheduleKeyDeletion: PendingWindowInDays is 7..30, default 30
  checkRange(req.PendingWindowInDays, 7, 30, 'pendingWindowInDays');
  const days = req.PendingWindowInDays ?? 30;
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  checkKeyFor(key, 'ScheduleKeyDeletion');
  // ScheduleKeyDeletion: a multi-Region primary with replicas waits in PendingReplicaDeletion, with
  // no DeletionDate, until its last replica is deleted; then its window begins (multi-region.ts)
  if (replicaRegions(key).length > 0) {
    key.KeyState = 'PendingReplicaDeletion';
    delete key.DeletionDate;
    key.multiRegion!.pendingWindowInDays = days;
    saveKey(ctx, key);
    return { KeyId: key.Arn, KeyState: key.KeyState, PendingWindowInDays: days };
  }
  key.KeyState = 'PendingDeletion';
  key.DeletionDate = ctx.clock.now().getTime() + days * DAY_MS;
  saveKey(ctx, key);
  return {
    KeyId: key.Arn,
    DeletionDate: new Date(key.DeletionDate),
    KeyState: key.KeyState,
    PendingWindowInDays: days,
  };
}
