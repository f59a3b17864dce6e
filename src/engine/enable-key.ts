// EnableKey: Disabled (or Enabled) → Enabled. Must not import the CLI or other handlers.

import type { EngineContext } from './context.js';
import { saveKey } from './keys.js';
import { assertNotPendingDeletion, invalidState, resolveKey } from './resolve.js';

export default function enableKey(ctx: EngineContext, req: Record<string, unknown>): Record<string, unknown> {
  // EnableKey: key id or key ARN; allowed from Enabled and Disabled only
  const key = resolveKey(ctx, String(req.KeyId), { aliases: false });
  assertNotPendingDeletion(key);
  if (key.KeyState !== 'Enabled' && key.KeyState !== 'Disabled') throw invalidState(key);
  key.KeyState = 'Enabled';
  saveKey(ctx, key);
  return {};
}
