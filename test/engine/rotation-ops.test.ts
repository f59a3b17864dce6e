// RotateKeyOnDemand, ListKeyRotations paging and the refusals of the rotation operations, with the
// messages AWS gives (recorded scenarios from /work/shared/aws-recorded, LocalStack, Apache-2.0).
import { describe, expect, it } from 'vitest';
import { bytes, DAY, expectKmsError, makeEnv, type TestEnv } from './helpers.js';

/** Every record of the store, so a refused request can be shown to change nothing. */
async function snapshot(env: TestEnv): Promise<string> {
  return JSON.stringify(await env.records(''), (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v));
}

describe('RotateKeyOnDemand', () => {
  it('test_rotate_key_on_demand_modifies_key_material: new current material, old blobs decrypt', async () => {
    const env = makeEnv();
    const key = await env.newKey();
    const id = key.KeyId as string;
    const old = await env.run('Encrypt', { KeyId: id, Plaintext: bytes('before') });
    // Recorded: the response names the bare key id (test_rotate_on_demand_returns_arn_for_key_id)
    expect(await env.run('RotateKeyOnDemand', { KeyId: key.Arn })).toEqual({ KeyId: id });
    const after = (await env.run('DescribeKey', { KeyId: id })).KeyMetadata as Record<string, unknown>;
    expect(after.CurrentKeyMaterialId).toMatch(/^[a-f0-9]{64}$/);
    expect(after.CurrentKeyMaterialId).not.toBe(key.CurrentKeyMaterialId);
    const dec = await env.run('Decrypt', { CiphertextBlob: old.CiphertextBlob });
    expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('before');
    expect(dec.KeyMaterialId).toBe(key.CurrentKeyMaterialId);
    const list = (await env.run('ListKeyRotations', { KeyId: id })).Rotations as Record<string, unknown>[];
    expect(list).toEqual([
      { KeyId: id, KeyMaterialId: after.CurrentKeyMaterialId, KeyMaterialState: 'CURRENT', RotationDate: env.clock.now(), RotationType: 'ON_DEMAND' },
    ]);
  });

  it('..._automatic_rotation_disabled: the status stays off', async () => {
    const env = makeEnv();
    const id = (await env.newKey()).KeyId as string;
    await env.run('RotateKeyOnDemand', { KeyId: id });
    expect(await env.run('GetKeyRotationStatus', { KeyId: id })).toEqual({ KeyId: id, KeyRotationEnabled: false });
  });

  it('..._automatic_rotation_enabled: the schedule does not move', async () => {
    const env = makeEnv();
    const id = (await env.newKey()).KeyId as string;
    await env.run('EnableKeyRotation', { KeyId: id });
    const next = (await env.run('GetKeyRotationStatus', { KeyId: id })).NextRotationDate;
    env.clock.advance(10 * DAY);
    await env.run('RotateKeyOnDemand', { KeyId: id });
    expect(await env.run('GetKeyRotationStatus', { KeyId: id })).toEqual({
      KeyId: id,
      KeyRotationEnabled: true,
      NextRotationDate: next,
      RotationPeriodInDays: 365,
    });
  });

  it('test_key_rotations_limits: 25 on-demand rotations per key, then the recorded LimitExceededException', async () => {
    const env = makeEnv();
    const key = await env.newKey();
    for (let i = 0; i < 25; i++) await env.run('RotateKeyOnDemand', { KeyId: key.KeyId });
    const before = await snapshot(env);
    await expectKmsError(
      env.run('RotateKeyOnDemand', { KeyId: key.KeyId }),
      'LimitExceededException',
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${String(key.Arn)}`,
    );
    expect(await snapshot(env)).toBe(before);
  });

  it('the per-key limit comes from EngineContext.limits.onDemandRotationsPerKey', async () => {
    const env = makeEnv();
    const ctx = { ...env.ctx, limits: { onDemandRotationsPerKey: 2 } };
    const key = await env.newKey();
    await env.runIn(ctx, 'RotateKeyOnDemand', { KeyId: key.KeyId });
    await env.runIn(ctx, 'RotateKeyOnDemand', { KeyId: key.KeyId });
    await expectKmsError(env.runIn(ctx, 'RotateKeyOnDemand', { KeyId: key.KeyId }), 'LimitExceededException');
    // Automatic rotations do not count
    await env.run('EnableKeyRotation', { KeyId: key.KeyId, RotationPeriodInDays: 90 });
    env.clock.advance(91 * DAY);
    await expectKmsError(env.runIn(ctx, 'RotateKeyOnDemand', { KeyId: key.KeyId }), 'LimitExceededException');
  });

  it('ConflictException within 20 minutes of an automatic rotation', async () => {
    const env = makeEnv();
    const id = (await env.newKey()).KeyId as string;
    await env.run('EnableKeyRotation', { KeyId: id, RotationPeriodInDays: 90 });
    env.clock.advance(90 * DAY - 10 * 60 * 1000);
    await expectKmsError(env.run('RotateKeyOnDemand', { KeyId: id }), 'ConflictException');
  });
});

describe('test_key_rotations_encryption_decryption', () => {
  it('after rotations every blob decrypts; an altered blob is InvalidCiphertextException with no message', async () => {
    const env = makeEnv();
    const id = (await env.newKey()).KeyId as string;
    const blobs: Uint8Array[] = [];
    for (let i = 0; i < 3; i++) {
      blobs.push((await env.run('Encrypt', { KeyId: id, Plaintext: bytes(`v${i}`) })).CiphertextBlob as Uint8Array);
      await env.run('RotateKeyOnDemand', { KeyId: id });
    }
    for (const [i, blob] of blobs.entries()) {
      expect(Buffer.from((await env.run('Decrypt', { CiphertextBlob: blob })).Plaintext as Uint8Array).toString()).toBe(`v${i}`);
    }
    const bad = new Uint8Array(blobs[0]!);
    bad[bad.length - 1]! ^= 1;
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: bad }), 'InvalidCiphertextException', '');
  });
});

describe('refusals', () => {
  it('test_rotate_key_on_demand_raises_error_given_key_is_disabled', async () => {
    const env = makeEnv();
    const key = await env.newKey();
    await env.run('DisableKey', { KeyId: key.KeyId });
    for (const op of ['RotateKeyOnDemand', 'EnableKeyRotation', 'DisableKeyRotation']) {
      await expectKmsError(env.run(op, { KeyId: key.KeyId }), 'DisabledException', `${String(key.Arn)} is disabled.`);
    }
    // GetKeyRotationStatus and ListKeyRotations work on a disabled key
    expect((await env.run('GetKeyRotationStatus', { KeyId: key.KeyId })).KeyRotationEnabled).toBe(false);
    expect((await env.run('ListKeyRotations', { KeyId: key.KeyId })).Rotations).toEqual([]);
  });

  it('test_rotate_key_on_demand_raises_error_given_key_that_does_not_exist', async () => {
    const env = makeEnv();
    const id = '11111111-2222-4333-8444-555555555555';
    for (const op of ['RotateKeyOnDemand', 'EnableKeyRotation', 'DisableKeyRotation', 'GetKeyRotationStatus', 'ListKeyRotations']) {
      await expectKmsError(env.run(op, { KeyId: id }), 'NotFoundException', `Key 'arn:aws:kms:us-east-1:111122223333:key/${id}' does not exist`);
    }
  });

  it('rotation operations take a key id or key ARN, not an alias', async () => {
    const env = makeEnv();
    const key = await env.newKey();
    await env.run('CreateAlias', { AliasName: 'alias/rot', TargetKeyId: key.KeyId });
    await expectKmsError(env.run('RotateKeyOnDemand', { KeyId: 'alias/rot' }), 'InvalidArnException', 'Key Aliases are not supported for this operation.');
  });

  it.each([
    ['RSA_2048', 'ENCRYPT_DECRYPT'],
    ['ECC_NIST_P256', 'SIGN_VERIFY'],
    ['HMAC_256', 'GENERATE_VERIFY_MAC'],
  ])('test_rotate_key_on_demand_raises_error_given_non_symmetric_key (%s): empty message', async (spec, usage) => {
    const env = makeEnv();
    const key = await env.newKey({ KeySpec: spec, KeyUsage: usage });
    const before = await snapshot(env);
    for (const op of ['RotateKeyOnDemand', 'EnableKeyRotation', 'DisableKeyRotation', 'ListKeyRotations']) {
      await expectKmsError(env.run(op, { KeyId: key.KeyId }), 'UnsupportedOperationException', '');
    }
    expect(await snapshot(env)).toBe(before);
    expect(await env.run('GetKeyRotationStatus', { KeyId: key.KeyId })).toEqual({ KeyId: key.KeyId, KeyRotationEnabled: false });
  });

  it('RotationPeriodInDays outside 90..2560 is a validation error', async () => {
    const env = makeEnv();
    const key = await env.newKey();
    await expectKmsError(
      env.run('EnableKeyRotation', { KeyId: key.KeyId, RotationPeriodInDays: 89 }),
      'ValidationException',
      "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
    );
    await expectKmsError(
      env.run('EnableKeyRotation', { KeyId: key.KeyId, RotationPeriodInDays: 2561 }),
      'ValidationException',
      "1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value less than or equal to 2560",
    );
  });

  it('pending deletion: KMSInvalidStateException for changes', async () => {
    const env = makeEnv();
    const key = await env.newKey();
    await env.run('ScheduleKeyDeletion', { KeyId: key.KeyId, PendingWindowInDays: 7 });
    for (const op of ['RotateKeyOnDemand', 'EnableKeyRotation', 'DisableKeyRotation']) {
      await expectKmsError(env.run(op, { KeyId: key.KeyId }), 'KMSInvalidStateException', `${String(key.Arn)} is pending deletion.`);
    }
  });
});

describe('ListKeyRotations', () => {
  it('pages with Limit and Marker; ALL_KEY_MATERIAL adds the first material', async () => {
    const env = makeEnv();
    const key = await env.newKey();
    const id = key.KeyId as string;
    for (let i = 0; i < 5; i++) {
      env.clock.advance(DAY);
      await env.run('RotateKeyOnDemand', { KeyId: id });
    }
    const p1 = await env.run('ListKeyRotations', { KeyId: id, Limit: 2 });
    expect(p1.Truncated).toBe(true);
    expect(p1.Rotations).toHaveLength(2);
    const p2 = await env.run('ListKeyRotations', { KeyId: id, Limit: 2, Marker: p1.NextMarker });
    const p3 = await env.run('ListKeyRotations', { KeyId: id, Limit: 2, Marker: p2.NextMarker });
    expect(p3).toMatchObject({ Truncated: false });
    expect(p3.NextMarker).toBeUndefined();
    const all = [p1, p2, p3].flatMap((p) => p.Rotations as Record<string, unknown>[]);
    expect(all.map((r) => r.RotationType)).toEqual(Array(5).fill('ON_DEMAND'));
    const dates = all.map((r) => (r.RotationDate as Date).getTime());
    expect([...dates].sort((a, b) => a - b)).toEqual(dates);
    await expectKmsError(env.run('ListKeyRotations', { KeyId: id, Marker: 'nonsense' }), 'InvalidMarkerException');
    const withFirst = (await env.run('ListKeyRotations', { KeyId: id, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations as Record<string, unknown>[];
    expect(withFirst).toHaveLength(6);
    expect(withFirst[0]).toEqual({ KeyId: id, KeyMaterialId: key.CurrentKeyMaterialId, KeyMaterialState: 'NON_CURRENT' });
  });
});
