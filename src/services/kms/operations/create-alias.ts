// CreateAlias: a new alias name for a customer managed key; one alias names one key.
// Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import { aliasTarget, checkAliasName } from '../keys/aliases.js';
import type { EngineContext } from '../../../engine/context.js';
import { aliasArn } from '../keys/key-record.js';
import { findAlias, type AliasRecord } from '../keys/resolve.js';
import type { CreateAliasRequest, KmsOperations } from '../types.gen.js';
import { aliasRecordName } from '../records.js';

export default async function createAlias(ctx: EngineContext, req: CreateAliasRequest): Promise<KmsOperations['CreateAlias']['output']> {
  const name = checkAliasName(req.AliasName);
  const key = await aliasTarget(ctx, req.TargetKeyId);
  // CreateAlias: alias names are unique in an account and region
  if (await findAlias(ctx, name)) {
    throw new KmsError('AlreadyExistsException', `An alias with the name ${aliasArn(ctx, name)} already exists`);
  }
  const now = ctx.clock.now().getTime();
  const rec: AliasRecord = { AliasName: name, TargetKeyId: key.KeyId, CreationDate: now, LastUpdatedDate: now };
  ctx.store.put(aliasRecordName(ctx.region, name), rec);
  return {};
}
