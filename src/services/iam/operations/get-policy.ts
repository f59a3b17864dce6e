// GetPolicy: a customer managed policy's metadata (its document is its version v1's).

import type { EngineContext } from '../../../engine/context.js';
import { loadPolicy, policyOf } from '../managed-policies.js';
import type { GetPolicyRequest, IamOperations } from '../types.gen.js';

export default async function getPolicy(ctx: EngineContext, req: GetPolicyRequest): Promise<IamOperations['GetPolicy']['output']> {
  return { Policy: policyOf(ctx, await loadPolicy(ctx, req.PolicyArn), true) };
}
