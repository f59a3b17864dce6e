// DeleteAccessKey: removes a user's access key (the caller's when no user is named); calls made
// with it fail from then on.

import type { EngineContext } from '../../../engine/context.js';
import { deleteAccessKey as removeKey } from '../access-keys.js';
import { defaultUserName } from '../callers.js';
import type { DeleteAccessKeyRequest, IamOperations } from '../types.gen.js';

export default async function deleteAccessKey(ctx: EngineContext, req: DeleteAccessKeyRequest): Promise<IamOperations['DeleteAccessKey']['output']> {
  await removeKey(ctx, await defaultUserName(ctx, req.UserName), req.AccessKeyId);
  return {};
}
