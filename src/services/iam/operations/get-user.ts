// GetUser: a user by name, or without a name the calling user (the root answers with its ARN).

import type { EngineContext } from '../../../engine/context.js';
import { callerOf, defaultUserName } from '../callers.js';
import { loadUser, userOf } from '../principals.js';
import type { GetUserRequest, IamOperations, User } from '../types.gen.js';

export default async function getUser(ctx: EngineContext, req: GetUserRequest): Promise<IamOperations['GetUser']['output']> {
  if (req.UserName === undefined) {
    const caller = await callerOf(ctx);
    // AWS answers the root with its id and ARN only (kms keeps no creation date for the account)
    if (caller.kind === 'root') return { User: { UserId: caller.userId, Arn: caller.arn } as User };
  }
  return { User: userOf(ctx, await loadUser(ctx, await defaultUserName(ctx, req.UserName)), true) };
}
