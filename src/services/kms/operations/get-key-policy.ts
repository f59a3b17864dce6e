// GetKeyPolicy: the key policy exactly as it was stored, with its name. Must not import the CLI or handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkKeyFor } from '../keys/key-states.js';
import { checkPolicyName } from '../keys/key-policy.js';
import { resolveKey } from '../keys/resolve.js';
import type { GetKeyPolicyRequest, KmsOperations } from '../types.gen.js';

export default async function getKeyPolicy(ctx: EngineContext, req: GetKeyPolicyRequest): Promise<KmsOperations['GetKeyPolicy']['output']> {
  // GetKeyPolicy: key id or key ARN; every key state; the only policy name is default
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  checkKeyFor(key, 'GetKeyPolicy');
  checkPolicyName(req.PolicyName);
  return { Policy: key.Policy, PolicyName: key.PolicyName || 'default' };
}
