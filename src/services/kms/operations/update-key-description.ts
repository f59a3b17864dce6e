// UpdateKeyDescription: replaces a key's Description. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { saveKey } from '../keys/key-record.js';
import { checkStringLength } from '../requests.js';
import { checkKeyFor } from '../keys/key-states.js';
import { resolveKey } from '../keys/resolve.js';

export default function updateKeyDescription(ctx: EngineContext, req: Record<string, unknown>): Record<string, unknown> {
  // UpdateKeyDescription: Description is 0..8192 characters; key id or key ARN only
  checkStringLength(req.Description as string | undefined, 0, 8192, 'description');
  const key = resolveKey(ctx, String(req.KeyId), { aliases: false });
  checkKeyFor(key, 'UpdateKeyDescription');
  key.Description = String(req.Description ?? '');
  saveKey(ctx, key);
  return {};
}
