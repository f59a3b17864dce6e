// AWS::KMS::Key: the official provider's handlers (aws-cloudformation-resource-providers-kms key/
// and common/), run on KMS through ProviderContext.kms, minus their propagation waits; and the
// steps Key and ReplicaKey share (common/KeyHandlerHelper). Never imports the KMS service.

import { bool, desiredTags, int, policyText, samePolicy, str, TAGS, validateProperties, type KmsTag, type Schema } from './properties.js';
import { callKms, handlerErrorOf, invalidRequest, notFound, ProviderError, tryKms, type ProviderContext, type ResourceProvider, type ResourceState } from './types.js';

export const KEY_TYPE = 'AWS::KMS::Key';

/** The AWS::KMS::Key registry schema (cfn-lint's bundled copy, 2026): every writable property. */
const KEY_SCHEMA: Schema & { type: 'object' } = {
  type: 'object',
  properties: {
    Description: { type: 'string', minLength: 0, maxLength: 8192 },
    Enabled: { type: 'boolean' },
    EnableKeyRotation: { type: 'boolean' },
    KeyPolicy: { type: 'json' },
    KeyUsage: { type: 'string', enum: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] },
    Origin: { type: 'string', enum: ['AWS_KMS', 'EXTERNAL'] },
    KeySpec: {
      type: 'string',
      enum: [
        'SYMMETRIC_DEFAULT', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521',
        'ECC_SECG_P256K1', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87',
        'ECC_NIST_EDWARDS25519',
      ],
    },
    MultiRegion: { type: 'boolean' },
    PendingWindowInDays: { type: 'integer', minimum: 7, maximum: 30 },
    Tags: TAGS,
    BypassPolicyLockoutSafetyCheck: { type: 'boolean' },
    RotationPeriodInDays: { type: 'integer', minimum: 90, maximum: 2560 },
  },
};

/** The model after ModelAdapter.setDefaultsForCreateKey: the handlers compare these values. */
interface KeyModel {
  Description: string;
  Enabled: boolean;
  EnableKeyRotation: boolean;
  KeyUsage: string;
  Origin: string;
  KeySpec: string;
  MultiRegion: boolean;
  RotationPeriodInDays: number | undefined;
}

function withDefaults(p: Record<string, unknown>): KeyModel {
  return {
    Description: str(p, 'Description') ?? '',
    Enabled: bool(p, 'Enabled') ?? true,
    EnableKeyRotation: bool(p, 'EnableKeyRotation') ?? false,
    KeyUsage: str(p, 'KeyUsage') ?? 'ENCRYPT_DECRYPT',
    Origin: str(p, 'Origin') ?? 'AWS_KMS',
    KeySpec: str(p, 'KeySpec') ?? 'SYMMETRIC_DEFAULT',
    MultiRegion: bool(p, 'MultiRegion') ?? false,
    RotationPeriodInDays: int(p, 'RotationPeriodInDays'),
  };
}

/**
 * The KeyPolicy an update compares: an absent one is the default policy ModelAdapter.setDefaults
 * writes (so removing KeyPolicy puts this policy back), byte for byte.
 */
function policyOrDefault(ctx: ProviderContext, p: Record<string, unknown>): string {
  return (
    policyText(p.KeyPolicy) ??
    '{\n    "Version": "2012-10-17",\n    "Id": "key-default-1",\n    "Statement": [\n        {\n' +
      '            "Sid": "Enable IAM User Permissions",\n            "Effect": "Allow",\n' +
      `            "Principal": {\n                "AWS": "arn:${ctx.partition}:iam::${ctx.account}:root"\n            },\n` +
      '            "Action": "kms:*",\n            "Resource": "*"\n        }\n    ]\n}'
  );
}

/** BaseHandlerStd.validateResourceModel: the create checks, and on update the transition's. */
function validateModel(prev: KeyModel | undefined, model: KeyModel): void {
  // "If the key is asymmetric or external, we cannot enable key rotation" (HMAC specs included)
  if ((model.KeySpec !== 'SYMMETRIC_DEFAULT' || model.Origin === 'EXTERNAL') && model.EnableKeyRotation) {
    throw invalidRequest('You cannot set the EnableKeyRotation property to true on asymmetric or external keys.');
  }
  if (prev === undefined) return;
  // "If the key is disabled, and will continue to be, we cannot modify the EnableKeyRotation property"
  if (!prev.Enabled && !model.Enabled && prev.EnableKeyRotation !== model.EnableKeyRotation) {
    throw invalidRequest('You cannot change the EnableKeyRotation property while the Enabled property is false.');
  }
  // CFN_INVALID_REQUEST_MESSAGE: the update fails whatever UpdateReplacePolicy says
  if (prev.KeyUsage !== model.KeyUsage || prev.KeySpec !== model.KeySpec || prev.MultiRegion !== model.MultiRegion || prev.Origin !== model.Origin) {
    throw invalidRequest('You cannot change the values of the KeySpec, KeyUsage, Origin, or MultiRegion properties of an AWS::KMS::Key resource.');
  }
}

