// Multi-Region keys: mrk- ids, ReplicateKey, UpdatePrimaryRegion, shared material across Regions,
// and the configuration every related record reports (shapes recorded from real AWS).
import { describe, expect, it } from 'vitest';
import { addMaterial, saveKey, type KeyRecord } from '../../src/services/kms/keys/key-record.js';
import { syncReplicas, replicaRegions } from '../../src/services/kms/keys/multi-region.js';
import { bytes, DAY, expectKmsError, makeEnv, type TestEnv } from './helpers.js';
import { keyRecordName } from '../../src/services/kms/records.js';

const ACCOUNT = '111122223333';
const arn = (region: string, id: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;
const EU = 'eu-west-1';
const AP = 'ap-southeast-2';

async function mrk(env: TestEnv, req: Record<string, unknown> = {}): Promise<string> {
  return String((await env.newKey({ MultiRegion: true, ...req })).KeyId);
}
async function describeIn(env: TestEnv, region: string, id: string): Promise<Record<string, any>> {
  return (await env.runIn(env.inRegion(region), 'DescribeKey', { KeyId: id })).KeyMetadata as Record<string, any>;
}
const snapshot = async (env: TestEnv) => JSON.stringify(await env.records(''));

describe('CreateKey MultiRegion', () => {
  it('creates a primary with an mrk- id and the recorded configuration', async () => {
    const env = makeEnv();
    const meta = await env.newKey({ MultiRegion: true, Description: 'test multi region key' });
    expect(meta.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(meta.MultiRegion).toBe(true);
    expect(meta.MultiRegionConfiguration).toEqual({
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Arn: arn('us-east-1', String(meta.KeyId)), Region: 'us-east-1' },
      ReplicaKeys: [],
    });
    expect(meta.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('regional keys have MultiRegion false and no MultiRegionConfiguration (recorded)', async () => {
    const meta = await makeEnv().newKey();
    expect(meta.MultiRegion).toBe(false);
    expect(meta).not.toHaveProperty('MultiRegionConfiguration');
    expect(meta.KeyId).not.toMatch(/^mrk-/);
  });

  it('allows asymmetric and HMAC multi-Region keys', async () => {
    const env = makeEnv();
    for (const [KeySpec, KeyUsage] of [['RSA_2048', 'SIGN_VERIFY'], ['ECC_NIST_P256', 'SIGN_VERIFY'], ['HMAC_256', 'GENERATE_VERIFY_MAC']]) {
      const meta = await env.newKey({ MultiRegion: true, KeySpec, KeyUsage });
      expect(meta.KeyId).toMatch(/^mrk-/);
    }
  });

  it('refuses a multi-Region key in a custom key store and leaves the store unchanged', async () => {
    const env = makeEnv();
    const before = await snapshot(env);
    await expectKmsError(
      env.run('CreateKey', { MultiRegion: true, CustomKeyStoreId: 'cks-1234567890abcdef0' }),
      'UnsupportedOperationException',
      'Multi-Region keys cannot be created in a custom key store.',
    );
    expect(await snapshot(env)).toBe(before);
  });
});

describe('ReplicateKey', () => {
  it('answers the recorded response: Creating, Enabled false, REPLICA configuration, default policy', async () => {
    const env = makeEnv();
    const id = await mrk(env, { Description: 'test replicated key' });
    const res = await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    const meta = res.ReplicaKeyMetadata as Record<string, any>;
    expect(meta).toMatchObject({
      AWSAccountId: ACCOUNT,
      Arn: arn(EU, id),
      KeyId: id,
      Description: '',
      Enabled: false,
      KeyState: 'Creating',
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      Origin: 'AWS_KMS',
      MultiRegion: true,
      MultiRegionConfiguration: {
        MultiRegionKeyType: 'REPLICA',
        PrimaryKey: { Arn: arn('us-east-1', id), Region: 'us-east-1' },
        ReplicaKeys: [{ Arn: arn(EU, id), Region: EU }],
      },
    });
    expect(meta).not.toHaveProperty('CurrentKeyMaterialId');
    expect(JSON.parse(String(res.ReplicaPolicy))).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }],
    });
    expect(res).not.toHaveProperty('ReplicaTags');
  });

  it('the next reads show the replica Enabled, the same material, and the primary listing it', async () => {
    const env = makeEnv();
    const id = await mrk(env, { Description: 'primary' });
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    const replica = await describeIn(env, EU, id);
    const primary = await describeIn(env, 'us-east-1', id);
    expect(replica).toMatchObject({ Enabled: true, KeyState: 'Enabled', Description: '' });
    const listed = (await env.runIn(env.inRegion(EU), 'ListKeys')).Keys as Record<string, unknown>[];
    expect(listed).toEqual([{ KeyId: id, KeyArn: arn(EU, id) }]);
    expect(replica.CurrentKeyMaterialId).toBe(primary.CurrentKeyMaterialId);
    expect(primary.Description).toBe('primary');
    const replicaKeys = [{ Arn: arn(EU, id), Region: EU }];
    expect(primary.MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: arn('us-east-1', id), Region: 'us-east-1' }, ReplicaKeys: replicaKeys });
    expect(replica.MultiRegionConfiguration).toEqual({ ...primary.MultiRegionConfiguration, MultiRegionKeyType: 'REPLICA' });
  });

  it('keeps its own description, tags and policy', async () => {
    const env = makeEnv();
    const id = await mrk(env, { Tags: [{ TagKey: 'p', TagValue: '1' }] });
    // a policy that lets the account read the replica, but not update its policy (hence the bypass)
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":["kms:Describe*","kms:List*"],"Resource":"*"}]}';
    const res = await env.run('ReplicateKey', {
      KeyId: arn('us-east-1', id), ReplicaRegion: EU, Description: 'replica', Policy: policy, BypassPolicyLockoutSafetyCheck: true,
      Tags: [{ TagKey: 'r', TagValue: '2' }],
    });
    expect(res.ReplicaPolicy).toBe(policy);
    expect(res.ReplicaTags).toEqual([{ TagKey: 'r', TagValue: '2' }]);
    expect((await describeIn(env, EU, id)).Description).toBe('replica');
    expect((await env.runIn(env.inRegion(EU), 'ListResourceTags', { KeyId: id })).Tags).toEqual([{ TagKey: 'r', TagValue: '2' }]);
    expect((await env.run('ListResourceTags', { KeyId: id })).Tags).toEqual([{ TagKey: 'p', TagValue: '1' }]);
  });

  it('a ciphertext from either Region decrypts in the other', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    const eu = env.inRegion(EU);
    const enc = await env.run('Encrypt', { KeyId: id, Plaintext: bytes('hello'), EncryptionContext: { a: 'b' } });
    const dec = await env.runIn(eu, 'Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: 'b' } });
    expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('hello');
    expect(dec.KeyId).toBe(arn(EU, id));
    expect(dec.KeyMaterialId).toBe((await describeIn(env, 'us-east-1', id)).CurrentKeyMaterialId);
    const back = await env.runIn(eu, 'Encrypt', { KeyId: id, Plaintext: bytes('olleh') });
    const dec2 = await env.run('Decrypt', { CiphertextBlob: back.CiphertextBlob, KeyId: id });
    expect(Buffer.from(dec2.Plaintext as Uint8Array).toString()).toBe('olleh');
  });

  it('shares asymmetric and HMAC material: signatures and MACs verify across Regions', async () => {
    const env = makeEnv();
    const eu = env.inRegion(EU);
    const sig = await mrk(env, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await env.run('ReplicateKey', { KeyId: sig, ReplicaRegion: EU });
    const pubA = (await env.run('GetPublicKey', { KeyId: sig })).PublicKey;
    const pubB = (await env.runIn(eu, 'GetPublicKey', { KeyId: sig })).PublicKey;
    expect(Buffer.from(pubB as Uint8Array)).toEqual(Buffer.from(pubA as Uint8Array));
    const s = await env.run('Sign', { KeyId: sig, Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_256' });
    const v = await env.runIn(eu, 'Verify', { KeyId: sig, Message: bytes('m'), Signature: s.Signature, SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(v.SignatureValid).toBe(true);

    const mac = await mrk(env, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await env.run('ReplicateKey', { KeyId: mac, ReplicaRegion: EU });
    const m = await env.run('GenerateMac', { KeyId: mac, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' });
    const mv = await env.runIn(eu, 'VerifyMac', { KeyId: mac, Message: bytes('m'), Mac: m.Mac, MacAlgorithm: 'HMAC_SHA_256' });
    expect(mv.MacValid).toBe(true);
  });

  it('keeps every related record consistent with several replicas', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: AP });
    const configs = await Promise.all(['us-east-1', EU, AP].map(async (r) => (await describeIn(env, r, id)).MultiRegionConfiguration));
    const replicaKeys = [{ Arn: arn(EU, id), Region: EU }, { Arn: arn(AP, id), Region: AP }];
    for (const [i, c] of configs.entries()) {
      expect(c).toEqual({ MultiRegionKeyType: i === 0 ? 'PRIMARY' : 'REPLICA', PrimaryKey: { Arn: arn('us-east-1', id), Region: 'us-east-1' }, ReplicaKeys: replicaKeys });
    }
  });

  it('refuses a replica, a regional key, the same Region, another partition and an existing replica', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    const before = await snapshot(env);
    // Recorded (test_replicate_replica_key_should_fail)
    await expectKmsError(env.runIn(env.inRegion(EU), 'ReplicateKey', { KeyId: id, ReplicaRegion: AP }), 'UnsupportedOperationException', `${arn(EU, id)} is not a multi-region primary key.`);
    const regional = String((await env.newKey()).KeyId);
    const afterRegional = await snapshot(env);
    await expectKmsError(env.run('ReplicateKey', { KeyId: regional, ReplicaRegion: EU }), 'UnsupportedOperationException', `${arn('us-east-1', regional)} is not a multi-region primary key.`);
    await expectKmsError(env.run('ReplicateKey', { KeyId: id, ReplicaRegion: 'us-east-1' }), 'UnsupportedOperationException', /own Region/);
    await expectKmsError(env.run('ReplicateKey', { KeyId: id, ReplicaRegion: 'cn-north-1' }), 'UnsupportedOperationException', /partition/);
    await expectKmsError(env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU }), 'AlreadyExistsException', `Key '${arn(EU, id)}' already exists`);
    await expectKmsError(env.run('ReplicateKey', { KeyId: id, ReplicaRegion: AP, Policy: 'not json' }), 'MalformedPolicyDocumentException');
    await expectKmsError(env.run('ReplicateKey', { KeyId: id, ReplicaRegion: AP, Tags: [{ TagKey: 'aws:x', TagValue: '' }] }), 'TagException');
    await expectKmsError(env.run('ReplicateKey', { KeyId: `alias/x`, ReplicaRegion: AP }), 'InvalidArnException', 'Key Aliases are not supported for this operation.');
    expect(await snapshot(env)).toBe(afterRegional);
    expect(before).not.toBe(afterRegional);
  });

  it('refuses a disabled primary with DisabledException', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await env.run('DisableKey', { KeyId: id });
    await expectKmsError(env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU }), 'DisabledException', `${arn('us-east-1', id)} is disabled.`);
    await expectKmsError(describeIn(env, EU, id), 'NotFoundException', `Key '${arn(EU, id)}' does not exist`);
  });

  it('cross-Region lookups answer as recorded before and after replication', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await expectKmsError(describeIn(env, EU, id), 'NotFoundException', `Key '${arn(EU, id)}' does not exist`);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    await expectKmsError(env.run('DescribeKey', { KeyId: arn(EU, id) }), 'NotFoundException', `Invalid arn ${EU}`);
  });
});

