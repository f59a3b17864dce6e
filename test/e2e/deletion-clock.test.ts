// End to end through bin/kms: running kms at another time (KMS_NOW, KMS_CLOCK_OFFSET, the now and
// clock_offset settings) and a deletion window that really ends; AWS managed keys and key policies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(() => sb.cleanup());

const at = (env: Record<string, string>, args: string[]) => sb.kms(args, { env: { ...sb.env, ...env } });

describe('the clock override', () => {
  it('schedule-key-deletion 7 days, then 8 days later the key and its alias are gone', async () => {
    const key = json(await sb.kms(['create-key'])).KeyMetadata;
    expect((await sb.kms(['create-alias', '--alias-name', 'alias/short-lived', '--target-key-id', key.KeyId])).exitCode).toBe(0);
    const s = await sb.kms(['schedule-key-deletion', '--key-id', key.KeyId, '--pending-window-in-days', '7']);
    expect(s.exitCode, String(s.stderr)).toBe(0);
    expect(json(s)).toMatchObject({ KeyId: key.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    // six days on, still pending
    const six = await at({ KMS_CLOCK_OFFSET: '+6d' }, ['describe-key', '--key-id', key.KeyId]);
    expect(json(six).KeyMetadata.KeyState).toBe('PendingDeletion');
    const gone = await at({ KMS_CLOCK_OFFSET: '+8d' }, ['describe-key', '--key-id', key.KeyId]);
    expect(gone.exitCode).toBe(254);
    expect(String(gone.stderr)).toContain('(NotFoundException)');
    expect(String(gone.stderr)).toContain(`Key '${key.Arn}' does not exist`);
    const aliases = json(await at({ KMS_CLOCK_OFFSET: '+8d' }, ['list-aliases'])).Aliases as { AliasName: string }[];
    expect(aliases.map((a) => a.AliasName)).not.toContain('alias/short-lived');
    // list-keys no longer shows it either
    const keys = json(await at({ KMS_CLOCK_OFFSET: '+8d' }, ['list-keys'])).Keys as { KeyId: string }[];
    expect(keys.map((k) => k.KeyId)).not.toContain(key.KeyId);
  });

  it('KMS_NOW fixes now; the clock_offset setting shifts it; bad values are config errors', async () => {
    const fixed = json(await at({ KMS_NOW: '2027-01-01T00:00:00Z' }, ['create-key'])).KeyMetadata;
    expect(fixed.CreationDate).toMatch(/^2027-01-01T00:00:00(\.0+)?\+00:00$/);
    expect((await sb.kms(['configure', 'set', 'clock_offset', '+2d'])).exitCode).toBe(0);
    const shifted = json(await at({ KMS_NOW: '2027-01-01T00:00:00Z' }, ['create-key'])).KeyMetadata;
    expect(shifted.CreationDate).toMatch(/^2027-01-03T00:00:00/);
    expect((await sb.kms(['configure', 'set', 'clock_offset', '+0d'])).exitCode).toBe(0);
    const bad = await at({ KMS_NOW: 'tomorrow' }, ['create-key']);
    expect(bad.exitCode).toBe(253);
    expect(String(bad.stderr)).toContain("KMS_NOW 'tomorrow' is not a time");
    const badOffset = await at({ KMS_CLOCK_OFFSET: '8 days' }, ['create-key']);
    expect(badOffset.exitCode).toBe(253);
  });
});

describe('AWS managed keys and key policies from the shell', () => {
  it('encrypt with alias/aws/s3 (through S3) creates the AWS managed key; it cannot be disabled', async () => {
    // AWS's policy for the key allows its use only through the service (kms:ViaService)
    const enc = await sb.kms(['encrypt', '--key-id', 'alias/aws/s3', '--plaintext', 'aGk='], { env: { ...sb.env, KMS_VIA_SERVICE: 's3' } });
    expect(enc.exitCode, String(enc.stderr)).toBe(0);
    const meta = json(await sb.kms(['describe-key', '--key-id', 'alias/aws/s3'])).KeyMetadata;
    expect(meta.KeyManager).toBe('AWS');
    const dis = await sb.kms(['disable-key', '--key-id', meta.KeyId]);
    expect(dis.exitCode).toBe(254);
    expect(String(dis.stderr)).toContain('(AccessDeniedException)');
  });

  it('put-key-policy / get-key-policy keep the document exactly; list-key-policies says default', async () => {
    const key = json(await sb.kms(['create-key'])).KeyMetadata;
    const policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"}]}';
    expect((await sb.kms(['put-key-policy', '--key-id', key.KeyId, '--policy', policy])).exitCode).toBe(0);
    expect(json(await sb.kms(['get-key-policy', '--key-id', key.KeyId]))).toEqual({ Policy: policy, PolicyName: 'default' });
    expect(json(await sb.kms(['list-key-policies', '--key-id', key.KeyId])).PolicyNames).toEqual(['default']);
    const locked = await sb.kms(['put-key-policy', '--key-id', key.KeyId, '--policy', policy.replace('kms:*', 'kms:Encrypt')]);
    expect(locked.exitCode).toBe(254);
    expect(String(locked.stderr)).toContain('The new key policy will not allow you to update the key policy in the future.');
  });
});
