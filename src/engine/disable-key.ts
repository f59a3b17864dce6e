// DisableKey: Enabled (or Disabled) → Disabled. Must not import the CLI or other handlers.

import type { EngineContext } from './context.js';
import { saveKey } from './keys.js';
import { assertNotPendingDeletion, invalidState, resolveKey } from './resolve.js';

export default function disableKey(ctx: EngineContext, req: Record<string, unknown>): Record<string, unknown> {
  // DisableKey: key id or key ARN; allowed from Enabled and Disabled only
  const key = resolveKey(ctx, String(req.KeyId), { aliases: false });
  assertNotPendingDeletion(key);
  if (key.KeyState !== 'Enabled' && key.KeyState !== 'Disabled') throw invalidState(key);
  key.KeyState = 'Disabled';
  saveKey(ctx, key);
  return {};
}
