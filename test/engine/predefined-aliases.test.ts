// ListAliases lists the predefined alias/aws/* names before their AWS managed key exists: AliasName
// and AliasArn only; once the key is made, the stored alias (target, dates) stands for it, once.
import { describe, expect, it } from 'vitest';
import { AWS_MANAGED_SERVICES, PREDEFINED_ALIAS_SERVICES } from '../../src/services/kms/keys/aws-managed.js';
import { inProcessCli } from '../support/in-process-cli.js';
import { bytes, makeEnv, type TestEnv } from './helpers.js';

/** The 14 names LocalStack (RESERVED_ALIASES) and moto (RESERVED_ALIASE_TARGET_KEY_IDS) list; AWS publishes none. */
const NAMES = [
  'alias/aws/acm', 'alias/aws/dynamodb', 'alias/aws/ebs', 'alias/aws/elasticfilesystem', 'alias/aws/es', 'alias/aws/glue', 'alias/aws/kinesisvideo',
  'alias/aws/lambda', 'alias/aws/rds', 'alias/aws/redshift', 'alias/aws/s3', 'alias/aws/secretsmanager', 'alias/aws/ssm', 'alias/aws/xray',
];

type Entry = { AliasName: string; AliasArn: string; TargetKeyId?: string; CreationDate?: Date; LastUpdatedDate?: Date };

const list = async (env: TestEnv, req: Record<string, unknown> = {}): Promise<Entry[]> => (await env.run('ListAliases', req)).Aliases as Entry[];

/** Every page at Limit `limit`, checking Truncated/NextMarker and the page size; the pages. */
async function walk(env: TestEnv, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let Marker: unknown;
  do {
    const p = await env.run('ListAliases', { Limit: limit, ...(Marker === undefined ? {} : { Marker }) });
    const names = (p.Aliases as Entry[]).map((a) => a.AliasName);
    expect(names.length).toBeLessThanOrEqual(limit);
    expect(p.Truncated).toBe(p.NextMarker !== undefined);
    pages.push(names);
    Marker = p.NextMarker;
  } while (Marker !== undefined);
  return pages;
}

/** Makes alias/aws/s3's AWS managed key by using it as S3 would (kms:ViaService s3). */
async function useS3Key(env: TestEnv): Promise<string> {
  const enc = await env.run('Encrypt', { KeyId: 'alias/aws/s3', Plaintext: bytes('hi') });
  return String(enc.KeyId).split('/')[1]!;
}

