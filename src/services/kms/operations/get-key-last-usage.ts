// GetKeyLastUsage: when and by which cryptographic operation a key was last used (key-use/last-usage.ts
// records it). Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkKeyFor } from '../keys/key-states.js';
import { readLastUsage } from '../key-use/last-usage.js';
import { resolveKey } from '../keys/resolve.js';
import type { GetKeyLastUsageRequest, GetKeyLastUsageResponse, KeyLastUsageTrackingOperation, KmsOperations } from '../types.gen.js';

export default async function getKeyLastUsage(ctx: EngineContext, req: GetKeyLastUsageRequest): Promise<KmsOperations['GetKeyLastUsage']['output']> {
  // GetKeyLastUsage: key id or key ARN ("Alias names are not supported"); every key state
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  checkKeyFor(key, 'GetKeyLastUsage');
  const used = await readLastUsage(ctx, key);
  const res: GetKeyLastUsageResponse = { KeyId: key.KeyId };
  // KeyLastUsage is left out when the key has not been used since tracking began
  if (used) {
    res.KeyLastUsage = {
      Operation: used.Operation as KeyLastUsageTrackingOperation,
      Timestamp: new Date(used.Timestamp),
      CloudTrailEventId: used.CloudTrailEventId,
      KmsRequestId: used.KmsRequestId,
    };
  }
  // kms tracks every key from its creation: TrackingStartDate is the key's CreationDate
  res.TrackingStartDate = new Date(key.CreationDate);
  res.KeyCreationDate = new Date(key.CreationDate);
  return res;
}
