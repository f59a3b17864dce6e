// ListPolicies: the account's customer managed policies in name order. kms has no AWS managed
// policies, so Scope AWS lists none; PolicyUsageFilter is accepted and ignored (no boundaries).

import type { EngineContext } from '../../../engine/context.js';
import { policyOf, type ManagedPolicyRecord } from '../managed-policies.js';
import { pageOf } from '../paging.js';
import { policyPrefix } from '../records.js';
import type { IamOperations, ListPoliciesRequest } from '../types.gen.js';

export default async function listPolicies(ctx: EngineContext, req: ListPoliciesRequest): Promise<IamOperations['ListPolicies']['output']> {
  const rows = req.Scope === 'AWS' ? [] : await ctx.store.list<ManagedPolicyRecord>(policyPrefix(ctx.account));
  const policies = rows.filter((r) => (req.PathPrefix === undefined || r.value.path.startsWith(req.PathPrefix)) && (!req.OnlyAttached || r.value.attachments > 0));
  const page = pageOf(policies, (r) => r.name, req.Marker, req.MaxItems);
  return { Policies: page.items.map((r) => policyOf(ctx, r.value, false)), IsTruncated: page.IsTruncated, Marker: page.Marker };
}
