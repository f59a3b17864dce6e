// AttachRolePolicy: attaches a customer managed policy to a role.

import type { EngineContext } from '../../../engine/context.js';
import { attach } from '../attachments.js';
import { loadRole, saveRole } from '../principals.js';
import type { AttachRolePolicyRequest, IamOperations } from '../types.gen.js';

export default async function attachRolePolicy(ctx: EngineContext, req: AttachRolePolicyRequest): Promise<IamOperations['AttachRolePolicy']['output']> {
  const role = await loadRole(ctx, req.RoleName);
  saveRole(ctx, { ...role, attached: await attach(ctx, role.attached, req.PolicyArn) });
  return {};
}