describe('UpdatePrimaryRegion', () => {
  it('swaps PRIMARY and REPLICA in every related record', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: AP });
    expect(await env.run('UpdatePrimaryRegion', { KeyId: id, PrimaryRegion: EU })).toEqual({});
    const expected = { PrimaryKey: { Arn: arn(EU, id), Region: EU }, ReplicaKeys: [{ Arn: arn('us-east-1', id), Region: 'us-east-1' }, { Arn: arn(AP, id), Region: AP }] };
    expect((await describeIn(env, EU, id)).MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'PRIMARY', ...expected });
    expect((await describeIn(env, 'us-east-1', id)).MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'REPLICA', ...expected });
    expect((await describeIn(env, AP, id)).MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'REPLICA', ...expected });
    expect((await describeIn(env, EU, id)).KeyState).toBe('Enabled');
    // Only the new primary replicates now
    await expectKmsError(env.run('ReplicateKey', { KeyId: id, ReplicaRegion: 'us-west-2' }), 'UnsupportedOperationException', `${arn('us-east-1', id)} is not a multi-region primary key.`);
    await env.runIn(env.inRegion(EU), 'ReplicateKey', { KeyId: id, ReplicaRegion: 'us-west-2' });
    expect((await describeIn(env, 'us-east-1', id)).MultiRegionConfiguration.ReplicaKeys).toHaveLength(3);
  });

  it('refuses a replica, a Region without a replica and the primary Region itself', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    const before = await snapshot(env);
    await expectKmsError(env.runIn(env.inRegion(EU), 'UpdatePrimaryRegion', { KeyId: id, PrimaryRegion: 'us-east-1' }), 'UnsupportedOperationException', `${arn(EU, id)} is not a multi-region primary key.`);
    await expectKmsError(env.run('UpdatePrimaryRegion', { KeyId: id, PrimaryRegion: AP }), 'NotFoundException', `Key '${arn(AP, id)}' does not exist`);
    await expectKmsError(env.run('UpdatePrimaryRegion', { KeyId: id, PrimaryRegion: 'us-east-1' }), 'UnsupportedOperationException', /already the primary/);
    await env.run('DisableKey', { KeyId: id });
    await expectKmsError(env.run('UpdatePrimaryRegion', { KeyId: id, PrimaryRegion: EU }), 'DisabledException', `${arn('us-east-1', id)} is disabled.`);
    await env.run('EnableKey', { KeyId: id });
    expect(await snapshot(env)).toBe(before);
  });
});

