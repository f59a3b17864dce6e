// GetUserPolicy: an inline policy of a user, its document URL-encoded as IAM returns it.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { encodePolicyDocument } from '../policy-documents.js';
import { loadUser } from '../principals.js';
import type { GetUserPolicyRequest, IamOperations } from '../types.gen.js';

export default async function getUserPolicy(ctx: EngineContext, req: GetUserPolicyRequest): Promise<IamOperations['GetUserPolicy']['output']> {
  const user = await loadUser(ctx, req.UserName);
  const document = Object.hasOwn(user.inline, req.PolicyName) ? user.inline[req.PolicyName] : undefined;
  if (document === undefined) throw new KmsError('NoSuchEntity', `The user policy with name ${req.PolicyName} cannot be found.`);
  return { UserName: user.name, PolicyName: req.PolicyName, PolicyDocument: encodePolicyDocument(document) };
}
