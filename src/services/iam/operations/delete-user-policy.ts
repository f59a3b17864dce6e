// DeleteUserPolicy: removes an inline policy from a user.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { loadUser, saveUser } from '../principals.js';
import type { DeleteUserPolicyRequest, IamOperations } from '../types.gen.js';

export default async function deleteUserPolicy(ctx: EngineContext, req: DeleteUserPolicyRequest): Promise<IamOperations['DeleteUserPolicy']['output']> {
  const user = await loadUser(ctx, req.UserName);
  if (!Object.hasOwn(user.inline, req.PolicyName)) throw new KmsError('NoSuchEntity', `The user policy with name ${req.PolicyName} cannot be found.`);
  const { [req.PolicyName]: _gone, ...inline } = user.inline;
  saveUser(ctx, { ...user, inline });
  return {};
}
