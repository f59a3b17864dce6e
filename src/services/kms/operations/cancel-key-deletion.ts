// CancelKeyDeletion: PendingDeletion → Disabled, as AWS does. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { markUnavailable, storeDisconnected } from '../custom-key-stores/stores.js';
import { checkKeyFor } from '../keys/key-states.js';
import { saveKey } from '../keys/key-record.js';
import { resolveKey } from '../keys/resolve.js';
import type { CancelKeyDeletionRequest, KmsOperations } from '../types.gen.js';

export default async function cancelKeyDeletion(ctx: EngineContext, req: CancelKeyDeletionRequest): Promise<KmsOperations['CancelKeyDeletion']['output']> {
  // CancelKeyDeletion: key id or key ARN; the key must be PendingDeletion (or
  // PendingReplicaDeletion) and ends Disabled
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  checkKeyFor(key, 'CancelKeyDeletion');
  key.KeyState = 'Disabled';
  delete key.DeletionDate;
  // PendingReplicaDeletion ends too: the window it was holding is dropped
  if (key.multiRegion) delete key.multiRegion.pendingWindowInDays;
  // Key states [13]: a key whose custom key store is disconnected becomes Unavailable (Disabled later)
  if (await storeDisconnected(ctx, key)) markUnavailable(key);
  saveKey(ctx, key);
  return { KeyId: key.Arn };
}
