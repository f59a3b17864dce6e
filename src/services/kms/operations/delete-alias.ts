// DeleteAlias: removes an alias; the key it named is unchanged. Must not import the CLI or handlers.

import { KmsError } from '../../../errors.js';
import { checkAliasName } from '../keys/aliases.js';
import type { EngineContext } from '../../../engine/context.js';
import { aliasArn } from '../keys/key-record.js';
import { findAlias } from '../keys/resolve.js';
import type { DeleteAliasRequest, KmsOperations } from '../types.gen.js';
import { aliasRecordName } from '../records.js';

export default async function deleteAlias(ctx: EngineContext, req: DeleteAliasRequest): Promise<KmsOperations['DeleteAlias']['output']> {
  const name = checkAliasName(req.AliasName);
  if (!await findAlias(ctx, name)) throw new KmsError('NotFoundException', `Alias ${aliasArn(ctx, name)} is not found.`);
  ctx.store.delete(aliasRecordName(ctx.region, name));
  return {};
}
