// Who a call runs as, and which identity policies that principal carries: the one place that
// turns the credentials a call came with (CallerRef) into a Caller (src/authz/types.ts). Used by
// KMS's authorization, by STS, and by kms serve (secretOf, to verify SigV4). Reads records only.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { Caller, SourcedPolicy } from '../../authz/types.js';
import type { CallScope, RecordReader } from '../../engine/context.js';
import { KmsError, SIGNATURE_MISMATCH, TOKEN_EXPIRED, TOKEN_INVALID } from '../../errors.js';
import type { AccessKeyRecord } from './access-keys.js';
import { policyByArn } from './managed-policies.js';
import { roleArn, roleByArn, userArn, type RoleRecord, type UserRecord } from './principals.js';
import { accessKeyRecordName, roleRecordName, sessionRecordName, userRecordName } from './records.js';
import { assumedRoleArn, type SessionRecord } from './sessions.js';

/** A key the keyring issued used with another secret than its own: refused as AWS refuses the signature. */
function checkSecret(given: string | undefined, secret: string): void {
  if (given === undefined) return;
  const [a, b] = [Buffer.from(given), Buffer.from(secret)];
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new KmsError('InvalidSignatureException', SIGNATURE_MISMATCH);
}

/**
 * The principal of the call. `ctx.caller.principalArn` wins (a user or role ARN is looked up in
 * the IAM records for its id and tags, a root ARN is the root, an assumed-role ARN a session; a
 * principal the keyring does not hold still works, with a synthetic id); then an access key the
 * keyring issued (AKIA: its user; ASIA: its session, whose token must match and which must not
 * have expired on ctx.clock); otherwise, with no credentials or a key kms did not issue, the
 * account's root.
 */
export async function callerOf(ctx: CallScope & { store: RecordReader }): Promise<Caller> {
  const ref = ctx.caller;
  if (ref?.principalArn !== undefined) return principalCaller(ctx.store, ref.principalArn);
  const id = ref?.accessKeyId;
  if (id?.startsWith('AKIA')) {
    const key = await ctx.store.get<AccessKeyRecord>(accessKeyRecordName(id));
    if (key) {
      if (key.status !== 'Active') throw new KmsError('UnrecognizedClientException', TOKEN_INVALID);
      checkSecret(ref?.secretAccessKey, key.secret);
      const user = await ctx.store.get<UserRecord>(userRecordName(key.account, key.userName));
      if (user) return userCaller(ctx.partition, key.account, user);
    }
  } else if (id?.startsWith('ASIA')) {
    const session = await ctx.store.get<SessionRecord>(sessionRecordName(id));
    if (session) {
      if (ref?.sessionToken !== session.token) throw new KmsError('UnrecognizedClientException', TOKEN_INVALID);
      if (session.expires <= ctx.clock.now().getTime()) throw new KmsError('ExpiredTokenException', TOKEN_EXPIRED);
      checkSecret(ref?.secretAccessKey, session.secret);
      const role = await ctx.store.get<RoleRecord>(roleRecordName(session.account, session.roleName));
      return sessionCaller(ctx.partition, session.account, session.roleName, session.rolePath, session.roleId, session.sessionName, role?.tags);
    }
  }
  return rootCaller(ctx.partition, ctx.account);
}

/**
 * The secret kms serve checks a SigV4 signature with, for a key the keyring issued: a user's
 * Active key, or a session's (with its token, and whether it has expired at `now`).
 */
export async function secretOf(store: RecordReader, accessKeyId: string, now: Date): Promise<{ secretAccessKey: string; sessionToken?: string; expired: boolean } | undefined> {
  if (accessKeyId.startsWith('AKIA')) {
    const key = await store.get<AccessKeyRecord>(accessKeyRecordName(accessKeyId));
    return key?.status === 'Active' ? { secretAccessKey: key.secret, expired: false } : undefined;
  }
  if (accessKeyId.startsWith('ASIA')) {
    const session = await store.get<SessionRecord>(sessionRecordName(accessKeyId));
    return session && { secretAccessKey: session.secret, sessionToken: session.token, expired: session.expires <= now.getTime() };
  }
  return undefined;
}

/**
 * The identity policies of a caller: a user's, or for a session its role's; inline ones (type
 * `user` / `role`, id = the policy's name) then attached managed ones (type `user-managed`, id =
 * the policy's ARN). The root and principals the keyring does not hold carry none.
 */
