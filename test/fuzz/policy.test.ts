// Fuzzing key policies and IAM policies (src/authz/policy.ts and its conditions, patterns and
// principals): any document compiles or is a PolicySyntaxError; what compiles evaluates against any
// request without a crash; through the engine, PutKeyPolicy and IAM's PutUserPolicy answer API
// exceptions only, and calls under the stored policy are decided, never crash.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { decideKms, evaluatePolicy, parsePolicy, PolicySyntaxError } from '../../src/authz/index.js';
import type { AuthRequest, Caller, ContextValue } from '../../src/authz/types.js';
import type { RunContext } from '../../src/engine/context.js';
import { runOperation } from '../../src/engine/index.js';
import { KmsError } from '../../src/errors.js';
import { service as iam } from '../../src/services/iam/index.js';
import { service as kms } from '../../src/services/kms/index.js';
import { makeEnv, type TestEnv } from '../engine/helpers.js';
import { iamUser } from '../services/cloudformation/support.js';
import { deepJsonText, errorOf, fuzz, hostileKey, hostileString, hugeNumber, mutatedJson, mutatedText, outcome, outcomeAsync } from './support.js';

const A = '111122223333';
const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** A policy that uses every element, each operator family, variables, and both Not- forms. */
const SEED = {
  Version: '2012-10-17',
  Id: 'fuzz',
  Statement: [
    { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'User',
      Effect: 'Allow',
      Principal: { AWS: [`arn:aws:iam::${A}:user/alice`, A], Service: 'ec2.amazonaws.com' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:EncryptionContext:app': '${aws:username}' },
        'ForAnyValue:StringLike': { 'kms:EncryptionContextKeys': ['app*', 'x?'] },
        Bool: { 'aws:SecureTransport': 'true' },
        NumericLessThanEquals: { 'kms:RecipientAttestation:ImageSha384': 5 },
        DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' },
        IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '::1/128'] },
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' },
        Null: { 'kms:GranteePrincipal': 'true' },
        StringEqualsIfExists: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
        BinaryEquals: { 'kms:x': 'aGk=' },
      },
    },
    {
      Sid: 'Deny',
      Effect: 'Deny',
      NotPrincipal: { AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:user/alice`] },
      NotAction: 'kms:Describe*',
      NotResource: 'arn:aws:kms:*:*:key/other',
      Condition: { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': "${aws:PrincipalTag/team, 'none'}" } },
    },
  ],
};
/** The same statements as an identity policy: no principals. */
const IDENTITY_SEED = { ...SEED, Statement: SEED.Statement.map(({ Principal: _p, NotPrincipal: _n, ...st }: Record<string, unknown>) => st) };

const policyTokens = fc.oneof(
  hostileString,
  fc.constantFrom('"constructor"', '"toString"', '"__proto__"', '"Effect"', '"Allow"', '"Deny"', '"Action"', '"NotAction"', '"Principal"', '"*"', '"Condition"', '"ForAllValues:', 'IfExists', '${', '${*}', '${aws:username, \'x\'}', '"kms:*"', 'arn:aws:iam::', ':root', '{', '}', '[', ']', ',', ':', '"', 'null', '1e999'),
);

const documents = (seed: unknown) =>
  fc.oneof(
    { weight: 5, arbitrary: mutatedJson(seed).map((v) => JSON.stringify(v) ?? 'null') },
    { weight: 3, arbitrary: mutatedText(JSON.stringify(seed), policyTokens) },
    { weight: 1, arbitrary: fc.oneof(hostileString, deepJsonText) },
  );

const callers: Caller[] = [
  { arn: `arn:aws:iam::${A}:root`, account: A, kind: 'root', userId: A },
  { arn: `arn:aws:iam::${A}:user/alice`, account: A, kind: 'user', userId: 'AIDAALICE', userName: 'alice', tags: { team: 'x' } },
  { arn: `arn:aws:sts::${A}:assumed-role/Ops/s1`, account: A, kind: 'assumed-role', userId: 'AROAOPS:s1', roleArn: `arn:aws:iam::${A}:role/Ops` },
];
const contextValue: fc.Arbitrary<ContextValue> = fc.oneof(hostileString, fc.boolean(), hugeNumber, fc.date({ noInvalidDate: true }), fc.array(hostileString, { maxLength: 3 }));
const requestArb: fc.Arbitrary<AuthRequest> = fc.record({
  caller: fc.constantFrom(...callers),
  action: fc.oneof(fc.constantFrom('kms:Encrypt', 'kms:DescribeKey', 'kms:CreateGrant', 'iam:CreateUser'), hostileString),
  resource: fc.oneof(fc.constant(KEY), fc.constant('*'), hostileString),
  context: fc
    .array(fc.tuple(fc.oneof(fc.constantFrom('kms:EncryptionContext:app', 'kms:EncryptionContextKeys', 'aws:SourceIp', 'aws:CurrentTime', 'aws:SecureTransport', 'kms:ViaService', 'aws:PrincipalTag/team'), hostileKey), contextValue), { maxLength: 4 })
    .map((entries) => new Map(entries)),
});

describe('policy documents', () => {
  it('any key policy or identity policy compiles or is a PolicySyntaxError; what compiles evaluates any request', async () => {
    const input = fc.oneof(
      fc.tuple(fc.constant<'resource'>('resource'), documents(SEED)),
      fc.tuple(fc.constant<'identity'>('identity'), documents(IDENTITY_SEED)),
    ).chain(([kind, text]) => fc.tuple(fc.constant(kind), fc.constant(text), fc.array(requestArb, { minLength: 1, maxLength: 3 })));
    await fuzz('policy: parse + evaluate', 800, input, ([kind, text, requests]) => {
      const r = outcome(() => parsePolicy(text, kind), [PolicySyntaxError]);
      if (!r.ok) return 'refused';
      const policy = { id: 'p', type: kind === 'resource' ? ('resource' as const) : ('user' as const), document: text };
      for (const request of requests) {
        const e = evaluatePolicy(policy, request, kind);
        for (const m of [...e.allows, ...e.denies]) expect(['Allow', 'Deny']).toContain(m.effect);
        const d = kind === 'resource' ? decideKms({ request, keyPolicy: policy, identityPolicies: [], crossAccountAllowed: false }) : decideKms({ request, identityPolicies: [policy], crossAccountAllowed: false });
        expect(['allowed', 'explicitDeny', 'implicitDeny']).toContain(d.decision);
      }
      return 'compiled';
    });
  });

  it('a condition operator named after an Object.prototype member is an unknown operator (regression: TypeError)', () => {
    for (const op of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOfIfExists', 'ForAnyValue:constructor']) {
      const doc = `{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {${JSON.stringify(op)}: {"k": "v"}}}]}`;
      const r = outcome(() => parsePolicy(doc, 'identity'), [PolicySyntaxError]);
      expect(r.ok).toBe(false);
      expect(errorOf(r).message).toBe(`Policy contains an unknown condition operator: ${op}.`);
    }
  });
});

describe('policies through the engine', () => {
  let env: TestEnv;
  let alice: RunContext;
  let bob: RunContext;
  let bobKey: string;
  beforeAll(async () => {
    env = makeEnv('us-east-1', 'policy-fuzz');
    alice = await iamUser(env, 'alice', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }));
    bob = await iamUser(env, 'bob');
    bobKey = (await env.newKey()).KeyId as string;
  });
  const encrypt = (ctx: RunContext, KeyId: string) => outcomeAsync(() => runOperation(ctx, kms, 'Encrypt', { KeyId, Plaintext: new Uint8Array([1]), EncryptionContext: { app: 'alice' } }));

  it('a key policy of any text: CreateKey and PutKeyPolicy answer API exceptions only; calls under it are decided', async () => {
    await fuzz('policy: key policy on the engine', 120, documents(SEED), async (text) => {
      const created = await outcomeAsync(() => env.run('CreateKey', { Policy: text, BypassPolicyLockoutSafetyCheck: true }));
      if (!created.ok) expect(created.error).toBeInstanceOf(KmsError);
      const keyId = created.ok ? ((created.value.KeyMetadata as Record<string, unknown>).KeyId as string) : ((await env.newKey()).KeyId as string);
      const put = await outcomeAsync(() => env.run('PutKeyPolicy', { KeyId: keyId, Policy: text }));
      if (!put.ok) expect(put.error).toBeInstanceOf(KmsError);
      // the caller is decided under whatever policy the key holds: allowed, or AccessDeniedException
      for (const ctx of [alice, env.ctx]) {
        const r = await encrypt(ctx, keyId);
        if (!r.ok) expect((r.error as KmsError).code).toMatch(/^(AccessDeniedException|ValidationException)$/);
      }
      return created.ok || put.ok ? 'stored' : 'refused';
    });
  });

  it("an IAM user policy of any text: PutUserPolicy answers API exceptions only; the user's calls are decided", async () => {
    await fuzz('policy: IAM user policy on the engine', 150, documents(IDENTITY_SEED), async (text) => {
      const put = await outcomeAsync(() => runOperation(env.ctx, iam, 'PutUserPolicy', { UserName: 'bob', PolicyName: 'fuzz', PolicyDocument: text }));
      if (!put.ok) {
        expect(put.error).toBeInstanceOf(KmsError);
        return 'refused';
      }
      const r = await encrypt(bob, bobKey);
      // IAM stores what is JSON with statements; what kms cannot compile is reported when it decides
      if (!r.ok) expect((r.error as KmsError).code).toMatch(/^(AccessDeniedException|ValidationException|MalformedPolicyDocumentException)$/);
      const read = await outcomeAsync(() => runOperation(env.ctx, iam, 'GetUserPolicy', { UserName: 'bob', PolicyName: 'fuzz' }));
      expect(read.ok && decodeURIComponent(String(read.value.PolicyDocument))).toBe(text);
      return 'stored';
    });
  });
});
