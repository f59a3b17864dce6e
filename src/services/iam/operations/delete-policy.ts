// DeletePolicy: only a managed policy attached to no user or role (DeleteConflict).

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { loadPolicy } from '../managed-policies.js';
import { policyRecordName } from '../records.js';
import type { DeletePolicyRequest, IamOperations } from '../types.gen.js';

export default async function deletePolicy(ctx: EngineContext, req: DeletePolicyRequest): Promise<IamOperations['DeletePolicy']['output']> {
  const policy = await loadPolicy(ctx, req.PolicyArn);
  if (policy.attachments > 0) throw new KmsError('DeleteConflict', 'Cannot delete a policy attached to entities.');
  ctx.store.delete(policyRecordName(ctx.account, policy.name));
  return {};
}
