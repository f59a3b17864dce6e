// PutKeyPolicy: replaces a customer managed key's policy after AWS's checks (key-policy.ts).
// Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkKeyFor } from '../keys/key-states.js';
import { checkPolicy, checkPolicyName } from '../keys/key-policy.js';
import { saveKey } from '../keys/key-record.js';
import { resolveKey } from '../keys/resolve.js';
import type { PutKeyPolicyRequest, KmsOperations } from '../types.gen.js';

export default async function putKeyPolicy(ctx: EngineContext, req: PutKeyPolicyRequest): Promise<KmsOperations['PutKeyPolicy']['output']> {
  // PutKeyPolicy: key id or key ARN; every key state; AWS managed keys refuse it
  const key = await resolveKey(ctx, req.KeyId, { aliases: false });
  checkKeyFor(key, 'PutKeyPolicy');
  checkPolicyName(req.PolicyName);
  key.Policy = await checkPolicy(ctx, key.Arn, req.Policy, req.BypassPolicyLockoutSafetyCheck === true);
  key.PolicyName = 'default';
  saveKey(ctx, key);
  return {};
}
