// Users' access keys: `iam-access-key/<AKIA…>` records holding the secret kms serve verifies
// signatures with, at most two per user (AWS's AccessKeysPerUser quota).

import type { EngineContext } from '../../engine/context.js';
import { KmsError } from '../../errors.js';
import { accessKeyId, secretAccessKey } from './ids.js';
import { loadUser, saveUser, type UserRecord } from './principals.js';
import { accessKeyRecordName } from './records.js';
import type { AccessKeyMetadata } from './types.gen.js';

export interface AccessKeyRecord {
  account: string;
  userName: string;
  secret: string;
  status: 'Active' | 'Inactive';
  /** epoch ms */
  created: number;
}

/** AWS's quota; `limits.accessKeysPerUser` lowers or raises it. */
const ACCESS_KEYS_PER_USER = 2;

/** A new Active key for `user`; LimitExceeded past the quota. */
export function issueAccessKey(ctx: EngineContext, user: UserRecord): { id: string; key: AccessKeyRecord } {
  const quota = ctx.limits?.accessKeysPerUser ?? ACCESS_KEYS_PER_USER;
  if (user.accessKeys.length >= quota) throw new KmsError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${quota}`);
  const id = accessKeyId(ctx.random, 'AKIA');
  const key: AccessKeyRecord = { account: ctx.account, userName: user.name, secret: secretAccessKey(ctx.random), status: 'Active', created: ctx.clock.now().getTime() };
  ctx.store.put(accessKeyRecordName(id), key);
  saveUser(ctx, { ...user, accessKeys: [...user.accessKeys, id] });
  return { id, key };
}

/** The metadata of each of a user's keys, in the order they were created. */
export async function accessKeysOf(ctx: EngineContext, user: UserRecord): Promise<AccessKeyMetadata[]> {
  const out: AccessKeyMetadata[] = [];
  for (const id of user.accessKeys) {
    const key = await ctx.store.get<AccessKeyRecord>(accessKeyRecordName(id));
    if (key) out.push({ UserName: user.name, AccessKeyId: id, Status: key.status, CreateDate: new Date(key.created) });
  }
  return out;
}

/** Deletes a key of `userName`; NoSuchEntity when the user has no such key. */
export async function deleteAccessKey(ctx: EngineContext, userName: string, id: string): Promise<void> {
  const user = await loadUser(ctx, userName);
  if (!user.accessKeys.includes(id)) throw new KmsError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`);
  ctx.store.delete(accessKeyRecordName(id));
  saveUser(ctx, { ...user, accessKeys: user.accessKeys.filter((k) => k !== id) });
}
