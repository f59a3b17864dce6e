// GetRole: a role with its trust policy (URL-encoded, as IAM returns it) and its settings.

import type { EngineContext } from '../../../engine/context.js';
import { loadRole, roleOf } from '../principals.js';
import type { GetRoleRequest, IamOperations } from '../types.gen.js';

export default async function getRole(ctx: EngineContext, req: GetRoleRequest): Promise<IamOperations['GetRole']['output']> {
  return { Role: roleOf(ctx, await loadRole(ctx, req.RoleName), 'get') };
}
