// Fuzzing what `kms serve` reads off the wire (src/server/protocol.ts, src/protocol/query.ts,
// src/api/wire.ts, src/protocol/sigv4.ts) and every service behind it: any request, signed or not,
// is answered in its protocol with the service's own error shape and a 4xx, never a fault, a
// thrown error or an "internal error" in the log. A catch-all for the engines' input checks.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { KmsError } from '../../src/errors.js';
import { runOperation } from '../../src/engine/index.js';
import { MemoryStore } from '../../src/keyring/memory-store.js';
import { service as ce } from '../../src/services/ce/index.js';
import { trailRecorder } from '../../src/services/cloudtrail/recorder.js';
import { signRequest } from '../../src/protocol/sigv4.js';
import { handleRequest, type ServerConfig, type WireRequest } from '../../src/server/protocol.js';
import { makeEnv } from '../engine/helpers.js';
import { errorOf, fuzz, hostileKey, hostileString, mutatedJson, mutatedText, outcomeAsync } from './support.js';

const A = '111122223333';
const logs: string[] = [];
const clock = { now: () => new Date('2026-03-01T12:00:00Z') };
const STORE = new MemoryStore();
const TRAIL = trailRecorder({ retentionDays: 90 });
const cfg = (credentials?: ServerConfig['credentials']): ServerConfig => ({
  store: STORE,
  account: A,
  defaultRegion: 'us-east-1',
  clock,
  random: (n) => new Uint8Array(randomBytes(n)),
  credentials,
  log: (line) => logs.push(line),
  // the trail records every call, so Cost Explorer and CloudTrail answer over real usage
  trail: TRAIL,
});
const TARGETS: Record<string, string> = { kms: 'TrentService', cloudtrail: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101', ce: 'AWSInsightsIndexService' };

async function json(service: string, op: string, body: unknown): Promise<Record<string, any>> {
  const r = await handleRequest(cfg(), { method: 'POST', url: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${TARGETS[service]}.${op}` }, body: Buffer.from(JSON.stringify(body)) });
  expect(r.status, r.body).toBe(200);
  return JSON.parse(r.body) as Record<string, any>;
}

/** Requests that succeed as written (filled in by beforeAll), by service and operation. */
let JSON_SEEDS: [string, string, Record<string, unknown>][] = [];
let QUERY_SEEDS: [string, string, [string, string][]][] = [];

beforeAll(async () => {
  const key = (await json('kms', 'CreateKey', { Description: 'fuzz' })).KeyMetadata.KeyId as string;
  const hmac = (await json('kms', 'CreateKey', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata.KeyId as string;
  const ecc = (await json('kms', 'CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).KeyMetadata.KeyId as string;
  await json('kms', 'CreateAlias', { AliasName: 'alias/fuzz', TargetKeyId: key });
  const blob = (await json('kms', 'Encrypt', { KeyId: key, Plaintext: 'aGk=', EncryptionContext: { a: 'b' } })).CiphertextBlob as string;
  const signature = (await json('kms', 'Sign', { KeyId: ecc, Message: 'aGk=', SigningAlgorithm: 'ECDSA_SHA_256' })).Signature as string;
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }] });
  const identity = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] });
  JSON_SEEDS = [
    ['kms', 'Encrypt', { KeyId: key, Plaintext: 'aGk=', EncryptionContext: { a: 'b' }, GrantTokens: ['t'] }],
    ['kms', 'Decrypt', { CiphertextBlob: blob, EncryptionContext: { a: 'b' } }],
    ['kms', 'ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: 'alias/fuzz', SourceEncryptionContext: { a: 'b' } }],
    ['kms', 'GenerateDataKey', { KeyId: key, KeySpec: 'AES_256', EncryptionContext: { a: 'b' } }],
    ['kms', 'CreateGrant', { KeyId: key, GranteePrincipal: `arn:aws:iam::${A}:root`, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { a: 'b' } } }],
    ['kms', 'ListGrants', { KeyId: key, Limit: 10 }],
    ['kms', 'ListKeys', { Limit: 5 }],
    ['kms', 'ListAliases', { KeyId: key }],
    ['kms', 'CreateAlias', { AliasName: 'alias/fuzz2', TargetKeyId: key }],
    ['kms', 'TagResource', { KeyId: key, Tags: [{ TagKey: 'a', TagValue: 'b' }] }],
    ['kms', 'DescribeKey', { KeyId: 'alias/fuzz' }],
    ['kms', 'PutKeyPolicy', { KeyId: key, Policy: policy, PolicyName: 'default' }],
    ['kms', 'GenerateMac', { KeyId: hmac, Message: 'aGk=', MacAlgorithm: 'HMAC_SHA_256' }],
    ['kms', 'Verify', { KeyId: ecc, Message: 'aGk=', Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }],
    ['kms', 'EnableKeyRotation', { KeyId: key, RotationPeriodInDays: 90 }],
    ['kms', 'CreateKey', { Description: 'x', KeySpec: 'SYMMETRIC_DEFAULT', Tags: [{ TagKey: 'a', TagValue: 'b' }], Policy: policy }],
    ['kms', 'ListResourceTags', { KeyId: key }],
    ['kms', 'GetKeyPolicy', { KeyId: key }],
    ['cloudtrail', 'LookupEvents', { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Encrypt' }], StartTime: 1_700_000_000, EndTime: 1_800_000_000, MaxResults: 5 }],
    ['ce', 'GetCostAndUsage', { TimePeriod: { Start: '2026-01-01', End: '2026-04-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'DIMENSION', Key: 'USAGE_TYPE' }], Filter: { Dimensions: { Key: 'SERVICE', Values: ['AWS Key Management Service'] } } }],
  ];
  const template = 'Resources:\n  K: {Type: AWS::KMS::Key}\n';
  QUERY_SEEDS = [
    ['iam', 'CreateUser', [['UserName', 'u1'], ['Tags.member.1.Key', 'a'], ['Tags.member.1.Value', 'b']]],
    ['iam', 'PutUserPolicy', [['UserName', 'u1'], ['PolicyName', 'p'], ['PolicyDocument', identity]]],
    ['iam', 'ListUsers', [['MaxItems', '5'], ['PathPrefix', '/']]],
    ['iam', 'CreateRole', [['RoleName', 'r1'], ['AssumeRolePolicyDocument', trust], ['MaxSessionDuration', '3600']]],
    ['iam', 'SimulatePrincipalPolicy', [['PolicySourceArn', `arn:aws:iam::${A}:user/u1`], ['ActionNames.member.1', 'kms:Encrypt'], ['ResourceArns.member.1', '*'], ['ContextEntries.member.1.ContextKeyName', 'aws:SourceIp'], ['ContextEntries.member.1.ContextKeyValues.member.1', '10.0.0.1'], ['ContextEntries.member.1.ContextKeyType', 'ip']]],
    ['sts', 'AssumeRole', [['RoleArn', `arn:aws:iam::${A}:role/r1`], ['RoleSessionName', 's'], ['DurationSeconds', '900']]],
    ['sts', 'GetCallerIdentity', []],
    ['cloudformation', 'ValidateTemplate', [['TemplateBody', template]]],
    ['cloudformation', 'GetTemplateSummary', [['TemplateBody', template]]],
    ['cloudformation', 'CreateStack', [['StackName', 's1'], ['TemplateBody', template], ['Parameters.member.1.ParameterKey', 'P'], ['Parameters.member.1.ParameterValue', 'v']]],
    ['cloudformation', 'DescribeStacks', [['StackName', 's1']]],
    ['cloudformation', 'ListStacks', [['StackStatusFilter.member.1', 'CREATE_COMPLETE']]],
  ];
  await query('iam', 'CreateUser', [['UserName', 'u1']]);
  await query('iam', 'CreateRole', [['RoleName', 'r1'], ['AssumeRolePolicyDocument', trust]]);
});

/** A form value from whatever an edit left: text as is, anything else as its JSON. */
const text = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
const VERSIONS: Record<string, string> = { iam: '2010-05-08', sts: '2011-06-15', cloudformation: '2010-05-15' };
/** Percent-encoding of the UTF-8 bytes (encodeURIComponent throws on a lone surrogate). */
const pct = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
const form = (pairs: [string, string][], raw = false) => pairs.map(([k, v]) => (raw ? `${k}=${v}` : `${pct(k)}=${pct(v)}`)).join('&');

async function query(service: string, op: string, pairs: [string, string][]): Promise<void> {
  const body = form([['Action', op], ['Version', VERSIONS[service]!], ...pairs]);
  const r = await handleRequest(cfg(), { method: 'POST', url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(body) });
  expect(r.status, r.body).toBe(200);
}

/** The answer is in the request's protocol and the service's error shape, and never a fault. */
function expectAnswered(r: Awaited<ReturnType<typeof handleRequest>>, protocol: 'json' | 'query'): string {
  expect(logs.filter((l) => l.startsWith('internal error')), r.body).toEqual([]);
  logs.length = 0;
  // a 5xx only for a fault the service's model has (IAM's PolicyEvaluation), never the catch-all
  expect(r.body).not.toMatch(/InternalFailure|KMSInternalException|InternalError|An internal error occurred/);
  if (r.status >= 500) expect(r.body, r.body).toMatch(/PolicyEvaluation/);
  if (protocol === 'json') {
    const body = JSON.parse(r.body) as Record<string, unknown>;
    if (r.status !== 200) {
      expect(typeof body.__type).toBe('string');
      expect(r.headers['x-amzn-ErrorType']).toMatch(/^[A-Za-z]+:/);
    }
  } else {
    expect(r.body.startsWith('<')).toBe(true);
    if (r.status !== 200) expect(r.body).toMatch(/<Code>[A-Za-z.]+<\/Code>/);
  }
  return r.status === 200 ? 'answered' : `${r.status}`;
}

const jsonTokens = fc.oneof(hostileString, fc.constantFrom('{', '}', '[', ']', ',', ':', '"', 'null', 'true', '1e999', '-1', '"aGk="', '"alias/fuzz"', '{"__proto__":{}}'));

describe('kms serve, AWS JSON', () => {
  it('any body and target for KMS, CloudTrail and Cost Explorer is answered in the service\'s error shape, never a fault', async () => {
    const input = fc.nat().chain((i) => {
      const [service, op, seed] = JSON_SEEDS[i % JSON_SEEDS.length]!;
      return fc.record({
        target: fc.oneof({ weight: 8, arbitrary: fc.constant(`${TARGETS[service]}.${op}`) }, { weight: 1, arbitrary: mutatedText(`${TARGETS[service]}.${op}`) }, { weight: 1, arbitrary: fc.constantFrom(...Object.values(TARGETS)).map((t) => `${t}.constructor`) }),
        body: fc.oneof(
          { weight: 6, arbitrary: mutatedJson(seed).map((v) => JSON.stringify(v) ?? 'null') },
          { weight: 2, arbitrary: mutatedText(JSON.stringify(seed), jsonTokens) },
          { weight: 1, arbitrary: fc.constant(JSON.stringify(seed)) },
          { weight: 1, arbitrary: fc.oneof(hostileString, fc.constantFrom('', ' ', '[]', 'null', '"x"', '1')) },
        ),
        type: fc.constantFrom('application/x-amz-json-1.1', 'application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json', 'text/plain; charset=utf-8'),
        method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT'),
      });
    });
    await fuzz('kms serve: AWS JSON requests', 600, input, async ({ target, body, type, method }) => {
      const req: WireRequest = { method, url: '/', headers: { 'content-type': type, 'x-amz-target': target }, body: Buffer.from(body) };
      return expectAnswered(await handleRequest(cfg(), req), 'json');
    });
  });
});

describe('kms serve, AWS JSON: regressions', () => {
  it('a null item in a list is refused before any handler sees it, not a fault (regression: 500 KMSInternalException)', async () => {
    const key = JSON_SEEDS[0]![2].KeyId as string;
    for (const [op, body, at] of [
      ['CreateKey', { Tags: [null] }, 'tags.1.member'],
      ['TagResource', { KeyId: key, Tags: [{ TagKey: 'a', TagValue: 'b' }, null] }, 'tags.2.member'],
      ['Encrypt', { KeyId: key, Plaintext: 'aGk=', GrantTokens: [null] }, 'grantTokens.1.member'],
      ['UntagResource', { KeyId: key, TagKeys: [null] }, 'tagKeys.1.member'],
    ] as const) {
      const r = await handleRequest(cfg(), { method: 'POST', url: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` }, body: Buffer.from(JSON.stringify(body)) });
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body).__type, at).toBe('SerializationException');
    }
  });

  it('an encryption context key "__proto__" is bound to the ciphertext like any other (regression: it was dropped)', async () => {
    const key = JSON_SEEDS[0]![2].KeyId as string;
    const ctx = JSON.parse('{"__proto__": "x", "a": "b"}') as Record<string, string>;
    const blob = (await json('kms', 'Encrypt', { KeyId: key, Plaintext: 'aGk=', EncryptionContext: ctx })).CiphertextBlob as string;
    expect((await json('kms', 'Decrypt', { CiphertextBlob: blob, EncryptionContext: ctx })).Plaintext).toBe('aGk=');
    const without = await handleRequest(cfg(), { method: 'POST', url: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Decrypt' }, body: Buffer.from(JSON.stringify({ CiphertextBlob: blob, EncryptionContext: { a: 'b' } })) });
    expect(JSON.parse(without.body).__type).toBe('InvalidCiphertextException');
  });
});

