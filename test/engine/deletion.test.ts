// ScheduleKeyDeletion / CancelKeyDeletion: the window judged by the engine clock, aliases and usage
// records purged with the key, and PendingReplicaDeletion for a multi-Region primary with replicas.
import { describe, expect, it } from 'vitest';
import { bytes, DAY, expectKmsError, makeEnv } from './helpers.js';

describe('key deletion', () => {
  it('deletes the key, its aliases and its usage record when the window ends, not before', async () => {
    const env = makeEnv();
    const meta = await env.newKey();
    const KeyId = meta.KeyId as string;
    await env.run('CreateAlias', { AliasName: 'alias/doomed', TargetKeyId: KeyId });
    await env.run('Encrypt', { KeyId, Plaintext: bytes('x') });
    const res = await env.run('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 });
    expect(res).toEqual({ KeyId: meta.Arn, DeletionDate: new Date(env.clock.t + 7 * DAY), KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    env.clock.advance(7 * DAY - 1);
    expect((await env.run('DescribeKey', { KeyId: 'alias/doomed' })).KeyMetadata).toMatchObject({ KeyState: 'PendingDeletion' });
    env.clock.advance(1);
    await expectKmsError(env.run('DescribeKey', { KeyId }), 'NotFoundException', `Key '${meta.Arn}' does not exist`);
    // only the predefined alias/aws/* entries (no TargetKeyId) are left
    expect(((await env.run('ListAliases')).Aliases as Record<string, unknown>[]).filter((a) => a.TargetKeyId !== undefined)).toEqual([]);
    expect(await env.records('usage/')).toEqual([]);
  });

  it('refuses a second schedule and cancel on a key not pending deletion', async () => {
    const env = makeEnv();
    const meta = await env.newKey();
    await expectKmsError(env.run('CancelKeyDeletion', { KeyId: meta.KeyId }), 'KMSInvalidStateException', `${meta.Arn} is not pending deletion.`);
    await env.run('ScheduleKeyDeletion', { KeyId: meta.KeyId });
    await expectKmsError(env.run('ScheduleKeyDeletion', { KeyId: meta.KeyId }), 'KMSInvalidStateException', `${meta.Arn} is pending deletion.`);
    expect(await env.run('CancelKeyDeletion', { KeyId: meta.KeyId })).toEqual({ KeyId: meta.Arn });
    await expectKmsError(env.run('Encrypt', { KeyId: meta.KeyId, Plaintext: bytes('x') }), 'DisabledException', `${meta.Arn} is disabled.`);
  });

  it('a multi-Region primary with replicas waits in PendingReplicaDeletion; cancel brings it back Disabled', async () => {
    const env = makeEnv();
    const meta = await env.newKey({ MultiRegion: true });
    await env.run('ReplicateKey', { KeyId: meta.KeyId, ReplicaRegion: 'eu-west-1' });
    const res = await env.run('ScheduleKeyDeletion', { KeyId: meta.KeyId, PendingWindowInDays: 10 });
    expect(res).toEqual({ KeyId: meta.Arn, KeyState: 'PendingReplicaDeletion', PendingWindowInDays: 10 });
    const described = (await env.run('DescribeKey', { KeyId: meta.KeyId })).KeyMetadata as Record<string, unknown>;
    expect(described).toMatchObject({ KeyState: 'PendingReplicaDeletion', PendingDeletionWindowInDays: 10 });
    expect(described.DeletionDate).toBeUndefined();
    await expectKmsError(env.run('Encrypt', { KeyId: meta.KeyId, Plaintext: bytes('x') }), 'KMSInvalidStateException', `${meta.Arn} is pending replica deletion.`);
    await expectKmsError(env.run('ScheduleKeyDeletion', { KeyId: meta.KeyId }), 'KMSInvalidStateException', `${meta.Arn} is pending replica deletion.`);
    await env.run('CancelKeyDeletion', { KeyId: meta.KeyId });
    expect((await env.run('DescribeKey', { KeyId: meta.KeyId })).KeyMetadata).toMatchObject({ KeyState: 'Disabled' });
  });

  it('the primary starts its window when its last replica is deleted', async () => {
    const env = makeEnv();
    const meta = await env.newKey({ MultiRegion: true });
    const eu = env.inRegion('eu-west-1');
    await env.run('ReplicateKey', { KeyId: meta.KeyId, ReplicaRegion: 'eu-west-1' });
    await env.run('ScheduleKeyDeletion', { KeyId: meta.KeyId, PendingWindowInDays: 7 });
    await env.runIn(eu, 'ScheduleKeyDeletion', { KeyId: meta.KeyId, PendingWindowInDays: 7 });
    env.clock.advance(7 * DAY);
    const after = (await env.run('DescribeKey', { KeyId: meta.KeyId })).KeyMetadata as Record<string, unknown>;
    expect(after.KeyState).toBe('PendingDeletion');
    expect(after.DeletionDate).toBeInstanceOf(Date);
  });
});
