// GetCallerIdentity: who the call's credentials belong to (iam/callers.ts decides).

import type { EngineContext } from '../../../engine/context.js';
import { callerOf } from '../../iam/callers.js';
import type { GetCallerIdentityRequest, StsOperations } from '../types.gen.js';

export default async function getCallerIdentity(ctx: EngineContext, _req: GetCallerIdentityRequest): Promise<StsOperations['GetCallerIdentity']['output']> {
  const caller = await callerOf(ctx);
  return { UserId: caller.userId, Account: caller.account, Arn: caller.arn };
}
