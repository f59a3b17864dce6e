// DisableKey: Enabled (or Disabled) → Disabled. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkKeyFor } from '../keys/key-states.js';
import { saveKey } from '../keys/key-record.js';
import { resolveKey } from '../keys/resolve.js';
import type { DisableKeyRequest, KmsOperations } from '../types.gen.js';

export default async function disableKey(ctx: EngineContext, req: DisableKeyRequest): Promise<KmsOperations['DisableKey']['output']> {
  // DisableKey: key id or key ARN; allowed from Enabled and Disabled only
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  checkKeyFor(key, 'DisableKey');
  // Key states [12]: an Unavailable key accepts the request but keeps its state; the state it takes
  // when its custom key store connects again is `availableState` (custom-key-stores/stores.ts)
  if (key.KeyState === 'Unavailable') {
    key.availableState = 'Disabled';
    saveKey(ctx, key);
    return {};
  }
  key.KeyState = 'Disabled';
  saveKey(ctx, key);
  return {};
}
