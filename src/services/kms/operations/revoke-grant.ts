// RevokeGrant: deletes a grant named by key (id or ARN) and GrantId, in any key state; its tokens
// stop being valid. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { checkGrantId, grantNotFound, resolveGrantKey } from '../grants/grants.js';
import { dryRunStop } from '../requests.js';
import type { RevokeGrantRequest, KmsOperations } from '../types.gen.js';
import { grantRecordName } from '../records.js';

export default async function revokeGrant(ctx: EngineContext, req: RevokeGrantRequest): Promise<KmsOperations['RevokeGrant']['output']> {
  const key = await resolveGrantKey(ctx, req.KeyId);
  const id = checkGrantId(req.GrantId);
  const name = grantRecordName(key.Region, key.KeyId, id);
  if (await ctx.store.get(name) === undefined) throw grantNotFound(id);
  dryRunStop(req.DryRun);
  ctx.store.delete(name);
  return {};
}
