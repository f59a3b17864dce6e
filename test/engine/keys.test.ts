import { describe, expect, it } from 'vitest';
import { DAY, expectKmsError, makeEnv } from './helpers.js';

// Member set of KeyMetadata recorded from real AWS (test_create_key in the aws-recorded snapshot).
const RECORDED_METADATA_MEMBERS = [
  'AWSAccountId', 'Arn', 'CreationDate', 'CurrentKeyMaterialId', 'CustomerMasterKeySpec', 'Description',
  'Enabled', 'EncryptionAlgorithms', 'KeyId', 'KeyManager', 'KeySpec', 'KeyState', 'KeyUsage', 'MultiRegion', 'Origin',
];

describe('CreateKey / DescribeKey', () => {
  it('creates a symmetric key with the recorded member set and values', async () => {
    const env = makeEnv();
    const meta = await env.newKey({ Description: 'test key 123' });
    expect(Object.keys(meta).sort()).toEqual(RECORDED_METADATA_MEMBERS);
    expect(meta.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meta.Arn).toBe(`arn:aws:kms:us-east-1:111122223333:key/${meta.KeyId}`);
    expect(meta).toMatchObject({
      AWSAccountId: '111122223333', Description: 'test key 123', Enabled: true, KeyState: 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT', KeySpec: 'SYMMETRIC_DEFAULT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], KeyManager: 'CUSTOMER', MultiRegion: false, Origin: 'AWS_KMS',
    });
    expect(meta.CreationDate).toEqual(env.clock.now());
    expect(meta.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    const d = await env.run('DescribeKey', { KeyId: meta.KeyId });
    expect(d.KeyMetadata).toEqual(meta);
  });

  it('defaults Description to an empty string and stores the default key policy', async () => {
    const env = makeEnv();
    const meta = await env.newKey();
    expect(meta.Description).toBe('');
    const rec = (await env.record<{ Policy: string }>(`key/us-east-1/${meta.KeyId}`))!;
    const policy = JSON.parse(rec.Policy);
    expect(policy).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
    });
  });

  it('stores a given policy exactly and accepts BypassPolicyLockoutSafetyCheck', async () => {
    const env = makeEnv();
    const policy = '{"Version":"2012-10-17",  "Statement":[]}\n';
    const meta = await env.newKey({ Policy: policy, BypassPolicyLockoutSafetyCheck: true });
    expect((await env.record<{ Policy: string }>(`key/us-east-1/${meta.KeyId}`))!.Policy).toBe(policy);
  });

  it('uses the aws-cn partition in China regions', async () => {
    const env = makeEnv('cn-north-1');
    const meta = await env.newKey();
    expect(meta.Arn).toBe(`arn:aws-cn:kms:cn-north-1:111122223333:key/${meta.KeyId}`);
  });

  it('refuses what it does not support yet with precise errors', async () => {
    const env = makeEnv();
    // Origin EXTERNAL is supported since issue 5 (test/engine/import.test.ts)
    expect((await env.newKey({ Origin: 'EXTERNAL' })).KeyState).toBe('PendingImport');
    await expectKmsError(env.run('CreateKey', { KeyUsage: 'SIGN_VERIFY' }), 'ValidationException', 'KeyUsage SIGN_VERIFY is not compatible with KeySpec SYMMETRIC_DEFAULT');
    await env.newKey({ MultiRegion: false, Origin: 'AWS_KMS', KeyUsage: 'ENCRYPT_DECRYPT', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT' });
  });

  it('resolves key id, key ARN, alias name and alias ARN', async () => {
    const env = makeEnv();
    const meta = await env.newKey();
    await env.run('CreateAlias', { AliasName: 'alias/app', TargetKeyId: meta.KeyId });
    for (const id of [meta.KeyId, meta.Arn, 'alias/app', 'arn:aws:kms:us-east-1:111122223333:alias/app']) {
      expect(((await env.run('DescribeKey', { KeyId: id })).KeyMetadata as { KeyId: string }).KeyId).toBe(meta.KeyId);
    }
  });

  it('gives AWS NotFoundException messages', async () => {
    const env = makeEnv();
    const meta = await env.newKey();
    const missing = '11111111-2222-4333-8444-555555555555';
    await expectKmsError(env.run('DescribeKey', { KeyId: 'fake-key-id' }), 'NotFoundException', "Invalid keyId 'fake-key-id'");
    await expectKmsError(env.run('DescribeKey', { KeyId: '134f2428cec14b25a1ae9048164dba47' }), 'NotFoundException', "Invalid keyId '134f2428cec14b25a1ae9048164dba47'");
    await expectKmsError(env.run('DescribeKey', { KeyId: 'mrk-fake-key-id' }), 'NotFoundException', "Invalid keyId 'mrk-fake-key-id'");
    await expectKmsError(env.run('DescribeKey', { KeyId: missing }), 'NotFoundException', `Key 'arn:aws:kms:us-east-1:111122223333:key/${missing}' does not exist`);
    await expectKmsError(env.run('DescribeKey', { KeyId: `arn:aws:kms:us-east-1:111122223333:key/${missing}` }), 'NotFoundException', `Key 'arn:aws:kms:us-east-1:111122223333:key/${missing}' does not exist`);
    await expectKmsError(env.run('DescribeKey', { KeyId: 'alias/nope' }), 'NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/nope is not found.');
    // test_get_key_in_different_region: by id → does not exist (in this region); by ARN → Invalid arn <region>
    const west = env.inRegion('eu-west-1');
    await expectKmsError(env.runIn(west, 'DescribeKey', { KeyId: meta.KeyId }), 'NotFoundException', `Key 'arn:aws:kms:eu-west-1:111122223333:key/${meta.KeyId}' does not exist`);
    await expectKmsError(env.runIn(west, 'DescribeKey', { KeyId: meta.Arn }), 'NotFoundException', 'Invalid arn us-east-1');
  });

  // AWS's answer was captured for CreateGrant (boto/boto#3202, hashicorp/terraform#20813: alias
  // name and alias ARN), GetKeyPolicy, ListResourceTags and DisableKey (CLI transcripts); the API
  // reference gives every operation below the same "Specify the key ID or key ARN of the KMS key",
  // so kms answers them all alike (moto's NotFoundException "Invalid keyId alias/…" is unverified).
  it('refuses an alias name or alias ARN where the API takes only key ids and ARNs: InvalidArnException, as AWS answers CreateGrant and GetKeyPolicy', async () => {
    const env = makeEnv();
    const meta = await env.newKey();
    await env.run('CreateAlias', { AliasName: 'alias/app', TargetKeyId: meta.KeyId });
    const requests: Record<string, Record<string, unknown>> = {
      EnableKey: {}, DisableKey: {}, ScheduleKeyDeletion: {}, CancelKeyDeletion: {}, ListResourceTags: {}, GetKeyPolicy: {}, ListKeyPolicies: {},
      PutKeyPolicy: { Policy: '{}' }, TagResource: { Tags: [{ TagKey: 'a', TagValue: 'b' }] }, UntagResource: { TagKeys: ['a'] },
      UpdateKeyDescription: { Description: 'd' }, EnableKeyRotation: {}, DisableKeyRotation: {}, GetKeyRotationStatus: {}, RotateKeyOnDemand: {},
      ListKeyRotations: {}, ListGrants: {}, CreateGrant: { GranteePrincipal: 'arn:aws:iam::111122223333:root', Operations: ['Decrypt'] },
      GetParametersForImport: { WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }, DeleteImportedKeyMaterial: {},
      ReplicateKey: { ReplicaRegion: 'eu-west-1' }, UpdatePrimaryRegion: { PrimaryRegion: 'eu-west-1' }, ListAliases: {},
    };
    for (const [op, rest] of Object.entries(requests)) {
      for (const id of ['alias/app', 'arn:aws:kms:us-east-1:111122223333:alias/app']) {
        await expectKmsError(env.run(op, { KeyId: id, ...rest }), 'InvalidArnException', 'Key Aliases are not supported for this operation.');
      }
    }
  });
});

