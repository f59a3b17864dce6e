// ListUsers: the users of the account in name order, under a path prefix when one is given.

import type { EngineContext } from '../../../engine/context.js';
import { pageOf } from '../paging.js';
import { userOf, type UserRecord } from '../principals.js';
import { userPrefix } from '../records.js';
import type { IamOperations, ListUsersRequest } from '../types.gen.js';

export default async function listUsers(ctx: EngineContext, req: ListUsersRequest): Promise<IamOperations['ListUsers']['output']> {
  const rows = await ctx.store.list<UserRecord>(userPrefix(ctx.account));
  const users = rows.filter((r) => req.PathPrefix === undefined || r.value.path.startsWith(req.PathPrefix));
  const page = pageOf(users, (r) => r.name, req.Marker, req.MaxItems);
  return { Users: page.items.map((r) => userOf(ctx, r.value, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
}
