// ListRoles: the roles of the account in name order, under a path prefix when one is given.

import type { EngineContext } from '../../../engine/context.js';
import { pageOf } from '../paging.js';
import { roleOf, type RoleRecord } from '../principals.js';
import { rolePrefix } from '../records.js';
import type { IamOperations, ListRolesRequest } from '../types.gen.js';

export default async function listRoles(ctx: EngineContext, req: ListRolesRequest): Promise<IamOperations['ListRoles']['output']> {
  const rows = await ctx.store.list<RoleRecord>(rolePrefix(ctx.account));
  const roles = rows.filter((r) => req.PathPrefix === undefined || r.value.path.startsWith(req.PathPrefix));
  const page = pageOf(roles, (r) => r.name, req.Marker, req.MaxItems);
  return { Roles: page.items.map((r) => roleOf(ctx, r.value, 'list')), IsTruncated: page.IsTruncated, Marker: page.Marker };
}