describe('ListKeys', () => {
  it('pages with Limit and Marker, per region', async () => {
    const env = makeEnv();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await env.newKey()).KeyId as string);
    await env.runIn(env.inRegion('eu-west-1'), 'CreateKey', {});
    ids.sort();
    const first = await env.run('ListKeys', { Limit: 2 });
    expect(first.Truncated).toBe(true);
    expect(typeof first.NextMarker).toBe('string');
    expect(first.Keys).toEqual(ids.slice(0, 2).map((id) => ({ KeyId: id, KeyArn: `arn:aws:kms:us-east-1:111122223333:key/${id}` })));
    const second = await env.run('ListKeys', { Limit: 2, Marker: first.NextMarker });
    const third = await env.run('ListKeys', { Limit: 2, Marker: second.NextMarker });
    expect(third).toEqual({ Keys: [{ KeyId: ids[4], KeyArn: `arn:aws:kms:us-east-1:111122223333:key/${ids[4]}` }], Truncated: false });
    const all = await env.run('ListKeys');
    expect((all.Keys as unknown[]).length).toBe(5);
    expect(all).not.toHaveProperty('NextMarker');
  });

  it('checks Limit and Marker', async () => {
    const env = makeEnv();
    await expectKmsError(env.run('ListKeys', { Limit: 0 }), 'ValidationException', "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    await expectKmsError(env.run('ListKeys', { Limit: 1001 }), 'ValidationException', /less than or equal to 1000/);
    await expectKmsError(env.run('ListKeys', { Marker: 'garbage!' }), 'InvalidMarkerException');
  });
});

