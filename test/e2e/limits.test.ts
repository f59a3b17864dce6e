// End to end: the quotas AWS fixes are settings in kms (on_demand_rotation_limit, grants_per_key).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(() => sb.cleanup());

describe('quota settings', () => {
  it('on_demand_rotation_limit lowers RotateKeyOnDemand\'s per-key quota', async () => {
    expect((await sb.kms(['configure', 'set', 'on_demand_rotation_limit', '1'])).exitCode).toBe(0);
    const id = json(await sb.kms(['create-key'])).KeyMetadata.KeyId;
    expect((await sb.kms(['rotate-key-on-demand', '--key-id', id])).exitCode).toBe(0);
    const second = await sb.kms(['rotate-key-on-demand', '--key-id', id]);
    expect(second.exitCode).toBe(254);
    expect(String(second.stderr)).toContain('(LimitExceededException)');
    expect((await sb.kms(['configure', 'unset', 'on_demand_rotation_limit'])).exitCode).toBe(0);
    expect((await sb.kms(['rotate-key-on-demand', '--key-id', id])).exitCode).toBe(0);
  });

  it('grants_per_key lowers CreateGrant\'s per-key quota', async () => {
    expect((await sb.kms(['configure', 'set', 'grants_per_key', '1'])).exitCode).toBe(0);
    const id = json(await sb.kms(['create-key'])).KeyMetadata.KeyId;
    const grant = ['create-grant', '--key-id', id, '--grantee-principal', 'arn:aws:iam::111122223333:role/app', '--operations', 'Encrypt'];
    expect((await sb.kms(grant)).exitCode).toBe(0);
    const second = await sb.kms(grant);
    expect(second.exitCode).toBe(254);
    expect(String(second.stderr)).toContain('(LimitExceededException)');
    await sb.kms(['configure', 'unset', 'grants_per_key']);
  });

  it('a quota that is not a positive whole number is refused (253)', async () => {
    expect((await sb.kms(['configure', 'set', 'grants_per_key', '0'])).exitCode).toBe(253);
  });
});
