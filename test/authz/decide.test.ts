// decideKms and decideIdentity: the order of KMS's decision (KMS guide, "Key policies" and
// "Policy evaluation") and IAM's, with what each decision reports.
import { describe, expect, it } from 'vitest';
import { decideIdentity, decideKms } from '../../src/authz/index.js';
import type { Caller, SourcedPolicy } from '../../src/authz/types.js';
import { A, B, doc, KEY, request, root, session, user } from './support.js';

const DEFAULT = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' };
const key = (...statements: unknown[]): SourcedPolicy => ({ id: 'default', type: 'resource', document: doc(statements) });
const iam = (id: string, ...statements: unknown[]): SourcedPolicy => ({ id, type: 'user', document: doc(statements) });
const ALLOW_ENCRYPT = iam('AllowEncrypt', { Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' });

function kms(caller: Caller, keyPolicy: SourcedPolicy | undefined, identity: SourcedPolicy[], opts: { action?: string; resource?: string; account?: string; cross?: boolean; grantId?: string; context?: Record<string, string> } = {}) {
  return decideKms({
    request: request(caller, opts.action ?? 'kms:Encrypt', opts.resource ?? KEY, opts.context ?? {}),
    resourceAccount: opts.account ?? A,
    ...(keyPolicy ? { keyPolicy } : {}),
    identityPolicies: identity,
    crossAccountAllowed: opts.cross ?? true,
    ...(opts.grantId ? { grantId: opts.grantId } : {}),
  });
}

describe('decideKms: explicit deny', () => {
  it('a Deny in the key policy beats a direct allow, an IAM allow and a grant', () => {
    const d = kms(user(), key(DEFAULT, { Sid: 'DenyEncrypt', Effect: 'Deny', Principal: '*', Action: 'kms:Encrypt', Resource: '*' }), [ALLOW_ENCRYPT], { grantId: 'g-1' });
    expect(d).toEqual({ decision: 'explicitDeny', deniedBy: 'resource', matched: [{ sourcePolicyId: 'default', sourcePolicyType: 'resource', sid: 'DenyEncrypt', index: 1, effect: 'Deny' }], missingContextValues: [] });
  });
  it('KMS guide: an IAM Deny works even when the key policy does not enable IAM', () => {
    const d = kms(user(), key({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'kms:*', Resource: '*' }), [iam('Deny', { Effect: 'Deny', Action: 'kms:*', Resource: '*' })]);
    expect(d.decision).toBe('explicitDeny');
    expect(d.deniedBy).toBe('identity');
    expect(d.matched.map((m) => m.sourcePolicyId)).toEqual(['Deny']);
  });
  it('both deny: the key policy is named, and both statements listed', () => {
    const d = kms(user(), key(DEFAULT, { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }), [iam('Deny', { Effect: 'Deny', Action: 'kms:*', Resource: '*' })]);
    expect(d.deniedBy).toBe('resource');
    expect(d.matched).toHaveLength(2);
  });
  it('KMS guide: a Deny conditioned on the encryption context (StringNotEquals) fires when the context lacks the key', () => {
    const kp = key(DEFAULT, { Effect: 'Deny', Principal: '*', Action: 'kms:Encrypt', Resource: '*', Condition: { StringNotEquals: { 'kms:EncryptionContext:AppName': 'App' } } });
    expect(kms(root(), kp, []).decision).toBe('explicitDeny');
    expect(kms(root(), kp, [], { context: { 'kms:EncryptionContext:appname': 'App' } }).decision).toBe('allowed');
  });
});

describe('decideKms: the key policy and IAM', () => {
  it('KMS guide: the default key policy allows the root without any IAM policy', () => {
    const d = kms(root(), key(DEFAULT), []);
    expect(d.decision).toBe('allowed');
    expect(d.matched).toEqual([{ sourcePolicyId: 'default', sourcePolicyType: 'resource', sid: 'Enable IAM User Permissions', index: 0, effect: 'Allow' }]);
  });
  it('the root is bound by the key policy: without the account statement it is denied (resource-based)', () => {
    const d = kms(root(), key({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'kms:*', Resource: '*' }), []);
    expect(d).toEqual({ decision: 'implicitDeny', deniedBy: 'resource', matched: [], missingContextValues: [] });
  });
  it('account statement + IAM allow → allowed, listing both statements', () => {
    const d = kms(user(), key(DEFAULT), [ALLOW_ENCRYPT]);
    expect(d.decision).toBe('allowed');
    expect(d.matched.map((m) => `${m.sourcePolicyId}/${m.index}`)).toEqual(['default/0', 'AllowEncrypt/0']);
  });
  it('account statement, no IAM allow → implicitDeny naming the identity-based policy', () => {
    expect(kms(session(), key(DEFAULT), [])).toMatchObject({ decision: 'implicitDeny', deniedBy: 'identity' });
  });
  it('KMS guide: IAM allow without the account statement has no effect → resource-based', () => {
    const kp = key({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/Admin` }, Action: 'kms:*', Resource: '*' });
    expect(kms(user(), kp, [ALLOW_ENCRYPT])).toMatchObject({ decision: 'implicitDeny', deniedBy: 'resource' });
  });
  it('KMS guide: a key policy naming the user allows it without IAM', () => {
    const kp = key({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'kms:Encrypt', Resource: '*' });
    expect(kms(user(), kp, []).decision).toBe('allowed');
  });
  it('KMS guide: a key policy naming a role allows its sessions without IAM', () => {
    const kp = key({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/Ops` }, Action: 'kms:Encrypt', Resource: '*' });
    expect(kms(session('Ops'), kp, []).decision).toBe('allowed');
  });
  it("policy evaluation example 2: the account statement's actions bound what IAM can give", () => {
    const kp = key({ Effect: 'Allow', Principal: { AWS: A }, Action: ['kms:Decrypt'], Resource: '*' });
    const all = iam('All', { Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    expect(kms(user(), kp, [all], { action: 'kms:Decrypt' }).decision).toBe('allowed');
    expect(kms(user(), kp, [all], { action: 'kms:Encrypt' })).toMatchObject({ decision: 'implicitDeny', deniedBy: 'resource' });
  });
  it("the account statement's conditions bound IAM too", () => {
    const kp = key({ ...DEFAULT, Condition: { StringEquals: { 'kms:EncryptionContext:AppName': 'App' } } });
    expect(kms(user(), kp, [ALLOW_ENCRYPT], { context: { 'kms:EncryptionContext:AppName': 'App' } }).decision).toBe('allowed');
    const d = kms(user(), kp, [ALLOW_ENCRYPT], { context: {} });
    expect(d).toMatchObject({ decision: 'implicitDeny', deniedBy: 'resource', missingContextValues: ['kms:EncryptionContext:AppName'] });
  });
  it('an IAM allow for another key does not count', () => {
    const other = iam('Other', { Effect: 'Allow', Action: 'kms:Encrypt', Resource: `arn:aws:kms:us-east-1:${A}:key/other` });
    expect(kms(user(), key(DEFAULT), [other])).toMatchObject({ decision: 'implicitDeny', deniedBy: 'identity' });
  });
  it('missingContextValues merges the key policy and every identity policy', () => {
    const kp = key({ ...DEFAULT, Condition: { StringEquals: { 'x:a': '1' } } });
    const ip = iam('P', { Effect: 'Allow', Action: 'kms:*', Resource: '*', Condition: { StringEquals: { 'x:b': '1', 'X:A': '1' } } });
    expect(kms(user(), kp, [ip]).missingContextValues).toEqual(['x:a', 'x:b']);
  });
});

describe('decideKms: no key (IAM-only actions)', () => {
  const opts = { action: 'kms:CreateKey', resource: '*' };
  it('the root of the account is allowed', () => {
    expect(kms(root(), undefined, [], opts)).toEqual({ decision: 'allowed', matched: [], missingContextValues: [] });
  });
  it('a user needs an IAM allow', () => {
    expect(kms(user(), undefined, [], opts)).toMatchObject({ decision: 'implicitDeny', deniedBy: 'identity' });
    const d = kms(user(), undefined, [iam('Create', { Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*' })], opts);
    expect(d.decision).toBe('allowed');
    expect(d.matched.map((m) => m.sourcePolicyId)).toEqual(['Create']);
  });
  it('an IAM Deny stops even the root', () => {
    expect(kms(root(), undefined, [iam('D', { Effect: 'Deny', Action: 'kms:*', Resource: '*' })], opts).decision).toBe('explicitDeny');
  });
});

describe('decideKms: cross account', () => {
  const carol = user('carol', B);
  const ALLOW_B = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['kms:Encrypt', 'kms:DescribeKey'], Resource: '*' };
  it('KMS guide: needs the key policy AND an IAM policy in the other account', () => {
    expect(kms(carol, key(DEFAULT, ALLOW_B), [ALLOW_ENCRYPT]).decision).toBe('allowed');
    expect(kms(carol, key(DEFAULT, ALLOW_B), [])).toMatchObject({ decision: 'implicitDeny', deniedBy: 'identity' });
    expect(kms(carol, key(DEFAULT), [ALLOW_ENCRYPT])).toMatchObject({ decision: 'implicitDeny', deniedBy: 'resource' });
  });
  it('KMS guide: even a key policy naming the external user directly needs its IAM allow', () => {
    const kp = key({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:user/carol` }, Action: 'kms:Encrypt', Resource: '*' });
    expect(kms(carol, kp, [])).toMatchObject({ decision: 'implicitDeny', deniedBy: 'identity' });
    expect(kms(carol, kp, [ALLOW_ENCRYPT]).decision).toBe('allowed');
  });
  it('only for operations usable across accounts', () => {
    expect(kms(carol, key(ALLOW_B), [ALLOW_ENCRYPT], { cross: false })).toMatchObject({ decision: 'implicitDeny', deniedBy: 'resource' });
  });
  it('the root of the other account needs only the key policy (its own account gives it everything)', () => {
    expect(kms(root(B), key(ALLOW_B), []).decision).toBe('allowed');
    expect(kms(root(B), key(DEFAULT), []).decision).toBe('implicitDeny');
  });
  it('KMS guide: a grant suffices across accounts without IAM', () => {
    expect(kms(carol, key(DEFAULT), [], { grantId: 'g-1' })).toEqual({ decision: 'allowed', matched: [], missingContextValues: [], grantId: 'g-1' });
  });
});

describe('decideKms: grants', () => {
  it('a grant allows what the policies do not', () => {
    expect(kms(user(), key({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/X` }, Action: 'kms:*', Resource: '*' }), [], { grantId: 'g-2' })).toMatchObject({ decision: 'allowed', grantId: 'g-2' });
  });
  it('a policy allow is reported as such even when a grant is also given', () => {
    expect(kms(root(), key(DEFAULT), [], { grantId: 'g-3' }).grantId).toBeUndefined();
  });
  it('an explicit IAM Deny beats a grant', () => {
    expect(kms(user(), key(DEFAULT), [iam('D', { Effect: 'Deny', Action: 'kms:Encrypt', Resource: '*' })], { grantId: 'g-4' }).decision).toBe('explicitDeny');
  });
});

describe('decideIdentity', () => {
  const ROLE = `arn:aws:iam::${A}:role/Ops`;
  const id = (caller: Caller, identity: SourcedPolicy[], trust?: SourcedPolicy, action = 'iam:CreateUser', resource = `arn:aws:iam::${A}:user/x`) =>
    decideIdentity({ request: request(caller, action, resource), resourceAccount: A, identityPolicies: identity, ...(trust ? { resourcePolicy: trust } : {}) });
  const trustOf = (principal: unknown): SourcedPolicy => ({ id: 'trust', type: 'resource', document: doc([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]) });
  it('the root of the account is allowed', () => expect(id(root(), []).decision).toBe('allowed'));
  it('an identity allow allows', () => expect(id(user(), [iam('P', { Effect: 'Allow', Action: 'iam:*', Resource: '*' })]).decision).toBe('allowed'));
  it('nothing → implicitDeny (identity-based)', () => expect(id(user(), [])).toMatchObject({ decision: 'implicitDeny', deniedBy: 'identity' }));
  it('an explicit Deny beats the root too', () => expect(id(root(), [iam('D', { Effect: 'Deny', Action: '*', Resource: '*' })]).decision).toBe('explicitDeny'));
  it('IAM guide: a trust policy naming the user lets it assume the role without an IAM policy', () => {
    expect(id(user(), [], trustOf({ AWS: `arn:aws:iam::${A}:user/alice` }), 'sts:AssumeRole', ROLE).decision).toBe('allowed');
  });
  it('a trust policy naming the account needs the IAM allow too', () => {
    const allowAssume = iam('Assume', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE });
    expect(id(user(), [], trustOf({ AWS: A }), 'sts:AssumeRole', ROLE)).toMatchObject({ decision: 'implicitDeny', deniedBy: 'identity' });
    expect(id(user(), [allowAssume], trustOf({ AWS: A }), 'sts:AssumeRole', ROLE).decision).toBe('allowed');
  });
  it('a trust policy that does not name the caller denies, naming the resource-based policy, whatever IAM allows', () => {
    const allowAssume = iam('Assume', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE });
    expect(id(user(), [allowAssume], trustOf({ AWS: `arn:aws:iam::${A}:user/bob` }), 'sts:AssumeRole', ROLE)).toMatchObject({ decision: 'implicitDeny', deniedBy: 'resource' });
  });
});