describe('key state', () => {
  it('enables, disables and updates the description', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    expect(await env.run('DisableKey', { KeyId })).toEqual({});
    let meta = (await env.run('DescribeKey', { KeyId })).KeyMetadata as Record<string, unknown>;
    expect(meta).toMatchObject({ Enabled: false, KeyState: 'Disabled' });
    await env.run('DisableKey', { KeyId });
    await env.run('EnableKey', { KeyId });
    await env.run('UpdateKeyDescription', { KeyId, Description: 'new words' });
    meta = (await env.run('DescribeKey', { KeyId })).KeyMetadata as Record<string, unknown>;
    expect(meta).toMatchObject({ Enabled: true, KeyState: 'Enabled', Description: 'new words' });
  });

  it('schedules deletion, cancels back to Disabled', async () => {
    const env = makeEnv();
    const { KeyId, Arn } = await env.newKey();
    const res = await env.run('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 });
    expect(res).toEqual({ KeyId: Arn, DeletionDate: new Date(env.clock.t + 7 * DAY), KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    const meta = (await env.run('DescribeKey', { KeyId })).KeyMetadata as Record<string, unknown>;
    expect(meta).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, DeletionDate: new Date(env.clock.t + 7 * DAY) });
    await expectKmsError(env.run('ScheduleKeyDeletion', { KeyId }), 'KMSInvalidStateException', `${Arn} is pending deletion.`);
    await expectKmsError(env.run('EnableKey', { KeyId }), 'KMSInvalidStateException', `${Arn} is pending deletion.`);
    await expectKmsError(env.run('UpdateKeyDescription', { KeyId, Description: 'x' }), 'KMSInvalidStateException');
    expect(await env.run('CancelKeyDeletion', { KeyId })).toEqual({ KeyId: Arn });
    const after = (await env.run('DescribeKey', { KeyId })).KeyMetadata as Record<string, unknown>;
    expect(after).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(after).not.toHaveProperty('DeletionDate');
    await expectKmsError(env.run('CancelKeyDeletion', { KeyId }), 'KMSInvalidStateException');
  });

  it('defaults the window to 30 days and checks 7..30', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    await expectKmsError(env.run('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 6 }), 'ValidationException', "1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7");
    await expectKmsError(env.run('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 31 }), 'ValidationException', /less than or equal to 30/);
    const res = await env.run('ScheduleKeyDeletion', { KeyId });
    expect(res.PendingWindowInDays).toBe(30);
    expect(res.DeletionDate).toEqual(new Date(env.clock.t + 30 * DAY));
  });

  it('deletes the key and its aliases once the window has passed', async () => {
    const env = makeEnv();
    const { KeyId, Arn } = await env.newKey();
    const other = await env.newKey();
    await env.run('CreateAlias', { AliasName: 'alias/doomed', TargetKeyId: KeyId });
    await env.run('CreateAlias', { AliasName: 'alias/kept', TargetKeyId: other.KeyId });
    await env.run('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 });
    env.clock.advance(7 * DAY - 1);
    expect(((await env.run('DescribeKey', { KeyId })).KeyMetadata as { KeyState: string }).KeyState).toBe('PendingDeletion');
    env.clock.advance(1);
    await expectKmsError(env.run('DescribeKey', { KeyId }), 'NotFoundException', `Key '${Arn}' does not exist`);
    await expectKmsError(env.run('DescribeKey', { KeyId: 'alias/doomed' }), 'NotFoundException');
    expect(((await env.run('ListKeys')).Keys as { KeyId: string }[]).map((k) => k.KeyId)).toEqual([other.KeyId]);
    // the predefined alias/aws/* entries (no TargetKeyId) aside
    const stored = ((await env.run('ListAliases')).Aliases as { AliasName: string; TargetKeyId?: string }[]).filter((a) => a.TargetKeyId !== undefined);
    expect(stored.map((a) => a.AliasName)).toEqual(['alias/kept']);
    expect(await env.record(`key/us-east-1/${KeyId}`)).toBeUndefined();
    expect(await env.record('alias/us-east-1/alias/doomed')).toBeUndefined();
  });
});
