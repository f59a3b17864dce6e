// The AWS::KMS::Key, Alias and ReplicaKey resource providers on the real KMS engine: property
// validation with CloudFormation's messages, the official handlers' call order, their own
// validation texts, deletion windows, and the mapping of KMS exceptions to handler error codes.
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../../src/engine/context.js';
import { KmsError } from '../../../src/errors.js';
import { PROVIDERS, SUPPORTED_TYPES } from '../../../src/services/cloudformation/resources/index.js';
import { handlerErrorOf, ProviderError, type KmsCall, type ProviderContext, type ResourceState } from '../../../src/services/cloudformation/resources/types.js';
import { DAY, makeEnv, type TestEnv } from '../../engine/helpers.js';
import { iamUser } from './support.js';

const Key = PROVIDERS['AWS::KMS::Key']!;
const Alias = PROVIDERS['AWS::KMS::Alias']!;
const Replica = PROVIDERS['AWS::KMS::ReplicaKey']!;
const ACCOUNT = '111122223333';

interface World {
  env: TestEnv;
  ctx: ProviderContext;
  /** The KMS operations the provider called, `Op@region` when not the stack's Region. */
  calls: string[];
  kms(op: string, req?: Record<string, unknown>): Promise<Record<string, unknown>>;
  describe(keyId: string): Promise<Record<string, unknown>>;
  tags(keyId: string): Promise<Array<{ TagKey: string; TagValue: string }>>;
  policy(keyId: string): Promise<unknown>;
}

