// RetireGrant: deletes a grant named by its GrantToken, or by KeyId (id or ARN) and GrantId, in any
// key state. No caller identity offline, so any caller may retire. Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { checkGrantId, grantNotFound, grantOfToken, resolveGrantKey } from '../grants/grants.js';
import { dryRunStop } from '../requests.js';
import type { RetireGrantRequest, KmsOperations } from '../types.gen.js';
import { grantRecordName } from '../records.js';

export default async function retireGrant(ctx: EngineContext, req: RetireGrantRequest): Promise<KmsOperations['RetireGrant']['output']> {
  let name: string;
  if (req.GrantToken !== undefined) {
    const { grant, region } = await grantOfToken(ctx, req.GrantToken);
    // Both forms given: they must name the same grant
    if (req.GrantId !== undefined && checkGrantId(req.GrantId) !== grant.GrantId) {
      throw new KmsError('ValidationException', 'The grant token and the grant ID do not identify the same grant.');
    }
    if (req.KeyId !== undefined && (await resolveGrantKey(ctx, req.KeyId)).Arn !== grant.KeyArn) {
      throw new KmsError('ValidationException', 'The grant token and the key ID do not identify the same grant.');
    }
    name = grantRecordName(region, grant.KeyId, grant.GrantId);
  } else {
    // RetireGrant: a grant token, or both a key identifier and a grant id
    if (req.KeyId === undefined || req.GrantId === undefined) {
      throw new KmsError('ValidationException', 'Either grant token or key id and grant id must be provided');
    }
    const key = await resolveGrantKey(ctx, req.KeyId);
    const id = checkGrantId(req.GrantId);
    name = grantRecordName(key.Region, key.KeyId, id);
    if (await ctx.store.get(name) === undefined) throw grantNotFound(id);
  }
  dryRunStop(req.DryRun);
  ctx.store.delete(name);
  return {};
}
