// The audit trail through the engine: one CloudTrail-shaped record per call of every service
// (successes, failures, denials, validation failures; never a call whose credentials do not
// authenticate), the record's shape against the AWS developer guide's examples (research note
// audit-pricing.md §B3, E1–E8), a sweep of every secret a realistic flow handles, KMS's own service
// events (RotateKey, DeleteKey, DeleteExpiredKeyMaterial), LookupEvents (attributes, time range,
// paging, errors, retention) and the trail's fail-closed rule.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunContext, TrailWriter } from '../../src/engine/context.js';
import { runOperation } from '../../src/engine/index.js';
import type { Service } from '../../src/engine/service.js';
import { KmsError } from '../../src/errors.js';
import { service as cfn } from '../../src/services/cloudformation/index.js';
import { service as cloudtrail } from '../../src/services/cloudtrail/index.js';
import { trailRecorder, type CloudTrailEvent, type TrailRecord } from '../../src/services/cloudtrail/recorder.js';
import { service as iam } from '../../src/services/iam/index.js';
import { service as kmsSvc } from '../../src/services/kms/index.js';
import { setHsmBackend } from '../../src/services/kms/custom-key-stores/hsm-backend.js';
import { trailDate } from '../../src/services/kms/trail.js';
import { service as sts } from '../../src/services/sts/index.js';
import { FakeHsm, TRUST_ANCHOR } from '../engine/custom-key-stores-fake.js';
import { DAY, expectKmsError, makeEnv, type TestEnv } from '../engine/helpers.js';
import { wrapForImport } from '../engine/import-helpers.js';
import { allow, doc } from '../support/policies.js';
import { iamUser } from './cloudformation/support.js';

const ACCOUNT = '111122223333';
const SYD = 'ap-southeast-2';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ROOT_IDENTITY = { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT };
const TRUST = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' });

type Req = Record<string, unknown>;
type Res = Record<string, unknown>;
type LookupEvent = {
  EventId: string;
  EventName: string;
  ReadOnly: string;
  AccessKeyId?: string;
  EventTime: Date;
  EventSource: string;
  Username?: string;
  Resources: Array<{ ResourceType: string; ResourceName: string }>;
  CloudTrailEvent: string;
};

/** An engine with the audit trail, in Sydney unless told; the clock at whole seconds. */
function trailEnv(region = SYD, retentionDays = 90, seed = 'trail'): TestEnv {
  return makeEnv(region, seed, { trail: trailRecorder({ retentionDays }) });
}

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Every stored record of the account (all regions, or one), in name (time) order. */
async function stored(env: TestEnv, region?: string): Promise<Array<{ name: string; value: TrailRecord }>> {
  return env.records<TrailRecord>(region === undefined ? `trail/${ACCOUNT}/` : `trail/${ACCOUNT}/${region}/`);
}

async function eventsOf(env: TestEnv, region?: string): Promise<CloudTrailEvent[]> {
  return (await stored(env, region)).map((r) => r.value.event);
}

/** What `fn` adds to the trail (any region): the new records, in name order. */
async function added(env: TestEnv, fn: () => Promise<unknown>): Promise<TrailRecord[]> {
  const before = new Set((await stored(env)).map((r) => r.name));
  await fn().catch(() => undefined);
  return (await stored(env)).filter((r) => !before.has(r.name)).map((r) => r.value);
}

/** Runs `fn` and returns the error it throws (it must throw). */
async function failure(p: Promise<unknown>): Promise<KmsError> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(KmsError);
  return caught as KmsError;
}

/** A service call, one second after the previous one (so the trail's order is the calls' order). */
function caller(env: TestEnv) {
  return async (service: Service, op: string, req: Req = {}, ctx: RunContext = env.ctx): Promise<Res> => {
    env.clock.advance(1000);
    return runOperation(ctx, service, op, req);
  };
}

async function lookup(env: TestEnv, req: Req = {}, ctx: RunContext = env.ctx): Promise<{ Events: LookupEvent[]; NextToken?: string }> {
  return (await runOperation(ctx, cloudtrail, 'LookupEvents', req)) as { Events: LookupEvent[]; NextToken?: string };
}

/** Every page of a lookup (MaxResults as given), the events in order. */
async function lookupAll(env: TestEnv, req: Req = {}): Promise<{ events: LookupEvent[]; pages: number[] }> {
  const events: LookupEvent[] = [];
  const pages: number[] = [];
  let token: string | undefined;
  do {
    const page = await lookup(env, { ...req, ...(token !== undefined ? { NextToken: token } : {}) });
    events.push(...page.Events);
    pages.push(page.Events.length);
    token = page.NextToken;
  } while (token !== undefined);
  return { events, pages };
}

/** The fields every API call record has, as AWS writes them (§B1). */
function expectApiCall(e: CloudTrailEvent, o: { name: string; source?: string; region?: string; readOnly: boolean; time?: number }): void {
  expect(e.eventVersion).toBe('1.11');
  expect(e.eventSource).toBe(o.source ?? 'kms.amazonaws.com');
  expect(e.eventName).toBe(o.name);
  expect(e.awsRegion).toBe(o.region ?? SYD);
  expect(e.eventType).toBe('AwsApiCall');
  expect(e.managementEvent).toBe(true);
  expect(e.recipientAccountId).toBe(ACCOUNT);
  expect(e.eventCategory).toBe('Management');
  expect(e.readOnly).toBe(o.readOnly);
  expect(e.requestID).toMatch(UUID);
  expect(e.eventID).toMatch(UUID);
  expect(e.requestID).not.toBe(e.eventID);
  expect(e.eventTime).toMatch(ISO_SECONDS);
  if (o.time !== undefined) expect(e.eventTime).toBe(iso(o.time));
  expect(typeof e.sourceIPAddress).toBe('string');
  expect(typeof e.userAgent).toBe('string');
}

/** The one record of a call (it must add exactly one). */
async function recordOf(env: TestEnv, fn: () => Promise<unknown>): Promise<TrailRecord> {
  const recs = await added(env, fn);
  expect(recs.map((r) => r.event.eventName)).toHaveLength(1);
  return recs[0]!;
}

/** KMS's service (the caller() helper takes a Service). */
const kmsService = (): Service => kmsSvc;

const keyResource = (arn: string) => [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: arn }];

