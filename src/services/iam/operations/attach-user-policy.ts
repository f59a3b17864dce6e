// AttachUserPolicy: attaches a customer managed policy to a user.

import type { EngineContext } from '../../../engine/context.js';
import { attach } from '../attachments.js';
import { loadUser, saveUser } from '../principals.js';
import type { AttachUserPolicyRequest, IamOperations } from '../types.gen.js';

export default async function attachUserPolicy(ctx: EngineContext, req: AttachUserPolicyRequest): Promise<IamOperations['AttachUserPolicy']['output']> {
  const user = await loadUser(ctx, req.UserName);
  saveUser(ctx, { ...user, attached: await attach(ctx, user.attached, req.PolicyArn) });
  return {};
}
