// PutRolePolicy: adds or replaces an inline policy embedded in a role.

import type { EngineContext } from '../../../engine/context.js';
import { checkPolicyDocument } from '../policy-documents.js';
import { loadRole, saveRole } from '../principals.js';
import type { IamOperations, PutRolePolicyRequest } from '../types.gen.js';

export default async function putRolePolicy(ctx: EngineContext, req: PutRolePolicyRequest): Promise<IamOperations['PutRolePolicy']['output']> {
  const role = await loadRole(ctx, req.RoleName);
  checkPolicyDocument(req.PolicyDocument);
  saveRole(ctx, { ...role, inline: { ...role.inline, [req.PolicyName]: req.PolicyDocument } });
  return {};
}