describe('one record per call', () => {
  it('a success: one record, no errorCode, the caller and the key', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    const r = await recordOf(env, () => env.run('Encrypt', { KeyId: key.KeyId, Plaintext: new Uint8Array(randomBytes(16)) }));
    expectApiCall(r.event, { name: 'Encrypt', readOnly: true, time: env.clock.t });
    expect(r.event).not.toHaveProperty('errorCode');
    expect(r.event).not.toHaveProperty('errorMessage');
    expect(r.event.userIdentity).toEqual(ROOT_IDENTITY);
    expect(r.event.resources).toEqual(keyResource(key.Arn as string));
    // the CreateKey before it: one record too
    const all = await eventsOf(env, SYD);
    expect(all.map((e) => e.eventName)).toEqual(['CreateKey', 'Encrypt']);
  });

  it('a failure: InvalidCiphertextException for garbage, errorCode and errorMessage set, responseElements null', async () => {
    const env = trailEnv();
    await env.newKey();
    let err: KmsError | undefined;
    const r = await recordOf(env, async () => {
      err = await failure(env.run('Decrypt', { CiphertextBlob: new Uint8Array(randomBytes(64)) }));
    });
    expect(err!.code).toBe('InvalidCiphertextException');
    expectApiCall(r.event, { name: 'Decrypt', readOnly: true });
    expect(r.event.errorCode).toBe('InvalidCiphertextException');
    expect(r.event).toHaveProperty('errorMessage');
    expect(r.event.errorMessage).toBe(err!.message);
    expect(r.event.responseElements).toBeNull();
    // E2: encryptionAlgorithm logged even when not given; never the ciphertext
    expect(r.event.requestParameters).toEqual({ encryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
  });

  it('a failure on a named key: IncorrectKeyException (E2), the resolved key in resources', async () => {
    const env = trailEnv();
    const a = await env.newKey();
    const b = await env.newKey();
    const { CiphertextBlob } = await env.run('Encrypt', { KeyId: a.KeyId, Plaintext: new Uint8Array(randomBytes(16)), EncryptionContext: { Department: 'Engineering', Project: 'Alpha' } });
    let err: KmsError | undefined;
    const r = await recordOf(env, async () => {
      err = await failure(env.run('Decrypt', { KeyId: b.Arn, CiphertextBlob, EncryptionContext: { Department: 'Engineering', Project: 'Alpha' } }));
    });
    expect(err!.code).toBe('IncorrectKeyException');
    expect(r.event).toMatchObject({
      errorCode: 'IncorrectKeyException',
      errorMessage: err!.message,
      requestParameters: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT', keyId: b.Arn, encryptionContext: { Department: 'Engineering', Project: 'Alpha' } },
      responseElements: null,
      readOnly: true,
      resources: keyResource(b.Arn as string),
    });
  });

  it('a denial: AccessDenied with the AccessDenied text, the IAM user as userIdentity', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    const bob = await iamUser(env, 'bob');
    let err: KmsError | undefined;
    const r = await recordOf(env, async () => {
      err = await failure(env.runIn(bob, 'Encrypt', { KeyId: key.KeyId, Plaintext: new Uint8Array(randomBytes(16)) }));
    });
    expect(err!.code).toBe('AccessDeniedException');
    expect(err!.message).toMatch(/^User: arn:aws:iam::111122223333:user\/bob is not authorized to perform: kms:Encrypt on resource: arn:aws:kms:/);
    expectApiCall(r.event, { name: 'Encrypt', readOnly: true });
    expect(r.event.errorCode).toBe('AccessDenied');
    expect(r.event.errorMessage).toBe(err!.message);
    expect(r.event.responseElements).toBeNull();
    expect(r.event.userIdentity).toEqual({
      type: 'IAMUser',
      principalId: expect.stringMatching(/^AIDA[A-Z0-9]{16,}$/),
      arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
      accountId: ACCOUNT,
      accessKeyId: bob.caller!.accessKeyId,
      userName: 'bob',
    });
    expect(r.username).toBe('bob');
    expect(r.event.resources).toEqual(keyResource(key.Arn as string));
  });

  it('a denial of another service: CloudTrail LookupEvents without cloudtrail:LookupEvents', async () => {
    const env = trailEnv();
    const eve = await iamUser(env, 'eve');
    let err: KmsError | undefined;
    const r = await recordOf(env, async () => {
      err = await failure(lookup(env, {}, eve));
    });
    expect(err!.code).toMatch(/^AccessDenied/);
    expectApiCall(r.event, { name: 'LookupEvents', source: 'cloudtrail.amazonaws.com', readOnly: true });
    expect(r.event.errorCode).toBe('AccessDenied');
    expect(r.event.errorMessage).toBe(err!.message);
    expect(r.event.userIdentity).toMatchObject({ type: 'IAMUser', userName: 'eve', accessKeyId: eve.caller!.accessKeyId });
  });

  it('validation failures are recorded, with their code and message', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    for (const [op, req] of [
      ['Encrypt', { KeyId: key.KeyId }],
      ['GenerateRandom', { NumberOfBytes: 0 }],
      ['ScheduleKeyDeletion', { KeyId: key.KeyId, PendingWindowInDays: 3 }],
    ] as const) {
      let err: KmsError | undefined;
      const r = await recordOf(env, async () => {
        err = await failure(env.run(op, req));
      });
      expect(err!.code).toBe('ValidationException');
      expectApiCall(r.event, { name: op, readOnly: op !== 'ScheduleKeyDeletion' });
      expect(r.event.errorCode).toBe('ValidationException');
      expect(r.event.errorMessage).toBe(err!.message);
      expect(r.event.responseElements).toBeNull();
    }
    // a failed state change changes nothing: the key is still enabled
    expect(((await env.run('DescribeKey', { KeyId: key.KeyId })).KeyMetadata as Res).KeyState).toBe('Enabled');
  });

  it('nothing for a call whose credentials do not authenticate (a keyring-issued key with a wrong secret, a session with a wrong token)', async () => {
    const env = trailEnv();
    await runOperation(env.ctx, iam, 'CreateUser', { UserName: 'mallory' });
    await runOperation(env.ctx, iam, 'PutUserPolicy', { UserName: 'mallory', PolicyName: 'all', PolicyDocument: doc(allow(['kms:*', 'sts:AssumeRole'])) });
    const key = (await runOperation(env.ctx, iam, 'CreateAccessKey', { UserName: 'mallory' })).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    const wrong: RunContext = { ...env.ctx, caller: { accessKeyId: key.AccessKeyId, secretAccessKey: 'x'.repeat(40) } };
    const before = (await stored(env)).length;
    await expectKmsError(env.runIn(wrong, 'ListKeys', {}), 'InvalidSignatureException');
    await expectKmsError(env.runIn(wrong, 'CreateKey', {}), 'InvalidSignatureException');
    await expect(runOperation(wrong, iam, 'ListUsers', {})).rejects.toThrow();
    expect((await stored(env)).length).toBe(before);
    // the right secret authenticates: recorded
    const right: RunContext = { ...env.ctx, caller: { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey } };
    const r = await recordOf(env, () => env.runIn(right, 'ListKeys', {}));
    expect(r.event.userIdentity).toMatchObject({ type: 'IAMUser', userName: 'mallory', accessKeyId: key.AccessKeyId });
    // a session used with the wrong token or secret
    const role = (await runOperation(env.ctx, iam, 'CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST })).Role as { Arn: string };
    const creds = (await runOperation(right, sts, 'AssumeRole', { RoleArn: role.Arn, RoleSessionName: 'ss' })).Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const n = (await stored(env)).length;
    await expectKmsError(env.runIn({ ...env.ctx, caller: { accessKeyId: creds.AccessKeyId, sessionToken: 'not-the-token' } }, 'ListKeys', {}), 'UnrecognizedClientException');
    await expectKmsError(env.runIn({ ...env.ctx, caller: { accessKeyId: creds.AccessKeyId, sessionToken: creds.SessionToken, secretAccessKey: 'y'.repeat(40) } }, 'ListKeys', {}), 'InvalidSignatureException');
    expect((await stored(env)).length).toBe(n);
  });
});

describe('the record, field by field (examples E1–E8 of research §B3)', () => {
  it('E1 Encrypt through an alias: keyId as given, the resolved key ARN in resources, keyMaterialId, AWS field order', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    await env.run('CreateAlias', { AliasName: 'alias/app', TargetKeyId: key.KeyId });
    const r = await recordOf(env, () => env.run('Encrypt', { KeyId: 'alias/app', Plaintext: new Uint8Array(randomBytes(16)), EncryptionContext: { Department: 'Engineering' } }));
    const e = r.event;
    expectApiCall(e, { name: 'Encrypt', readOnly: true, time: env.clock.t });
    expect(e.requestParameters).toEqual({ encryptionContext: { Department: 'Engineering' }, keyId: 'alias/app', encryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(e.responseElements).toBeNull();
    expect(e.additionalEventData).toEqual({ keyMaterialId: key.CurrentKeyMaterialId });
    expect(e.additionalEventData!.keyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(e.resources).toEqual(keyResource(key.Arn as string));
    expect(e.userIdentity).toEqual(ROOT_IDENTITY);
    // E1's order of fields (tlsDetails only over HTTPS)
    expect(Object.keys(e)).toEqual([
      'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
      'requestParameters', 'responseElements', 'additionalEventData', 'requestID', 'eventID', 'readOnly', 'resources',
      'eventType', 'managementEvent', 'recipientAccountId', 'eventCategory',
    ]);
  });

  it('Decrypt without a KeyId (the usual call): the key the ciphertext names is the resource, as in AWS\'s Decrypt examples', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    const { CiphertextBlob } = await env.run('Encrypt', { KeyId: key.KeyId, Plaintext: new Uint8Array(randomBytes(16)), EncryptionContext: { Department: 'Engineering' } });
    const r = await recordOf(env, () => env.run('Decrypt', { CiphertextBlob, EncryptionContext: { Department: 'Engineering' } }));
    expectApiCall(r.event, { name: 'Decrypt', readOnly: true });
    expect(r.event.requestParameters).toEqual({ encryptionContext: { Department: 'Engineering' }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(r.event.responseElements).toBeNull();
    expect(r.event.resources).toEqual(keyResource(key.Arn as string));
    // so LookupEvents finds it by the key
    env.clock.advance(1000);
    const byKey = await lookup(env, { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: key.Arn as string }] });
    expect(byKey.Events.map((e) => e.EventName)).toContain('Decrypt');
  });

  it('ReEncrypt without a SourceKeyId: both keys are resources', async () => {
    const env = trailEnv();
    const a = await env.newKey();
    const b = await env.newKey();
    const { CiphertextBlob } = await env.run('Encrypt', { KeyId: a.KeyId, Plaintext: new Uint8Array(randomBytes(16)) });
    const r = await recordOf(env, () => env.run('ReEncrypt', { CiphertextBlob, DestinationKeyId: b.KeyId }));
    expect(r.event.requestParameters).toMatchObject({ destinationKeyId: b.KeyId, sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', destinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(r.event.resources).toEqual(expect.arrayContaining([...keyResource(a.Arn as string), ...keyResource(b.Arn as string)]));
    expect(r.event.resources).toHaveLength(2);
  });

  it('E1 by alias ARN: the resources still hold the key ARN', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    await env.run('CreateAlias', { AliasName: 'alias/arn-form', TargetKeyId: key.KeyId });
    const aliasArn = `arn:aws:kms:${SYD}:${ACCOUNT}:alias/arn-form`;
    const r = await recordOf(env, () => env.run('Encrypt', { KeyId: aliasArn, Plaintext: new Uint8Array(randomBytes(16)) }));
    expect(r.event.requestParameters).toEqual({ keyId: aliasArn, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(r.event.resources).toEqual(keyResource(key.Arn as string));
  });

  it('E3 GenerateDataKey', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    const r = await recordOf(env, () => env.run('GenerateDataKey', { KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: { Department: 'Engineering', Project: 'Alpha' } }));
    expectApiCall(r.event, { name: 'GenerateDataKey', readOnly: true, time: env.clock.t });
    expect(r.event.requestParameters).toEqual({ keyId: key.KeyId, keySpec: 'AES_256', encryptionContext: { Department: 'Engineering', Project: 'Alpha' } });
    expect(r.event.responseElements).toBeNull();
    expect(r.event.additionalEventData).toEqual({ keyMaterialId: key.CurrentKeyMaterialId });
    expect(r.event.resources).toEqual(keyResource(key.Arn as string));
  });

  it('E4 CreateKey (origin EXTERNAL): the defaults KMS fills in, keyMetadata with Java-style dates', async () => {
    const env = trailEnv();
    let out: Res = {};
    const r = await recordOf(env, async () => {
      out = await env.run('CreateKey', { Origin: 'EXTERNAL' });
    });
    const meta = out.KeyMetadata as Res;
    const e = r.event;
    expectApiCall(e, { name: 'CreateKey', readOnly: false, time: env.clock.t });
    expect(e.requestParameters).toEqual({
      description: '', origin: 'EXTERNAL', bypassPolicyLockoutSafetyCheck: false,
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT', keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT',
    });
    expect(e.responseElements).toEqual({
      keyMetadata: expect.objectContaining({
        AWSAccountId: ACCOUNT,
        keyId: meta.KeyId,
        arn: meta.Arn,
        creationDate: trailDate(new Date(env.clock.t)),
        enabled: false,
        description: '',
        keyUsage: 'ENCRYPT_DECRYPT',
        keyState: 'PendingImport',
        origin: 'EXTERNAL',
        keyManager: 'CUSTOMER',
        customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        keySpec: 'SYMMETRIC_DEFAULT',
        encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
        multiRegion: false,
      }),
    });
    expect((e.responseElements!.keyMetadata as Res).creationDate).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M$/);
    expect(e.resources).toEqual(keyResource(meta.Arn as string));
    expect(e).not.toHaveProperty('additionalEventData');
    expect(r.usage?.key).toEqual({ keyId: meta.KeyId, region: SYD, kind: 'created' });
  });

  it('E5 ScheduleKeyDeletion: {keyId: ARN, keyState, deletionDate}', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    let out: Res = {};
    const r = await recordOf(env, async () => {
      out = await env.run('ScheduleKeyDeletion', { PendingWindowInDays: 20, KeyId: key.KeyId });
    });
    expectApiCall(r.event, { name: 'ScheduleKeyDeletion', readOnly: false, time: env.clock.t });
    expect(r.event.requestParameters).toEqual({ pendingWindowInDays: 20, keyId: key.KeyId });
    expect(r.event.responseElements).toEqual({ keyId: key.Arn, keyState: 'PendingDeletion', deletionDate: trailDate(out.DeletionDate as Date) });
    expect((out.DeletionDate as Date).getTime()).toBe(env.clock.t + 20 * DAY);
    expect(r.event.resources).toEqual(keyResource(key.Arn as string));
  });

  it('E6 CreateGrant: constraints and operations as given, {grantId, keyId: ARN}, never the grant token', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    const grantee = `arn:aws:iam::${ACCOUNT}:role/grantee`;
    let out: Res = {};
    const r = await recordOf(env, async () => {
      out = await env.run('CreateGrant', { KeyId: key.Arn, Constraints: { EncryptionContextSubset: { ContextKey1: 'Value1' } }, Operations: ['Encrypt', 'RetireGrant'], GranteePrincipal: grantee });
    });
    expectApiCall(r.event, { name: 'CreateGrant', readOnly: false, time: env.clock.t });
    expect(r.event.requestParameters).toEqual({ keyId: key.Arn, constraints: { encryptionContextSubset: { ContextKey1: 'Value1' } }, operations: ['Encrypt', 'RetireGrant'], granteePrincipal: grantee });
    expect(r.event.responseElements).toEqual({ grantId: out.GrantId, keyId: key.Arn });
    expect(JSON.stringify(r)).not.toContain(out.GrantToken as string);
    expect(r.event.resources).toEqual(keyResource(key.Arn as string));
  });

  it('E7 Sign with an RSA key: messageType, keyId, signingAlgorithm only; responseElements null', async () => {
    const env = trailEnv();
    const key = await env.newKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const r = await recordOf(env, () => env.run('Sign', { KeyId: key.KeyId, Message: new Uint8Array(randomBytes(32)), SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }));
    expectApiCall(r.event, { name: 'Sign', readOnly: true, time: env.clock.t });
    expect(r.event.requestParameters).toEqual({ messageType: 'RAW', keyId: key.KeyId, signingAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' });
    expect(r.event.responseElements).toBeNull();
    expect(r.event.resources).toEqual(keyResource(key.Arn as string));
    expect(r.usage?.request).toEqual({ keySpec: 'RSA_2048' });
  });

  it('IAM: iam.amazonaws.com, stored under us-east-1 whatever the Region, never the secret access key', async () => {
    const env = trailEnv(SYD);
    const call = caller(env);
    await call(iam, 'CreateUser', { UserName: 'alice' });
    const t = env.clock.t;
    const key = (await call(iam, 'CreateAccessKey', { UserName: 'alice' })).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    expect(await eventsOf(env, SYD)).toEqual([]);
    const events = await eventsOf(env, 'us-east-1');
    expect(events.map((e) => e.eventName)).toEqual(['CreateUser', 'CreateAccessKey']);
    expectApiCall(events[0]!, { name: 'CreateUser', source: 'iam.amazonaws.com', region: 'us-east-1', readOnly: false, time: t });
    expect(events[0]!.requestParameters).toEqual({ userName: 'alice' });
    expect(events[0]!.responseElements).toMatchObject({ user: { userName: 'alice', arn: `arn:aws:iam::${ACCOUNT}:user/alice` } });
    const created = events[1]!;
    expectApiCall(created, { name: 'CreateAccessKey', source: 'iam.amazonaws.com', region: 'us-east-1', readOnly: false, time: t + 1000 });
    expect(created.requestParameters).toEqual({ userName: 'alice' });
    expect(created.responseElements).toMatchObject({ accessKey: { userName: 'alice', accessKeyId: key.AccessKeyId, status: 'Active' } });
    expect(created.responseElements!.accessKey).not.toHaveProperty('secretAccessKey');
    expect(JSON.stringify(created)).not.toContain(key.SecretAccessKey);
    // LookupEvents in us-east-1 shows them; in Sydney, not
    expect((await lookup(env, { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'iam.amazonaws.com' }] }, env.inRegion('us-east-1'))).Events.map((e) => e.EventName)).toEqual(['CreateAccessKey', 'CreateUser']);
    expect((await lookup(env, { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'iam.amazonaws.com' }] })).Events).toEqual([]);
  });

  it('STS AssumeRole: the credentials without their secret (the session token, as AWS logs it); the session as AssumedRole', async () => {
    const env = trailEnv();
    const call = caller(env);
    const role = (await call(iam, 'CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: TRUST })).Role as { Arn: string; RoleId: string };
    await call(iam, 'PutRolePolicy', { RoleName: 'app', PolicyName: 'kms', PolicyDocument: doc(allow('kms:*')) });
    const builder = await iamUser(env, 'builder', doc(allow('sts:AssumeRole')));
    let out: Res = {};
    const r = await recordOf(env, async () => {
      out = await call(sts, 'AssumeRole', { RoleArn: role.Arn, RoleSessionName: 'build-7' }, builder);
    });
    const creds = out.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date };
    expectApiCall(r.event, { name: 'AssumeRole', source: 'sts.amazonaws.com', readOnly: r.event.readOnly, time: env.clock.t });
    expect(typeof r.event.readOnly).toBe('boolean');
    expect(r.event.userIdentity).toMatchObject({ type: 'IAMUser', userName: 'builder', accessKeyId: builder.caller!.accessKeyId });
    expect(r.event.requestParameters).toEqual({ roleArn: role.Arn, roleSessionName: 'build-7' });
    const logged = r.event.responseElements as { credentials: Res; assumedRoleUser: Res };
    // AWS's AssumeRole events log accessKeyId, sessionToken and expiration; never the secret
    expect(Object.keys(logged.credentials).sort()).toEqual(['accessKeyId', 'expiration', 'sessionToken']);
    expect(logged.credentials.accessKeyId).toBe(creds.AccessKeyId);
    expect(logged.credentials.sessionToken).toBe(creds.SessionToken);
    expect(logged.assumedRoleUser).toEqual({ assumedRoleId: `${role.RoleId}:build-7`, arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/build-7` });
    expect(JSON.stringify(r)).not.toContain(creds.SecretAccessKey);
    // the session's own calls: AssumedRole, with the session issuer
    const session: RunContext = { ...env.ctx, caller: { accessKeyId: creds.AccessKeyId, sessionToken: creds.SessionToken, secretAccessKey: creds.SecretAccessKey } };
    const k = await recordOf(env, () => call(kmsService(), 'CreateKey', {}, session));
    expect(k.event.userIdentity).toMatchObject({
      type: 'AssumedRole',
      principalId: `${role.RoleId}:build-7`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/build-7`,
      accountId: ACCOUNT,
      accessKeyId: creds.AccessKeyId,
      sessionContext: { sessionIssuer: { type: 'Role', principalId: role.RoleId, arn: role.Arn, accountId: ACCOUNT, userName: 'app' }, attributes: { mfaAuthenticated: 'false' } },
    });
    expect(k.username).toBe('build-7');
    expect(JSON.stringify(k)).not.toContain(creds.SecretAccessKey);
  });

  it('CloudFormation CreateStack, and the KMS calls the stack makes on the caller\'s behalf (invokedBy, sourceIPAddress)', async () => {
    const env = trailEnv();
    const deployer = await iamUser(env, 'deployer', doc(allow(['cloudformation:*', 'kms:*'])));
    const body = [
      'Resources:',
      '  Key:',
      '    Type: AWS::KMS::Key',
      '    Properties:',
      '      EnableKeyRotation: true',
      '  Alias:',
      '    Type: AWS::KMS::Alias',
      '    Properties:',
      '      AliasName: alias/stacked',
      '      TargetKeyId: !Ref Key',
      '',
    ].join('\n');
    env.clock.advance(1000);
    let out: Res = {};
    const recs = await added(env, async () => {
      out = await runOperation(deployer, cfn, 'CreateStack', { StackName: 'app', TemplateBody: body });
    });
    const stackCall = recs.filter((r) => r.event.eventSource === 'cloudformation.amazonaws.com');
    expect(stackCall.map((r) => r.event.eventName)).toEqual(['CreateStack']);
    const s = stackCall[0]!.event;
    expectApiCall(s, { name: 'CreateStack', source: 'cloudformation.amazonaws.com', readOnly: false, time: env.clock.t });
    expect(s.userIdentity).toMatchObject({ type: 'IAMUser', userName: 'deployer', accessKeyId: deployer.caller!.accessKeyId });
    expect(s.userIdentity).not.toHaveProperty('invokedBy');
    expect(s.sourceIPAddress).not.toBe('cloudformation.amazonaws.com');
    expect(s.requestParameters).toMatchObject({ stackName: 'app', templateBody: body });
    expect(s.responseElements).toEqual({ stackId: out.StackId });
    const kmsCalls = recs.filter((r) => r.event.eventSource === 'kms.amazonaws.com');
    const done = kmsCalls.filter((r) => r.event.errorCode === undefined);
    expect(done.map((r) => r.event.eventName).sort()).toEqual(['CreateAlias', 'CreateKey', 'EnableKeyRotation']);
    const keyArn = (done.find((r) => r.event.eventName === 'CreateKey')!.event.responseElements!.keyMetadata as Res).arn as string;
    // every call the stack made (its probes too: the alias provider's DescribeKey of an alias not there yet)
    for (const r of kmsCalls) {
      expectApiCall(r.event, { name: r.event.eventName, readOnly: r.event.readOnly });
      expect(r.event.userIdentity).toMatchObject({
        type: 'IAMUser', userName: 'deployer', arn: `arn:aws:iam::${ACCOUNT}:user/deployer`, accessKeyId: deployer.caller!.accessKeyId,
        invokedBy: 'cloudformation.amazonaws.com',
      });
      expect(r.event.sourceIPAddress).toBe('cloudformation.amazonaws.com');
      expect(r.username).toBe('deployer');
    }
    for (const r of done) expect(r.event.resources).toEqual(keyResource(keyArn));
    expect(done.find((r) => r.event.eventName === 'CreateAlias')!.event.requestParameters).toEqual({ aliasName: 'alias/stacked', targetKeyId: keyArn.split('/').pop() });
    // the caller's own KMS calls afterwards carry no invokedBy
    const own = await recordOf(env, () => env.runIn(deployer, 'DescribeKey', { KeyId: 'alias/stacked' }));
    expect(own.event.userIdentity).not.toHaveProperty('invokedBy');
    expect(own.event.sourceIPAddress).toBe('127.0.0.1');
    expect(own.event.resources).toEqual(keyResource(keyArn));
  });
});


