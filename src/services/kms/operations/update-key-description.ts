// UpdateKeyDescription: replaces a key's Description. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { saveKey } from '../keys/key-record.js';
import { checkKeyFor } from '../keys/key-states.js';
import { resolveKey } from '../keys/resolve.js';
import type { UpdateKeyDescriptionRequest, KmsOperations } from '../types.gen.js';

export default async function updateKeyDescription(ctx: EngineContext, req: UpdateKeyDescriptionRequest): Promise<KmsOperations['UpdateKeyDescription']['output']> {
  // UpdateKeyDescription: key id or key ARN only
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  checkKeyFor(key, 'UpdateKeyDescription');
  key.Description = (req.Description ?? '');
  saveKey(ctx, key);
  return {};
}
