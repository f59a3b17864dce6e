// AWS::KMS::Alias: the official provider's alias/ handlers run on KMS through ProviderContext.kms
// (minus their propagation waits). Ref is the alias name; the type has no GetAtt attributes and no
// tags. Never imports the KMS service.

import { str, validateProperties, type Schema } from './properties.js';
import { alreadyExists, callKms, ProviderError, tryKms, handlerErrorOf, type ResourceProvider } from './types.js';

export const ALIAS_TYPE = 'AWS::KMS::Alias';

/** The AWS::KMS::Alias registry schema: both properties required; AliasName is create-only. */
const ALIAS_SCHEMA: Schema & { type: 'object' } = {
  type: 'object',
  properties: {
    AliasName: { type: 'string', minLength: 1, maxLength: 256, pattern: '^(alias/)[a-zA-Z0-9:/_-]+$' },
    TargetKeyId: { type: 'string', minLength: 1, maxLength: 256 },
  },
  required: ['AliasName', 'TargetKeyId'],
};

/**
 * The schema, then the documented rule it cannot express: AliasName "cannot begin with alias/aws/",
 * which KMS reserves for AWS managed keys. CloudFormation leaves that to CreateAlias (which fails
 * with an empty NotAuthorizedException); kms says why before any call.
 */
function validateAlias(logicalId: string, properties: Record<string, unknown>): Record<string, unknown> {
  const p = validateProperties(ALIAS_SCHEMA, logicalId, properties);
  const name = str(p, 'AliasName')!;
  if (name.startsWith('alias/aws/')) {
    throw new ProviderError(
      'InvalidRequest',
      `Properties validation failed for resource ${logicalId} with message: [#/AliasName: string [${name}] must not begin with alias/aws/, which is reserved for AWS managed keys]`,
      true,
    );
  }
  return p;
}

export const aliasProvider: ResourceProvider = {
  type: ALIAS_TYPE,
  attributes: [],
  taggable: false,

  validate: validateAlias,

  // createOnlyProperties: AliasName
  needsReplacement: (before, after) => before.AliasName !== after.AliasName,

  async create(ctx, properties) {
    const p = validateAlias(ctx.logicalId, properties);
    const name = str(p, 'AliasName')!;
    // The pre-check: DescribeKey of the alias name succeeds when the alias exists already
    const probe = await tryKms(ctx, 'DescribeKey', { KeyId: name });
    if ('ok' in probe) throw alreadyExists(ALIAS_TYPE, name);
    if (probe.error.code !== 'NotFoundException') throw handlerErrorOf('DescribeKey', probe.error);
    await callKms(ctx, 'CreateAlias', { AliasName: name, TargetKeyId: str(p, 'TargetKeyId')! });
    return { physicalId: name, attributes: {} };
  },

  async update(ctx, state, _before, after) {
    const p = validateAlias(ctx.logicalId, after);
    await callKms(ctx, 'UpdateAlias', { AliasName: state.physicalId, TargetKeyId: str(p, 'TargetKeyId')! });
    return state;
  },

  async delete(ctx, state) {
    // NotFound on delete is a completed delete for CloudFormation
    const r = await tryKms(ctx, 'DeleteAlias', { AliasName: state.physicalId });
    if ('error' in r && r.error.code !== 'NotFoundException') throw handlerErrorOf('DeleteAlias', r.error);
  },
};