describe('no secret reaches the trail', () => {
  afterEach(() => setHsmBackend(undefined));

  /** Every encoding a secret could take in a JSON record. */
  function encodings(secret: Uint8Array | string): string[] {
    const buf = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    const out = new Set<string>([
      buf.toString('base64'),
      buf.toString('base64').replace(/=+$/, ''),
      buf.toString('base64url'),
      buf.toString('hex'),
      buf.toString('hex').toUpperCase(),
      Array.from(buf).join(','),
    ]);
    if (typeof secret === 'string') out.add(secret);
    else {
      out.add(buf.toString('latin1'));
      out.add(JSON.stringify(buf.toString('latin1')).slice(1, -1));
    }
    // a slice of a long secret, at each base64 alignment (catches a secret embedded in a longer blob)
    if (buf.length >= 48) {
      for (const off of [0, 1, 2, 16]) {
        const part = buf.subarray(off, off + 24);
        out.add(part.toString('hex'));
        out.add(part.toString('base64').slice(0, 28));
      }
    }
    return [...out].filter((s) => s.length >= 12);
  }

  /** No Uint8Array, Buffer or other binary anywhere in a stored record. */
  function binaries(v: unknown, path = '$'): string[] {
    if (v instanceof Uint8Array || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return [path];
    if (Array.isArray(v)) return v.flatMap((x, i) => binaries(x, `${path}[${i}]`));
    if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => binaries(x, `${path}.${k}`));
    return [];
  }

  it('a realistic flow over every kind of key: no plaintext, ciphertext, data key, signature, MAC, private key, random bytes, import token, wrapped material, secret access key or password in any record, in any encoding', async () => {
    const env = trailEnv(SYD, 90, 'sweep');
    const call = caller(env);
    const kms = kmsService();
    const secrets: Array<[string, Uint8Array | string]> = [];
    const keep = (what: string, v: unknown): void => {
      expect(v === undefined || v === null, `${what} is missing`).toBe(false);
      secrets.push([what, v as Uint8Array | string]);
    };
    const rnd = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

    // the passphrases the engine is given: a CloudHSM key store's password (new, and a refused one), an
    // external key store's proxy secret (the keyring's own passphrase never reaches the engine)
    const hsm = new FakeHsm();
    const pin = `pin-${randomBytes(9).toString('hex')}`;
    hsm.addToken('cluster-234abcdefgh', pin);
    setHsmBackend(hsm);
    keep('CloudHSM key store password', pin);
    const storeId = (await call(kms, 'CreateCustomKeyStore', { CustomKeyStoreName: 'hsm', CloudHsmClusterId: 'cluster-234abcdefgh', TrustAnchorCertificate: TRUST_ANCHOR, KeyStorePassword: pin })).CustomKeyStoreId as string;
    const newPin = `new-${randomBytes(9).toString('hex')}`;
    keep('new CloudHSM key store password', newPin);
    await call(kms, 'UpdateCustomKeyStore', { CustomKeyStoreId: storeId, KeyStorePassword: newPin }).catch(() => undefined);
    const tooLong = `toolong-${randomBytes(16).toString('hex')}`;
    keep('a refused (too long) key store password', tooLong);
    await expect(call(kms, 'CreateCustomKeyStore', { CustomKeyStoreName: 'hsm2', CloudHsmClusterId: 'cluster-234abcdefgj', TrustAnchorCertificate: TRUST_ANCHOR, KeyStorePassword: tooLong })).rejects.toThrow();
    const xksSecret = randomBytes(32).toString('base64').replace(/[^A-Za-z0-9]/g, 'A').slice(0, 43);
    keep('XKS proxy secret', xksSecret);
    await call(kms, 'CreateCustomKeyStore', {
      CustomKeyStoreName: 'xks', CustomKeyStoreType: 'EXTERNAL_KEY_STORE', XksProxyUriEndpoint: 'https://xks.example.com', XksProxyUriPath: '/kms/xks/v1',
      XksProxyAuthenticationCredential: { AccessKeyId: 'ABCDEFGHIJKLMNOPQRSTUV', RawSecretAccessKey: xksSecret }, XksProxyConnectivity: 'PUBLIC_ENDPOINT',
    });

    // symmetric
    const sym = (await call(kms, 'CreateKey', {})).KeyMetadata as Res;
    const sym2 = (await call(kms, 'CreateKey', {})).KeyMetadata as Res;
    await call(kms, 'CreateAlias', { AliasName: 'alias/sweep', TargetKeyId: sym.KeyId });
    const pt = rnd(48);
    keep('Encrypt plaintext', pt);
    const enc = await call(kms, 'Encrypt', { KeyId: 'alias/sweep', Plaintext: pt, EncryptionContext: { purpose: 'sweep' } });
    keep('Encrypt ciphertext', enc.CiphertextBlob);
    const dec = await call(kms, 'Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { purpose: 'sweep' } });
    expect(Buffer.from(dec.Plaintext as Uint8Array)).toEqual(Buffer.from(pt));
    const re = await call(kms, 'ReEncrypt', { CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: { purpose: 'sweep' }, DestinationKeyId: sym2.KeyId });
    keep('ReEncrypt ciphertext', re.CiphertextBlob);
    const gdk = await call(kms, 'GenerateDataKey', { KeyId: sym.KeyId, KeySpec: 'AES_256' });
    keep('data key', gdk.Plaintext);
    keep('data key ciphertext', gdk.CiphertextBlob);
    const gdk64 = await call(kms, 'GenerateDataKey', { KeyId: sym.KeyId, NumberOfBytes: 64 });
    keep('64-byte data key', gdk64.Plaintext);
    const gdkw = await call(kms, 'GenerateDataKeyWithoutPlaintext', { KeyId: sym.KeyId, KeySpec: 'AES_128' });
    keep('data key ciphertext (without plaintext)', gdkw.CiphertextBlob);
    for (const KeyPairSpec of ['RSA_2048', 'ECC_NIST_P256']) {
      const pair = await call(kms, 'GenerateDataKeyPair', { KeyId: sym.KeyId, KeyPairSpec });
      keep(`${KeyPairSpec} private key`, pair.PrivateKeyPlaintext);
      keep(`${KeyPairSpec} private key ciphertext`, pair.PrivateKeyCiphertextBlob);
      const pairW = await call(kms, 'GenerateDataKeyPairWithoutPlaintext', { KeyId: sym.KeyId, KeyPairSpec });
      keep(`${KeyPairSpec} private key ciphertext (without plaintext)`, pairW.PrivateKeyCiphertextBlob);
    }
    // a failure holding secrets: the ciphertext under the wrong key, a plaintext too long
    await expect(call(kms, 'Decrypt', { KeyId: sym2.KeyId, CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { purpose: 'sweep' } })).rejects.toThrow();
    const big = rnd(4097);
    keep('oversized plaintext', big);
    await expect(call(kms, 'Encrypt', { KeyId: sym.KeyId, Plaintext: big })).rejects.toThrow();

    // RSA: encryption and signing
    const rsaEnc = (await call(kms, 'CreateKey', { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })).KeyMetadata as Res;
    const rsaPt = rnd(32);
    keep('RSA plaintext', rsaPt);
    const rsaCt = await call(kms, 'Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: rsaPt, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    keep('RSA ciphertext', rsaCt.CiphertextBlob);
    await call(kms, 'Decrypt', { KeyId: rsaEnc.KeyId, CiphertextBlob: rsaCt.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    await call(kms, 'GetPublicKey', { KeyId: rsaEnc.KeyId });
    const signers: Array<[string, string, string]> = [['RSA_3072', 'RSASSA_PSS_SHA_384', 'RAW'], ['ECC_NIST_P256', 'ECDSA_SHA_256', 'DIGEST'], ['ML_DSA_65', 'ML_DSA_SHAKE_256', 'RAW']];
    for (const [KeySpec, SigningAlgorithm, MessageType] of signers) {
      const k = (await call(kms, 'CreateKey', { KeySpec, KeyUsage: 'SIGN_VERIFY' })).KeyMetadata as Res;
      const Message = MessageType === 'DIGEST' ? new Uint8Array(createHash('sha256').update(randomBytes(32)).digest()) : rnd(40);
      keep(`${KeySpec} message`, Message);
      const sig = await call(kms, 'Sign', { KeyId: k.KeyId, Message, MessageType, SigningAlgorithm });
      keep(`${KeySpec} signature`, sig.Signature);
      expect((await call(kms, 'Verify', { KeyId: k.KeyId, Message, MessageType, SigningAlgorithm, Signature: sig.Signature })).SignatureValid).toBe(true);
      const forged = new Uint8Array(sig.Signature as Uint8Array);
      forged[forged.length - 1] ^= 1;
      keep(`${KeySpec} forged signature`, forged);
      await expect(call(kms, 'Verify', { KeyId: k.KeyId, Message, MessageType, SigningAlgorithm, Signature: forged })).rejects.toThrow();
      await call(kms, 'GetPublicKey', { KeyId: k.KeyId });
    }

    // HMAC
    const mac = (await call(kms, 'CreateKey', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' })).KeyMetadata as Res;
    const macMsg = rnd(40);
    keep('MAC message', macMsg);
    const m = await call(kms, 'GenerateMac', { KeyId: mac.KeyId, Message: macMsg, MacAlgorithm: 'HMAC_SHA_256' });
    keep('MAC', m.Mac);
    expect((await call(kms, 'VerifyMac', { KeyId: mac.KeyId, Message: macMsg, MacAlgorithm: 'HMAC_SHA_256', Mac: m.Mac })).MacValid).toBe(true);
    const wrongMac = rnd(32);
    keep('a wrong MAC', wrongMac);
    await expect(call(kms, 'VerifyMac', { KeyId: mac.KeyId, Message: macMsg, MacAlgorithm: 'HMAC_SHA_256', Mac: wrongMac })).rejects.toThrow();

    // key agreement
    const agree = (await call(kms, 'CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' })).KeyMetadata as Res;
    const peer = new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }));
    const shared = await call(kms, 'DeriveSharedSecret', { KeyId: agree.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer });
    keep('shared secret', shared.SharedSecret);

    // random bytes
    keep('random bytes', (await call(kms, 'GenerateRandom', { NumberOfBytes: 64 })).Plaintext);
    // a key in the CloudHSM store
    await call(kms, 'ConnectCustomKeyStore', { CustomKeyStoreId: storeId }).catch(() => undefined);

    // imported key material
    const ext = (await call(kms, 'CreateKey', { Origin: 'EXTERNAL' })).KeyMetadata as Res;
    const params = await call(kms, 'GetParametersForImport', { KeyId: ext.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    keep('import token', params.ImportToken);
    const material = rnd(32);
    keep('key material', material);
    const wrapped = await wrapForImport('RSAES_OAEP_SHA_256', params.PublicKey as Uint8Array, material);
    keep('wrapped key material', wrapped);
    await call(kms, 'ImportKeyMaterial', { KeyId: ext.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    await call(kms, 'Encrypt', { KeyId: ext.KeyId, Plaintext: rnd(16) }).then((r) => keep('ciphertext under imported material', r.CiphertextBlob));

    // the key policy GetKeyPolicy returns (the default: never sent in a request)
    const policy = (await call(kms, 'GetKeyPolicy', { KeyId: sym.KeyId, PolicyName: 'default' })).Policy as string;
    keep('policy returned by GetKeyPolicy', policy);

    // grants
    const grant = await call(kms, 'CreateGrant', { KeyId: sym.KeyId, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/grantee`, Operations: ['Decrypt'] });
    keep('grant token', grant.GrantToken);

    // IAM and STS
    await call(iam, 'CreateUser', { UserName: 'sweeper' });
    await call(iam, 'PutUserPolicy', { UserName: 'sweeper', PolicyName: 'p', PolicyDocument: doc(allow(['sts:AssumeRole', 'kms:*'])) });
    const ak = (await call(iam, 'CreateAccessKey', { UserName: 'sweeper' })).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    keep('IAM secret access key', ak.SecretAccessKey);
    const user: RunContext = { ...env.ctx, caller: { accessKeyId: ak.AccessKeyId, secretAccessKey: ak.SecretAccessKey } };
    const role = (await call(iam, 'CreateRole', { RoleName: 'sweep-role', AssumeRolePolicyDocument: TRUST })).Role as { Arn: string };
    await call(iam, 'PutRolePolicy', { RoleName: 'sweep-role', PolicyName: 'kms', PolicyDocument: doc(allow('kms:*')) });
    const assumed = (await call(sts, 'AssumeRole', { RoleArn: role.Arn, RoleSessionName: 'sweep' }, user)).Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    keep('session secret access key', assumed.SecretAccessKey);
    // Decision: AWS's AssumeRole events log credentials.sessionToken in responseElements (with the
    // access key id and expiration; never the secret), so the session token is not counted here.
    const session: RunContext = { ...env.ctx, caller: { accessKeyId: assumed.AccessKeyId, sessionToken: assumed.SessionToken, secretAccessKey: assumed.SecretAccessKey } };
    const sessionPt = rnd(32);
    keep('plaintext of a session', sessionPt);
    const sessionCt = await call(kms, 'Encrypt', { KeyId: sym.KeyId, Plaintext: sessionPt }, session);
    keep('ciphertext of a session', sessionCt.CiphertextBlob);
    await call(kms, 'GenerateDataKey', { KeyId: sym.KeyId, KeySpec: 'AES_256' }, user).then((r) => {
      keep('data key of a user', r.Plaintext);
      keep('data key ciphertext of a user', r.CiphertextBlob);
    });

    // every operation above is on the record
    const records = await stored(env);
    const names = new Set(records.map((r) => r.value.event.eventName));
    for (const op of [
      'CreateCustomKeyStore', 'CreateKey', 'CreateAlias', 'Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
      'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'Sign', 'Verify', 'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
      'GenerateRandom', 'GetPublicKey', 'GetParametersForImport', 'ImportKeyMaterial', 'GetKeyPolicy', 'CreateGrant',
      'CreateUser', 'CreateAccessKey', 'CreateRole', 'AssumeRole',
    ]) expect(names, op).toContain(op);
    expect(records.length).toBeGreaterThan(50);

    const leaks: string[] = [];
    for (const { name, value } of records) {
      for (const p of binaries(value)) leaks.push(`${name}: binary at ${p}`);
      const json = JSON.stringify(value);
      for (const [what, secret] of secrets) {
        for (const form of encodings(secret)) if (json.includes(form)) leaks.push(`${value.event.eventName} (${name}) holds the ${what} as ${JSON.stringify(form.slice(0, 24))}…`);
      }
    }
    expect(leaks).toEqual([]);
    // the scan finds what is there: the session token, which AWS does log (AssumeRole's responseElements)
    const everything = records.map((r) => JSON.stringify(r.value)).join('\n');
    expect(encodings(assumed.SessionToken).some((form) => everything.includes(form))).toBe(true);
    expect(everything).toContain(ak.AccessKeyId);
    // and what LookupEvents shows is the same record
    const shown = await lookupAll(env, { LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'kms.amazonaws.com' }] });
    const text = shown.events.map((e) => e.CloudTrailEvent).join('\n');
    for (const [what, secret] of secrets) for (const form of encodings(secret)) expect(text.includes(form), what).toBe(false);
  });
});

describe('KMS\'s own events', () => {
  /** The E8 shape of a service event. */
  function expectServiceEvent(e: CloudTrailEvent, name: string, keyArn: string, time: number, region = SYD): void {
    expect(e).toMatchObject({
      eventVersion: '1.11',
      userIdentity: { accountId: ACCOUNT, invokedBy: 'AWS Internal' },
      eventTime: iso(time),
      eventSource: 'kms.amazonaws.com',
      eventName: name,
      awsRegion: region,
      sourceIPAddress: 'AWS Internal',
      userAgent: 'AWS Internal',
      requestParameters: null,
      responseElements: null,
      readOnly: false,
      resources: keyResource(keyArn),
      eventType: 'AwsServiceEvent',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
      eventCategory: 'Management',
    });
    // KMS's own events carry no type, and no requestID
    expect(Object.keys(e.userIdentity).sort()).toEqual(['accountId', 'invokedBy']);
    expect(e).not.toHaveProperty('requestID');
    expect(e.eventID).toMatch(UUID);
    expect(e).not.toHaveProperty('errorCode');
  }

  it('automatic rotation: a RotateKey AwsServiceEvent at the due time, rotationType AUTOMATIC, once', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    await env.run('EnableKeyRotation', { KeyId: key.KeyId, RotationPeriodInDays: 90 });
    const due = ((await env.run('GetKeyRotationStatus', { KeyId: key.KeyId })).NextRotationDate as Date).getTime();
    expect(due).toBe(env.clock.t + 90 * DAY);
    env.clock.advance(91 * DAY + 3_600_000);
    await env.run('DescribeKey', { KeyId: key.KeyId });
    const rotations = (await eventsOf(env, SYD)).filter((e) => e.eventName === 'RotateKey');
    expect(rotations).toHaveLength(1);
    const e = rotations[0]!;
    expectServiceEvent(e, 'RotateKey', key.Arn as string, due);
    expect(e.serviceEventDetails).toMatchObject({ rotationType: 'AUTOMATIC', keyId: key.KeyId });
    const after = (await env.run('DescribeKey', { KeyId: key.KeyId })).KeyMetadata as Res;
    expect(e.serviceEventDetails).toMatchObject({ previousKeyMaterialId: key.CurrentKeyMaterialId, currentKeyMaterialId: after.CurrentKeyMaterialId });
    // the trail holds it in time order: before the DescribeKey that noticed it
    const order = (await eventsOf(env, SYD)).map((x) => x.eventName);
    expect(order.indexOf('RotateKey')).toBeLessThan(order.indexOf('DescribeKey'));
    // touching the key again does not rotate it again
    await env.run('DescribeKey', { KeyId: key.KeyId });
    expect((await eventsOf(env, SYD)).filter((x) => x.eventName === 'RotateKey')).toHaveLength(1);
    // LookupEvents shows it, with no user name or access key
    const shown = (await lookup(env, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'RotateKey' }] })).Events;
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({ EventName: 'RotateKey', ReadOnly: 'false', EventSource: 'kms.amazonaws.com', EventTime: new Date(due), Resources: [{ ResourceType: 'AWS::KMS::Key', ResourceName: key.Arn }] });
    expect(shown[0]).not.toHaveProperty('AccessKeyId');
    expect(JSON.parse(shown[0]!.CloudTrailEvent)).toEqual(e);
  });

  it('RotateKeyOnDemand: the API call and a RotateKey service event with rotationType ON_DEMAND', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    env.clock.advance(1000);
    const recs = await added(env, () => env.run('RotateKeyOnDemand', { KeyId: key.KeyId }));
    expect(recs.map((r) => r.event.eventName).sort()).toEqual(['RotateKey', 'RotateKeyOnDemand']);
    const api = recs.find((r) => r.event.eventName === 'RotateKeyOnDemand')!.event;
    expectApiCall(api, { name: 'RotateKeyOnDemand', readOnly: false, time: env.clock.t });
    expect(api.requestParameters).toEqual({ keyId: key.KeyId });
    expect(api.responseElements).toEqual({ keyId: key.Arn });
    const ev = recs.find((r) => r.event.eventName === 'RotateKey')!;
    expectServiceEvent(ev.event, 'RotateKey', key.Arn as string, env.clock.t);
    expect(ev.event.serviceEventDetails).toMatchObject({ rotationType: 'ON_DEMAND', keyId: key.KeyId });
    expect(ev.usage?.key).toEqual({ keyId: key.KeyId, region: SYD, kind: 'rotated' });
  });

  it('ScheduleKeyDeletion 7 days, 8 days later ListKeys: a DeleteKey service event at the deletion date', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    const deletion = ((await env.run('ScheduleKeyDeletion', { KeyId: key.KeyId, PendingWindowInDays: 7 })).DeletionDate as Date).getTime();
    env.clock.advance(8 * DAY);
    const recs = await added(env, () => env.run('ListKeys', {}));
    expect(recs.map((r) => r.event.eventName).sort()).toEqual(['DeleteKey', 'ListKeys']);
    const del = recs.find((r) => r.event.eventName === 'DeleteKey')!;
    expectServiceEvent(del.event, 'DeleteKey', key.Arn as string, deletion);
    expect(del.event.serviceEventDetails).toMatchObject({ keyId: key.KeyId });
    expect(del.usage?.key).toEqual({ keyId: key.KeyId, region: SYD, kind: 'deleted' });
    expect(((await env.run('ListKeys', {})).Keys as Res[]).map((k) => k.KeyId)).not.toContain(key.KeyId);
    // once only
    expect((await eventsOf(env, SYD)).filter((e) => e.eventName === 'DeleteKey')).toHaveLength(1);
  });

  it('imported material past its ValidTo: a DeleteExpiredKeyMaterial service event at ValidTo, the key PendingImport', async () => {
    const env = trailEnv();
    const key = await env.newKey({ Origin: 'EXTERNAL' });
    const params = await env.run('GetParametersForImport', { KeyId: key.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const wrapped = await wrapForImport('RSAES_OAEP_SHA_256', params.PublicKey as Uint8Array, new Uint8Array(randomBytes(32)));
    const validTo = env.clock.t + DAY;
    const imported = await env.run('ImportKeyMaterial', { KeyId: key.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(validTo) });
    // ImportKeyMaterial's record: validTo Java style, never the token or the material
    const imp = (await eventsOf(env, SYD)).find((e) => e.eventName === 'ImportKeyMaterial')!;
    expect(imp.requestParameters).toEqual({ keyId: key.KeyId, expirationModel: 'KEY_MATERIAL_EXPIRES', validTo: trailDate(new Date(validTo)) });
    expect(imp.responseElements).toMatchObject({ keyId: key.Arn });
    env.clock.advance(2 * DAY);
    const recs = await added(env, () => env.run('DescribeKey', { KeyId: key.KeyId }));
    expect(recs.map((r) => r.event.eventName).sort()).toEqual(['DeleteExpiredKeyMaterial', 'DescribeKey']);
    const ev = recs.find((r) => r.event.eventName === 'DeleteExpiredKeyMaterial')!.event;
    expectServiceEvent(ev, 'DeleteExpiredKeyMaterial', key.Arn as string, validTo);
    expect(ev.serviceEventDetails).toMatchObject({ keyId: key.KeyId });
    if (imported.KeyMaterialId !== undefined) expect(ev.serviceEventDetails).toMatchObject({ keyMaterialId: imported.KeyMaterialId });
    expect(((await env.run('DescribeKey', { KeyId: key.KeyId })).KeyMetadata as Res).KeyState).toBe('PendingImport');
    expect((await eventsOf(env, SYD)).filter((e) => e.eventName === 'DeleteExpiredKeyMaterial')).toHaveLength(1);
  });
});

describe('LookupEvents', () => {
  interface World {
    env: TestEnv;
    key: Res;
    other: Res;
    bob: RunContext;
    session: RunContext;
    sessionKeyId: string;
  }

  /** A trail of 130+ events in Sydney, one a second: root, an IAM user (bob), a role session (sess-1). */
  async function world(): Promise<World> {
    const env = trailEnv(SYD, 90, 'lookup');
    const call = caller(env);
    const kms = kmsService();
    const key = (await call(kms, 'CreateKey', { Description: 'main' })).KeyMetadata as Res;
    const other = (await call(kms, 'CreateKey', { Description: 'other' })).KeyMetadata as Res;
    await call(kms, 'CreateAlias', { AliasName: 'alias/main', TargetKeyId: key.KeyId });
    await call(iam, 'CreateUser', { UserName: 'bob' });
    await call(iam, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'p', PolicyDocument: doc(allow(['kms:*', 'sts:AssumeRole'])) });
    const ak = (await call(iam, 'CreateAccessKey', { UserName: 'bob' })).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
    const bob: RunContext = { ...env.ctx, caller: { accessKeyId: ak.AccessKeyId, secretAccessKey: ak.SecretAccessKey } };
    const role = (await call(iam, 'CreateRole', { RoleName: 'worker', AssumeRolePolicyDocument: TRUST })).Role as { Arn: string };
    await call(iam, 'PutRolePolicy', { RoleName: 'worker', PolicyName: 'kms', PolicyDocument: doc(allow('kms:*')) });
    const creds = (await call(sts, 'AssumeRole', { RoleArn: role.Arn, RoleSessionName: 'sess-1' }, bob)).Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
    const session: RunContext = { ...env.ctx, caller: { accessKeyId: creds.AccessKeyId, sessionToken: creds.SessionToken, secretAccessKey: creds.SecretAccessKey } };
    for (let i = 0; i < 60; i++) await call(kms, 'Encrypt', { KeyId: i % 2 ? 'alias/main' : key.Arn, Plaintext: new Uint8Array([i]) });
    for (let i = 0; i < 40; i++) await call(kms, 'GenerateRandom', { NumberOfBytes: 8 }, bob);
    for (let i = 0; i < 20; i++) await call(kms, 'DescribeKey', { KeyId: other.KeyId }, session);
    await call(kms, 'DisableKey', { KeyId: other.KeyId }, session);
    await call(kms, 'EnableKey', { KeyId: other.KeyId }, bob);
    await expect(call(kms, 'Decrypt', { CiphertextBlob: new Uint8Array(randomBytes(40)) }, bob)).rejects.toThrow();
    // the lookups' own records come after every event above
    env.clock.advance(60_000);
    return { env, key, other, bob, session, sessionKeyId: creds.AccessKeyId };
  }

  it('newest first; each event as the model shapes it (ReadOnly a string, CloudTrailEvent the stored record as JSON)', async () => {
    const { env } = await world();
    const storedRecs = (await stored(env, SYD)).map((r) => r.value);
    expect(storedRecs.length).toBeGreaterThan(120);
    const { events, pages } = await lookupAll(env);
    expect(pages[0]).toBe(50);
    expect(events.map((e) => e.EventId)).toEqual(storedRecs.map((r) => r.event.eventID).reverse());
    for (let i = 1; i < events.length; i++) expect(events[i - 1]!.EventTime.getTime()).toBeGreaterThan(events[i]!.EventTime.getTime());
    const byId = new Map(storedRecs.map((r) => [r.event.eventID, r]));
    for (const e of events) {
      const r = byId.get(e.EventId)!;
      expect(typeof e.ReadOnly).toBe('string');
      expect(e.ReadOnly).toBe(String(r.event.readOnly));
      expect(typeof e.CloudTrailEvent).toBe('string');
      expect(JSON.parse(e.CloudTrailEvent)).toEqual(r.event);
      expect(e.EventName).toBe(r.event.eventName);
      expect(e.EventSource).toBe(r.event.eventSource);
      expect(e.EventTime).toEqual(new Date(r.event.eventTime));
      expect(e.Resources).toEqual((r.event.resources ?? []).map((x) => ({ ResourceType: x.type, ResourceName: x.ARN })));
      if (typeof r.event.userIdentity.accessKeyId === 'string') expect(e.AccessKeyId).toBe(r.event.userIdentity.accessKeyId);
      else expect(e).not.toHaveProperty('AccessKeyId');
      if (r.username !== undefined) expect(e.Username).toBe(r.username);
    }
  });

  it('MaxResults defaults to 50; paging with NextToken through every event, no loss, no duplicate', async () => {
    const { env } = await world();
    const first = await lookup(env);
    expect(first.Events).toHaveLength(50);
    expect(first.NextToken).toEqual(expect.any(String));
    // (the lookup above is on the trail now, and shows in the next)
    env.clock.advance(1000);
    const all = (await stored(env, SYD)).map((r) => r.value.event.eventID).reverse();
    expect(all.length).toBeGreaterThan(120);
    const { events, pages } = await lookupAll(env);
    expect(pages.slice(0, -1).every((n) => n === 50)).toBe(true);
    const ids = events.map((e) => e.EventId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(all);
    // smaller pages, an attribute and a time range held through the pages
    const t0 = Date.parse((await eventsOf(env, SYD)).find((e) => e.eventName === 'GenerateRandom')!.eventTime);
    const req = { MaxResults: 7, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GenerateRandom' }], StartTime: new Date(t0 + 5000), EndTime: new Date(t0 + 34_000) };
    const paged = await lookupAll(env, req);
    expect(paged.pages).toEqual([7, 7, 7, 7, 2]);
    expect(paged.events.map((e) => e.EventTime.getTime())).toEqual(Array.from({ length: 30 }, (_, i) => t0 + 34_000 - i * 1000));
  });

  it('a NextToken with other parameters, or not a NextToken: InvalidNextTokenException', async () => {
    const { env } = await world();
    const page = await lookup(env, { MaxResults: 10, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Encrypt' }] });
    expect(page.NextToken).toBeDefined();
    await expectKmsError(lookup(env, { MaxResults: 10, NextToken: page.NextToken, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Decrypt' }] }), 'InvalidNextTokenException');
    await expectKmsError(lookup(env, { MaxResults: 10, NextToken: page.NextToken }), 'InvalidNextTokenException');
    await expectKmsError(lookup(env, { MaxResults: 10, NextToken: page.NextToken, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Encrypt' }], StartTime: new Date(0) }), 'InvalidNextTokenException');
    await expectKmsError(lookup(env, { NextToken: 'not-a-token' }), 'InvalidNextTokenException');
    // the same parameters continue
    const next = await lookup(env, { MaxResults: 10, NextToken: page.NextToken, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Encrypt' }] });
    expect(next.Events).toHaveLength(10);
    expect(next.Events.every((e) => e.EventName === 'Encrypt')).toBe(true);
    expect(new Set([...page.Events, ...next.Events].map((e) => e.EventId)).size).toBe(20);
  });

  it('each of the 8 lookup attributes', async () => {
    const { env, key, other, bob, session, sessionKeyId } = await world();
    const recs = (await stored(env, SYD)).map((r) => r.value);
    // each lookup adds its own (LookupEvents) record: the comparisons leave them out
    const by = async (AttributeKey: string, AttributeValue: string) =>
      (await lookupAll(env, { LookupAttributes: [{ AttributeKey, AttributeValue }] })).events.filter((e) => e.EventName !== 'LookupEvents');
    const ids = (list: TrailRecord[]) => list.map((r) => r.event.eventID).reverse();

    // EventId
    const one = recs[10]!.event;
    expect((await by('EventId', one.eventID)).map((e) => e.EventId)).toEqual([one.eventID]);
    // EventName
    const enc = await by('EventName', 'Encrypt');
    expect(enc).toHaveLength(60);
    expect(enc.map((e) => e.EventId)).toEqual(ids(recs.filter((r) => r.event.eventName === 'Encrypt')));
    // ReadOnly: "true" / "false"
    const ro = await by('ReadOnly', 'true');
    const rw = await by('ReadOnly', 'false');
    expect(ro.every((e) => e.ReadOnly === 'true')).toBe(true);
    expect(rw.every((e) => e.ReadOnly === 'false')).toBe(true);
    expect(ro.map((e) => e.EventId)).toEqual(ids(recs.filter((r) => r.event.readOnly)));
    expect(rw.map((e) => e.EventId)).toEqual(ids(recs.filter((r) => !r.event.readOnly)));
    expect(rw.map((e) => e.EventName)).toEqual(expect.arrayContaining(['CreateKey', 'CreateAlias', 'DisableKey', 'EnableKey']));
    expect(ro.map((e) => e.EventName)).toEqual(expect.arrayContaining(['Encrypt', 'GenerateRandom', 'DescribeKey', 'Decrypt']));
    // Username: the IAM user's name; for a role session the session's name
    const bobs = await by('Username', 'bob');
    expect(bobs.map((e) => e.EventName).sort()).toEqual([...Array(40).fill('GenerateRandom'), 'AssumeRole', 'Decrypt', 'EnableKey'].sort());
    expect(bobs.every((e) => e.Username === 'bob')).toBe(true);
    const sess = await by('Username', 'sess-1');
    expect(sess.map((e) => e.EventName)).toEqual(['DisableKey', ...Array(20).fill('DescribeKey')]);
    expect(sess.every((e) => e.Username === 'sess-1' && e.AccessKeyId === sessionKeyId)).toBe(true);
    expect(await by('Username', 'nobody')).toEqual([]);
    // ResourceType
    const typed = await by('ResourceType', 'AWS::KMS::Key');
    expect(typed.map((e) => e.EventId)).toEqual(ids(recs.filter((r) => (r.event.resources ?? []).length > 0)));
    expect(typed.length).toBe(2 + 1 + 60 + 20 + 2);
    // ResourceName: the key ARN, whether the call named the key by ARN or by alias
    const main = await by('ResourceName', key.Arn as string);
    expect(main.map((e) => e.EventName).sort()).toEqual(['CreateAlias', 'CreateKey', ...Array(60).fill('Encrypt')].sort());
    const oth = await by('ResourceName', other.Arn as string);
    expect(oth.map((e) => e.EventName).sort()).toEqual(['CreateKey', 'DisableKey', 'EnableKey', ...Array(20).fill('DescribeKey')].sort());
    expect(await by('ResourceName', 'alias/main')).toEqual([]);
    // EventSource
    expect((await by('EventSource', 'sts.amazonaws.com')).map((e) => e.EventName)).toEqual(['AssumeRole']);
    expect((await by('EventSource', 'kms.amazonaws.com')).length).toBe(recs.filter((r) => r.event.eventSource === 'kms.amazonaws.com').length);
    // AccessKeyId: a user's key, a session's key
    const bobKey = bob.caller!.accessKeyId!;
    expect((await by('AccessKeyId', bobKey)).map((e) => e.EventId)).toEqual(bobs.map((e) => e.EventId));
    expect((await by('AccessKeyId', session.caller!.accessKeyId!)).map((e) => e.EventId)).toEqual(sess.map((e) => e.EventId));
  });

  it('calls in the same millisecond come back newest first too (the order they were made)', async () => {
    const env = trailEnv();
    const key = await env.newKey();
    const made: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await recordOf(env, () => env.run('DescribeKey', { KeyId: key.KeyId }));
      made.push(r.event.eventID);
    }
    env.clock.advance(1000);
    const shown = (await lookup(env, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DescribeKey' }] })).Events.map((e) => e.EventId);
    expect(shown).toEqual([...made].reverse());
  });

  it('EventCategory insight: no events (kms records calls, not Insights)', async () => {
    const env = trailEnv();
    await env.newKey();
    expect((await lookup(env, { EventCategory: 'insight' })).Events).toEqual([]);
  });

  it('StartTime and EndTime are inclusive', async () => {
    const { env } = await world();
    const events = await eventsOf(env, SYD);
    const t = Date.parse(events[50]!.eventTime);
    const at = await lookup(env, { StartTime: new Date(t), EndTime: new Date(t) });
    expect(at.Events.map((e) => e.EventId)).toEqual([events[50]!.eventID]);
    const range = await lookup(env, { StartTime: new Date(t - 2000), EndTime: new Date(t + 2000) });
    expect(range.Events.map((e) => e.EventId)).toEqual([events[52]!, events[51]!, events[50]!, events[49]!, events[48]!].map((e) => e.eventID));
    const from = await lookupAll(env, { StartTime: new Date(t) });
    expect(from.events.at(-1)!.EventId).toBe(events[50]!.eventID);
    const to = await lookupAll(env, { EndTime: new Date(t) });
    expect(to.events[0]!.EventId).toBe(events[50]!.eventID);
    expect(to.events).toHaveLength(51);
  });

  it('refusals: two attributes, an unknown attribute, StartTime after EndTime, MaxResults 0 or 51', async () => {
    const { env } = await world();
    await expectKmsError(lookup(env, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Encrypt' }, { AttributeKey: 'ReadOnly', AttributeValue: 'true' }] }), 'InvalidLookupAttributesException');
    const unknown = await failure(lookup(env, { LookupAttributes: [{ AttributeKey: 'UserName', AttributeValue: 'bob' }] }));
    expect(['InvalidLookupAttributesException', 'ValidationException']).toContain(unknown.code);
    const now = env.clock.t;
    await expectKmsError(lookup(env, { StartTime: new Date(now), EndTime: new Date(now - 1000) }), 'InvalidTimeRangeException');
    for (const MaxResults of [0, 51]) {
      const e = await failure(lookup(env, { MaxResults }));
      expect(['InvalidMaxResultsException', 'ValidationException']).toContain(e.code);
    }
    // the refusals are on the record too
    const refused = (await eventsOf(env, SYD)).filter((e) => e.eventName === 'LookupEvents' && e.errorCode !== undefined);
    expect(refused.map((e) => e.errorCode)).toEqual(expect.arrayContaining(['InvalidLookupAttributesException', 'InvalidTimeRangeException']));
  });

  it('LookupEvents itself is recorded (cloudtrail.amazonaws.com, read-only)', async () => {
    const env = trailEnv();
    await env.newKey();
    env.clock.advance(1000);
    const r = await recordOf(env, () => lookup(env, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateKey' }] }));
    expectApiCall(r.event, { name: 'LookupEvents', source: 'cloudtrail.amazonaws.com', readOnly: true, time: env.clock.t });
    expect(r.event.requestParameters).toMatchObject({ lookupAttributes: [{ attributeKey: 'EventName', attributeValue: 'CreateKey' }] });
    expect(r.event.responseElements).toBeNull();
  });

  it('retention: records older than the retention go as new calls come', async () => {
    const env = trailEnv(SYD, 1);
    const call = caller(env);
    const kms = kmsService();
    const key = (await call(kms, 'CreateKey', {})).KeyMetadata as Res;
    for (let i = 0; i < 3; i++) await call(kms, 'DescribeKey', { KeyId: key.KeyId });
    const old = (await eventsOf(env, SYD)).map((e) => e.eventID);
    expect(old).toHaveLength(4);
    env.clock.advance(12 * 3_600_000);
    await call(kms, 'ListKeys', {});
    // 12 h on: all kept
    expect(await eventsOf(env, SYD)).toHaveLength(5);
    env.clock.advance(13 * 3_600_000);
    await call(kms, 'ListAliases', {});
    // 25 h after the first four: gone, but for the key's creation, which the bill still needs;
    // the ListKeys of 13 h ago and the new call stay
    const left = await eventsOf(env, SYD);
    expect(left.map((e) => e.eventName)).toEqual(['CreateKey', 'ListKeys', 'ListAliases']);
    expect(left.filter((e) => old.includes(e.eventID)).map((e) => e.eventName)).toEqual(['CreateKey']);
    const shown = await lookup(env);
    expect(shown.Events.map((e) => e.EventName)).toEqual(['ListAliases', 'ListKeys']);
  });

  it('retention: LookupEvents never shows an event older than the retention, however many have expired', async () => {
    const env = trailEnv(SYD, 1);
    const call = caller(env);
    const kms = kmsService();
    for (let i = 0; i < 300; i++) await call(kms, 'GenerateRandom', { NumberOfBytes: 1 });
    env.clock.advance(2 * DAY);
    await call(kms, 'ListKeys', {});
    const cutoff = env.clock.t - DAY;
    const shown = await lookupAll(env);
    const stale = shown.events.filter((e) => e.EventTime.getTime() < cutoff);
    expect(stale.map((e) => `${e.EventName} at ${e.EventTime.toISOString()}`)).toEqual([]);
  });
});

describe('fail closed', () => {
  it('a trail that cannot write fails the call, and the call changes nothing', async () => {
    const inner = trailRecorder({ retentionDays: 90 });
    let broken = true;
    const writer: TrailWriter = {
      retentionDays: inner.retentionDays,
      async call(ctx, model, operation, request, outcome) {
        if (broken) throw new Error('the trail cannot be written');
        return inner.call(ctx, model, operation, request, outcome);
      },
      serviceEvent: (ctx, e) => inner.serviceEvent(ctx, e),
    };
    const env = makeEnv(SYD, 'closed', { trail: writer });
    await expect(env.run('CreateKey', { Description: 'never' })).rejects.toThrow();
    broken = false;
    const keys = (await env.run('ListKeys', {})).Keys as Res[];
    expect(keys).toEqual([]);
    expect((await env.records(`kms/`)).filter((r) => JSON.stringify(r.value).includes('never'))).toEqual([]);
    // nothing on the trail of the refused call, and the working trail records again
    expect((await eventsOf(env, SYD)).map((e) => e.eventName)).toEqual(['ListKeys']);
    const ok = await env.newKey({ Description: 'kept' });
    expect(((await env.run('ListKeys', {})).Keys as Res[]).map((k) => k.KeyId)).toEqual([ok.KeyId]);
  });

  it('a service event that cannot be written fails the call that noticed it, and the rotation does not happen', async () => {
    const inner = trailRecorder({ retentionDays: 90 });
    let broken = false;
    const writer: TrailWriter = {
      retentionDays: inner.retentionDays,
      call: (ctx, model, operation, request, outcome) => inner.call(ctx, model, operation, request, outcome),
      serviceEvent(ctx, e) {
        if (broken) throw new Error('the trail cannot be written');
        inner.serviceEvent(ctx, e);
      },
    };
    const env = makeEnv(SYD, 'closed2', { trail: writer });
    const key = await env.newKey();
    await env.run('EnableKeyRotation', { KeyId: key.KeyId, RotationPeriodInDays: 90 });
    env.clock.advance(91 * DAY);
    broken = true;
    await expect(env.run('DescribeKey', { KeyId: key.KeyId })).rejects.toThrow();
    broken = false;
    // the rotation happens now, with its event
    const rotations = (await env.run('ListKeyRotations', { KeyId: key.KeyId })).Rotations as Res[];
    expect(rotations).toHaveLength(1);
    expect((await eventsOf(env, SYD)).filter((e) => e.eventName === 'RotateKey')).toHaveLength(1);
  });
});
