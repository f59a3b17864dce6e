// DeleteUser: only a user without access keys, inline policies or attached policies (DeleteConflict).

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { loadUser } from '../principals.js';
import { userRecordName } from '../records.js';
import type { DeleteUserRequest, IamOperations } from '../types.gen.js';

export default async function deleteUser(ctx: EngineContext, req: DeleteUserRequest): Promise<IamOperations['DeleteUser']['output']> {
  const user = await loadUser(ctx, req.UserName);
  if (user.accessKeys.length > 0) throw new KmsError('DeleteConflict', 'Cannot delete entity, must delete access keys first.');
  if (Object.keys(user.inline).length > 0) throw new KmsError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
  if (user.attached.length > 0) throw new KmsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
  ctx.store.delete(userRecordName(ctx.account, user.name));
  return {};
}
