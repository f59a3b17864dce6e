// `kms iam simulate-principal-policy`: "would alice be allowed?", answered as kms would decide the
// call — key policies, IAM policies, grants and their constraints, encryption-context conditions,
// role sessions, cross-account rules — in AWS's SimulatePolicyResponse, paged by MaxItems/Marker.
// Where it matters, the answer is checked against the real call's outcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/engine/context.js';
import { runOperation } from '../../src/engine/index.js';
import { service as iam } from '../../src/services/iam/index.js';
import type { EvaluationResult, SimulatePolicyResponse, Statement } from '../../src/services/iam/types.gen.js';
import { service as kms } from '../../src/services/kms/index.js';
import { bytes, expectKmsError, makeEnv } from '../engine/helpers.js';
import { inProcessCli } from '../support/in-process-cli.js';
import { A, ACCOUNT_STATEMENT, ALICE, allow, B, deny, doc, ROOT } from '../support/policies.js';

const ec = (app: string) => ({ ContextKeyName: 'kms:EncryptionContext:app', ContextKeyValues: [app], ContextKeyType: 'string' });

function world() {
  const env = makeEnv('us-east-1');
  const w = {
    env,
    kms: (op: string, req: Record<string, unknown> = {}, ctx: RunContext = env.ctx) => runOperation(ctx, kms, op, req),
    iam: (op: string, req: Record<string, unknown>, ctx: RunContext = env.ctx) => runOperation(ctx, iam, op, req),
    simulate: async (req: Record<string, unknown>, ctx: RunContext = env.ctx) => (await runOperation(ctx, iam, 'SimulatePrincipalPolicy', req)) as SimulatePolicyResponse,
    /** One action on one resource: its only result. */
    async one(source: string, action: string, resource: string, extra: Record<string, unknown> = {}): Promise<EvaluationResult> {
      const r = await w.simulate({ PolicySourceArn: source, ActionNames: [action], ResourceArns: [resource], ...extra });
      expect(r.EvaluationResults).toHaveLength(1);
      return r.EvaluationResults![0]!;
    },
    async user(name: string, ...policies: string[]): Promise<RunContext> {
      await w.iam('CreateUser', { UserName: name });
      for (const [i, p] of policies.entries()) await w.iam('PutUserPolicy', { UserName: name, PolicyName: `p${i}`, PolicyDocument: p });
      const key = (await w.iam('CreateAccessKey', { UserName: name })).AccessKey as { AccessKeyId: string };
      return { ...env.ctx, caller: { accessKeyId: key.AccessKeyId } };
    },
    async key(policy?: string): Promise<{ KeyId: string; Arn: string; Policy: string }> {
      const meta = (await w.kms('CreateKey', policy ? { Policy: policy, BypassPolicyLockoutSafetyCheck: true } : {})).KeyMetadata as { KeyId: string; Arn: string };
      // the key policy as stored (the root may not be let in to read it back)
      const Policy = policy ?? ((await w.kms('GetKeyPolicy', { KeyId: meta.KeyId })).Policy as string);
      return { ...meta, Policy };
    },
  };
  return w;
}

/** The text between a matched statement's StartPosition and EndPosition, parsed: the statement itself. */
function statementAt(text: string, s: Statement): Record<string, unknown> {
  const lines = text.split('\n');
  const offset = (p: { Line?: number; Column?: number }) => lines.slice(0, p.Line! - 1).reduce((n, l) => n + l.length + 1, 0) + p.Column! - 1;
  return JSON.parse(text.slice(offset(s.StartPosition!), offset(s.EndPosition!) + 1)) as Record<string, unknown>;
}

