// Attaching customer managed policies to users and roles, and taking them off: the principal's
// record lists the ARNs, the policy's record counts its attachments; both change in one transaction.

import type { EngineContext } from '../../engine/context.js';
import { KmsError } from '../../errors.js';
import { loadAttachable, policyByArn, savePolicy } from './managed-policies.js';
import type { AttachedPolicy } from './types.gen.js';

/** `attached` with the policy `arn` added (unchanged when it is there already). */
export async function attach(ctx: EngineContext, attached: readonly string[], arn: string): Promise<string[]> {
  const policy = await loadAttachable(ctx, arn);
  if (attached.includes(arn)) return [...attached];
  savePolicy(ctx, { ...policy, attachments: policy.attachments + 1 });
  return [...attached, arn];
}

/** `attached` without the policy `arn`; NoSuchEntity when it is not attached. */
export async function detach(ctx: EngineContext, attached: readonly string[], arn: string): Promise<string[]> {
  if (!attached.includes(arn)) throw new KmsError('NoSuchEntity', `Policy ${arn} was not found.`);
  const policy = await policyByArn(ctx.store, ctx, arn);
  if (policy) savePolicy(ctx, { ...policy, attachments: Math.max(0, policy.attachments - 1) });
  return attached.filter((a) => a !== arn);
}

/** The AttachedPolicy entries of ARNs, in name order, only those under `pathPrefix` when given. */
export function attachedOf(arns: readonly string[], pathPrefix: string | undefined): AttachedPolicy[] {
  const out = arns
    .map((arn) => ({ name: arn.slice(arn.lastIndexOf('/') + 1), path: arn.slice(arn.indexOf(':policy/') + 7, arn.lastIndexOf('/') + 1), arn }))
    .filter((p) => pathPrefix === undefined || p.path.startsWith(pathPrefix))
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  return out.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
}
