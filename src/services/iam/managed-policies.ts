// Customer managed policies: one record per policy name, one version (v1, the default) each,
// and how many users and roles it is attached to. ARNs name them: arn:P:iam::A:policy/PATH/NAME.

import type { EngineContext, RecordReader } from '../../engine/context.js';
import { KmsError } from '../../errors.js';
import { policyRecordName } from './records.js';
import type { Policy, Tag } from './types.gen.js';

export interface ManagedPolicyRecord {
  name: string;
  path: string;
  /** ANPA… */
  id: string;
  /** The document of its one version, v1, as given. */
  document: string;
  description?: string;
  tags?: Tag[];
  /** epoch ms */
  created: number;
  updated: number;
  /** Users and roles it is attached to. */
  attachments: number;
}

/** kms keeps one version of each managed policy. */
export const DEFAULT_VERSION = 'v1';

export const policyArn = (partition: string, account: string, path: string, name: string): string => `arn:${partition}:iam::${account}:policy${path}${name}`;

/** The policy an ARN names in the account, if the keyring holds it at that path and partition. */
export async function policyByArn(store: RecordReader, scope: { partition: string; account: string }, arn: string): Promise<ManagedPolicyRecord | undefined> {
  const m = /^arn:([\w-]+):iam::(\d{12}):policy(\/(?:[^/]+\/)*)([\w+=,.@-]+)$/.exec(arn);
  if (!m || m[1] !== scope.partition || m[2] !== scope.account) return undefined;
  const policy = await store.get<ManagedPolicyRecord>(policyRecordName(scope.account, m[4]!));
  return policy && policy.path === m[3] && policy.name === m[4] ? policy : undefined;
}

/** The policy, or NoSuchEntity as GetPolicy and DeletePolicy say it. */
export async function loadPolicy(ctx: EngineContext, arn: string): Promise<ManagedPolicyRecord> {
  const policy = await policyByArn(ctx.store, ctx, arn);
  if (!policy) throw new KmsError('NoSuchEntity', `Policy ${arn} was not found.`);
  return policy;
}

/** The policy to attach, or NoSuchEntity as AttachUserPolicy and AttachRolePolicy say it. */
export async function loadAttachable(ctx: EngineContext, arn: string): Promise<ManagedPolicyRecord> {
  const policy = await policyByArn(ctx.store, ctx, arn);
  if (!policy) throw new KmsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
  return policy;
}

export function savePolicy(ctx: EngineContext, policy: ManagedPolicyRecord): void {
  ctx.store.put(policyRecordName(ctx.account, policy.name), policy);
}

/** A Policy structure. `full`: GetPolicy's members (description, tags). */
export function policyOf(ctx: { partition: string; account: string }, p: ManagedPolicyRecord, full: boolean): Policy {
  return {
    PolicyName: p.name,
    PolicyId: p.id,
    Arn: policyArn(ctx.partition, ctx.account, p.path, p.name),
    Path: p.path,
    DefaultVersionId: DEFAULT_VERSION,
    AttachmentCount: p.attachments,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(full && p.description !== undefined ? { Description: p.description } : {}),
    CreateDate: new Date(p.created),
    UpdateDate: new Date(p.updated),
    ...(full && p.tags?.length ? { Tags: p.tags } : {}),
  };
}
