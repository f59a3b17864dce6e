// End to end through bin/kms: a multi-Region key created in us-east-1, replicated to eu-west-1,
// used across Regions and moved with update-primary-region, as with `aws kms`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';

let sb: Sandbox;
let keyId: string;
const ACCOUNT = '111122223333';
const arn = (region: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${keyId}`;

beforeAll(async () => {
  sb = await sandbox();
  const r = await sb.kms(['create-key', '--multi-region', '--description', 'mrk e2e', '--region', 'us-east-1']);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  keyId = json(r).KeyMetadata.KeyId;
});
afterAll(() => sb.cleanup());

async function config(region: string): Promise<any> {
  const r = await sb.kms(['describe-key', '--key-id', keyId, '--region', region, '--query', 'KeyMetadata.MultiRegionConfiguration']);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return json(r);
}

describe('multi-Region keys', () => {
  it('create-key --multi-region gives an mrk- primary', async () => {
    expect(keyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(await config('us-east-1')).toEqual({
      MultiRegionKeyType: 'PRIMARY',
      PrimaryKey: { Arn: arn('us-east-1'), Region: 'us-east-1' },
      ReplicaKeys: [],
    });
  });

  it('replicate-key answers Creating, and the replica reads Enabled afterwards', async () => {
    const r = await sb.kms(['replicate-key', '--key-id', keyId, '--replica-region', 'eu-west-1', '--description', 'replica', '--region', 'us-east-1']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const out = json(r);
    expect(out.ReplicaKeyMetadata).toMatchObject({ Arn: arn('eu-west-1'), KeyState: 'Creating', Enabled: false, Description: 'replica' });
    expect(JSON.parse(out.ReplicaPolicy).Id).toBe('key-default-1');
    const d = await sb.kms(['describe-key', '--key-id', keyId, '--region', 'eu-west-1']);
    expect(json(d).KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true, Description: 'replica' });
  });

  it('encrypts in us-east-1 and decrypts with --region eu-west-1', async () => {
    const plain = Buffer.from('across regions').toString('base64');
    const enc = await sb.kms(['encrypt', '--key-id', keyId, '--plaintext', plain, '--region', 'us-east-1', '--query', 'CiphertextBlob', '--output', 'text']);
    expect(enc.exitCode, String(enc.stderr)).toBe(0);
    const dec = await sb.kms(['decrypt', '--ciphertext-blob', String(enc.stdout).trim(), '--region', 'eu-west-1']);
    expect(dec.exitCode, String(dec.stderr)).toBe(0);
    expect(json(dec).KeyId).toBe(arn('eu-west-1'));
    expect(Buffer.from(json(dec).Plaintext, 'base64').toString()).toBe('across regions');
  });

  it('describe-key shows the same configuration in both Regions', async () => {
    const expected = { PrimaryKey: { Arn: arn('us-east-1'), Region: 'us-east-1' }, ReplicaKeys: [{ Arn: arn('eu-west-1'), Region: 'eu-west-1' }] };
    expect(await config('us-east-1')).toEqual({ MultiRegionKeyType: 'PRIMARY', ...expected });
    expect(await config('eu-west-1')).toEqual({ MultiRegionKeyType: 'REPLICA', ...expected });
  });

  it('replicate-key from the replica fails with the recorded message', async () => {
    const r = await sb.kms(['replicate-key', '--key-id', keyId, '--replica-region', 'ap-southeast-2', '--region', 'eu-west-1']);
    expect(r.exitCode).toBe(254);
    expect(String(r.stderr)).toContain(
      `An error occurred (UnsupportedOperationException) when calling the ReplicateKey operation: ${arn('eu-west-1')} is not a multi-region primary key.`,
    );
  });

  it('update-primary-region swaps the roles, seen from both Regions', async () => {
    const r = await sb.kms(['update-primary-region', '--key-id', keyId, '--primary-region', 'eu-west-1', '--region', 'us-east-1']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout).trim()).toBe('');
    const expected = { PrimaryKey: { Arn: arn('eu-west-1'), Region: 'eu-west-1' }, ReplicaKeys: [{ Arn: arn('us-east-1'), Region: 'us-east-1' }] };
    expect(await config('eu-west-1')).toEqual({ MultiRegionKeyType: 'PRIMARY', ...expected });
    expect(await config('us-east-1')).toEqual({ MultiRegionKeyType: 'REPLICA', ...expected });
  });
});
