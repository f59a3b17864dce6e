// Automatic rotation driven by the injected clock: new material per period, old blobs still decrypt,
// NextRotationDate advances, disabled and pending-deletion keys wait, replicas follow their primary.
import { describe, expect, it } from 'vitest';
import { bytes, DAY, expectKmsError, makeEnv, type TestEnv } from './helpers.js';

async function currentMaterialId(env: TestEnv, keyId: string): Promise<string> {
  const meta = (await env.run('DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, unknown>;
  return meta.CurrentKeyMaterialId as string;
}

async function status(env: TestEnv, keyId: string): Promise<Record<string, unknown>> {
  return env.run('GetKeyRotationStatus', { KeyId: keyId });
}

async function rotations(env: TestEnv, keyId: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>[]> {
  return (await env.run('ListKeyRotations', { KeyId: keyId, ...extra })).Rotations as Record<string, unknown>[];
}

describe('automatic rotation', () => {
  it('enables with the default 365-day period and the recorded status shape', async () => {
    const env = makeEnv();
    const key = await env.newKey();
    expect(await status(env, key.KeyId as string)).toEqual({ KeyId: key.KeyId, KeyRotationEnabled: false });
    expect(await env.run('EnableKeyRotation', { KeyId: key.KeyId })).toEqual({});
    expect(await status(env, key.KeyId as string)).toEqual({
      KeyId: key.KeyId,
      KeyRotationEnabled: true,
      NextRotationDate: new Date(env.clock.t + 365 * DAY),
      RotationPeriodInDays: 365,
    });
  });

  it.each([90, 180])('test_key_enable_rotation_status[%i]: the period is reported as given', async (days) => {
    const env = makeEnv();
    const key = await env.newKey();
    await env.run('EnableKeyRotation', { KeyId: key.Arn, RotationPeriodInDays: days });
    const s = await status(env, key.KeyId as string);
    expect(Object.keys(s).sort()).toEqual(['KeyId', 'KeyRotationEnabled', 'NextRotationDate', 'RotationPeriodInDays']);
    expect(s).toMatchObject({ KeyId: key.KeyId, KeyRotationEnabled: true, RotationPeriodInDays: days });
    expect((s.NextRotationDate as Date).getTime()).toBe(env.clock.t + days * DAY);
  });

  it('rotates once per period as the clock passes each date; every older blob still decrypts', async () => {
    const env = makeEnv();
    const key = await env.newKey();
    const id = key.KeyId as string;
    await env.run('EnableKeyRotation', { KeyId: id, RotationPeriodInDays: 90 });
    const start = env.clock.t;
    const blobs: { blob: Uint8Array; material: string; text: string }[] = [];
    const seen = [await currentMaterialId(env, id)];
    for (let i = 1; i <= 4; i++) {
      const text = `period ${i}`;
      const enc = await env.run('Encrypt', { KeyId: id, Plaintext: bytes(text) });
      blobs.push({ blob: enc.CiphertextBlob as Uint8Array, material: seen[seen.length - 1]!, text });
      env.clock.t = start + i * 90 * DAY + 1000;
      const now = await currentMaterialId(env, id);
      expect(seen).not.toContain(now);
      seen.push(now);
      expect(((await status(env, id)).NextRotationDate as Date).getTime()).toBe(start + (i + 1) * 90 * DAY);
      // GenerateDataKey reports the current material
      expect((await env.run('GenerateDataKey', { KeyId: id, KeySpec: 'AES_256' })).KeyMaterialId).toBe(now);
    }
    for (const b of blobs) {
      const dec = await env.run('Decrypt', { CiphertextBlob: b.blob });
      expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe(b.text);
      expect(dec.KeyMaterialId).toBe(b.material);
    }
    const fresh = await env.run('Encrypt', { KeyId: id, Plaintext: bytes('new') });
    expect((await env.run('Decrypt', { CiphertextBlob: fresh.CiphertextBlob })).KeyMaterialId).toBe(seen[4]);
    const list = await rotations(env, id);
    expect(list).toEqual(
      [1, 2, 3, 4].map((i) => ({
        KeyId: id,
        KeyMaterialId: seen[i],
        KeyMaterialState: i === 4 ? 'CURRENT' : 'NON_CURRENT',
        RotationDate: new Date(start + i * 90 * DAY),
        RotationType: 'AUTOMATIC',
      })),
    );
  });

  it('a clock jump over several periods makes one rotation per missed date, each dated at its schedule', async () => {
    const env = makeEnv();
    const key = await env.newKey();
    const id = key.KeyId as string;
    await env.run('EnableKeyRotation', { KeyId: id, RotationPeriodInDays: 100 });
    const start = env.clock.t;
    env.clock.advance(350 * DAY);
    const list = await rotations(env, id);
    expect(list.map((r) => (r.RotationDate as Date).getTime())).toEqual([1, 2, 3].map((i) => start + i * 100 * DAY));
    expect(((await status(env, id)).NextRotationDate as Date).getTime()).toBe(start + 400 * DAY);
  });

  it('DisableKeyRotation stops the schedule and keeps the current material', async () => {
    const env = makeEnv();
    const key = await env.newKey();
    const id = key.KeyId as string;
    await env.run('EnableKeyRotation', { KeyId: id });
    const before = await currentMaterialId(env, id);
    await env.run('DisableKeyRotation', { KeyId: id });
    env.clock.advance(1000 * DAY);
    expect(await currentMaterialId(env, id)).toBe(before);
    expect(await status(env, id)).toEqual({ KeyId: id, KeyRotationEnabled: false });
    expect(await rotations(env, id)).toEqual([]);
  });

  it('a disabled key does not rotate; re-enabled after its date it rotates at once and restarts the schedule', async () => {
    const env = makeEnv();
    const id = (await env.newKey()).KeyId as string;
    await env.run('EnableKeyRotation', { KeyId: id, RotationPeriodInDays: 90 });
    const start = env.clock.t;
    env.clock.advance(10 * DAY);
    await env.run('DisableKey', { KeyId: id });
    const before = await currentMaterialId(env, id);
    env.clock.advance(200 * DAY);
    expect(await currentMaterialId(env, id)).toBe(before);
    // The status does not change while the key is disabled
    expect((await status(env, id)).KeyRotationEnabled).toBe(true);
    const enabledAt = env.clock.t;
    await env.run('EnableKey', { KeyId: id });
    env.clock.advance(DAY);
    const list = await rotations(env, id);
    expect(list).toHaveLength(1);
    expect((list[0]!.RotationDate as Date).getTime()).toBe(enabledAt);
    expect(((await status(env, id)).NextRotationDate as Date).getTime()).toBe(enabledAt + 90 * DAY);
    expect(start).toBeLessThan(enabledAt);
  });

  it('a key re-enabled before its date resumes its prior schedule', async () => {
    const env = makeEnv();
    const id = (await env.newKey()).KeyId as string;
    await env.run('EnableKeyRotation', { KeyId: id, RotationPeriodInDays: 90 });
    const start = env.clock.t;
    await env.run('DisableKey', { KeyId: id });
    env.clock.advance(30 * DAY);
    await env.run('EnableKey', { KeyId: id });
    env.clock.t = start + 91 * DAY;
    const list = await rotations(env, id);
    expect(list.map((r) => (r.RotationDate as Date).getTime())).toEqual([start + 90 * DAY]);
  });

  it('pending deletion: status false, no rotation; cancelling restores the status', async () => {
    const env = makeEnv();
    const id = (await env.newKey()).KeyId as string;
    await env.run('EnableKeyRotation', { KeyId: id, RotationPeriodInDays: 90 });
    await env.run('ScheduleKeyDeletion', { KeyId: id, PendingWindowInDays: 30 });
    expect(await status(env, id)).toEqual({ KeyId: id, KeyRotationEnabled: false });
    await env.run('CancelKeyDeletion', { KeyId: id });
    expect((await status(env, id)).KeyRotationEnabled).toBe(true);
  });

  it('a new, shorter period counts from the last scheduled rotation and rotates at once when already due', async () => {
    const env = makeEnv();
    const id = (await env.newKey()).KeyId as string;
    await env.run('EnableKeyRotation', { KeyId: id, RotationPeriodInDays: 365 });
    env.clock.advance(100 * DAY);
    await env.run('EnableKeyRotation', { KeyId: id, RotationPeriodInDays: 90 });
    const list = await rotations(env, id);
    expect(list).toHaveLength(1);
    expect((list[0]!.RotationDate as Date).getTime()).toBe(env.clock.t);
    expect(((await status(env, id)).NextRotationDate as Date).getTime()).toBe(env.clock.t + 90 * DAY);
  });

  it('AWS managed keys rotate yearly, always on, and refuse on-demand rotation', async () => {
    const env = makeEnv();
    const meta = (await env.run('DescribeKey', { KeyId: 'alias/aws/s3' })).KeyMetadata as Record<string, unknown>;
    const id = meta.KeyId as string;
    const created = (meta.CreationDate as Date).getTime();
    expect(await status(env, id)).toEqual({
      KeyId: id,
      KeyRotationEnabled: true,
      NextRotationDate: new Date(created + 365 * DAY),
      RotationPeriodInDays: 365,
    });
    await expectKmsError(env.run('RotateKeyOnDemand', { KeyId: id }), 'AccessDeniedException', /kms:RotateKeyOnDemand/);
    await expectKmsError(env.run('DisableKeyRotation', { KeyId: id }), 'AccessDeniedException', /kms:DisableKeyRotation/);
    env.clock.advance(366 * DAY);
    expect(await currentMaterialId(env, id)).not.toBe(meta.CurrentKeyMaterialId);
  });
});