describe('kms actions on a key: the key policy, IAM and grants, as a call is decided', () => {
  it('the default key policy and an IAM allow: allowed, naming both statements with their positions', async () => {
    const w = world();
    const { KeyId, Arn, Policy } = await w.key();
    const policy = doc(allow(['kms:Encrypt', 'kms:Decrypt']));
    const alice = await w.user('alice', policy);
    await w.kms('Encrypt', { KeyId, Plaintext: bytes('x') }, alice);
    const r = await w.one(ALICE, 'kms:Encrypt', Arn);
    expect(r).toMatchObject({ EvalActionName: 'kms:Encrypt', EvalResourceName: Arn, EvalDecision: 'allowed', MissingContextValues: [] });
    expect(r.MatchedStatements!.map((s) => [s.SourcePolicyType, s.SourcePolicyId])).toEqual([
      ['resource', 'default'],
      ['user', 'p0'],
    ]);
    // positions are 1-based line/column of the statement's { and }, in the text as stored
    expect(statementAt(Policy, r.MatchedStatements![0]!)).toMatchObject({ Sid: 'Enable IAM User Permissions' });
    expect(statementAt(policy, r.MatchedStatements![1]!)).toEqual(allow(['kms:Encrypt', 'kms:Decrypt']));
    expect(r.MatchedStatements![1]!.StartPosition).toEqual({ Line: 1, Column: policy.indexOf('[{') + 2 });
    expect(r.EvalDecisionDetails).toEqual({ 'IAM Policy': 'allowed', 'Key Policy': 'allowed' });
    // no IAM policy for kms:DisableKey: denied on the identity side, as the call is
    const d = await w.one(ALICE, 'kms:DisableKey', Arn);
    expect([d.EvalDecision, d.MatchedStatements, d.EvalDecisionDetails]).toEqual(['implicitDeny', [], { 'IAM Policy': 'implicitDeny', 'Key Policy': 'allowed' }]);
    await expectKmsError(w.kms('DisableKey', { KeyId }, alice), 'AccessDeniedException');
  });

  it('a key policy without the account statement: implicitDeny whatever IAM says', async () => {
    const w = world();
    const alice = await w.user('alice', doc(allow('kms:*')));
    const { KeyId, Arn } = await w.key(doc({ Sid: 'OnlyBob', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/bob` }, Action: 'kms:*', Resource: '*' }));
    await expectKmsError(w.kms('Encrypt', { KeyId, Plaintext: bytes('x') }, alice), 'AccessDeniedException');
    const r = await w.one(ALICE, 'kms:Encrypt', Arn);
    expect([r.EvalDecision, r.MatchedStatements, r.EvalDecisionDetails]).toEqual(['implicitDeny', [], { 'IAM Policy': 'allowed', 'Key Policy': 'implicitDeny' }]);
    // the root is bound by the key policy too (kms's extension: the root as PolicySourceArn)
    expect((await w.one(ROOT, 'kms:Encrypt', Arn)).EvalDecision).toBe('implicitDeny');
    expect((await w.one(ROOT, 'kms:CreateKey', '*')).EvalDecision).toBe('allowed');
  });

  it('an explicit Deny wins, naming the Deny statement: in the key policy or in an IAM policy', async () => {
    const w = world();
    const keyPolicy = doc(ACCOUNT_STATEMENT, { Sid: 'NoAliceDecrypt', Effect: 'Deny', Principal: { AWS: ALICE }, Action: 'kms:Decrypt', Resource: '*' });
    const { Arn, Policy } = await w.key(keyPolicy);
    const denyIam = doc(deny('kms:ScheduleKeyDeletion'));
    await w.user('alice', doc(allow('kms:*')), denyIam);
    const r = await w.one(ALICE, 'kms:Decrypt', Arn);
    expect(r.EvalDecision).toBe('explicitDeny');
    expect(r.MatchedStatements!.map((s) => [s.SourcePolicyType, s.SourcePolicyId])).toEqual([['resource', 'default']]);
    expect(statementAt(Policy, r.MatchedStatements![0]!)).toMatchObject({ Sid: 'NoAliceDecrypt', Effect: 'Deny' });
    expect(r.EvalDecisionDetails).toMatchObject({ 'Key Policy': 'explicitDeny' });
    const s = await w.one(ALICE, 'kms:ScheduleKeyDeletion', Arn);
    expect(s.EvalDecision).toBe('explicitDeny');
    expect(s.MatchedStatements!.map((m) => [m.SourcePolicyType, m.SourcePolicyId])).toEqual([['user', 'p1']]);
    expect(statementAt(denyIam, s.MatchedStatements![0]!)).toEqual(deny('kms:ScheduleKeyDeletion'));
  });

  it('a grant allows: MatchedStatements empty, EvalDecisionDetails names the grant; its constraints hold only for the context given', async () => {
    const w = world();
    const alice = await w.user('alice');
    const { KeyId, Arn } = await w.key();
    const ct = (await w.kms('Encrypt', { KeyId, Plaintext: bytes('x'), EncryptionContext: { app: 'a' } })).CiphertextBlob;
    expect((await w.one(ALICE, 'kms:Decrypt', Arn)).EvalDecision).toBe('implicitDeny');
    const { GrantId } = (await w.kms('CreateGrant', { KeyId, GranteePrincipal: ALICE, Operations: ['Decrypt'], Constraints: { EncryptionContextSubset: { app: 'a' } } })) as { GrantId: string };
    await w.kms('Decrypt', { CiphertextBlob: ct, EncryptionContext: { app: 'a' } }, alice);
    const r = await w.one(ALICE, 'kms:Decrypt', Arn, { ContextEntries: [ec('a')] });
    expect([r.EvalDecision, r.MatchedStatements]).toEqual(['allowed', []]);
    expect(r.EvalDecisionDetails).toEqual({ 'IAM Policy': 'implicitDeny', 'Key Policy': 'allowed', [`Grant ${GrantId}`]: 'allowed' });
    // no encryption context, or another one: the constraint fails, as the call would
    expect((await w.one(ALICE, 'kms:Decrypt', Arn)).EvalDecision).toBe('implicitDeny');
    expect((await w.one(ALICE, 'kms:Decrypt', Arn, { ContextEntries: [ec('b')] })).EvalDecision).toBe('implicitDeny');
    // the grant does not give Encrypt
    expect((await w.one(ALICE, 'kms:Encrypt', Arn, { ContextEntries: [ec('a')] })).EvalDecision).toBe('implicitDeny');
    // kms:RetireGrant: decided by a grant naming the caller as its retiring principal
    expect((await w.one(ALICE, 'kms:RetireGrant', Arn)).EvalDecision).toBe('implicitDeny');
    const retirable = (await w.kms('CreateGrant', { KeyId, GranteePrincipal: ROOT, RetiringPrincipal: ALICE, Operations: ['Encrypt'] })) as { GrantId: string };
    const retire = await w.one(ALICE, 'kms:RetireGrant', Arn);
    expect([retire.EvalDecision, retire.EvalDecisionDetails]).toEqual(['allowed', { [`Grant ${retirable.GrantId}`]: 'allowed' }]);
    await w.kms('RetireGrant', { KeyId, GrantId: retirable.GrantId }, alice);
  });

  it('encryption-context conditions: ContextEntries supplied, wrong, or missing (MissingContextValues)', async () => {
    const w = world();
    const { KeyId, Arn } = await w.key();
    const alice = await w.user('alice', doc(allow('kms:Decrypt', { Condition: { StringEquals: { 'kms:EncryptionContext:app': 'x' } } })));
    const ct = (await w.kms('Encrypt', { KeyId, Plaintext: bytes('x'), EncryptionContext: { app: 'x' } })).CiphertextBlob;
    await w.kms('Decrypt', { CiphertextBlob: ct, EncryptionContext: { app: 'x' } }, alice);
    const given = await w.one(ALICE, 'kms:Decrypt', Arn, { ContextEntries: [ec('x')] });
    expect([given.EvalDecision, given.MissingContextValues]).toEqual(['allowed', []]);
    const wrong = await w.one(ALICE, 'kms:Decrypt', Arn, { ContextEntries: [ec('y')] });
    expect([wrong.EvalDecision, wrong.MissingContextValues]).toEqual(['implicitDeny', []]);
    const missing = await w.one(ALICE, 'kms:Decrypt', Arn);
    expect([missing.EvalDecision, missing.MissingContextValues]).toEqual(['implicitDeny', ['kms:EncryptionContext:app']]);
    // the operation's defaults are in the context, as for a call: kms:EncryptionAlgorithm is not missing
    await w.iam('PutUserPolicy', { UserName: 'alice', PolicyName: 'algo', PolicyDocument: doc(allow('kms:Encrypt', { Condition: { StringEquals: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' }, NumericLessThan: { 'aws:EpochTime': '9999999999' } } })) });
    const algo = await w.one(ALICE, 'kms:Encrypt', Arn);
    expect([algo.EvalDecision, algo.MissingContextValues]).toEqual(['allowed', []]);
    // typed entries: a numeric and a boolean key; a value that is not of its type is refused
    await w.iam('PutUserPolicy', { UserName: 'alice', PolicyName: 'typed', PolicyDocument: doc(allow('kms:GenerateDataKey', { Condition: { NumericGreaterThan: { 'test:n': '5' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })) });
    const typed = (n: string) => w.one(ALICE, 'kms:GenerateDataKey', Arn, {
      ContextEntries: [
        { ContextKeyName: 'test:n', ContextKeyValues: [n], ContextKeyType: 'numeric' },
        { ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['TRUE'], ContextKeyType: 'boolean' },
      ],
    });
    expect((await typed('7')).EvalDecision).toBe('allowed');
    expect((await typed('3')).EvalDecision).toBe('implicitDeny');
    await expectKmsError(typed('many'), 'InvalidInput', /not a valid numeric value/);
  });

  it('a role session as PolicySourceArn: the role\'s policies, the session as the caller', async () => {
    const w = world();
    const trust = doc({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'sts:AssumeRole' });
    const role = (await w.iam('CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: trust })).Role as { Arn: string };
    await w.iam('PutRolePolicy', { RoleName: 'app', PolicyName: 'use', PolicyDocument: doc(allow('kms:Encrypt')) });
    const session = `arn:aws:sts::${A}:assumed-role/app/build-42`;
    const open = await w.key();
    const r = await w.one(session, 'kms:Encrypt', open.Arn);
    expect(r.EvalDecision).toBe('allowed');
    expect(r.MatchedStatements!.map((s) => [s.SourcePolicyType, s.SourcePolicyId])).toEqual([['resource', 'default'], ['role', 'use']]);
    // a key policy naming the role lets its sessions in without IAM; one naming another session does not
    const named = await w.key(doc({ Effect: 'Allow', Principal: { AWS: role.Arn }, Action: 'kms:Decrypt', Resource: '*' }));
    const byRole = await w.one(session, 'kms:Decrypt', named.Arn);
    expect([byRole.EvalDecision, byRole.MatchedStatements!.map((s) => s.SourcePolicyType)]).toEqual(['allowed', ['resource']]);
    const sessionOnly = await w.key(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${A}:assumed-role/app/other` }, Action: 'kms:Decrypt', Resource: '*' }));
    expect((await w.one(session, 'kms:Decrypt', sessionOnly.Arn)).EvalDecision).toBe('implicitDeny');
    expect((await w.one(`arn:aws:sts::${A}:assumed-role/app/other`, 'kms:Decrypt', sessionOnly.Arn)).EvalDecision).toBe('allowed');
    // the same answers as calls made as that session
    const asSession = { ...w.env.ctx, caller: { principalArn: session } };
    await w.kms('Encrypt', { KeyId: open.KeyId, Plaintext: bytes('x') }, asSession);
    await expectKmsError(w.kms('Encrypt', { KeyId: named.KeyId, Plaintext: bytes('x') }, asSession), 'AccessDeniedException');
    expect((await w.one(session, 'kms:Encrypt', named.Arn)).EvalDecision).toBe('implicitDeny');
    // a session of a role the keyring does not hold
    await expectKmsError(w.simulate({ PolicySourceArn: `arn:aws:sts::${A}:assumed-role/nope/s`, ActionNames: ['kms:Encrypt'] }), 'NoSuchEntity', 'The role with name nope cannot be found.');
  });

  it('across accounts: the operation must be usable across accounts, and both sides must allow', async () => {
    const w = world();
    const { KeyId, Arn } = await w.key(doc(ACCOUNT_STATEMENT, { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['kms:Encrypt', 'kms:DisableKey'], Resource: '*' }));
    const inB: RunContext = { ...w.env.ctx, account: B };
    await w.iam('CreateUser', { UserName: 'bob' }, inB);
    await w.iam('PutUserPolicy', { UserName: 'bob', PolicyName: 'use', PolicyDocument: doc(allow(['kms:Encrypt', 'kms:DisableKey'])) }, inB);
    const key = (await w.iam('CreateAccessKey', { UserName: 'bob' }, inB)).AccessKey as { AccessKeyId: string };
    const bob = { ...w.env.ctx, caller: { accessKeyId: key.AccessKeyId } };
    const BOB = `arn:aws:iam::${B}:user/bob`;
    await w.kms('Encrypt', { KeyId: Arn, Plaintext: bytes('x') }, bob);
    await expectKmsError(w.kms('DisableKey', { KeyId }, bob), 'AccessDeniedException');
    const r = await w.simulate({ PolicySourceArn: BOB, ActionNames: ['kms:Encrypt', 'kms:DisableKey'], ResourceArns: [Arn] });
    expect(r.EvaluationResults!.map((e) => e.EvalDecision)).toEqual(['allowed', 'implicitDeny']);
    // a user of another account the keyring does not hold: PolicyInputList alone (type none)
    const carol = `arn:aws:iam::${B}:user/carol`;
    const c = await w.one(carol, 'kms:Encrypt', Arn, { PolicyInputList: [doc(allow('kms:Encrypt'))] });
    expect([c.EvalDecision, c.MatchedStatements!.map((s) => [s.SourcePolicyType, s.SourcePolicyId])]).toEqual(['allowed', [['resource', 'default'], ['none', 'PolicyInputList.1']]]);
    expect((await w.one(carol, 'kms:Encrypt', Arn)).EvalDecision).toBe('implicitDeny');
  });

  it('ResourcePolicy replaces the key policy; a key the keyring does not hold is implicitDeny, "Key Not Found"', async () => {
    const w = world();
    const { Arn } = await w.key();
    await w.user('alice', doc(allow('kms:Encrypt')));
    const only = doc({ Sid: 'OnlyRoot', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:Decrypt', Resource: '*' });
    const r = await w.one(ALICE, 'kms:Encrypt', Arn, { ResourcePolicy: only });
    expect([r.EvalDecision, r.EvalDecisionDetails]).toEqual(['implicitDeny', { 'IAM Policy': 'allowed', 'Key Policy': 'implicitDeny' }]);
    const withRp = await w.one(ALICE, 'kms:Encrypt', Arn, { ResourcePolicy: doc({ ...ACCOUNT_STATEMENT, Action: 'kms:Encrypt' }) });
    expect(withRp.MatchedStatements!.map((s) => [s.SourcePolicyType, s.SourcePolicyId])).toEqual([['resource', 'ResourcePolicy'], ['user', 'p0']]);
    const missing = `arn:aws:kms:us-east-1:${A}:key/00000000-0000-0000-0000-000000000000`;
    const m = await w.one(ALICE, 'kms:Encrypt', missing);
    expect([m.EvalDecision, m.MatchedStatements, m.EvalDecisionDetails]).toEqual(['implicitDeny', [], { 'IAM Policy': 'allowed', 'Key Not Found': 'implicitDeny' }]);
    // a key of this keyring named in another Region's ARN is not that key
    expect((await w.one(ALICE, 'kms:Encrypt', Arn.replace('us-east-1', 'eu-west-1'))).EvalDecisionDetails).toMatchObject({ 'Key Not Found': 'implicitDeny' });
    // a ResourcePolicy the evaluator cannot read is refused
    await expectKmsError(w.simulate({ PolicySourceArn: ALICE, ActionNames: ['kms:Encrypt'], ResourcePolicy: doc(allow('kms:Encrypt')) }), 'InvalidInput', /^ResourcePolicy cannot be evaluated/);
  });
});

describe('requests, paging and errors', () => {
  it('several actions × resources, action-major: key actions, IAM-only KMS actions, an alias ARN and other services', async () => {
    const w = world();
    const { Arn } = await w.key();
    await w.kms('CreateAlias', { AliasName: 'alias/app', TargetKeyId: Arn });
    const aliasArn = `arn:aws:kms:us-east-1:${A}:alias/app`;
    await w.user('alice', doc(allow('kms:Encrypt', { Resource: Arn }), allow(['kms:CreateKey', 'kms:CreateAlias'])));
    const r = await w.simulate({ PolicySourceArn: ALICE, ActionNames: ['kms:Encrypt', 'kms:CreateKey', 'kms:CreateAlias', 's3:GetObject'], ResourceArns: [Arn, '*', aliasArn] });
    expect(r.IsTruncated).toBe(false);
    expect(r.EvaluationResults!.map((e) => `${e.EvalActionName} ${e.EvalResourceName === Arn ? 'key' : e.EvalResourceName === '*' ? '*' : 'alias'} ${e.EvalDecision}`)).toEqual([
      'kms:Encrypt key allowed',
      'kms:Encrypt * implicitDeny',
      'kms:Encrypt alias implicitDeny',
      'kms:CreateKey key allowed',
      'kms:CreateKey * allowed',
      'kms:CreateKey alias allowed',
      'kms:CreateAlias key allowed',
      'kms:CreateAlias * allowed',
      'kms:CreateAlias alias allowed',
      's3:GetObject key implicitDeny',
      's3:GetObject * implicitDeny',
      's3:GetObject alias implicitDeny',
    ]);
    // details only where a key took part; IAM-only answers have none
    expect(r.EvaluationResults!.map((e) => e.EvalDecisionDetails !== undefined)).toEqual([true, false, false, false, false, false, true, false, false, false, false, false]);
    // ResourceArns defaults to *
    const star = await w.simulate({ PolicySourceArn: ALICE, ActionNames: ['kms:ListKeys', 'kms:CreateKey'] });
    expect(star.EvaluationResults!.map((e) => [e.EvalResourceName, e.EvalDecision])).toEqual([['*', 'implicitDeny'], ['*', 'allowed']]);
  });

  it('other services by IAM\'s rules: a ResourcePolicy, a role\'s trust policy for sts:AssumeRole, CallerArn', async () => {
    const w = world();
    await w.user('alice', doc(allow(['sts:AssumeRole', 's3:GetObject'])));
    await w.user('bob');
    const trust = doc({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' });
    const role = (await w.iam('CreateRole', { RoleName: 'deploy', AssumeRolePolicyDocument: trust })).Role as { Arn: string };
    const BOB = `arn:aws:iam::${A}:user/bob`;
    const assume = await w.one(ALICE, 'sts:AssumeRole', role.Arn);
    expect([assume.EvalDecision, assume.MatchedStatements!.map((s) => [s.SourcePolicyType, s.SourcePolicyId])]).toEqual(['allowed', [['resource', role.Arn]]]);
    expect((await w.one(BOB, 'sts:AssumeRole', role.Arn)).EvalDecision).toBe('implicitDeny');
    // CallerArn: bob calls with alice's policies; the trust policy names alice, not bob
    expect((await w.one(ALICE, 'sts:AssumeRole', role.Arn, { CallerArn: BOB })).EvalDecision).toBe('implicitDeny');
    expect((await w.one(ALICE, 's3:GetObject', 'arn:aws:s3:::bucket/k', { CallerArn: BOB })).EvalDecision).toBe('allowed');
    // in its own account a resource policy adds to IAM: naming someone else takes nothing away
    const other = doc({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 's3:GetObject', Resource: '*' });
    expect((await w.one(ALICE, 's3:GetObject', 'arn:aws:s3:::bucket/k', { ResourcePolicy: other })).EvalDecision).toBe('allowed');
    const byRp = await w.one(BOB, 's3:GetObject', 'arn:aws:s3:::bucket/k', { ResourcePolicy: other });
    expect([byRp.EvalDecision, byRp.MatchedStatements!.map((s) => [s.SourcePolicyType, s.SourcePolicyId])]).toEqual(['allowed', [['resource', 'ResourcePolicy']]]);
    const rp = doc({ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' });
    const denied = await w.one(ALICE, 's3:GetObject', 'arn:aws:s3:::bucket/k', { ResourcePolicy: rp });
    expect([denied.EvalDecision, denied.MatchedStatements!.map((s) => s.SourcePolicyId)]).toEqual(['explicitDeny', ['ResourcePolicy']]);
    await expectKmsError(w.simulate({ PolicySourceArn: ALICE, ActionNames: ['s3:GetObject'], CallerArn: role.Arn }), 'InvalidInput', /CallerArn must be the ARN of an IAM user/);
  });

  it('pages with MaxItems and Marker', async () => {
    const w = world();
    const { Arn } = await w.key();
    await w.user('alice', doc(allow('kms:Encrypt')));
    const req = { PolicySourceArn: ALICE, ActionNames: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], ResourceArns: [Arn, '*'] };
    const all = (await w.simulate(req)).EvaluationResults!;
    expect(all).toHaveLength(6);
    const seen: EvaluationResult[] = [];
    let marker: string | undefined;
    const truncated: boolean[] = [];
    do {
      const page = await w.simulate({ ...req, MaxItems: 4, ...(marker ? { Marker: marker } : {}) });
      seen.push(...page.EvaluationResults!);
      truncated.push(page.IsTruncated!);
      marker = page.Marker;
      expect(marker === undefined).toBe(!page.IsTruncated);
    } while (marker);
    expect(truncated).toEqual([true, false]);
    expect(seen).toEqual(all);
    expect(seen.map((e) => e.EvalDecision)).toEqual(['allowed', 'allowed', 'implicitDeny', 'implicitDeny', 'implicitDeny', 'implicitDeny']);
    await expectKmsError(w.simulate({ ...req, Marker: 'not-a-marker' }), 'ValidationError', 'Invalid Marker.');
  });

  it('NoSuchEntity for a user or role this account does not hold; InvalidInput for an ARN that names no principal', async () => {
    const w = world();
    await w.user('alice');
    const sim = (source: string) => w.simulate({ PolicySourceArn: source, ActionNames: ['kms:Encrypt'] });
    await expectKmsError(sim(`arn:aws:iam::${A}:user/nobody`), 'NoSuchEntity', 'The user with name nobody cannot be found.');
    await expectKmsError(sim(`arn:aws:iam::${A}:user/team/alice`), 'NoSuchEntity', 'The user with name alice cannot be found.');
    await expectKmsError(sim(`arn:aws:iam::${A}:role/ghost`), 'NoSuchEntity', 'The role with name ghost cannot be found.');
    await expectKmsError(sim(`arn:aws:iam::${A}:group/devs`), 'NoSuchEntity', 'The group with name devs cannot be found.');
    await expectKmsError(sim(`arn:aws:kms:us-east-1:${A}:key/x`), 'InvalidInput', /^Invalid Entity Arn/);
    await expectKmsError(w.simulate({ PolicySourceArn: ALICE, ActionNames: ['kms:Encrypt'], PermissionsBoundaryPolicyInputList: [doc(allow('kms:*'))] }), 'InvalidInput', /permissions boundaries/);
    // who may ask: iam:SimulatePrincipalPolicy, like any IAM action
    const bob = await w.user('bob');
    await expectKmsError(w.simulate({ PolicySourceArn: ALICE, ActionNames: ['kms:Encrypt'] }, bob), 'AccessDenied', /iam:SimulatePrincipalPolicy/);
  });
});

describe('kms iam simulate-principal-policy on the command line', () => {
  const shell = inProcessCli();
  const { kms: cli, ok } = shell;
  beforeAll(() => shell.init());
  afterAll(() => shell.cleanup());

  it('answers with --context-entries shorthand, --query and --output text', async () => {
    const user = (await ok('iam', 'create-user', '--user-name', 'alice')).User as { Arn: string };
    const condition = doc(allow('kms:Decrypt', { Condition: { StringEquals: { 'kms:EncryptionContext:app': 'x' } } }));
    await ok('iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'decrypt', '--policy-document', condition);
    const key = (await ok('create-key')).KeyMetadata as { Arn: string };
    const ask = (...more: string[]) => cli('iam', 'simulate-principal-policy', '--policy-source-arn', user.Arn, '--action-names', 'kms:Decrypt', '--resource-arns', key.Arn, ...more, '--query', 'EvaluationResults[].EvalDecision', '--output', 'text');
    expect(await ask('--context-entries', 'ContextKeyName=kms:EncryptionContext:app,ContextKeyValues=x,ContextKeyType=string')).toEqual({ code: 0, out: 'allowed\n', err: '' });
    expect(await ask('--context-entries', 'ContextKeyName=kms:EncryptionContext:app,ContextKeyValues=y,ContextKeyType=string')).toEqual({ code: 0, out: 'implicitDeny\n', err: '' });
    const full = await ok('iam', 'simulate-principal-policy', '--policy-source-arn', user.Arn, '--action-names', 'kms:Decrypt', '--resource-arns', key.Arn);
    expect(full.EvaluationResults[0]).toMatchObject({ EvalDecision: 'implicitDeny', MissingContextValues: ['kms:EncryptionContext:app'] });
    const nobody = await cli('iam', 'simulate-principal-policy', '--policy-source-arn', user.Arn.replace('alice', 'nobody'), '--action-names', 'kms:Decrypt');
    expect([nobody.code, nobody.err]).toEqual([254, '\nAn error occurred (NoSuchEntity) when calling the SimulatePrincipalPolicy operation: The user with name nobody cannot be found.\n']);
  });
});
