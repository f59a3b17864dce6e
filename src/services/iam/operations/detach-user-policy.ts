// DetachUserPolicy: detaches a managed policy from a user.

import type { EngineContext } from '../../../engine/context.js';
import { detach } from '../attachments.js';
import { loadUser, saveUser } from '../principals.js';
import type { DetachUserPolicyRequest, IamOperations } from '../types.gen.js';

export default async function detachUserPolicy(ctx: EngineContext, req: DetachUserPolicyRequest): Promise<IamOperations['DetachUserPolicy']['output']> {
  const user = await loadUser(ctx, req.UserName);
  saveUser(ctx, { ...user, attached: await detach(ctx, user.attached, req.PolicyArn) });
  return {};
}