export async function identityPoliciesOf(store: RecordReader, caller: Caller): Promise<SourcedPolicy[]> {
  let principal: UserRecord | RoleRecord | undefined;
  let type: 'user' | 'role';
  if (caller.kind === 'user' && caller.userName !== undefined) {
    principal = await store.get<UserRecord>(userRecordName(caller.account, caller.userName));
    type = 'user';
  } else if (caller.kind === 'assumed-role' && caller.roleArn !== undefined) {
    principal = (await roleByArn(store, caller.roleArn))?.role;
    type = 'role';
  } else return [];
  if (!principal) return [];
  const out: SourcedPolicy[] = Object.entries(principal.inline).map(([id, document]) => ({ id, type, document }));
  const partition = caller.arn.split(':')[1]!;
  for (const arn of principal.attached) {
    const policy = await policyByArn(store, { partition, account: caller.account }, arn);
    if (policy) out.push({ id: arn, type: 'user-managed', document: policy.document });
  }
  return out;
}

/** A role's trust policy (who may assume it), as a resource policy whose id is the role's ARN. */
export async function roleTrustPolicy(store: RecordReader, roleArn: string): Promise<SourcedPolicy | undefined> {
  const found = await roleByArn(store, roleArn);
  return found && { id: roleArn, type: 'resource', document: found.role.trust };
}

function rootCaller(partition: string, account: string): Caller {
  return { arn: `arn:${partition}:iam::${account}:root`, account, kind: 'root', userId: account };
}

function userCaller(partition: string, account: string, user: UserRecord): Caller {
  return {
    arn: userArn(partition, account, user.path, user.name),
    account,
    kind: 'user',
    userId: user.id,
    userName: user.name,
    ...(user.tags?.length ? { tags: tagMap(user.tags) } : {}),
  };
}

function sessionCaller(partition: string, account: string, roleName: string, rolePath: string, roleId: string, sessionName: string, tags?: { Key: string; Value: string }[]): Caller {
  return {
    arn: assumedRoleArn(partition, account, roleName, sessionName),
    account,
    kind: 'assumed-role',
    userId: `${roleId}:${sessionName}`,
    roleArn: roleArn(partition, account, rolePath, roleName),
    ...(tags?.length ? { tags: tagMap(tags) } : {}),
  };
}

/** A principal named by ARN (kms serve --credentials): looked up where the keyring holds it. */
async function principalCaller(store: RecordReader, arn: string): Promise<Caller> {
  const m = /^arn:([\w-]+):(iam|sts)::(\d{12}):(root|user|role|assumed-role)((?:\/[^/]*)*\/)?([^/]*)$/.exec(arn);
  if (!m) throw new KmsError('UnrecognizedClientException', TOKEN_INVALID);
  const [, partition, service, account, kind, path = '/', name] = m as unknown as [string, string, string, string, string, string | undefined, string];
  if (service === 'iam' && kind === 'root' && name === '') return rootCaller(partition, account);
  if (service === 'iam' && kind === 'user') {
    const user = await store.get<UserRecord>(userRecordName(account, name));
    if (user && user.path === path && user.name === name) return userCaller(partition, account, user);
    return { arn, account, kind: 'user', userId: synthetic('AIDA', arn), userName: name };
  }
  if (service === 'iam' && kind === 'role') {
    // A role named directly (no session): it acts as the role itself, aws:userid its id alone.
    const role = (await roleByArn(store, arn))?.role;
    return { arn, account, kind: 'assumed-role', userId: role?.id ?? synthetic('AROA', arn), roleArn: arn, ...(role?.tags?.length ? { tags: tagMap(role.tags) } : {}) };
  }
  if (service === 'sts' && kind === 'assumed-role' && path !== '/' && !path.slice(1, -1).includes('/')) {
    const roleName = path.slice(1, -1);
    const role = await store.get<RoleRecord>(roleRecordName(account, roleName));
    const held = role?.name === roleName ? role : undefined;
    return sessionCaller(partition, account, roleName, held?.path ?? '/', held?.id ?? synthetic('AROA', `arn:${partition}:iam::${account}:role/${roleName}`), name, held?.tags);
  }
  throw new KmsError('UnrecognizedClientException', TOKEN_INVALID);
}

/** A stable id for a principal the keyring does not hold: prefix + 17 base32 characters of its ARN's hash. */
function synthetic(prefix: 'AIDA' | 'AROA', arn: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return prefix + Array.from(createHash('sha256').update(arn).digest().subarray(0, 17), (b) => alphabet[b % 32]).join('');
}

function tagMap(tags: readonly { Key: string; Value: string }[]): Record<string, string> {
  return Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
}

/**
 * The user an operation acts on when it names none (GetUser, CreateAccessKey, …): the calling
 * user. Other callers must name one, as AWS says (kms does not issue the root's access keys).
 */
export async function defaultUserName(ctx: CallScope & { store: RecordReader }, given: string | undefined): Promise<string> {
  if (given !== undefined) return given;
  const caller = await callerOf(ctx);
  if (caller.kind === 'user' && caller.userName !== undefined) return caller.userName;
  throw new KmsError('ValidationError', 'Must specify userName when calling with non-User credentials');
}
