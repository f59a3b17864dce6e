// EnableKey: Disabled (or Enabled) → Enabled. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkKeyFor } from '../keys/key-states.js';
import { saveKey } from '../keys/key-record.js';
import { resolveKey } from '../keys/resolve.js';
import type { EnableKeyRequest, KmsOperations } from '../types.gen.js';

export default async function enableKey(ctx: EngineContext, req: EnableKeyRequest): Promise<KmsOperations['EnableKey']['output']> {
  // EnableKey: key id or key ARN; allowed from Enabled and Disabled only
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  checkKeyFor(key, 'EnableKey');
  // Key states [12]: an Unavailable key accepts the request but keeps its state; the state it takes
  // when its custom key store connects again is `availableState` (custom-key-stores/stores.ts)
  if (key.KeyState === 'Unavailable') {
    key.availableState = 'Enabled';
    saveKey(ctx, key);
    return {};
  }
  key.KeyState = 'Enabled';
  saveKey(ctx, key);
  return {};
}
