// ListRolePolicies: the names of a role's inline policies, in name order.

import type { EngineContext } from '../../../engine/context.js';
import { pageOf } from '../paging.js';
import { loadRole } from '../principals.js';
import type { IamOperations, ListRolePoliciesRequest } from '../types.gen.js';

export default async function listRolePolicies(ctx: EngineContext, req: ListRolePoliciesRequest): Promise<IamOperations['ListRolePolicies']['output']> {
  const names = Object.keys((await loadRole(ctx, req.RoleName)).inline).sort();
  const page = pageOf(names, (n) => n, req.Marker, req.MaxItems);
  return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}