describe('shared material and rotation (syncReplicas)', () => {
  it('a new material on the primary reaches every replica with the same id', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    const old = await env.run('Encrypt', { KeyId: id, Plaintext: bytes('old') });
    const oldMaterial = (await describeIn(env, EU, id)).CurrentKeyMaterialId;
    await env.tx(async (ctx) => {
      const primary = (await ctx.store.get<KeyRecord>(keyRecordName('us-east-1', id)))!;
      addMaterial(ctx, primary, new Uint8Array(32).fill(7));
      primary.rotation = { enabled: true, periodInDays: 365 };
      saveKey(ctx, primary);
      await syncReplicas(ctx, primary);
    });
    const primary = await describeIn(env, 'us-east-1', id);
    const replica = await describeIn(env, EU, id);
    expect(replica.CurrentKeyMaterialId).toBe(primary.CurrentKeyMaterialId);
    expect(replica.CurrentKeyMaterialId).not.toBe(oldMaterial);
    expect((await env.record<KeyRecord>(keyRecordName(EU, id)))!.rotation).toEqual({ enabled: true, periodInDays: 365 });
    const eu = env.inRegion(EU);
    const fresh = await env.run('Encrypt', { KeyId: id, Plaintext: bytes('new') });
    for (const [blob, text] of [[old.CiphertextBlob, 'old'], [fresh.CiphertextBlob, 'new']] as const) {
      const d = await env.runIn(eu, 'Decrypt', { CiphertextBlob: blob });
      expect(Buffer.from(d.Plaintext as Uint8Array).toString()).toBe(text);
    }
  });
});

