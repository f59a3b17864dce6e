// Alias rules shared by CreateAlias, UpdateAlias and DeleteAlias: the alias/ prefix, the reserved
// alias/aws/ space and the target key checks (length and pattern are the model's, checked by
// validation). Must not import handlers or the CLI.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { parseKmsArn, type KeyRecord } from './key-record.js';
import { checkKeyFor } from './key-states.js';
import { resolveKey } from './resolve.js';

function validation(message: string): KmsError {
  return new KmsError('ValidationException', message);
}

/** AliasName: starts with alias/, has no ':' (the model's pattern allows it), is not in alias/aws/ (AWS managed keys). */
export function checkAliasName(alias: string): string {
  if (!alias.startsWith('alias/')) {
    throw validation('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  if (alias.includes(':')) throw validation(`${alias} contains invalid characters for an alias`);
  // Aliases: the alias/aws/ prefix is reserved for AWS managed keys
  if (alias.startsWith('alias/aws/')) throw new KmsError('NotAuthorizedException', '');
  return alias;
}

/** TargetKeyId: a key id or key ARN of a customer managed key in this region, not pending deletion. */
export async function aliasTarget(ctx: EngineContext, id: string, operation = 'CreateAlias'): Promise<KeyRecord> {
  if (id.startsWith('alias/') || parseKmsArn(id)?.kind === 'alias') {
    throw validation('Aliases must refer to keys. Not aliases');
  }
  const key = await resolveKey(ctx, id, { aliases: false });
  // UpdateAlias: "You don't have permission to associate an alias with an AWS managed key"
  checkKeyFor(key, operation);
  return key;
}
