// DetachRolePolicy: detaches a managed policy from a role.

import type { EngineContext } from '../../../engine/context.js';
import { detach } from '../attachments.js';
import { loadRole, saveRole } from '../principals.js';
import type { DetachRolePolicyRequest, IamOperations } from '../types.gen.js';

export default async function detachRolePolicy(ctx: EngineContext, req: DetachRolePolicyRequest): Promise<IamOperations['DetachRolePolicy']['output']> {
  const role = await loadRole(ctx, req.RoleName);
  saveRole(ctx, { ...role, attached: await detach(ctx, role.attached, req.PolicyArn) });
  return {};
}