describe('deletion', () => {
  it('a deleted replica leaves the configuration when its window ends, freeing the Region', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: AP });
    await env.runIn(env.inRegion(EU), 'ScheduleKeyDeletion', { KeyId: id, PendingWindowInDays: 7 });
    // Scheduled, not deleted: still listed, and the Region is still taken
    expect((await describeIn(env, 'us-east-1', id)).MultiRegionConfiguration.ReplicaKeys).toHaveLength(2);
    await expectKmsError(env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU }), 'AlreadyExistsException');
    env.clock.advance(7 * DAY + 1);
    // Read from the primary's Region (the replica's Region was not read since)
    const only = [{ Arn: arn(AP, id), Region: AP }];
    expect((await describeIn(env, 'us-east-1', id)).MultiRegionConfiguration.ReplicaKeys).toEqual(only);
    expect((await describeIn(env, AP, id)).MultiRegionConfiguration.ReplicaKeys).toEqual(only);
    await expectKmsError(describeIn(env, EU, id), 'NotFoundException', `Key '${arn(EU, id)}' does not exist`);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    expect((await describeIn(env, EU, id)).KeyState).toBe('Enabled');
  });

  it('ScheduleKeyDeletion of a primary with replicas waits in PendingReplicaDeletion until they are deleted', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    const res = await env.run('ScheduleKeyDeletion', { KeyId: id, PendingWindowInDays: 7 });
    expect(res).toMatchObject({ KeyState: 'PendingReplicaDeletion', PendingWindowInDays: 7 });
    expect(res).not.toHaveProperty('DeletionDate');
    await expectKmsError(env.run('ReplicateKey', { KeyId: id, ReplicaRegion: AP }), 'KMSInvalidStateException', `${arn('us-east-1', id)} is pending replica deletion.`);
    await expectKmsError(env.run('UpdatePrimaryRegion', { KeyId: id, PrimaryRegion: EU }), 'KMSInvalidStateException', `${arn('us-east-1', id)} is pending replica deletion.`);
    env.clock.advance(60 * DAY);
    expect((await describeIn(env, 'us-east-1', id)).KeyState).toBe('PendingReplicaDeletion');
    const sched = await env.runIn(env.inRegion(EU), 'ScheduleKeyDeletion', { KeyId: id, PendingWindowInDays: 7 });
    env.clock.advance(7 * DAY);
    const meta = await describeIn(env, 'us-east-1', id);
    expect(meta).toMatchObject({ KeyState: 'PendingDeletion', DeletionDate: new Date((sched.DeletionDate as Date).getTime() + 7 * DAY) });
    expect(meta.MultiRegionConfiguration.ReplicaKeys).toEqual([]);
  });

  it('replicates an imported-material primary as a replica without material (PendingImport)', async () => {
    const env = makeEnv();
    const id = await mrk(env, { Origin: 'EXTERNAL' });
    const res = await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    expect((res.ReplicaKeyMetadata as Record<string, unknown>).Origin).toBe('EXTERNAL');
    expect((await describeIn(env, EU, id)).KeyState).toBe('PendingImport');
  });

  it('replicaRegions(key) lists a primary\'s replicas only', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    expect(replicaRegions((await env.record<KeyRecord>(keyRecordName('us-east-1', id)))!)).toEqual([EU]);
    expect(replicaRegions((await env.record<KeyRecord>(keyRecordName(EU, id)))!)).toEqual([]);
  });

  it('a primary in PendingReplicaDeletion moves to PendingDeletion when its last replica is deleted', async () => {
    const env = makeEnv();
    const id = await mrk(env);
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    // The states rule (key-states helper) puts the primary in PendingReplicaDeletion; set it here directly
    await env.tx(async (ctx) => {
      const p = (await ctx.store.get<KeyRecord>(keyRecordName('us-east-1', id)))!;
      p.KeyState = 'PendingReplicaDeletion';
      p.multiRegion!.pendingWindowInDays = 10;
      saveKey(ctx, p);
    });
    const prd = await describeIn(env, 'us-east-1', id);
    expect(prd.PendingDeletionWindowInDays).toBe(10);
    expect(prd).not.toHaveProperty('DeletionDate');
    const sched = await env.runIn(env.inRegion(EU), 'ScheduleKeyDeletion', { KeyId: id, PendingWindowInDays: 7 });
    env.clock.advance(8 * DAY);
    const meta = await describeIn(env, 'us-east-1', id);
    expect(meta.KeyState).toBe('PendingDeletion');
    expect(meta.DeletionDate).toEqual(new Date((sched.DeletionDate as Date).getTime() + 10 * DAY));
    expect(meta).not.toHaveProperty('PendingDeletionWindowInDays');
    expect(meta.MultiRegionConfiguration.ReplicaKeys).toEqual([]);
    env.clock.advance(10 * DAY);
    await expectKmsError(describeIn(env, 'us-east-1', id), 'NotFoundException');
  });
});
