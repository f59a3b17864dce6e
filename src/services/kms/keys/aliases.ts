// Alias rules shared by CreateAlias, UpdateAlias and DeleteAlias: the alias/ prefix, the reserved
// alias/aws/ space, the name pattern, and the target key checks. Must not import handlers or the CLI.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import type { KeyRecord } from './key-record.js';
import { checkKeyFor } from './key-states.js';
import { resolveKey } from './resolve.js';

const NAME = /^[a-zA-Z0-9:/_-]+$/;

function validation(message: string): KmsError {
  return new KmsError('ValidationException', message);
}

/** AliasName: starts with alias/, is 1..256 of [a-zA-Z0-9/_-], not in alias/aws/ (AWS managed keys). */
export function checkAliasName(alias: string): string {
  if (!alias.startsWith('alias/')) {
    throw validation('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
  }
  if (alias.length > 256) {
    throw validation(`1 validation error detected: Value '${alias}' at 'aliasName' failed to satisfy constraint: Member must have length less than or equal to 256`);
  }
  if (!NAME.test(alias)) {
    throw validation(`1 validation error detected: Value '${alias}' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$`);
  }
  if (alias.includes(':')) throw validation(`${alias} contains invalid characters for an alias`);
  // Aliases: the alias/aws/ prefix is reserved for AWS managed keys
  if (alias.startsWith('alias/aws/')) throw new KmsError('NotAuthorizedException', '');
  return alias;
}

/** TargetKeyId: a key id or key ARN of a customer managed key in this region, not pending deletion. */
export function aliasTarget(ctx: EngineContext, id: string, operation = 'CreateAlias'): KeyRecord {
  if (id.startsWith('alias/') || /^arn:[^:]+:kms:[^:]*:[^:]*:alias\//.test(id)) {
    throw validation('Aliases must refer to keys. Not aliases');
  }
  const key = resolveKey(ctx, id, { aliases: false });
  // UpdateAlias: "You don't have permission to associate an alias with an AWS managed key"
  checkKeyFor(key, operation);
  return key;
}
