// ScheduleKeyDeletion: PendingDeletion for 7..30 days; once DeletionDate passes, the key and its
// aliases are gone (purged lazily by resolve.ts). Must not import the CLI or other handlers.

import type { EngineContext } from './context.js';
import { saveKey } from './keys.js';
import { checkRange } from './requests.js';
import { assertNotPendingDeletion, resolveKey } from './resolve.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export default function scheduleKeyDeletion(ctx: EngineContext, req: Record<string, unknown>): Record<string, unknown> {
  // ScheduleKeyDeletion: PendingWindowInDays is 7..30, default 30
  checkRange(req.PendingWindowInDays, 7, 30, 'pendingWindowInDays');
  const days = (req.PendingWindowInDays as number | undefined) ?? 30;
  const key = resolveKey(ctx, String(req.KeyId), { aliases: false });
  assertNotPendingDeletion(key);
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
