// ListAccessKeys: a user's access keys (the caller's when no user is named), without secrets.

import type { EngineContext } from '../../../engine/context.js';
import { accessKeysOf } from '../access-keys.js';
import { defaultUserName } from '../callers.js';
import { pageOf } from '../paging.js';
import { loadUser } from '../principals.js';
import type { IamOperations, ListAccessKeysRequest } from '../types.gen.js';

export default async function listAccessKeys(ctx: EngineContext, req: ListAccessKeysRequest): Promise<IamOperations['ListAccessKeys']['output']> {
  const keys = await accessKeysOf(ctx, await loadUser(ctx, await defaultUserName(ctx, req.UserName)));
  const page = pageOf(keys, (k) => k.AccessKeyId!, req.Marker, req.MaxItems);
  return { AccessKeyMetadata: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
}
