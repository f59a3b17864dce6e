// CreateAccessKey: a new Active access key for a user (the caller when no user is named), its
// secret shown this once. At most two per user (LimitExceeded).

import type { EngineContext } from '../../../engine/context.js';
import { issueAccessKey } from '../access-keys.js';
import { defaultUserName } from '../callers.js';
import { loadUser } from '../principals.js';
import type { CreateAccessKeyRequest, IamOperations } from '../types.gen.js';

export default async function createAccessKey(ctx: EngineContext, req: CreateAccessKeyRequest): Promise<IamOperations['CreateAccessKey']['output']> {
  const user = await loadUser(ctx, await defaultUserName(ctx, req.UserName));
  const { id, key } = issueAccessKey(ctx, user);
  return { AccessKey: { UserName: user.name, AccessKeyId: id, Status: key.status, SecretAccessKey: key.secret, CreateDate: new Date(key.created) } };
}
