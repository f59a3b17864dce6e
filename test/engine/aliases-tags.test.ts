import { describe, expect, it } from 'vitest';
import { PREDEFINED_ALIAS_SERVICES } from '../../src/services/kms/keys/aws-managed.js';
import { DAY, expectKmsError, makeEnv } from './helpers.js';

/** ListAliases' entries that are stored aliases: the predefined alias/aws/* ones have no TargetKeyId. */
const stored = (list: Record<string, unknown>): unknown[] => (list.Aliases as Record<string, unknown>[]).filter((a) => a.TargetKeyId !== undefined);

describe('aliases', () => {
  it('creates, lists, updates and deletes', async () => {
    const env = makeEnv();
    const a = await env.newKey();
    const b = await env.newKey();
    expect(await env.run('CreateAlias', { AliasName: 'alias/one', TargetKeyId: a.KeyId })).toEqual({});
    await env.run('CreateAlias', { AliasName: 'alias/two', TargetKeyId: a.Arn });
    const list = await env.run('ListAliases');
    expect(list.Truncated).toBe(false);
    expect(stored(list)).toEqual([
      { AliasName: 'alias/one', AliasArn: 'arn:aws:kms:us-east-1:111122223333:alias/one', TargetKeyId: a.KeyId, CreationDate: env.clock.now(), LastUpdatedDate: env.clock.now() },
      { AliasName: 'alias/two', AliasArn: 'arn:aws:kms:us-east-1:111122223333:alias/two', TargetKeyId: a.KeyId, CreationDate: env.clock.now(), LastUpdatedDate: env.clock.now() },
    ]);
    env.clock.advance(DAY);
    await env.run('UpdateAlias', { AliasName: 'alias/two', TargetKeyId: b.KeyId });
    const forB = (await env.run('ListAliases', { KeyId: b.KeyId })).Aliases as Record<string, unknown>[];
    expect(forB.map((x) => x.AliasName)).toEqual(['alias/two']);
    expect(forB[0]!.LastUpdatedDate).toEqual(env.clock.now());
    expect(((await env.run('DescribeKey', { KeyId: 'alias/two' })).KeyMetadata as { KeyId: string }).KeyId).toBe(b.KeyId);
    expect(await env.run('DeleteAlias', { AliasName: 'alias/two' })).toEqual({});
    expect(((await env.run('ListAliases', { KeyId: b.Arn })).Aliases as unknown[]).length).toBe(0);
    await expectKmsError(env.run('DeleteAlias', { AliasName: 'alias/two' }), 'NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/two is not found.');
    await expectKmsError(env.run('UpdateAlias', { AliasName: 'alias/two', TargetKeyId: a.KeyId }), 'NotFoundException');
  });

  it('keeps AWS alias rules', async () => {
    const env = makeEnv();
    const a = await env.newKey();
    await env.run('CreateAlias', { AliasName: 'alias/taken', TargetKeyId: a.KeyId });
    await expectKmsError(env.run('CreateAlias', { AliasName: 'noprefix', TargetKeyId: a.KeyId }), 'ValidationException', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html');
    await expectKmsError(env.run('CreateAlias', { AliasName: 'alias/aws/mine', TargetKeyId: a.KeyId }), 'NotAuthorizedException');
    await expectKmsError(env.run('CreateAlias', { AliasName: 'alias/has space', TargetKeyId: a.KeyId }), 'ValidationException', /regular expression pattern/);
    await expectKmsError(env.run('CreateAlias', { AliasName: 'alias/taken', TargetKeyId: a.KeyId }), 'AlreadyExistsException', 'An alias with the name arn:aws:kms:us-east-1:111122223333:alias/taken already exists');
    await expectKmsError(env.run('CreateAlias', { AliasName: 'alias/x', TargetKeyId: 'alias/taken' }), 'ValidationException', 'Aliases must refer to keys. Not aliases');
    await expectKmsError(env.run('CreateAlias', { AliasName: 'alias/x', TargetKeyId: '11111111-2222-4333-8444-555555555555' }), 'NotFoundException');
    const west = env.inRegion('eu-west-1');
    await expectKmsError(env.runIn(west, 'CreateAlias', { AliasName: 'alias/x', TargetKeyId: a.Arn }), 'NotFoundException', 'Invalid arn us-east-1');
    await env.run('ScheduleKeyDeletion', { KeyId: a.KeyId });
    await expectKmsError(env.run('CreateAlias', { AliasName: 'alias/x', TargetKeyId: a.KeyId }), 'KMSInvalidStateException');
    // aliases belong to a region
    const w = (await env.runIn(west, 'CreateKey', {})).KeyMetadata as { KeyId: string };
    await env.runIn(west, 'CreateAlias', { AliasName: 'alias/taken', TargetKeyId: w.KeyId });
  });

  it('pages ListAliases (the predefined alias/aws/* entries among them, in name order)', async () => {
    const env = makeEnv();
    const a = await env.newKey();
    for (const n of ['a', 'b', 'c']) await env.run('CreateAlias', { AliasName: `alias/${n}`, TargetKeyId: a.KeyId });
    const p1 = await env.run('ListAliases', { Limit: 2 });
    expect((p1.Aliases as { AliasName: string }[]).map((x) => x.AliasName)).toEqual(['alias/a', 'alias/aws/acm']);
    expect(p1.Truncated).toBe(true);
    const p2 = await env.run('ListAliases', { Limit: 100, Marker: p1.NextMarker });
    const predefined = PREDEFINED_ALIAS_SERVICES.map((s) => `alias/aws/${s}`).sort();
    expect((p2.Aliases as { AliasName: string }[]).map((x) => x.AliasName)).toEqual([...predefined.slice(1), 'alias/b', 'alias/c']);
    expect(p2).not.toHaveProperty('NextMarker');
    await expectKmsError(env.run('ListAliases', { Marker: 'bad marker' }), 'InvalidMarkerException');
  });
});

describe('tags', () => {
  it('tags at creation, tags, untags and lists (recorded shapes)', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey({ Tags: [{ TagKey: 'tag2', TagValue: 'value2' }, { TagKey: 'tag1', TagValue: 'value1' }] });
    expect(await env.run('ListResourceTags', { KeyId })).toEqual({
      Tags: [{ TagKey: 'tag1', TagValue: 'value1' }, { TagKey: 'tag2', TagValue: 'value2' }], Truncated: false,
    });
    expect(await env.run('TagResource', { KeyId, Tags: [{ TagKey: 'tag1', TagValue: 'new' }, { TagKey: 'tag3', TagValue: '' }] })).toEqual({});
    expect((await env.run('ListResourceTags', { KeyId })).Tags).toEqual([
      { TagKey: 'tag1', TagValue: 'new' }, { TagKey: 'tag2', TagValue: 'value2' }, { TagKey: 'tag3', TagValue: '' },
    ]);
    expect(await env.run('UntagResource', { KeyId, TagKeys: ['tag1', 'tag2', 'tag3', 'absent'] })).toEqual({});
    expect(await env.run('ListResourceTags', { KeyId })).toEqual({ Tags: [], Truncated: false });
  });

  it('keeps AWS tag rules and messages', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    const many = Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }));
    await expectKmsError(env.run('CreateKey', { Tags: many }), 'TagException', 'Too many tags');
    await env.run('TagResource', { KeyId, Tags: many.slice(0, 50) });
    await expectKmsError(env.run('TagResource', { KeyId, Tags: [{ TagKey: 'one-more', TagValue: 'v' }] }), 'TagException', 'Too many tags');
    await env.run('TagResource', { KeyId, Tags: [{ TagKey: 'k0', TagValue: 'replaced' }] });
    await expectKmsError(env.run('TagResource', { KeyId, Tags: [{ TagKey: 'd', TagValue: '1' }, { TagKey: 'd', TagValue: '2' }] }), 'TagException', 'Duplicate tag keys');
    for (const k of ['aws:x', 'AWS:x']) {
      await expectKmsError(env.run('CreateKey', { Tags: [{ TagKey: k, TagValue: 'v' }] }), 'TagException', 'Tags beginning with aws: are reserved');
    }
    await expectKmsError(env.run('UntagResource', { KeyId, TagKeys: ['aws:x'] }), 'TagException', 'Tags beginning with aws: are reserved');
    const longKey = 'a'.repeat(129);
    await expectKmsError(env.run('CreateKey', { Tags: [{ TagKey: longKey, TagValue: 'v' }] }), 'ValidationException', `1 validation error detected: Value '${longKey}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`);
    const longValue = 'v'.repeat(257);
    await expectKmsError(env.run('TagResource', { KeyId, Tags: [{ TagKey: 'ok', TagValue: longValue }] }), 'ValidationException', `1 validation error detected: Value '${longValue}' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`);
    // the limits themselves are accepted
    await env.newKey({ Tags: [{ TagKey: 'k'.repeat(128), TagValue: 'v'.repeat(256) }] });
  });

  it('pages ListResourceTags and refuses tag changes while pending deletion', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey({ Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: '2' }, { TagKey: 'c', TagValue: '3' }] });
    const p1 = await env.run('ListResourceTags', { KeyId, Limit: 2 });
    expect(p1.Truncated).toBe(true);
    const p2 = await env.run('ListResourceTags', { KeyId, Limit: 2, Marker: p1.NextMarker });
    expect(p2).toEqual({ Tags: [{ TagKey: 'c', TagValue: '3' }], Truncated: false });
    await env.run('ScheduleKeyDeletion', { KeyId });
    await expectKmsError(env.run('TagResource', { KeyId, Tags: [{ TagKey: 'd', TagValue: '4' }] }), 'KMSInvalidStateException');
    await expectKmsError(env.run('UntagResource', { KeyId, TagKeys: ['a'] }), 'KMSInvalidStateException');
    expect(((await env.run('ListResourceTags', { KeyId })).Tags as unknown[]).length).toBe(3);
  });
});
