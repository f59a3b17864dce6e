// ListAttachedUserPolicies: the managed policies attached to a user, in name order.

import type { EngineContext } from '../../../engine/context.js';
import { attachedOf } from '../attachments.js';
import { pageOf } from '../paging.js';
import { loadUser } from '../principals.js';
import type { IamOperations, ListAttachedUserPoliciesRequest } from '../types.gen.js';

export default async function listAttachedUserPolicies(ctx: EngineContext, req: ListAttachedUserPoliciesRequest): Promise<IamOperations['ListAttachedUserPolicies']['output']> {
  const attached = attachedOf((await loadUser(ctx, req.UserName)).attached, req.PathPrefix);
  const page = pageOf(attached, (p) => p.PolicyName!.toLowerCase(), req.Marker, req.MaxItems);
  return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}