describe('predefined aliases in ListAliases', () => {
  it('a fresh region lists 14 entries with AliasName and AliasArn only, no TargetKeyId (AWS API reference: ListAliases) (names: LocalStack and moto; AWS publishes no list)', async () => {
    const env = makeEnv();
    expect(await env.run('ListAliases')).toEqual({
      Aliases: NAMES.map((n) => ({ AliasName: n, AliasArn: `arn:aws:kms:us-east-1:111122223333:${n}` })),
      Truncated: false,
    });
  });

  it('once alias/aws/s3 is used, its entry has the managed key as TargetKeyId and the alias dates, and is listed once (AWS API reference: ListAliases)', async () => {
    const env = makeEnv('us-east-1', 'seed', { authorization: { mode: 'enforce', viaService: 's3' } });
    const made = env.clock.now();
    const keyId = await useS3Key(env);
    env.clock.advance(60_000);
    expect(await useS3Key(env)).toBe(keyId);
    const all = await list(env);
    expect(all.map((a) => a.AliasName)).toEqual(NAMES);
    expect(all.filter((a) => a.AliasName === 'alias/aws/s3')).toEqual([
      { AliasName: 'alias/aws/s3', AliasArn: 'arn:aws:kms:us-east-1:111122223333:alias/aws/s3', TargetKeyId: keyId, CreationDate: made, LastUpdatedDate: made },
    ]);
    expect(all.filter((a) => a.TargetKeyId !== undefined)).toHaveLength(1);
    // the other region still has only the predefined name
    const west = (await env.runIn(env.inRegion('eu-west-1'), 'ListAliases')).Aliases as Entry[];
    expect(west.find((a) => a.AliasName === 'alias/aws/s3')).toEqual({ AliasName: 'alias/aws/s3', AliasArn: 'arn:aws:kms:eu-west-1:111122223333:alias/aws/s3' });
  });

  it('every predefined name is one whose AWS managed key kms makes on first use', () => {
    expect(PREDEFINED_ALIAS_SERVICES.map((s) => `alias/aws/${s}`)).toEqual(NAMES);
    for (const s of PREDEFINED_ALIAS_SERVICES) expect(Object.hasOwn(AWS_MANAGED_SERVICES, s), s).toBe(true);
  });

  it('an AWS managed key kms knows beyond the 14 (alias/aws/backup) is listed only once made, as a stored alias', async () => {
    const env = makeEnv();
    expect((await list(env)).map((a) => a.AliasName)).not.toContain('alias/aws/backup');
    const meta = (await env.run('DescribeKey', { KeyId: 'alias/aws/backup' })).KeyMetadata as { KeyId: string };
    const all = await list(env);
    expect(all.map((a) => a.AliasName)).toEqual([...NAMES.slice(0, 1), 'alias/aws/backup', ...NAMES.slice(1)]);
    expect(all[1]).toMatchObject({ AliasName: 'alias/aws/backup', TargetKeyId: meta.KeyId });
  });

  it('KeyId lists only the aliases of that key, never a predefined entry (AWS API reference: ListAliases: they have no TargetKeyId)', async () => {
    const env = makeEnv('us-east-1', 'seed', { authorization: { mode: 'enforce', viaService: 's3' } });
    const mine = await env.newKey();
    expect(await list(env, { KeyId: mine.KeyId })).toEqual([]);
    await env.run('CreateAlias', { AliasName: 'alias/mine', TargetKeyId: mine.KeyId });
    expect((await list(env, { KeyId: mine.Arn })).map((a) => a.AliasName)).toEqual(['alias/mine']);
    const s3 = await useS3Key(env);
    expect((await list(env, { KeyId: s3 })).map((a) => a.AliasName)).toEqual(['alias/aws/s3']);
  });

  it('customer aliases interleave with the predefined ones in name order, and every Limit from 1 up walks each entry once', async () => {
    const env = makeEnv('us-east-1', 'seed', { authorization: { mode: 'enforce', viaService: 's3' } });
    const k = await env.newKey();
    // byte order: 'Z' < 'a', '-' < '/' < 'z'
    for (const AliasName of ['alias/b', 'alias/awsz', 'alias/Zed', 'alias/aws-x', 'alias/a']) await env.run('CreateAlias', { AliasName, TargetKeyId: k.KeyId });
    await useS3Key(env);
    const expected = ['alias/Zed', 'alias/a', 'alias/aws-x', ...NAMES, 'alias/awsz', 'alias/b'];
    expect((await list(env)).map((a) => a.AliasName)).toEqual(expected);
    for (let limit = 1; limit <= expected.length + 1; limit++) {
      const pages = await walk(env, limit);
      expect(pages.flat(), `Limit ${limit}`).toEqual(expected);
      expect(pages.length, `Limit ${limit}`).toBe(Math.max(1, Math.ceil(expected.length / limit)));
    }
  });

  it('the alias ARN names the partition of the region (aws-cn)', async () => {
    const env = makeEnv('cn-north-1');
    const all = await list(env);
    expect(all).toHaveLength(14);
    expect(all[0]).toEqual({ AliasName: 'alias/aws/acm', AliasArn: 'arn:aws-cn:kms:cn-north-1:111122223333:alias/aws/acm' });
  });
});

describe('kms list-aliases', () => {
  it('pages on its own (--page-size 1 and 4) and prints every entry once', async () => {
    const cli = inProcessCli('eu-west-1');
    try {
      await cli.init();
      const { KeyMetadata } = await cli.ok('create-key');
      await cli.ok('create-alias', '--alias-name', 'alias/a', '--target-key-id', KeyMetadata.KeyId);
      await cli.ok('create-alias', '--alias-name', 'alias/z', '--target-key-id', KeyMetadata.KeyId);
      const expected = ['alias/a', ...NAMES, 'alias/z'];
      for (const size of ['1', '4']) {
        const out = await cli.ok('list-aliases', '--page-size', size);
        expect((out.Aliases as Entry[]).map((a) => a.AliasName)).toEqual(expected);
        expect(out).not.toHaveProperty('NextMarker');
      }
    } finally {
      cli.cleanup();
    }
  });
});
