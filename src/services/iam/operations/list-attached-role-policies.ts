// ListAttachedRolePolicies: the managed policies attached to a role, in name order.

import type { EngineContext } from '../../../engine/context.js';
import { attachedOf } from '../attachments.js';
import { pageOf } from '../paging.js';
import { loadRole } from '../principals.js';
import type { IamOperations, ListAttachedRolePoliciesRequest } from '../types.gen.js';

export default async function listAttachedRolePolicies(ctx: EngineContext, req: ListAttachedRolePoliciesRequest): Promise<IamOperations['ListAttachedRolePolicies']['output']> {
  const attached = attachedOf((await loadRole(ctx, req.RoleName)).attached, req.PathPrefix);
  const page = pageOf(attached, (p) => p.PolicyName!.toLowerCase(), req.Marker, req.MaxItems);
  return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}
