// GetKeyLastUsage: recorded on each successful cryptographic use, never on failures, DryRun or
// non-cryptographic operations; ReEncrypt records both keys.
import { describe, expect, it } from 'vitest';
import { bytes, expectKmsError, makeEnv } from './helpers.js';

describe('GetKeyLastUsage', () => {
  it('answers no KeyLastUsage for a new key, TrackingStartDate = KeyCreationDate', async () => {
    const env = makeEnv();
    const meta = await env.newKey();
    await env.run('DescribeKey', { KeyId: meta.KeyId });
    const res = await env.run('GetKeyLastUsage', { KeyId: meta.Arn });
    expect(res).toEqual({ KeyId: meta.KeyId, TrackingStartDate: meta.CreationDate, KeyCreationDate: meta.CreationDate });
  });

  it('records the last successful cryptographic operation with its time', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    const enc = await env.run('Encrypt', { KeyId, Plaintext: bytes('x') });
    env.clock.advance(60_000);
    await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob });
    const res = await env.run('GetKeyLastUsage', { KeyId });
    const usage = res.KeyLastUsage as Record<string, unknown>;
    expect(usage.Operation).toBe('Decrypt');
    expect(usage.Timestamp).toEqual(new Date(env.clock.t));
    expect(usage.KmsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(usage.CloudTrailEventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ignores DryRun, failures and non-cryptographic calls', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    await env.run('GenerateDataKey', { KeyId, KeySpec: 'AES_256' });
    const t = env.clock.t;
    env.clock.advance(1000);
    await expectKmsError(env.run('Encrypt', { KeyId, Plaintext: bytes('x'), DryRun: true }), 'DryRunOperationException');
    await expectKmsError(env.run('Sign', { KeyId, Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_256' }), 'InvalidKeyUsageException');
    await env.run('DescribeKey', { KeyId });
    await env.run('GenerateRandom', { NumberOfBytes: 8 });
    const usage = (await env.run('GetKeyLastUsage', { KeyId })).KeyLastUsage as Record<string, unknown>;
    expect(usage).toMatchObject({ Operation: 'GenerateDataKey', Timestamp: new Date(t) });
  });

  it('a failed VerifyMac is not recorded; ReEncrypt is recorded on both keys', async () => {
    const env = makeEnv();
    const mac = (await env.newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyId;
    await env.run('GenerateMac', { KeyId: mac, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' });
    await expectKmsError(env.run('VerifyMac', { KeyId: mac, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256', Mac: new Uint8Array(32) }), 'KMSInvalidMacException');
    expect(((await env.run('GetKeyLastUsage', { KeyId: mac })).KeyLastUsage as Record<string, unknown>).Operation).toBe('GenerateMac');
    const a = (await env.newKey()).KeyId;
    const b = (await env.newKey()).KeyId;
    const blob = (await env.run('Encrypt', { KeyId: a, Plaintext: bytes('x') })).CiphertextBlob;
    await env.run('ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: b });
    for (const k of [a, b]) expect(((await env.run('GetKeyLastUsage', { KeyId: k })).KeyLastUsage as Record<string, unknown>).Operation).toBe('ReEncrypt');
  });

  it('takes key ids and ARNs only, and works in every state', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    await env.run('CreateAlias', { AliasName: 'alias/u', TargetKeyId: KeyId });
    await expectKmsError(env.run('GetKeyLastUsage', { KeyId: 'alias/u' }), 'InvalidArnException', 'Key Aliases are not supported for this operation.');
    await env.run('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 });
    expect((await env.run('GetKeyLastUsage', { KeyId })).KeyId).toBe(KeyId);
  });
});
