// DeleteRole: only a role without inline or attached policies (DeleteConflict). Its sessions
// keep their credentials until they expire, as AWS's do.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { loadRole } from '../principals.js';
import { roleRecordName } from '../records.js';
import type { DeleteRoleRequest, IamOperations } from '../types.gen.js';

export default async function deleteRole(ctx: EngineContext, req: DeleteRoleRequest): Promise<IamOperations['DeleteRole']['output']> {
  const role = await loadRole(ctx, req.RoleName);
  if (Object.keys(role.inline).length > 0) throw new KmsError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
  if (role.attached.length > 0) throw new KmsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
  ctx.store.delete(roleRecordName(ctx.account, role.name));
  return {};
}