function world(opts: { region?: string; stackTags?: Array<{ Key: string; Value: string }>; caller?: (env: TestEnv) => RunContext } = {}): World {
  const region = opts.region ?? 'us-east-1';
  const env = makeEnv(region);
  const calls: string[] = [];
  const kms: KmsCall = (op, req, r) => {
    calls.push(r && r !== env.ctx.region ? `${op}@${r}` : op);
    const base = opts.caller ? opts.caller(env) : env.ctx;
    return r && r !== env.ctx.region ? env.runIn({ ...base, ...env.inRegion(r), caller: base.caller }, op, req) : env.runIn(base, op, req);
  };
  const ctx: ProviderContext = { kms, region, account: ACCOUNT, partition: 'aws', logicalId: 'MyKey', stackTags: opts.stackTags ?? [] };
  return {
    env,
    ctx,
    calls,
    kms: (op, req = {}) => env.run(op, req),
    describe: async (keyId) => (await env.run('DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, unknown>,
    tags: async (keyId) => (await env.run('ListResourceTags', { KeyId: keyId })).Tags as Array<{ TagKey: string; TagValue: string }>,
    policy: async (keyId) => JSON.parse((await env.run('GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' })).Policy as string),
  };
}

/** Awaits a ProviderError with this handler code (and message); returns it. */
async function providerError(p: Promise<unknown> | (() => unknown), code: string, message?: string | RegExp): Promise<ProviderError> {
  let caught: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ProviderError ${code}`).toBeInstanceOf(ProviderError);
  const e = caught as ProviderError;
  expect(e.handlerErrorCode).toBe(code);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else if (message) expect(e.message).toMatch(message);
  return e;
}

const POLICY = {
  Version: '2012-10-17',
  Id: 'stack-policy',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
};
const POLICY_2 = { ...POLICY, Id: 'stack-policy-2' };
const invalid = (text: string) => `Invalid request provided: ${text}`;
const ROTATION_ASYMMETRIC = invalid('You cannot set the EnableKeyRotation property to true on asymmetric or external keys.');
const ROTATION_DISABLED = invalid('You cannot change the EnableKeyRotation property while the Enabled property is false.');
const IMMUTABLE = invalid('You cannot change the values of the KeySpec, KeyUsage, Origin, or MultiRegion properties of an AWS::KMS::Key resource.');

describe('the providers', () => {
  it('serve the three KMS types, with their GetAtt attributes', () => {
    expect([...SUPPORTED_TYPES].sort()).toEqual(['AWS::KMS::Alias', 'AWS::KMS::Key', 'AWS::KMS::ReplicaKey']);
    expect(Key.attributes).toEqual(['Arn', 'KeyId']);
    expect(Alias.attributes).toEqual([]);
    expect(Replica.attributes).toEqual(['Arn', 'KeyId']);
    for (const t of SUPPORTED_TYPES) expect(PROVIDERS[t]!.type).toBe(t);
  });
});

describe('AWS::KMS::Key create', () => {
  it('creates with every property: CreateKey, then EnableKeyRotation with the period', async () => {
    const w = world({ stackTags: [{ Key: 'team', Value: 'stack' }, { Key: 'env', Value: 'dev' }] });
    const state = await Key.create(w.ctx, {
      Description: 'every property',
      Enabled: true,
      EnableKeyRotation: true,
      RotationPeriodInDays: 180,
      KeyPolicy: POLICY,
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Origin: 'AWS_KMS',
      MultiRegion: true,
      PendingWindowInDays: 7,
      BypassPolicyLockoutSafetyCheck: false,
      Tags: [{ Key: 'team', Value: 'resource' }, { Key: 'cost', Value: '42' }],
    });
    expect(w.calls).toEqual(['CreateKey', 'EnableKeyRotation']);
    expect(state.physicalId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(state.attributes).toEqual({ Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${state.physicalId}`, KeyId: state.physicalId });
    const meta = await w.describe(state.physicalId);
    expect(meta).toMatchObject({ Description: 'every property', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', MultiRegion: true });
    expect(await w.kms('GetKeyRotationStatus', { KeyId: state.physicalId })).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 180 });
    // stack tags and resource tags; the resource's value wins; no aws:cloudformation:* tags
    expect(await w.tags(state.physicalId)).toEqual([
      { TagKey: 'cost', TagValue: '42' },
      { TagKey: 'env', TagValue: 'dev' },
      { TagKey: 'team', TagValue: 'resource' },
    ]);
    expect(await w.policy(state.physicalId)).toEqual(POLICY);
  });

  it('leaves KMS its default policy when KeyPolicy is absent; Description defaults to ""', async () => {
    const w = world();
    const state = await Key.create(w.ctx, {});
    expect(w.calls).toEqual(['CreateKey']);
    const meta = await w.describe(state.physicalId);
    expect(meta).toMatchObject({ Description: '', KeyState: 'Enabled', MultiRegion: false });
    expect(await w.policy(state.physicalId)).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
    });
    expect(await w.kms('GetKeyRotationStatus', { KeyId: state.physicalId })).toMatchObject({ KeyRotationEnabled: false });
  });

  it('a KeyPolicy given as text is sent as it is', async () => {
    const w = world();
    const text = JSON.stringify(POLICY, null, 2);
    const state = await Key.create(w.ctx, { KeyPolicy: text });
    expect((await w.kms('GetKeyPolicy', { KeyId: state.physicalId, PolicyName: 'default' })).Policy).toBe(text);
  });

  it('disables the key last when Enabled is false', async () => {
    const w = world();
    const state = await Key.create(w.ctx, { Enabled: false, EnableKeyRotation: true });
    expect(w.calls).toEqual(['CreateKey', 'EnableKeyRotation', 'DisableKey']);
    expect((await w.describe(state.physicalId)).KeyState).toBe('Disabled');
  });

  it('coerces parameter strings as CloudFormation does ("true", "7"), and scalars to String', async () => {
    const w = world();
    const props = { Enabled: 'false', EnableKeyRotation: 'TRUE', PendingWindowInDays: '7', RotationPeriodInDays: '90', Description: 123, MultiRegion: 'false', Tags: [{ Key: 'n', Value: 5 }] };
    expect(Key.validate('MyKey', props)).toEqual({ Enabled: false, EnableKeyRotation: true, PendingWindowInDays: 7, RotationPeriodInDays: 90, Description: '123', MultiRegion: false, Tags: [{ Key: 'n', Value: '5' }] });
    const state = await Key.create(w.ctx, props);
    expect(await w.describe(state.physicalId)).toMatchObject({ Description: '123', KeyState: 'Disabled', MultiRegion: false });
    expect(await w.tags(state.physicalId)).toEqual([{ TagKey: 'n', TagValue: '5' }]);
    // the coerced window is the one delete uses
    await Key.delete(w.ctx, state, props);
    expect((await w.describe(state.physicalId)).DeletionDate).toEqual(new Date(w.env.clock.t + 7 * DAY));
  });

  it('refuses rotation on asymmetric, HMAC and external keys before any KMS call', async () => {
    for (const props of [
      { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY', EnableKeyRotation: true },
      { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', EnableKeyRotation: 'true' },
      { Origin: 'EXTERNAL', EnableKeyRotation: true },
    ]) {
      const w = world();
      await providerError(Key.create(w.ctx, props), 'InvalidRequest', ROTATION_ASYMMETRIC);
      expect(w.calls).toEqual([]);
    }
  });

  it('creates asymmetric, HMAC and external keys without rotation', async () => {
    const w = world();
    const rsa = await Key.create(w.ctx, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    expect(await w.describe(rsa.physicalId)).toMatchObject({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const hmac = await Key.create(w.ctx, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', EnableKeyRotation: false });
    expect(await w.describe(hmac.physicalId)).toMatchObject({ KeySpec: 'HMAC_256' });
    const ext = await Key.create(w.ctx, { Origin: 'EXTERNAL' });
    expect(await w.describe(ext.physicalId)).toMatchObject({ Origin: 'EXTERNAL', KeyState: 'PendingImport' });
  });

  it('sends the default KeyUsage, so an HMAC spec without KeyUsage fails in KMS (InvalidRequest)', async () => {
    const w = world();
    await providerError(Key.create(w.ctx, { KeySpec: 'HMAC_256' }), 'InvalidRequest', 'KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec HMAC_256');
  });
});

describe('property validation', () => {
  const fails = (provider: typeof Key, props: Record<string, unknown>, ...messages: string[]) => {
    const e = (() => {
      try {
        provider.validate('Res', props);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(ProviderError);
    const pe = e as ProviderError;
    expect([pe.handlerErrorCode, pe.validationFailure]).toEqual(['InvalidRequest', true]);
    expect(pe.message).toBe(`Properties validation failed for resource Res with message: [${messages.join(', ')}]`);
  };

  it('AWS::KMS::Key: ranges, enums, lengths, types and unknown keys', () => {
    fails(Key, { PendingWindowInDays: 3 }, '#/PendingWindowInDays: 3 is not greater or equal to 7');
    fails(Key, { PendingWindowInDays: '31' }, '#/PendingWindowInDays: 31 is not less or equal to 30');
    fails(Key, { RotationPeriodInDays: 89 }, '#/RotationPeriodInDays: 89 is not greater or equal to 90');
    fails(Key, { RotationPeriodInDays: 2561 }, '#/RotationPeriodInDays: 2561 is not less or equal to 2560');
    fails(Key, { Foo: 1 }, '#: extraneous key [Foo] is not permitted');
    fails(Key, { KeySpec: 'RSA_1024' }, '#/KeySpec: RSA_1024 is not a valid enum value');
    fails(Key, { KeyUsage: 'ENCRYPT' }, '#/KeyUsage: ENCRYPT is not a valid enum value');
    fails(Key, { Origin: 'AWS_CLOUDHSM' }, '#/Origin: AWS_CLOUDHSM is not a valid enum value');
    fails(Key, { Description: 'x'.repeat(8193) }, '#/Description: expected maxLength: 8192, actual: 8193');
    fails(Key, { Enabled: 'yes' }, '#/Enabled: expected type: Boolean, found: String');
    fails(Key, { MultiRegion: 1 }, '#/MultiRegion: expected type: Boolean, found: Integer');
    fails(Key, { PendingWindowInDays: 'seven' }, '#/PendingWindowInDays: expected type: Integer, found: String');
    fails(Key, { PendingWindowInDays: 7.5 }, '#/PendingWindowInDays: expected type: Integer, found: Double');
    fails(Key, { KeyPolicy: 5 }, '#/KeyPolicy: #: no subschema matched out of the total 2 subschemas');
    fails(Key, { KeyPolicy: [POLICY] }, '#/KeyPolicy: #: no subschema matched out of the total 2 subschemas');
    fails(Key, { Tags: { Key: 'a', Value: 'b' } }, '#/Tags: expected type: JSONArray, found: JSONObject');
    fails(Key, { Tags: [{ Key: '' }] }, '#/Tags/0: required key [Value] not found', '#/Tags/0/Key: expected minLength: 1, actual: 0');
    fails(Key, { Tags: [{ Key: 'a', Value: 'b', Foo: 'c' }] }, '#/Tags/0: extraneous key [Foo] is not permitted');
    fails(Key, { Tags: [{ Key: 'k'.repeat(129), Value: 'v'.repeat(257) }] }, '#/Tags/0/Key: expected maxLength: 128, actual: 129', '#/Tags/0/Value: expected maxLength: 256, actual: 257');
    fails(Key, { Tags: [{ Key: 'a', Value: 'b' }, { Value: 'b', Key: 'a' }] }, '#/Tags: array items are not unique');
    fails(Key, { Tags: ['a'] }, '#/Tags/0: expected type: JSONObject, found: String');
    // several failures: one message, joined inside the brackets
    fails(Key, { Bar: true, Enabled: 'maybe', PendingWindowInDays: 99 }, '#: extraneous key [Bar] is not permitted', '#/Enabled: expected type: Boolean, found: String', '#/PendingWindowInDays: 99 is not less or equal to 30');
  });

  it('AWS::KMS::Key: an empty Description, the bounds and a Value of 0..256 pass; NoValue (undefined) drops a property', () => {
    expect(Key.validate('Res', { Description: '', PendingWindowInDays: 30, RotationPeriodInDays: 2560, Tags: [{ Key: 'a', Value: '' }], KeyUsage: undefined })).toEqual({
      Description: '',
      PendingWindowInDays: 30,
      RotationPeriodInDays: 2560,
      Tags: [{ Key: 'a', Value: '' }],
    });
    // code points, not UTF-16 units
    expect(() => Key.validate('Res', { Tags: [{ Key: '🔑'.repeat(128), Value: 'v' }] })).not.toThrow();
  });

  it('AWS::KMS::Alias: required keys, pattern, lengths and the reserved alias/aws/ prefix', () => {
    fails(Alias, {}, '#: required key [AliasName] not found', '#: required key [TargetKeyId] not found');
    fails(Alias, { TargetKeyId: 'k' }, '#: required key [AliasName] not found');
    fails(Alias, { AliasName: 'x', TargetKeyId: 'k' }, '#/AliasName: string [x] does not match pattern ^(alias/)[a-zA-Z0-9:/_-]+$');
    fails(Alias, { AliasName: 'alias/bad name', TargetKeyId: 'k' }, '#/AliasName: string [alias/bad name] does not match pattern ^(alias/)[a-zA-Z0-9:/_-]+$');
    fails(Alias, { AliasName: `alias/${'a'.repeat(251)}`, TargetKeyId: 'k' }, '#/AliasName: expected maxLength: 256, actual: 257');
    fails(Alias, { AliasName: 'alias/ok', TargetKeyId: '' }, '#/TargetKeyId: expected minLength: 1, actual: 0');
    fails(Alias, { AliasName: 'alias/ok', TargetKeyId: 'k'.repeat(257) }, '#/TargetKeyId: expected maxLength: 256, actual: 257');
    fails(Alias, { AliasName: 'alias/aws/s3', TargetKeyId: 'k' }, '#/AliasName: string [alias/aws/s3] must not begin with alias/aws/, which is reserved for AWS managed keys');
    expect(Alias.validate('Res', { AliasName: 'alias/a:b/c_d-e', TargetKeyId: 'k' })).toEqual({ AliasName: 'alias/a:b/c_d-e', TargetKeyId: 'k' });
  });

  it('AWS::KMS::ReplicaKey: PrimaryKeyArn and KeyPolicy required; the Key properties it lacks are extraneous', () => {
    fails(Replica, {}, '#: required key [PrimaryKeyArn] not found', '#: required key [KeyPolicy] not found');
    fails(Replica, { PrimaryKeyArn: 'arn', KeyPolicy: POLICY, MultiRegion: true }, '#: extraneous key [MultiRegion] is not permitted');
    fails(Replica, { PrimaryKeyArn: 'arn', KeyPolicy: POLICY, PendingWindowInDays: 6 }, '#/PendingWindowInDays: 6 is not greater or equal to 7');
    fails(Replica, { PrimaryKeyArn: 'a'.repeat(257), KeyPolicy: '{}' }, '#/PrimaryKeyArn: expected maxLength: 256, actual: 257');
  });

  it('create and update validate too: a failure there makes no KMS call', async () => {
    const w = world();
    await providerError(Key.create(w.ctx, { PendingWindowInDays: 1 }), 'InvalidRequest', /PendingWindowInDays: 1 is not greater/);
    expect(w.calls).toEqual([]);
  });
});

describe('AWS::KMS::Key update', () => {
  async function created(props: Record<string, unknown> = {}, opts: Parameters<typeof world>[0] = {}): Promise<World & { state: ResourceState }> {
    const w = world(opts);
    const state = await Key.create(w.ctx, props);
    w.calls.length = 0;
    return { ...w, state };
  }

  it('changes nothing but reads the key and its tags when nothing changed', async () => {
    const w = await created({ Description: 'same' });
    expect(await Key.update(w.ctx, w.state, { Description: 'same' }, { Description: 'same' })).toEqual(w.state);
    expect(w.calls).toEqual(['DescribeKey', 'ListResourceTags']);
  });

  it('Description: UpdateKeyDescription, and back to "" when removed', async () => {
    const w = await created({ Description: 'one' });
    await Key.update(w.ctx, w.state, { Description: 'one' }, { Description: 'two' });
    expect(w.calls).toEqual(['DescribeKey', 'UpdateKeyDescription', 'ListResourceTags']);
    expect((await w.describe(w.state.physicalId)).Description).toBe('two');
    await Key.update(w.ctx, w.state, { Description: 'two' }, {});
    expect((await w.describe(w.state.physicalId)).Description).toBe('');
  });

  it('Enabled: DisableKey, then EnableKey', async () => {
    const w = await created();
    await Key.update(w.ctx, w.state, {}, { Enabled: false });
    expect(w.calls).toEqual(['DescribeKey', 'DisableKey', 'ListResourceTags']);
    expect((await w.describe(w.state.physicalId)).KeyState).toBe('Disabled');
    w.calls.length = 0;
    await Key.update(w.ctx, w.state, { Enabled: false }, { Enabled: 'true' });
    expect(w.calls).toEqual(['DescribeKey', 'EnableKey', 'ListResourceTags']);
    expect((await w.describe(w.state.physicalId)).KeyState).toBe('Enabled');
  });

  it('EnableKeyRotation and RotationPeriodInDays: on, new period, off', async () => {
    const w = await created();
    const status = () => w.kms('GetKeyRotationStatus', { KeyId: w.state.physicalId });
    await Key.update(w.ctx, w.state, {}, { EnableKeyRotation: true, RotationPeriodInDays: 120 });
    expect(w.calls).toEqual(['DescribeKey', 'EnableKeyRotation', 'ListResourceTags']);
    expect(await status()).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 120 });
    w.calls.length = 0;
    await Key.update(w.ctx, w.state, { EnableKeyRotation: true, RotationPeriodInDays: 120 }, { EnableKeyRotation: true, RotationPeriodInDays: 400 });
    expect(w.calls).toEqual(['DescribeKey', 'EnableKeyRotation', 'ListResourceTags']);
    expect(await status()).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 400 });
    w.calls.length = 0;
    await Key.update(w.ctx, w.state, { EnableKeyRotation: true, RotationPeriodInDays: 400 }, { EnableKeyRotation: false });
    expect(w.calls).toEqual(['DescribeKey', 'DisableKeyRotation', 'ListResourceTags']);
    expect(await status()).toMatchObject({ KeyRotationEnabled: false });
  });

  it('KeyPolicy: PutKeyPolicy when it changed as JSON; nothing for a reformatted copy; the default policy when removed', async () => {
    const w = await created({ KeyPolicy: POLICY });
    await Key.update(w.ctx, w.state, { KeyPolicy: POLICY }, { KeyPolicy: JSON.stringify(POLICY, null, 4) });
    expect(w.calls).toEqual(['DescribeKey', 'ListResourceTags']);
    w.calls.length = 0;
    await Key.update(w.ctx, w.state, { KeyPolicy: POLICY }, { KeyPolicy: POLICY_2, BypassPolicyLockoutSafetyCheck: true });
    expect(w.calls).toEqual(['DescribeKey', 'PutKeyPolicy', 'ListResourceTags']);
    expect(await w.policy(w.state.physicalId)).toEqual(POLICY_2);
    await Key.update(w.ctx, w.state, { KeyPolicy: POLICY_2 }, {});
    expect(await w.policy(w.state.physicalId)).toMatchObject({ Id: 'key-default-1', Statement: [{ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*' }] });
  });

  it('Tags: UntagResource of removed keys, then TagResource of added and changed ones', async () => {
    const w = await created({ Tags: [{ Key: 'keep', Value: '1' }, { Key: 'change', Value: 'old' }, { Key: 'drop', Value: 'x' }] }, { stackTags: [{ Key: 'stack', Value: 's' }] });
    const after = { Tags: [{ Key: 'keep', Value: '1' }, { Key: 'change', Value: 'new' }, { Key: 'add', Value: 'a' }] };
    await Key.update(w.ctx, w.state, { Tags: [{ Key: 'keep', Value: '1' }, { Key: 'change', Value: 'old' }, { Key: 'drop', Value: 'x' }] }, after);
    expect(w.calls).toEqual(['DescribeKey', 'ListResourceTags', 'UntagResource', 'TagResource']);
    expect(await w.tags(w.state.physicalId)).toEqual([
      { TagKey: 'add', TagValue: 'a' },
      { TagKey: 'change', TagValue: 'new' },
      { TagKey: 'keep', TagValue: '1' },
      { TagKey: 'stack', TagValue: 's' },
    ]);
  });

  it('mends tag drift: a tag added outside the stack is removed', async () => {
    const w = await created({ Tags: [{ Key: 'a', Value: '1' }] });
    await w.kms('TagResource', { KeyId: w.state.physicalId, Tags: [{ TagKey: 'manual', TagValue: 'x' }] });
    await Key.update(w.ctx, w.state, { Tags: [{ Key: 'a', Value: '1' }] }, { Tags: [{ Key: 'a', Value: '1' }], Description: 'd' });
    expect(await w.tags(w.state.physicalId)).toEqual([{ TagKey: 'a', TagValue: '1' }]);
  });

  it('calls in the handler order: enable, rotation, description, policy, tags', async () => {
    const w = await created({ Enabled: false, Tags: [{ Key: 'a', Value: '1' }] });
    await Key.update(w.ctx, w.state, { Enabled: false, Tags: [{ Key: 'a', Value: '1' }] }, { Enabled: true, EnableKeyRotation: true, Description: 'd', KeyPolicy: POLICY, Tags: [{ Key: 'b', Value: '2' }] });
    expect(w.calls).toEqual(['DescribeKey', 'EnableKey', 'EnableKeyRotation', 'UpdateKeyDescription', 'PutKeyPolicy', 'ListResourceTags', 'UntagResource', 'TagResource']);
    // going disabled: rotation off first, then DisableKey
    w.calls.length = 0;
    await Key.update(w.ctx, w.state, { EnableKeyRotation: true, Description: 'd', KeyPolicy: POLICY, Tags: [{ Key: 'b', Value: '2' }] }, { Enabled: false, Description: 'd', KeyPolicy: POLICY, Tags: [{ Key: 'b', Value: '2' }] });
    expect(w.calls).toEqual(['DescribeKey', 'DisableKeyRotation', 'DisableKey', 'ListResourceTags']);
  });

  it('refuses to change KeySpec, KeyUsage, Origin or MultiRegion (no replacement)', async () => {
    for (const [before, after] of [
      [{}, { KeySpec: 'SYMMETRIC_DEFAULT', MultiRegion: true }],
      [{}, { KeyUsage: 'GENERATE_VERIFY_MAC', KeySpec: 'HMAC_256' }],
      [{ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }],
      [{}, { Origin: 'EXTERNAL' }],
    ] as const) {
      const w = await created(before);
      await providerError(Key.update(w.ctx, w.state, before, after), 'InvalidRequest', IMMUTABLE);
      expect(w.calls).toEqual(['DescribeKey']);
      expect(Key.needsReplacement(before, after)).toBe(false);
    }
  });

  it('refuses a rotation change while the key stays disabled; allows it when the key is enabled by the same update', async () => {
    const w = await created({ Enabled: false });
    await providerError(Key.update(w.ctx, w.state, { Enabled: false }, { Enabled: false, EnableKeyRotation: true }), 'InvalidRequest', ROTATION_DISABLED);
    expect(w.calls).toEqual(['DescribeKey']);
    await Key.update(w.ctx, w.state, { Enabled: false }, { Enabled: true, EnableKeyRotation: true });
    expect(await w.kms('GetKeyRotationStatus', { KeyId: w.state.physicalId })).toMatchObject({ KeyRotationEnabled: true });
  });

  it('refuses to turn rotation on for an asymmetric key', async () => {
    const w = await created({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await providerError(Key.update(w.ctx, w.state, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', EnableKeyRotation: true }), 'InvalidRequest', ROTATION_ASYMMETRIC);
  });

  it('a key pending deletion (or gone) is NotFound', async () => {
    const w = await created();
    await w.kms('ScheduleKeyDeletion', { KeyId: w.state.physicalId, PendingWindowInDays: 7 });
    await providerError(Key.update(w.ctx, w.state, {}, { Description: 'x' }), 'NotFound', `Resource of type 'AWS::KMS::Key' with identifier '${w.state.physicalId}' was not found.`);
    const gone = { physicalId: '1234abcd-12ab-34cd-56ef-1234567890ab', attributes: {} };
    await providerError(Key.update(w.ctx, gone, {}, { Description: 'x' }), 'NotFound', /1234abcd-12ab-34cd-56ef-1234567890ab/);
  });
});

describe('AWS::KMS::Key delete', () => {
  it('schedules deletion with PendingWindowInDays, default 30; DeletionDate is now + the window', async () => {
    const w = world();
    const a = await Key.create(w.ctx, { PendingWindowInDays: 7 });
    const b = await Key.create(w.ctx, {});
    w.calls.length = 0;
    await Key.delete(w.ctx, a, { PendingWindowInDays: 7 });
    await Key.delete(w.ctx, b, {});
    expect(w.calls).toEqual(['ScheduleKeyDeletion', 'ScheduleKeyDeletion']);
    expect(await w.describe(a.physicalId)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date(w.env.clock.t + 7 * DAY) });
    expect(await w.describe(b.physicalId)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date(w.env.clock.t + 30 * DAY) });
  });

  it('a key already pending deletion, or not found, counts as deleted', async () => {
    const w = world();
    const state = await Key.create(w.ctx, {});
    await Key.delete(w.ctx, state, { PendingWindowInDays: 10 });
    const date = (await w.describe(state.physicalId)).DeletionDate;
    w.env.clock.advance(DAY);
    await expect(Key.delete(w.ctx, state, {})).resolves.toBeUndefined();
    // the first window stands
    expect((await w.describe(state.physicalId)).DeletionDate).toEqual(date);
    await expect(Key.delete(w.ctx, { physicalId: '1234abcd-12ab-34cd-56ef-1234567890ab', attributes: {} }, {})).resolves.toBeUndefined();
  });

  it('a multi-Region primary with a replica waits in PendingReplicaDeletion', async () => {
    const w = world();
    const state = await Key.create(w.ctx, { MultiRegion: true });
    await w.kms('ReplicateKey', { KeyId: state.physicalId, ReplicaRegion: 'eu-west-1' });
    await Key.delete(w.ctx, state, {});
    expect((await w.describe(state.physicalId)).KeyState).toBe('PendingReplicaDeletion');
  });
});

describe('AWS::KMS::Alias', () => {
  it('create: the DescribeKey pre-check, then CreateAlias; Ref is the alias name', async () => {
    const w = world();
    const key = await Key.create(w.ctx, {});
    w.calls.length = 0;
    const state = await Alias.create({ ...w.ctx, logicalId: 'MyAlias' }, { AliasName: 'alias/app', TargetKeyId: key.physicalId });
    expect(state).toEqual({ physicalId: 'alias/app', attributes: {} });
    expect(w.calls).toEqual(['DescribeKey', 'CreateAlias']);
    expect((await w.describe('alias/app')).KeyId).toBe(key.physicalId);
    // a key ARN is a target too
    await Alias.create(w.ctx, { AliasName: 'alias/by-arn', TargetKeyId: key.attributes.Arn });
    expect((await w.describe('alias/by-arn')).KeyId).toBe(key.physicalId);
  });

  it('create of an alias that exists: AlreadyExists, without CreateAlias', async () => {
    const w = world();
    const key = await Key.create(w.ctx, {});
    await w.kms('CreateAlias', { AliasName: 'alias/taken', TargetKeyId: key.physicalId });
    w.calls.length = 0;
    await providerError(Alias.create(w.ctx, { AliasName: 'alias/taken', TargetKeyId: key.physicalId }), 'AlreadyExists', "Resource of type 'AWS::KMS::Alias' with identifier 'alias/taken' already exists.");
    expect(w.calls).toEqual(['DescribeKey']);
  });

  it('update: UpdateAlias to the new target; a new AliasName is a replacement', async () => {
    const w = world();
    const k1 = await Key.create(w.ctx, {});
    const k2 = await Key.create(w.ctx, {});
    const state = await Alias.create(w.ctx, { AliasName: 'alias/app', TargetKeyId: k1.physicalId });
    w.calls.length = 0;
    const before = { AliasName: 'alias/app', TargetKeyId: k1.physicalId };
    const after = { AliasName: 'alias/app', TargetKeyId: k2.physicalId };
    expect(Alias.needsReplacement(before, after)).toBe(false);
    expect(await Alias.update(w.ctx, state, before, after)).toEqual(state);
    expect(w.calls).toEqual(['UpdateAlias']);
    expect((await w.describe('alias/app')).KeyId).toBe(k2.physicalId);
    expect(Alias.needsReplacement(before, { AliasName: 'alias/other', TargetKeyId: k1.physicalId })).toBe(true);
  });

  it('delete: DeleteAlias; an alias already gone counts as deleted', async () => {
    const w = world();
    const key = await Key.create(w.ctx, {});
    const state = await Alias.create(w.ctx, { AliasName: 'alias/app', TargetKeyId: key.physicalId });
    await Alias.delete(w.ctx, state, {});
    expect((await w.kms('ListAliases', { KeyId: key.physicalId })).Aliases).toEqual([]);
    await expect(Alias.delete(w.ctx, state, {})).resolves.toBeUndefined();
    // the key is untouched
    expect((await w.describe(key.physicalId)).KeyState).toBe('Enabled');
  });

  it('an alias pointing at a missing key is NotFound with KMS\'s message', async () => {
    const w = world();
    const e = await providerError(Alias.create(w.ctx, { AliasName: 'alias/app', TargetKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' }), 'NotFound');
    expect(e.message).toMatch(/1234abcd-12ab-34cd-56ef-1234567890ab/);
    expect(e.validationFailure).toBe(false);
  });

  it('an alias pointing at another alias is InvalidRequest (KMS ValidationException)', async () => {
    const w = world();
    await providerError(Alias.create(w.ctx, { AliasName: 'alias/app', TargetKeyId: 'alias/other' }), 'InvalidRequest', 'Aliases must refer to keys. Not aliases');
  });
});

describe('AWS::KMS::ReplicaKey', () => {
  const PRIMARY_REGION = 'us-west-2';

  async function withPrimary(opts: Parameters<typeof world>[0] = {}) {
    const w = world({ region: 'eu-west-1', ...opts });
    const primary = (await w.env.runIn(w.env.inRegion(PRIMARY_REGION), 'CreateKey', { MultiRegion: true, Description: 'primary' })).KeyMetadata as { KeyId: string; Arn: string };
    return { ...w, primary };
  }

  it('create: ReplicateKey sent to the primary\'s Region, then the replica is read in the stack\'s', async () => {
    const w = await withPrimary({ stackTags: [{ Key: 'stack', Value: 's' }] });
    const state = await Replica.create({ ...w.ctx, logicalId: 'MyReplica' }, { PrimaryKeyArn: w.primary.Arn, KeyPolicy: POLICY, Description: 'replica', Tags: [{ Key: 'r', Value: '1' }] });
    expect(w.calls).toEqual([`ReplicateKey@${PRIMARY_REGION}`, 'DescribeKey']);
    expect(state).toEqual({ physicalId: w.primary.KeyId, attributes: { Arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${w.primary.KeyId}`, KeyId: w.primary.KeyId } });
    const meta = await w.describe(w.primary.KeyId);
    expect(meta).toMatchObject({ Description: 'replica', KeyState: 'Enabled', MultiRegion: true, MultiRegionConfiguration: { MultiRegionKeyType: 'REPLICA' } });
    expect(await w.tags(w.primary.KeyId)).toEqual([{ TagKey: 'r', TagValue: '1' }, { TagKey: 'stack', TagValue: 's' }]);
    expect(await w.policy(w.primary.KeyId)).toEqual(POLICY);
  });

  it('create with Enabled false disables the replica', async () => {
    const w = await withPrimary();
    await Replica.create(w.ctx, { PrimaryKeyArn: w.primary.Arn, KeyPolicy: JSON.stringify(POLICY), Enabled: 'false' });
    expect(w.calls).toEqual([`ReplicateKey@${PRIMARY_REGION}`, 'DescribeKey', 'DisableKey']);
    expect((await w.describe(w.primary.KeyId)).KeyState).toBe('Disabled');
  });

  it('update: Enabled, Description, KeyPolicy and Tags; PrimaryKeyArn is a replacement', async () => {
    const w = await withPrimary();
    const before = { PrimaryKeyArn: w.primary.Arn, KeyPolicy: POLICY, Tags: [{ Key: 'a', Value: '1' }] };
    const state = await Replica.create(w.ctx, before);
    w.calls.length = 0;
    const after = { PrimaryKeyArn: w.primary.Arn, KeyPolicy: POLICY_2, Enabled: false, Description: 'new', Tags: [{ Key: 'b', Value: '2' }] };
    expect(Replica.needsReplacement(before, after)).toBe(false);
    await Replica.update(w.ctx, state, before, after);
    expect(w.calls).toEqual(['DescribeKey', 'DisableKey', 'UpdateKeyDescription', 'PutKeyPolicy', 'ListResourceTags', 'UntagResource', 'TagResource']);
    expect(await w.describe(w.primary.KeyId)).toMatchObject({ KeyState: 'Disabled', Description: 'new' });
    expect(await w.policy(w.primary.KeyId)).toEqual(POLICY_2);
    expect(await w.tags(w.primary.KeyId)).toEqual([{ TagKey: 'b', TagValue: '2' }]);
    w.calls.length = 0;
    await Replica.update(w.ctx, state, after, { ...after, Enabled: true });
    expect(w.calls).toEqual(['DescribeKey', 'EnableKey', 'ListResourceTags']);
    expect(Replica.needsReplacement(before, { ...before, PrimaryKeyArn: `${w.primary.Arn}0` })).toBe(true);
  });

  it('delete: the replica goes PendingDeletion with its window; the primary stays', async () => {
    const w = await withPrimary();
    const state = await Replica.create(w.ctx, { PrimaryKeyArn: w.primary.Arn, KeyPolicy: POLICY });
    await Replica.delete(w.ctx, state, { PendingWindowInDays: 9 });
    expect(await w.describe(w.primary.KeyId)).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date(w.env.clock.t + 9 * DAY) });
    const primary = (await w.env.runIn(w.env.inRegion(PRIMARY_REGION), 'DescribeKey', { KeyId: w.primary.KeyId })).KeyMetadata as Record<string, unknown>;
    expect(primary.KeyState).toBe('Enabled');
    await expect(Replica.delete(w.ctx, state, {})).resolves.toBeUndefined();
  });

  it('KMS refusals: a primary in the stack\'s own Region, a regional key, an existing replica', async () => {
    const w = await withPrimary();
    const local = (await w.kms('CreateKey', { MultiRegion: true })).KeyMetadata as { Arn: string };
    await providerError(Replica.create(w.ctx, { PrimaryKeyArn: local.Arn, KeyPolicy: POLICY }), 'InvalidRequest', /cannot be replicated into its own Region eu-west-1/);
    const regional = (await w.env.runIn(w.env.inRegion(PRIMARY_REGION), 'CreateKey', {})).KeyMetadata as { Arn: string };
    await providerError(Replica.create(w.ctx, { PrimaryKeyArn: regional.Arn, KeyPolicy: POLICY }), 'InvalidRequest', `${regional.Arn} is not a multi-region primary key.`);
    await Replica.create(w.ctx, { PrimaryKeyArn: w.primary.Arn, KeyPolicy: POLICY });
    await providerError(Replica.create(w.ctx, { PrimaryKeyArn: w.primary.Arn, KeyPolicy: POLICY }), 'AlreadyExists', /already exists/);
  });

  it('a PrimaryKeyArn that is no ARN fails before any call', async () => {
    const w = await withPrimary();
    await providerError(Replica.create(w.ctx, { PrimaryKeyArn: w.primary.KeyId, KeyPolicy: POLICY }), 'InternalFailure', "Malformed ARN - doesn't start with 'arn:'");
    expect(w.calls).toEqual([]);
  });
});

describe('KMS exceptions as handler error codes', () => {
  it('maps each exception as AbstractKmsApiHelper.wrapKmsExceptions does', () => {
    const cases: Array<[string, string, string]> = [
      ['AlreadyExistsException', 'AlreadyExists', 'm'],
      ['InvalidAliasNameException', 'InvalidRequest', 'm'],
      ['KMSInvalidStateException', 'InvalidRequest', 'm'],
      ['InvalidArnException', 'InvalidRequest', 'm'],
      ['MalformedPolicyDocumentException', 'InvalidRequest', 'm'],
      ['TagException', 'InvalidRequest', 'm'],
      ['UnsupportedOperationException', 'InvalidRequest', 'm'],
      ['DisabledException', 'InvalidRequest', 'm'],
      ['ValidationException', 'InvalidRequest', 'm'],
      ['LimitExceededException', 'ServiceLimitExceeded', 'm'],
      ['NotFoundException', 'NotFound', 'm'],
      ['InvalidMarkerException', 'InternalFailure', 'm'],
      ['KMSInternalException', 'ServiceInternalError', "Internal error reported from downstream service during operation 'CreateKey'."],
      ['DependencyTimeoutException', 'ServiceInternalError', "Internal error reported from downstream service during operation 'CreateKey'."],
      ['AccessDeniedException', 'AccessDenied', "Access denied for operation 'CreateKey'."],
      ['ThrottlingException', 'Throttling', "Rate exceeded for operation 'CreateKey'."],
      ['NotAuthorizedException', 'GeneralServiceException', "Error occurred during operation 'CreateKey'."],
    ];
    for (const [code, handlerCode, message] of cases) {
      const e = handlerErrorOf('CreateKey', new KmsError(code, 'm'));
      expect([code, e.handlerErrorCode, e.message, e.validationFailure]).toEqual([code, handlerCode, message, false]);
    }
    // an exception with no message names the operation and the exception (addMessageIfNull)
    expect(handlerErrorOf('PutKeyPolicy', new KmsError('MalformedPolicyDocumentException', '')).message).toBe('PutKeyPolicy failed due to MalformedPolicyDocumentException');
    // a denied tag permission is a tagging failure, with KMS's text
    const tag = handlerErrorOf('TagResource', new KmsError('AccessDeniedException', 'User: x is not authorized to perform: kms:TagResource on resource: k'));
    expect([tag.handlerErrorCode, tag.message]).toEqual(['UnauthorizedTaggingOperation', 'User: x is not authorized to perform: kms:TagResource on resource: k']);
  });

  it('a policy KMS refuses is InvalidRequest; one over 32 KB is ServiceLimitExceeded', async () => {
    const w = world();
    await providerError(Key.create(w.ctx, { KeyPolicy: '{"Version": "2012-10-17"' }), 'InvalidRequest');
    const big = { ...POLICY, Statement: [...POLICY.Statement, { Sid: 'pad', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': 'x'.repeat(33000) } } }] };
    await providerError(Key.create(w.ctx, { KeyPolicy: big }), 'ServiceLimitExceeded', /exceeds the maximum size/);
  });

  it('an AccessDeniedException from the engine is AccessDenied with the handler\'s text', async () => {
    let user: RunContext | undefined;
    const w = world({ caller: () => user! });
    user = await iamUser(w.env, 'bob');
    await providerError(Key.create(w.ctx, {}), 'AccessDenied', "Access denied for operation 'CreateKey'.");
  });

  it('tag permissions denied: UnauthorizedTaggingOperation when the tags change, ignored when they do not', async () => {
    let user: RunContext | undefined;
    const w = world({ caller: (env) => user ?? env.ctx });
    const tags = [{ Key: 'a', Value: '1' }];
    const state = await Key.create(w.ctx, { Tags: tags });
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:ListResourceTags', Resource: '*' }] };
    user = await iamUser(w.env, 'ops', JSON.stringify(policy));
    // Key's softFailAccessDenied: the template's tags are unchanged, so only drift mending was denied
    await Key.update(w.ctx, state, { Tags: tags, Description: 'x' }, { Tags: tags, Description: 'y' });
    expect((await w.describe(state.physicalId)).Description).toBe('y');
    await providerError(Key.update(w.ctx, state, { Tags: tags }, { Tags: [{ Key: 'b', Value: '2' }] }), 'UnauthorizedTaggingOperation', /kms:ListResourceTags/);
  });

  it('a failure that is no KmsError (a bug) propagates unchanged', async () => {
    const boom = new TypeError('boom');
    const ctx: ProviderContext = { ...world().ctx, kms: () => Promise.reject(boom) };
    await expect(Key.create(ctx, {})).rejects.toBe(boom);
    await expect(Alias.delete(ctx, { physicalId: 'alias/x', attributes: {} }, {})).rejects.toBe(boom);
    await expect(Key.delete(ctx, { physicalId: 'k', attributes: {} }, {})).rejects.toBe(boom);
  });

  it('delete fails on other KMS exceptions', async () => {
    const ctx: ProviderContext = { ...world().ctx, kms: () => Promise.reject(new KmsError('DependencyTimeoutException', 'slow')) };
    await providerError(Key.delete(ctx, { physicalId: 'k', attributes: {} }, {}), 'ServiceInternalError', "Internal error reported from downstream service during operation 'ScheduleKeyDeletion'.");
    await providerError(Alias.delete(ctx, { physicalId: 'alias/x', attributes: {} }, {}), 'ServiceInternalError', /DeleteAlias/);
  });
});
