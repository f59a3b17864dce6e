// ListKeyPolicies: the names of a key's policies, which is always just `default`, paged with
// Limit/Marker. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkKeyFor } from '../keys/key-states.js';
import { resolveKey } from '../keys/resolve.js';
import type { ListKeyPoliciesRequest, KmsOperations } from '../types.gen.js';

export default async function listKeyPolicies(ctx: EngineContext, req: ListKeyPoliciesRequest): Promise<KmsOperations['ListKeyPolicies']['output']> {
  // ListKeyPolicies: Limit 1..1000, default 100 (one name always fits, so no page is truncated and
  // a Marker, which the model gives no InvalidMarkerException for, is ignored); key id or key ARN; every key state
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  checkKeyFor(key, 'ListKeyPolicies');
  return { PolicyNames: ['default'], Truncated: false };
}