describe('kms serve, AWS Query', () => {
  it('any form for IAM, STS and CloudFormation is answered in the service\'s XML error shape, never a fault', async () => {
    const input = fc.nat().chain((i) => {
      const [service, op, pairs] = QUERY_SEEDS[i % QUERY_SEEDS.length]!;
      const all: [string, string][] = [['Action', op], ['Version', VERSIONS[service]!], ...pairs];
      return fc.record({
        pairs: fc.oneof(
          { weight: 5, arbitrary: mutatedJson(all).map((v) => (Array.isArray(v) ? v : [v]).map((p) => (Array.isArray(p) ? [text(p[0]), text(p[1])] : [text(p), ''])) as [string, string][]) },
          { weight: 2, arbitrary: fc.array(fc.tuple(fc.oneof(hostileKey, fc.constantFrom('Action', 'Version', 'UserName', 'Tags.member.1.Key', 'Tags.member.0.Key', 'Tags.member.99999999999.Key', 'PolicyDocument', 'member', '.', 'a..b')), hostileString), { maxLength: 6 }).map((extra) => [...all, ...extra]) },
        ),
        raw: fc.boolean(),
      });
    });
    await fuzz('kms serve: AWS Query requests', 400, input, async ({ pairs, raw }) => {
      const req: WireRequest = { method: 'POST', url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: Buffer.from(form(pairs, raw)) };
      return expectAnswered(await handleRequest(cfg(), req), 'query');
    });
  });
});

