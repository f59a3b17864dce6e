// CreateUser: a new IAM user, with no policies and no access keys. Names are unique in the account
// whatever their case.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { uniqueId } from '../ids.js';
import { pathOrDefault, saveUser, userOf, type UserRecord } from '../principals.js';
import { userRecordName } from '../records.js';
import type { CreateUserRequest, IamOperations } from '../types.gen.js';

export default async function createUser(ctx: EngineContext, req: CreateUserRequest): Promise<IamOperations['CreateUser']['output']> {
  if (await ctx.store.get(userRecordName(ctx.account, req.UserName))) throw new KmsError('EntityAlreadyExists', `User with name ${req.UserName} already exists.`);
  const user: UserRecord = {
    name: req.UserName,
    path: pathOrDefault(req.Path),
    id: uniqueId(ctx.random, 'AIDA'),
    created: ctx.clock.now().getTime(),
    ...(req.Tags?.length ? { tags: req.Tags } : {}),
    ...(req.PermissionsBoundary !== undefined ? { permissionsBoundary: req.PermissionsBoundary } : {}),
    inline: {},
    attached: [],
    accessKeys: [],
  };
  saveUser(ctx, user);
  return { User: userOf(ctx, user, true) };
}
