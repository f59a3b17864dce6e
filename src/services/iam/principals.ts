// IAM users and roles as records: their shapes in the store, their ARNs, lookups that fail as IAM
// fails (NoSuchEntity), and the User and Role structures the API returns. Inline policies,
// attached policy ARNs and a user's access key ids live inside the principal's record.

import type { EngineContext, RecordReader } from '../../engine/context.js';
import { KmsError } from '../../errors.js';
import { encodePolicyDocument } from './policy-documents.js';
import { roleRecordName, userRecordName } from './records.js';
import type { Role, Tag, User } from './types.gen.js';

export interface PrincipalRecord {
  /** As created (IAM keeps the case; lookups ignore it). */
  name: string;
  path: string;
  /** AIDA… or AROA… */
  id: string;
  /** epoch ms */
  created: number;
  tags?: Tag[];
  permissionsBoundary?: string;
  /** Inline policies: name → document as given. */
  inline: Record<string, string>;
  /** ARNs of the attached managed policies, in attachment order. */
  attached: string[];
}

export interface UserRecord extends PrincipalRecord {
  /** Ids of the user's access keys (AccessKeyRecord). */
  accessKeys: string[];
}

export interface RoleRecord extends PrincipalRecord {
  /** The trust policy (AssumeRolePolicyDocument) as given. */
  trust: string;
  description?: string;
  /** seconds, 3600..43200 */
  maxSessionDuration: number;
}

export const userArn = (partition: string, account: string, path: string, name: string): string => `arn:${partition}:iam::${account}:user${path}${name}`;
export const roleArn = (partition: string, account: string, path: string, name: string): string => `arn:${partition}:iam::${account}:role${path}${name}`;

/** The user, or NoSuchEntity with AWS's text. */
export async function loadUser(ctx: EngineContext, userName: string): Promise<UserRecord> {
  const user = await ctx.store.get<UserRecord>(userRecordName(ctx.account, userName));
  if (!user) throw new KmsError('NoSuchEntity', `The user with name ${userName} cannot be found.`);
  return user;
}

/** The role, or NoSuchEntity with AWS's text. */
export async function loadRole(ctx: EngineContext, roleName: string): Promise<RoleRecord> {
  const role = await ctx.store.get<RoleRecord>(roleRecordName(ctx.account, roleName));
  if (!role) throw new KmsError('NoSuchEntity', `The role with name ${roleName} cannot be found.`);
  return role;
}

export function saveUser(ctx: EngineContext, user: UserRecord): void {
  ctx.store.put(userRecordName(ctx.account, user.name), user);
}

export function saveRole(ctx: EngineContext, role: RoleRecord): void {
  ctx.store.put(roleRecordName(ctx.account, role.name), role);
}

/** The role an ARN names (`arn:P:iam::A:role/PATH/NAME`), when the keyring holds it with that path. */
export async function roleByArn(store: RecordReader, arn: string): Promise<{ account: string; role: RoleRecord } | undefined> {
  const m = /^arn:[\w-]+:iam::(\d{12}):role(\/(?:[^/]+\/)*)?([\w+=,.@-]+)$/.exec(arn);
  if (!m) return undefined;
  const [, account, path = '/', name] = m;
  const role = await store.get<RoleRecord>(roleRecordName(account!, name!));
  return role && role.path === path && role.name === name ? { account: account!, role } : undefined;
}

/** A User structure. `full`: GetUser's members (tags, boundary); ListUsers leaves them out. */
export function userOf(ctx: { partition: string; account: string }, u: UserRecord, full: boolean): User {
  return {
    Path: u.path,
    UserName: u.name,
    UserId: u.id,
    Arn: userArn(ctx.partition, ctx.account, u.path, u.name),
    CreateDate: new Date(u.created),
    ...(full && u.permissionsBoundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: u.permissionsBoundary } } : {}),
    ...(full && u.tags?.length ? { Tags: u.tags } : {}),
  };
}

/**
 * A Role structure, its trust policy URL-encoded as IAM returns it. GetRole adds the permissions
 * boundary, tags and RoleLastUsed; CreateRole the tags it was given; ListRoles neither.
 */
export function roleOf(ctx: { partition: string; account: string }, r: RoleRecord, view: 'get' | 'create' | 'list'): Role {
  const full = view === 'get';
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.id,
    Arn: roleArn(ctx.partition, ctx.account, r.path, r.name),
    CreateDate: new Date(r.created),
    AssumeRolePolicyDocument: encodePolicyDocument(r.trust),
    ...(r.description !== undefined ? { Description: r.description } : {}),
    MaxSessionDuration: r.maxSessionDuration,
    ...(full && r.permissionsBoundary ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: r.permissionsBoundary } } : {}),
    ...(view !== 'list' && r.tags?.length ? { Tags: r.tags } : {}),
    ...(full ? { RoleLastUsed: {} } : {}),
  };
}

/** IAM paths: `/` by default; AWS's pattern (in the table) already holds them to `/…/`. */
export function pathOrDefault(path: string | undefined): string {
  return path ?? '/';
}
