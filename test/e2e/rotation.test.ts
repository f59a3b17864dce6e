// End to end through bin/kms: automatic rotation as time passes (KMS_CLOCK_OFFSET), on-demand
// rotation, and list-key-rotations with the AWS CLI's paging flags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';

const DAY = 24 * 60 * 60 * 1000;
let sb: Sandbox;
let keyId: string;

/** Runs kms with the clock shifted by `offset` (e.g. +91d), as a user testing their own code would. */
function later(offset: string, args: string[]) {
  return sb.kms(args, { env: { ...sb.env, KMS_CLOCK_OFFSET: offset } });
}

beforeAll(async () => {
  sb = await sandbox();
  const r = await sb.kms(['create-key', '--description', 'rotation e2e']);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  keyId = json(r).KeyMetadata.KeyId;
});
afterAll(() => sb.cleanup());

describe('rotation from the shell', () => {
  it('rotates automatically once the clock passes NextRotationDate; old ciphertexts still decrypt', async () => {
    const en = await sb.kms(['enable-key-rotation', '--key-id', keyId, '--rotation-period-in-days', '90']);
    expect(en.exitCode, String(en.stderr)).toBe(0);
    expect(String(en.stdout)).toBe('');
    const st = json(await sb.kms(['get-key-rotation-status', '--key-id', keyId]));
    expect(st).toMatchObject({ KeyId: keyId, KeyRotationEnabled: true, RotationPeriodInDays: 90 });
    const next = Date.parse(st.NextRotationDate);
    expect(next - Date.now()).toBeGreaterThan(89 * DAY);

    const before = json(await sb.kms(['describe-key', '--key-id', keyId])).KeyMetadata.CurrentKeyMaterialId;
    const enc = json(await sb.kms(['encrypt', '--key-id', keyId, '--plaintext', Buffer.from('old').toString('base64')]));

    const after = json(await later('+91d', ['describe-key', '--key-id', keyId])).KeyMetadata.CurrentKeyMaterialId;
    expect(after).toMatch(/^[a-f0-9]{64}$/);
    expect(after).not.toBe(before);
    const dec = json(await later('+91d', ['decrypt', '--ciphertext-blob', enc.CiphertextBlob]));
    expect(Buffer.from(dec.Plaintext, 'base64').toString()).toBe('old');
    expect(dec.KeyMaterialId).toBe(before);

    const list = json(await later('+91d', ['list-key-rotations', '--key-id', keyId])).Rotations;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ KeyId: keyId, KeyMaterialId: after, KeyMaterialState: 'CURRENT', RotationType: 'AUTOMATIC' });
    expect(Date.parse(list[0].RotationDate)).toBe(next);
    const st2 = json(await later('+91d', ['get-key-rotation-status', '--key-id', keyId]));
    expect(Date.parse(st2.NextRotationDate)).toBe(next + 90 * DAY);
  });

  it('rotate-key-on-demand, then list-key-rotations pages through every rotation', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await later('+92d', ['rotate-key-on-demand', '--key-id', keyId]);
      expect(r.exitCode, String(r.stderr)).toBe(0);
      expect(json(r)).toEqual({ KeyId: keyId });
    }
    const all = json(await later('+92d', ['list-key-rotations', '--key-id', keyId, '--page-size', '1'])).Rotations;
    expect(all.map((r: { RotationType: string }) => r.RotationType)).toEqual(['AUTOMATIC', 'ON_DEMAND', 'ON_DEMAND', 'ON_DEMAND']);
    const first = json(await later('+92d', ['list-key-rotations', '--key-id', keyId, '--max-items', '2']));
    expect(first.Rotations).toHaveLength(2);
    expect(first.NextToken).toBeTypeOf('string');
  });

  it('refusals print AWS\'s error and exit 254', async () => {
    await sb.kms(['disable-key', '--key-id', keyId]);
    const r = await sb.kms(['rotate-key-on-demand', '--key-id', keyId]);
    expect(r.exitCode).toBe(254);
    expect(String(r.stderr)).toContain(
      `An error occurred (DisabledException) when calling the RotateKeyOnDemand operation: arn:aws:kms:us-east-1:111122223333:key/${keyId} is disabled.`,
    );
    const bad = await sb.kms(['enable-key-rotation', '--key-id', keyId, '--rotation-period-in-days', '30']);
    // The AWS CLI checks the range before sending (botocore's parameter validation)
    expect(bad.exitCode).toBe(252);
    expect(String(bad.stderr)).toContain('Invalid value for parameter RotationPeriodInDays, value: 30, valid min value: 90');
  });
});
