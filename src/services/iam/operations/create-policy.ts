// CreatePolicy: a customer managed policy, kept as one version (v1, the default). Policy names
// are unique in the account whatever their path.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { uniqueId } from '../ids.js';
import { policyOf, savePolicy, type ManagedPolicyRecord } from '../managed-policies.js';
import { checkPolicyDocument } from '../policy-documents.js';
import { pathOrDefault } from '../principals.js';
import { policyRecordName } from '../records.js';
import type { CreatePolicyRequest, IamOperations } from '../types.gen.js';

export default async function createPolicy(ctx: EngineContext, req: CreatePolicyRequest): Promise<IamOperations['CreatePolicy']['output']> {
  if (await ctx.store.get(policyRecordName(ctx.account, req.PolicyName))) {
    throw new KmsError('EntityAlreadyExists', `A policy called ${req.PolicyName} already exists. Duplicate names are not allowed.`);
  }
  checkPolicyDocument(req.PolicyDocument);
  const now = ctx.clock.now().getTime();
  const policy: ManagedPolicyRecord = {
    name: req.PolicyName,
    path: pathOrDefault(req.Path),
    id: uniqueId(ctx.random, 'ANPA'),
    document: req.PolicyDocument,
    ...(req.Description !== undefined ? { description: req.Description } : {}),
    ...(req.Tags?.length ? { tags: req.Tags } : {}),
    created: now,
    updated: now,
    attachments: 0,
  };
  savePolicy(ctx, policy);
  return { Policy: policyOf(ctx, policy, false) };
}
