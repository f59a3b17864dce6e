// CreateRole: a new IAM role with its trust policy (who may assume it) and its longest session.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { uniqueId } from '../ids.js';
import { checkTrustPolicy } from '../policy-documents.js';
import { pathOrDefault, roleOf, saveRole, type RoleRecord } from '../principals.js';
import { roleRecordName } from '../records.js';
import type { CreateRoleRequest, IamOperations } from '../types.gen.js';

export default async function createRole(ctx: EngineContext, req: CreateRoleRequest): Promise<IamOperations['CreateRole']['output']> {
  if (await ctx.store.get(roleRecordName(ctx.account, req.RoleName))) throw new KmsError('EntityAlreadyExists', `Role with name ${req.RoleName} already exists.`);
  checkTrustPolicy(req.AssumeRolePolicyDocument);
  const role: RoleRecord = {
    name: req.RoleName,
    path: pathOrDefault(req.Path),
    id: uniqueId(ctx.random, 'AROA'),
    created: ctx.clock.now().getTime(),
    trust: req.AssumeRolePolicyDocument,
    ...(req.Description !== undefined ? { description: req.Description } : {}),
    // CreateRole: MaxSessionDuration is 3600..43200 seconds (the table), 3600 when not given
    maxSessionDuration: req.MaxSessionDuration ?? 3600,
    ...(req.Tags?.length ? { tags: req.Tags } : {}),
    ...(req.PermissionsBoundary !== undefined ? { permissionsBoundary: req.PermissionsBoundary } : {}),
    inline: {},
    attached: [],
  };
  saveRole(ctx, role);
  return { Role: roleOf(ctx, role, 'create') };
}