// ---- Steps shared with AWS::KMS::ReplicaKey (common/KeyHandlerHelper) ----

/** describeKey: the key must exist and not be pending (replica) deletion, else NotFound. */
export async function describeLiveKey(ctx: ProviderContext, type: string, keyId: string): Promise<Record<string, unknown>> {
  const meta = (await callKms(ctx, 'DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, unknown>;
  if (meta.KeyState === 'PendingDeletion' || meta.KeyState === 'PendingReplicaDeletion') throw notFound(type, String(meta.KeyId));
  return meta;
}

/** enableKeyIfNecessary: disabled → enabled. */
export async function enableIfNecessary(ctx: ProviderContext, keyId: string, was: boolean, will: boolean): Promise<void> {
  if (!was && will) await callKms(ctx, 'EnableKey', { KeyId: keyId });
}

/** disableKeyIfNecessary: enabled (or new) → disabled. */
export async function disableIfNecessary(ctx: ProviderContext, keyId: string, was: boolean, will: boolean): Promise<void> {
  if (was && !will) await callKms(ctx, 'DisableKey', { KeyId: keyId });
}

/** updateKeyDescription: only when it changed. */
export async function updateDescription(ctx: ProviderContext, keyId: string, was: string, will: string): Promise<void> {
  if (was !== will) await callKms(ctx, 'UpdateKeyDescription', { KeyId: keyId, Description: will });
}

/** updateKeyPolicy: PutKeyPolicy (policy name `default`) when the policy changed as a JSON value. */
export async function updatePolicy(ctx: ProviderContext, keyId: string, was: string | undefined, will: string | undefined, bypass: boolean | undefined): Promise<void> {
  if (will === undefined || samePolicy(was, will)) return;
  const req: Record<string, unknown> = { KeyId: keyId, PolicyName: 'default', Policy: will };
  if (bypass !== undefined) req.BypassPolicyLockoutSafetyCheck = bypass;
  await callKms(ctx, 'PutKeyPolicy', req);
}

/** The key's tags now (retrieveResourceTags: every page of ListResourceTags). */
async function currentTags(ctx: ProviderContext, keyId: string): Promise<KmsTag[]> {
  const tags: KmsTag[] = [];
  let marker: string | undefined;
  do {
    const res = await callKms(ctx, 'ListResourceTags', marker === undefined ? { KeyId: keyId } : { KeyId: keyId, Marker: marker });
    tags.push(...((res.Tags as KmsTag[] | undefined) ?? []));
    marker = res.Truncated === true ? (res.NextMarker as string) : undefined;
  } while (marker !== undefined);
  return tags;
}

/**
 * updateKeyTags: ListResourceTags, then UntagResource of the keys no longer wanted, then
 * TagResource of the keys added or changed. With `softFailDenied` a denied tag call is ignored
 * (Key's softFailAccessDenied when the template's tags did not change: the update only mends drift).
 */
export async function updateTags(ctx: ProviderContext, keyId: string, desired: readonly KmsTag[], softFailDenied: boolean): Promise<void> {
  try {
    const existing = await currentTags(ctx, keyId);
    const wanted = new Map(desired.map((t) => [t.TagKey, t.TagValue]));
    const remove = existing.filter((t) => !wanted.has(t.TagKey)).map((t) => t.TagKey);
    if (remove.length > 0) await callKms(ctx, 'UntagResource', { KeyId: keyId, TagKeys: remove });
    const add = desired.filter((t) => !existing.some((e) => e.TagKey === t.TagKey && e.TagValue === t.TagValue));
    if (add.length > 0) await callKms(ctx, 'TagResource', { KeyId: keyId, Tags: add.map((t) => ({ ...t })) });
  } catch (e) {
    const denied = e instanceof ProviderError && (e.handlerErrorCode === 'AccessDenied' || e.handlerErrorCode === 'UnauthorizedTaggingOperation');
    if (!(softFailDenied && denied)) throw e;
  }
}

/** Whether the desired tags differ between two property sets (TagHelper.shouldUpdateTags). */
export function tagsDiffer(a: readonly KmsTag[], b: readonly KmsTag[]): boolean {
  return a.length !== b.length || a.some((t) => !b.some((u) => u.TagKey === t.TagKey && u.TagValue === t.TagValue));
}

/**
 * deleteKey: ScheduleKeyDeletion (PendingWindowInDays, default 30). KMSInvalidStateException
 * ("can only happen if the key is pending deletion") and NotFoundException are NotFound, which
 * CloudFormation takes as a completed delete.
 */
export async function scheduleDeletion(ctx: ProviderContext, keyId: string, properties: Record<string, unknown>): Promise<void> {
  // The properties were valid at create or update; a parameter's "7" still needs its coercion
  const window = Number(properties.PendingWindowInDays ?? 30);
  const r = await tryKms(ctx, 'ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: window });
  if ('ok' in r || r.error.code === 'KMSInvalidStateException' || r.error.code === 'NotFoundException') return;
  throw handlerErrorOf('ScheduleKeyDeletion', r.error);
}

/** Ref is the key id; GetAtt gives Arn and KeyId. */
export function keyState(meta: Record<string, unknown>): ResourceState {
  return { physicalId: String(meta.KeyId), attributes: { Arn: meta.Arn, KeyId: meta.KeyId } };
}

// ---- AWS::KMS::Key ----

/** EnableKeyRotation, with the period when one is given (BaseHandlerStd.updateKeyRotationStatus). */
function enableRotation(ctx: ProviderContext, keyId: string, model: KeyModel): Promise<Record<string, unknown>> {
  const req: Record<string, unknown> = { KeyId: keyId };
  if (model.RotationPeriodInDays !== undefined) req.RotationPeriodInDays = model.RotationPeriodInDays;
  return callKms(ctx, 'EnableKeyRotation', req);
}

export const keyProvider: ResourceProvider = {
  type: KEY_TYPE,
  attributes: ['Arn', 'KeyId'],
  taggable: true,

  validate: (logicalId, properties) => validateProperties(KEY_SCHEMA, logicalId, properties),

  // KeySpec, KeyUsage, Origin and MultiRegion fail the update instead of replacing the key
  needsReplacement: () => false,

  async create(ctx, properties) {
    const p = validateProperties(KEY_SCHEMA, ctx.logicalId, properties);
    const model = withDefaults(p);
    validateModel(undefined, model);
    // CreatableKeyTranslator.createKeyRequest; an absent KeyPolicy leaves KMS its default policy
    const req: Record<string, unknown> = {
      Description: model.Description,
      KeyUsage: model.KeyUsage,
      Origin: model.Origin,
      KeySpec: model.KeySpec,
      MultiRegion: model.MultiRegion,
    };
    const policy = policyText(p.KeyPolicy);
    if (policy !== undefined) req.Policy = policy;
    if (p.BypassPolicyLockoutSafetyCheck !== undefined) req.BypassPolicyLockoutSafetyCheck = p.BypassPolicyLockoutSafetyCheck;
    const tags = desiredTags(ctx.stackTags, p.Tags);
    if (tags.length > 0) req.Tags = tags;
    const meta = (await callKms(ctx, 'CreateKey', req)).KeyMetadata as Record<string, unknown>;
    const keyId = String(meta.KeyId);
    if (model.EnableKeyRotation) await enableRotation(ctx, keyId, model);
    await disableIfNecessary(ctx, keyId, true, model.Enabled);
    return keyState(meta);
  },

  async update(ctx, state, before, after) {
    const b = validateProperties(KEY_SCHEMA, ctx.logicalId, before);
    const a = validateProperties(KEY_SCHEMA, ctx.logicalId, after);
    const [prev, model] = [withDefaults(b), withDefaults(a)];
    const keyId = state.physicalId;
    // Describe first: a key deleted (or pending deletion) outside the stack is NotFound
    await describeLiveKey(ctx, KEY_TYPE, keyId);
    validateModel(prev, model);
    await enableIfNecessary(ctx, keyId, prev.Enabled, model.Enabled);
    // Rotation goes on, or its period changes, or it goes off: while the key is enabled
    if (model.EnableKeyRotation && (!prev.EnableKeyRotation || prev.RotationPeriodInDays !== model.RotationPeriodInDays)) {
      await enableRotation(ctx, keyId, model);
    } else if (prev.EnableKeyRotation && !model.EnableKeyRotation) {
      await callKms(ctx, 'DisableKeyRotation', { KeyId: keyId });
    }
    await disableIfNecessary(ctx, keyId, prev.Enabled, model.Enabled);
    await updateDescription(ctx, keyId, prev.Description, model.Description);
    await updatePolicy(ctx, keyId, policyOrDefault(ctx, b), policyOrDefault(ctx, a), bool(a, 'BypassPolicyLockoutSafetyCheck'));
    const desired = desiredTags(ctx.stackTags, a.Tags);
    await updateTags(ctx, keyId, desired, !tagsDiffer(desiredTags(ctx.stackTags, b.Tags), desired));
    return state;
  },

  async delete(ctx, state, properties) {
    await scheduleDeletion(ctx, state.physicalId, properties);
  },
};
