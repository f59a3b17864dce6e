// AWS::KMS::ReplicaKey: the official provider's replicakey/ handlers run on KMS through
// ProviderContext.kms (minus their propagation waits): ReplicateKey sent to the primary's Region,
// then the steps it shares with AWS::KMS::Key (key.ts). Never imports the KMS service.

import { parseArn } from '../../../api/arn.js';
import { bool, desiredTags, policyText, str, TAGS, validateProperties, type Schema } from './properties.js';
import { describeLiveKey, disableIfNecessary, enableIfNecessary, keyState, scheduleDeletion, updateDescription, updatePolicy, updateTags } from './key.js';
import { callKms, ProviderError, type ResourceProvider } from './types.js';

export const REPLICA_KEY_TYPE = 'AWS::KMS::ReplicaKey';

/** The AWS::KMS::ReplicaKey registry schema: PrimaryKeyArn (create-only) and KeyPolicy required. */
const REPLICA_KEY_SCHEMA: Schema & { type: 'object' } = {
  type: 'object',
  properties: {
    PrimaryKeyArn: { type: 'string', minLength: 1, maxLength: 256 },
    Description: { type: 'string', minLength: 0, maxLength: 8192 },
    Enabled: { type: 'boolean' },
    KeyPolicy: { type: 'json' },
    PendingWindowInDays: { type: 'integer', minimum: 7, maximum: 30 },
    Tags: TAGS,
  },
  required: ['PrimaryKeyArn', 'KeyPolicy'],
};

/**
 * The Region ReplicateKey goes to: the primary's, from its ARN (ClientBuilder.getClientForArnRegion).
 * Text that is no ARN fails there as the AWS SDK's Arn.fromString does, outside any KMS call.
 */
function primaryRegion(arn: string): string {
  const parsed = parseArn(arn);
  if (!parsed) throw new ProviderError('InternalFailure', arn.startsWith('arn:') ? `Malformed ARN - ${arn}` : "Malformed ARN - doesn't start with 'arn:'");
  return parsed.region;
}

export const replicaKeyProvider: ResourceProvider = {
  type: REPLICA_KEY_TYPE,
  attributes: ['Arn', 'KeyId'],
  taggable: true,

  validate: (logicalId, properties) => validateProperties(REPLICA_KEY_SCHEMA, logicalId, properties),

  // createOnlyProperties: PrimaryKeyArn
  needsReplacement: (before, after) => before.PrimaryKeyArn !== after.PrimaryKeyArn,

  async create(ctx, properties) {
    const p = validateProperties(REPLICA_KEY_SCHEMA, ctx.logicalId, properties);
    const primaryArn = str(p, 'PrimaryKeyArn')!;
    // Translator.replicateKeyRequest: the stack's Region is the replica's; no bypass flag (the
    // type has no BypassPolicyLockoutSafetyCheck property)
    const req: Record<string, unknown> = {
      KeyId: primaryArn,
      ReplicaRegion: ctx.region,
      Description: str(p, 'Description') ?? '',
      Policy: policyText(p.KeyPolicy),
    };
    const tags = desiredTags(ctx.stackTags, p.Tags);
    if (tags.length > 0) req.Tags = tags;
    const res = await callKms(ctx, 'ReplicateKey', req, primaryRegion(primaryArn));
    const meta = res.ReplicaKeyMetadata as Record<string, unknown>;
    const keyId = String(meta.KeyId);
    // The handler waits until the replica leaves Creating; KMS here finishes within ReplicateKey,
    // so one DescribeKey in the replica's Region sees it done
    await callKms(ctx, 'DescribeKey', { KeyId: keyId });
    await disableIfNecessary(ctx, keyId, true, bool(p, 'Enabled') ?? true);
    return keyState(meta);
  },

  async update(ctx, state, before, after) {
    const b = validateProperties(REPLICA_KEY_SCHEMA, ctx.logicalId, before);
    const a = validateProperties(REPLICA_KEY_SCHEMA, ctx.logicalId, after);
    const keyId = state.physicalId;
    await describeLiveKey(ctx, REPLICA_KEY_TYPE, keyId);
    // The key's state does not affect the other updates, so enabling needs no wait before them
    await enableIfNecessary(ctx, keyId, bool(b, 'Enabled') ?? true, bool(a, 'Enabled') ?? true);
    await disableIfNecessary(ctx, keyId, bool(b, 'Enabled') ?? true, bool(a, 'Enabled') ?? true);
    await updateDescription(ctx, keyId, str(b, 'Description') ?? '', str(a, 'Description') ?? '');
    await updatePolicy(ctx, keyId, policyText(b.KeyPolicy), policyText(a.KeyPolicy), undefined);
    // TagHelper.updateKeyTags: no soft failure for ReplicaKey
    await updateTags(ctx, keyId, desiredTags(ctx.stackTags, a.Tags), false);
    return state;
  },

  async delete(ctx, state, properties) {
    await scheduleDeletion(ctx, state.physicalId, properties);
  },
};
