// ListUserPolicies: the names of a user's inline policies, in name order.

import type { EngineContext } from '../../../engine/context.js';
import { pageOf } from '../paging.js';
import { loadUser } from '../principals.js';
import type { IamOperations, ListUserPoliciesRequest } from '../types.gen.js';

export default async function listUserPolicies(ctx: EngineContext, req: ListUserPoliciesRequest): Promise<IamOperations['ListUserPolicies']['output']> {
  const names = Object.keys((await loadUser(ctx, req.UserName)).inline).sort();
  const page = pageOf(names, (n) => n, req.Marker, req.MaxItems);
  return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}
