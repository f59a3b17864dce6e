// GetRolePolicy: an inline policy of a role, its document URL-encoded as IAM returns it.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { encodePolicyDocument } from '../policy-documents.js';
import { loadRole } from '../principals.js';
import type { GetRolePolicyRequest, IamOperations } from '../types.gen.js';

export default async function getRolePolicy(ctx: EngineContext, req: GetRolePolicyRequest): Promise<IamOperations['GetRolePolicy']['output']> {
  const role = await loadRole(ctx, req.RoleName);
  const document = Object.hasOwn(role.inline, req.PolicyName) ? role.inline[req.PolicyName] : undefined;
  if (document === undefined) throw new KmsError('NoSuchEntity', `The role policy with name ${req.PolicyName} cannot be found.`);
  return { RoleName: role.name, PolicyName: req.PolicyName, PolicyDocument: encodePolicyDocument(document) };
}
