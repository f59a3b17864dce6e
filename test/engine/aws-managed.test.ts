// AWS managed keys: created on first use of alias/aws/<service>, KeyManager AWS, their policy and
// yearly rotation, and the operations their policy refuses.
import { describe, expect, it } from 'vitest';
import { AWS_MANAGED_SERVICES } from '../../src/services/kms/keys/aws-managed.js';
import { bytes, expectKmsError, makeEnv } from './helpers.js';

const DAY = 86_400_000;

describe('AWS managed keys', () => {
  it('Encrypt with alias/aws/s3 creates the key and its alias once; Decrypt round-trips (through S3: kms:ViaService)', async () => {
    const env = makeEnv('us-east-1', 'seed', { authorization: { mode: 'enforce', viaService: 's3' } });
    // before first use alias/aws/s3 is listed, but only as a predefined name (no TargetKeyId)
    const s3 = (a: Record<string, unknown>) => a.AliasName === 'alias/aws/s3';
    expect(((await env.run('ListAliases')).Aliases as Record<string, unknown>[]).filter((a) => a.TargetKeyId !== undefined)).toEqual([]);
    expect(((await env.run('ListAliases')).Aliases as Record<string, unknown>[]).find(s3)).not.toHaveProperty('TargetKeyId');
    const enc = await env.run('Encrypt', { KeyId: 'alias/aws/s3', Plaintext: bytes('hi') });
    const again = await env.run('Encrypt', { KeyId: 'arn:aws:kms:us-east-1:111122223333:alias/aws/s3', Plaintext: bytes('hi') });
    expect(again.KeyId).toBe(enc.KeyId);
    const dec = await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob });
    expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('hi');
    const aliases = ((await env.run('ListAliases')).Aliases as Record<string, unknown>[]).filter(s3);
    expect(aliases).toHaveLength(1);
    expect(aliases[0]).toMatchObject({ AliasName: 'alias/aws/s3', TargetKeyId: String(enc.KeyId).split('/')[1] });
    expect((await env.run('ListKeys')).Keys).toHaveLength(1);
  });

  it('DescribeKey creates it too: KeyManager AWS, symmetric, enabled, the service description', async () => {
    const env = makeEnv();
    const meta = (await env.run('DescribeKey', { KeyId: 'alias/aws/ebs' })).KeyMetadata as Record<string, unknown>;
    expect(meta).toMatchObject({
      KeyManager: 'AWS', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', KeyState: 'Enabled', Origin: 'AWS_KMS',
      Description: 'Default key that protects my EBS data when no other key is defined', MultiRegion: false,
    });
  });

  it('has the AWS-style policy (ViaService, CallerAccount) and rotation on, yearly', async () => {
    const env = makeEnv();
    const meta = (await env.run('DescribeKey', { KeyId: 'alias/aws/ebs' })).KeyMetadata as Record<string, unknown>;
    const policy = JSON.parse((await env.run('GetKeyPolicy', { KeyId: meta.KeyId })).Policy as string);
    expect(policy.Id).toBe('auto-ebs-2');
    expect(policy.Statement[0].Condition.StringEquals).toEqual({ 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ec2.us-east-1.amazonaws.com' });
    expect(policy.Statement[1].Principal.AWS).toBe('arn:aws:iam::111122223333:root');
    const rec = (await env.record<{ rotation: Record<string, unknown> }>(`key/us-east-1/${meta.KeyId}`))!;
    expect(rec.rotation).toMatchObject({ enabled: true, periodInDays: 365, nextRotationDate: env.clock.t + 365 * DAY });
    expect(await env.run('GetKeyRotationStatus', { KeyId: meta.KeyId })).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
  });

  it('unknown alias/aws/ names are not created', async () => {
    const env = makeEnv();
    await expectKmsError(env.run('DescribeKey', { KeyId: 'alias/aws/nope' }), 'NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/aws/nope is not found.');
    expect(Object.keys(AWS_MANAGED_SERVICES)).toContain('secretsmanager');
  });

  it('a refused first use (Sign on a symmetric key) creates nothing', async () => {
    const env = makeEnv('us-east-1', 'seed', { authorization: { mode: 'off' } });
    await expectKmsError(env.run('Sign', { KeyId: 'alias/aws/s3', Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_256' }), 'InvalidKeyUsageException');
    expect((await env.run('ListKeys')).Keys).toEqual([]);
  });

  it('AWS\'s policy allows use only through the service, as on AWS: a direct call is denied and creates nothing', async () => {
    const env = makeEnv();
    const denied = (arn: string) =>
      `User: arn:aws:iam::111122223333:root is not authorized to perform: kms:Encrypt on resource: ${arn} because no resource-based policy allows the kms:Encrypt action`;
    const e = await expectKmsError(env.run('Encrypt', { KeyId: 'alias/aws/s3', Plaintext: bytes('hi') }), 'AccessDeniedException');
    expect(e.message).toMatch(/^User: arn:aws:iam::111122223333:root is not authorized to perform: kms:Encrypt on resource: arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36} because no resource-based policy allows the kms:Encrypt action$/);
    expect((await env.run('ListKeys')).Keys).toEqual([]);
    // DescribeKey is the account's own right in AWS's policy; Encrypt through another service is still denied
    const arn = ((await env.run('DescribeKey', { KeyId: 'alias/aws/s3' })).KeyMetadata as { Arn: string }).Arn;
    await expectKmsError(env.run('Encrypt', { KeyId: arn, Plaintext: bytes('hi') }), 'AccessDeniedException', denied(arn));
    const viaEbs = makeEnv('us-east-1', 'seed', { authorization: { mode: 'enforce', viaService: 'ebs' } });
    await expectKmsError(viaEbs.run('Encrypt', { KeyId: 'alias/aws/s3', Plaintext: bytes('hi') }), 'AccessDeniedException');
    const viaS3 = makeEnv('us-east-1', 'seed', { authorization: { mode: 'enforce', viaService: 's3' } });
    expect((await viaS3.run('Encrypt', { KeyId: 'alias/aws/s3', Plaintext: bytes('hi') })).KeyId).toMatch(/^arn:aws:kms:/);
  });

  it('refuses management with AccessDeniedException in IAM wording; reads work', async () => {
    const env = makeEnv();
    const meta = (await env.run('DescribeKey', { KeyId: 'alias/aws/s3' })).KeyMetadata as Record<string, unknown>;
    const KeyId = meta.KeyId as string;
    const arn = meta.Arn as string;
    const refused: [string, Record<string, unknown>][] = [
      ['DisableKey', { KeyId }], ['EnableKey', { KeyId }], ['ScheduleKeyDeletion', { KeyId }], ['UpdateKeyDescription', { KeyId, Description: 'x' }],
      ['TagResource', { KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }], ['UntagResource', { KeyId, TagKeys: ['a'] }],
      ['PutKeyPolicy', { KeyId, Policy: '{}' }], ['CreateAlias', { AliasName: 'alias/mine', TargetKeyId: KeyId }],
    ];
    for (const [op, req] of refused) {
      await expectKmsError(env.run(op, req), 'AccessDeniedException',
        `User: arn:aws:iam::111122223333:root is not authorized to perform: kms:${op} on resource: ${arn} because no resource-based policy allows the kms:${op} action`);
    }
    await expectKmsError(env.run('CancelKeyDeletion', { KeyId }), 'AccessDeniedException');
    for (const op of ['EnableKeyRotation', 'DisableKeyRotation', 'RotateKeyOnDemand']) {
      const e = await expectKmsError(env.run(op, { KeyId }), 'AccessDeniedException');
      expect(e.message).toContain(`kms:${op}`);
    }
    // alias/aws/ names are reserved: NotAuthorizedException (as before issue 5)
    const other = (await env.newKey()).KeyId;
    await expectKmsError(env.run('CreateAlias', { AliasName: 'alias/aws/s3', TargetKeyId: other }), 'NotAuthorizedException');
    await expectKmsError(env.run('UpdateAlias', { AliasName: 'alias/aws/s3', TargetKeyId: other }), 'NotAuthorizedException');
    await expectKmsError(env.run('DeleteAlias', { AliasName: 'alias/aws/s3' }), 'NotAuthorizedException');
    await env.run('CreateAlias', { AliasName: 'alias/x', TargetKeyId: other });
    await expectKmsError(env.run('UpdateAlias', { AliasName: 'alias/x', TargetKeyId: KeyId }), 'AccessDeniedException');
    expect((await env.run('ListKeyPolicies', { KeyId })).PolicyNames).toEqual(['default']);
    expect((await env.run('DescribeKey', { KeyId })).KeyMetadata).toMatchObject({ KeyState: 'Enabled' });
  });
});
