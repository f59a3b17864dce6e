// DeleteRolePolicy: removes an inline policy from a role.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { loadRole, saveRole } from '../principals.js';
import type { DeleteRolePolicyRequest, IamOperations } from '../types.gen.js';

export default async function deleteRolePolicy(ctx: EngineContext, req: DeleteRolePolicyRequest): Promise<IamOperations['DeleteRolePolicy']['output']> {
  const role = await loadRole(ctx, req.RoleName);
  if (!Object.hasOwn(role.inline, req.PolicyName)) throw new KmsError('NoSuchEntity', `The role policy with name ${req.PolicyName} cannot be found.`);
  const { [req.PolicyName]: _gone, ...inline } = role.inline;
  saveRole(ctx, { ...role, inline });
  return {};
}
