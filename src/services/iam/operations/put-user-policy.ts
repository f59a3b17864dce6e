// PutUserPolicy: adds or replaces an inline policy embedded in a user.

import type { EngineContext } from '../../../engine/context.js';
import { checkPolicyDocument } from '../policy-documents.js';
import { loadUser, saveUser } from '../principals.js';
import type { IamOperations, PutUserPolicyRequest } from '../types.gen.js';

export default async function putUserPolicy(ctx: EngineContext, req: PutUserPolicyRequest): Promise<IamOperations['PutUserPolicy']['output']> {
  const user = await loadUser(ctx, req.UserName);
  checkPolicyDocument(req.PolicyDocument);
  saveUser(ctx, { ...user, inline: { ...user.inline, [req.PolicyName]: req.PolicyDocument } });
  return {};
}
