// UpdateAlias: points an existing alias at another key of the same key usage.
// Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import { aliasTarget, checkAliasName } from '../keys/aliases.js';
import type { EngineContext } from '../../../engine/context.js';
import { aliasArn } from '../keys/key-record.js';
import { findAlias, findKey } from '../keys/resolve.js';
import type { UpdateAliasRequest, KmsOperations } from '../types.gen.js';
import { aliasRecordName } from '../records.js';

export default async function updateAlias(ctx: EngineContext, req: UpdateAliasRequest): Promise<KmsOperations['UpdateAlias']['output']> {
  const name = checkAliasName(req.AliasName);
  const alias = await findAlias(ctx, name);
  if (!alias) throw new KmsError('NotFoundException', `Alias ${aliasArn(ctx, name)} is not found.`);
  const key = await aliasTarget(ctx, req.TargetKeyId, 'UpdateAlias');
  const current = await findKey(ctx, alias.TargetKeyId);
  // UpdateAlias: the current and the new key must have the same key usage
  if (current && current.KeyUsage !== key.KeyUsage) {
    throw new KmsError(
      'ValidationException',
      `${key.Arn} key usage ${key.KeyUsage} does not match the key usage ${current.KeyUsage} of the key the alias points to.`,
    );
  }
  alias.TargetKeyId = key.KeyId;
  alias.LastUpdatedDate = ctx.clock.now().getTime();
  ctx.store.put(aliasRecordName(ctx.region, name), alias);
  return {};
}
