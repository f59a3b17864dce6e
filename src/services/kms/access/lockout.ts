// The policy lockout safety check of CreateKey, PutKeyPolicy and ReplicateKey, as a real
// evaluation: could the caller call PutKeyPolicy on the key under the new policy, with its IAM
// policies? Must not import operation handlers, key resolution or the CLI.

import { decideKms } from '../../../authz/index.js';
import type { EngineContext } from '../../../engine/context.js';
import { callerOf, identityPoliciesOf } from '../../iam/callers.js';
import { callerContext } from './request-context.js';

/** Whether `policy` (JSON text) would let this call's principal update the key policy of `keyArn` later. */
export async function policyLetsCallerUpdate(ctx: EngineContext, keyArn: string, policy: string): Promise<boolean> {
  const caller = await callerOf(ctx);
  const identity = await identityPoliciesOf(ctx.store, caller);
  const decision = decideKms({
    request: { caller, action: 'kms:PutKeyPolicy', resource: keyArn, context: callerContext(ctx, caller) },
    resourceAccount: ctx.account,
    keyPolicy: { id: 'default', type: 'resource', document: policy },
    identityPolicies: identity,
    crossAccountAllowed: false,
  });
  return decision.decision === 'allowed';
}