describe('kms serve, signatures', () => {
  it('any Authorization header, date and token is 4xx in the protocol asked for; a good signature gets through', async () => {
    const creds = [{ accessKeyId: 'AKIAFUZZ000000000001', secretAccessKey: 'fuzz-secret' }];
    const body = Buffer.from(JSON.stringify({ Limit: 1 }));
    const base = { host: 'localhost', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' };
    const signed = { ...base, ...signRequest({ method: 'POST', url: '/', headers: base, body }, creds[0]!, { region: 'us-east-1', service: 'kms', now: clock.now() }) } as Record<string, string>;
    const input = fc.record({
      authorization: fc.oneof(mutatedText(signed.authorization!, fc.constantFrom('/', ',', '=', ' ', 'Credential=', 'SignedHeaders=', 'Signature=', 'aws4_request', 'AWS4-HMAC-SHA256')), fc.constant(signed.authorization!), hostileString),
      date: fc.oneof(fc.constant(signed['x-amz-date']!), mutatedText(signed['x-amz-date']!, fc.constantFrom('0', '9', 'T', 'Z', '-'))),
      token: fc.option(hostileString, { nil: undefined }),
      query: fc.boolean(),
    });
    await fuzz('kms serve: signatures', 400, input, async ({ authorization, date, token, query: asQuery }) => {
      const headers: Record<string, string> = { ...signed, authorization, 'x-amz-date': date, ...(token === undefined ? {} : { 'x-amz-security-token': token }) };
      if (asQuery) headers['content-type'] = 'application/x-www-form-urlencoded';
      const r = await handleRequest(cfg(creds), { method: 'POST', url: '/', headers, body: asQuery ? Buffer.from('Action=ListUsers&Version=2010-05-08') : body });
      // the session token is not among the signed headers: with it, a good signature may pass or not
      const intact = authorization === signed.authorization && date === signed['x-amz-date'] && !asQuery;
      if (intact && token === undefined) expect(r.status).toBe(200);
      // an edit may leave what is signed as it was; what passes carries the signature and scope as made
      if (r.status === 200) {
        expect(date).toBe(signed['x-amz-date']);
        for (const part of signed.authorization!.match(/(Credential|Signature)=[^,\s]+/g)!) expect(authorization).toContain(part);
      }
      return expectAnswered(r, asQuery ? 'query' : 'json');
    });
  });
});

describe('Cost Explorer GroupBy and Filter keys', () => {
  it('a key named after an Object.prototype member is no dimension (regression: internal records leaked, or a TypeError)', async () => {
    const env = makeEnv('us-east-1', 'ce-keys', { trail: trailRecorder({ retentionDays: 90 }) });
    await env.run('Encrypt', { KeyId: (await env.newKey()).KeyId, Plaintext: new Uint8Array([1]) });
    const base = { TimePeriod: { Start: '2026-01-01', End: '2026-02-01' }, Granularity: 'MONTHLY', Metrics: ['UnblendedCost'] };
    for (const key of ['constructor', '__proto__', 'valueOf', 'toString']) {
      for (const req of [{ ...base, GroupBy: [{ Type: 'DIMENSION', Key: key }] }, { ...base, Filter: { Dimensions: { Key: key, Values: ['x'] } } }]) {
        const r = await outcomeAsync(() => runOperation(env.ctx, ce, 'GetCostAndUsage', req));
        const err = errorOf(r);
        expect(err).toBeInstanceOf(KmsError);
        expect(err.code).toBe('ValidationException');
      }
    }
  });
});
