// evaluatePolicy: principal forms, the account principal, NotPrincipal/NotAction/NotResource, and
// Action/Resource matching.
import { describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../src/authz/index.js';
import type { Caller } from '../../src/authz/types.js';
import { A, B, doc, KEY, request, root, session, user } from './support.js';

const keyPolicy = (statements: unknown[]) => ({ id: 'default', type: 'resource' as const, document: doc(statements) });
const allow = (Principal: unknown, extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Principal, Action: 'kms:*', Resource: '*', ...extra });

/** Which list the single statement lands in for `caller`. */
function level(principal: unknown, caller: Caller, effect = 'Allow'): string {
  const e = evaluatePolicy(keyPolicy([{ ...allow(principal), Effect: effect }]), request(caller), 'resource');
  return e.allows.length ? 'direct' : e.accountAllows.length ? 'account' : e.denies.length ? 'deny' : 'none';
}

describe('principals', () => {
  const rows: [name: string, principal: unknown, caller: Caller, expected: string][] = [
    ['"*" names everyone', '*', user(), 'direct'],
    ['{"AWS": "*"}', { AWS: '*' }, session(), 'direct'],
    ['a user by ARN', { AWS: `arn:aws:iam::${A}:user/alice` }, user(), 'direct'],
    ['another user', { AWS: `arn:aws:iam::${A}:user/bob` }, user(), 'none'],
    ['KMS guide: a role names its sessions', { AWS: `arn:aws:iam::${A}:role/Ops` }, session(), 'direct'],
    ['a role session by its own ARN', { AWS: `arn:aws:sts::${A}:assumed-role/Ops/s1` }, session(), 'direct'],
    ['another session of the role is not this one', { AWS: `arn:aws:sts::${A}:assumed-role/Ops/s2` }, session(), 'none'],
    ['KMS guide: the account principal (root ARN) for a user is an account allow', { AWS: `arn:aws:iam::${A}:root` }, user(), 'account'],
    ['a 12-digit account id is the account principal', { AWS: A }, session(), 'account'],
    ['the account principal is the root itself: direct for the root', { AWS: `arn:aws:iam::${A}:root` }, root(), 'direct'],
    ['a 12-digit id, root caller', { AWS: [A] }, root(), 'direct'],
    ['another account', { AWS: `arn:aws:iam::${B}:root` }, user(), 'none'],
    ['cross-account account principal for its user', { AWS: B }, user('carol', B), 'account'],
    ['a service principal never names an IAM caller', { Service: 'logs.amazonaws.com' }, root(), 'none'],
    ['Federated never matches', { Federated: 'cognito-identity.amazonaws.com' }, user(), 'none'],
    ['CanonicalUser never matches', { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }, user(), 'none'],
    ['a mixed principal: the AWS list counts', { Service: 's3.amazonaws.com', AWS: [`arn:aws:iam::${A}:user/alice`] }, user(), 'direct'],
  ];
  it.each(rows)('%s', (_n, principal, caller, expected) => {
    expect(level(principal, caller)).toBe(expected);
  });
  it('a Deny naming the account root denies every principal of the account', () => {
    for (const c of [root(), user(), session()]) expect(level({ AWS: `arn:aws:iam::${A}:root` }, c, 'Deny')).toBe('deny');
    expect(level({ AWS: `arn:aws:iam::${A}:root` }, user('x', B), 'Deny')).toBe('none');
  });
});

describe('NotPrincipal with Deny (IAM guide: AWS JSON policy elements: NotPrincipal)', () => {
  const denies = (notPrincipal: unknown, caller: Caller) =>
    evaluatePolicy(keyPolicy([{ Effect: 'Deny', NotPrincipal: notPrincipal, Action: 'kms:*', Resource: '*' }]), request(caller), 'resource').denies.length === 1;
  const bob = `arn:aws:iam::${A}:user/bob`;
  it('IAM guide example: all principals except Bob (with his account) are denied', () => {
    const np = { AWS: [bob, `arn:aws:iam::${A}:root`] };
    expect(denies(np, user('bob'))).toBe(false);
    expect(denies(np, user('mallory'))).toBe(true);
    expect(denies(np, user('bob', B))).toBe(true);
  });
  it('a listed account root does not exempt the other users of the account, only the root', () => {
    const np = { AWS: `arn:aws:iam::${A}:root` };
    expect(denies(np, root())).toBe(false);
    expect(denies(np, user())).toBe(true);
  });
  it('a user listed without its account is still denied ("you must also specify the account ARN")', () => {
    expect(denies({ AWS: bob }, user('bob'))).toBe(true);
  });
  it('a listed role (with its account) exempts sessions of the role', () => {
    const np = { AWS: [`arn:aws:iam::${A}:role/Ops`, A] };
    expect(denies(np, session('Ops', 'any-session'))).toBe(false);
    expect(denies(np, session('Dev'))).toBe(true);
  });
  it('NotPrincipal "*" exempts everyone', () => {
    expect(denies({ AWS: '*' }, user())).toBe(false);
  });
});

describe('actions and resources', () => {
  const identity = (statement: Record<string, unknown>) => ({ id: 'inline', type: 'user' as const, document: doc([{ Effect: 'Allow', ...statement }]) });
  const allows = (statement: Record<string, unknown>, action: string, resource = KEY) =>
    evaluatePolicy(identity(statement), request(user(), action, resource), 'identity').allows.length === 1;
  it.each<[string, Record<string, unknown>, string, string, boolean]>([
    ['kms:* covers every KMS action', { Action: 'kms:*', Resource: '*' }, 'kms:Decrypt', KEY, true],
    ['actions are case-insensitive', { Action: 'KMS:decrypt', Resource: '*' }, 'kms:Decrypt', KEY, true],
    ['KMS guide: kms:ReEncrypt* covers ReEncryptFrom', { Action: 'kms:ReEncrypt*', Resource: '*' }, 'kms:ReEncryptFrom', KEY, true],
    ['KMS guide: kms:GenerateDataKey* does not cover Encrypt', { Action: 'kms:GenerateDataKey*', Resource: '*' }, 'kms:Encrypt', KEY, false],
    ['? is one character', { Action: 'kms:?ncrypt', Resource: '*' }, 'kms:Encrypt', KEY, true],
    ['another service', { Action: 's3:*', Resource: '*' }, 'kms:Encrypt', KEY, false],
    ['NotAction: every action but those listed', { NotAction: 'kms:Decrypt', Resource: '*' }, 'kms:Encrypt', KEY, true],
    ['NotAction: a listed action is not covered', { NotAction: ['kms:Decrypt', 'kms:Encrypt'], Resource: '*' }, 'kms:Encrypt', KEY, false],
    ['KMS guide: a key ARN in Resource', { Action: 'kms:Encrypt', Resource: KEY }, 'kms:Encrypt', KEY, true],
    ['KMS guide: arn:aws:kms:*:111122223333:key/*', { Action: 'kms:Encrypt', Resource: `arn:aws:kms:*:${A}:key/*` }, 'kms:Encrypt', KEY, true],
    ['resources are case-sensitive', { Action: 'kms:Encrypt', Resource: KEY.toUpperCase() }, 'kms:Encrypt', KEY, false],
    ['another key', { Action: 'kms:Encrypt', Resource: `arn:aws:kms:us-east-1:${A}:key/other` }, 'kms:Encrypt', KEY, false],
    ['NotResource: every resource but those listed', { Action: 'kms:Encrypt', NotResource: `arn:aws:kms:us-east-1:${A}:key/other` }, 'kms:Encrypt', KEY, true],
    ['NotResource: a listed resource is not covered', { Action: 'kms:Encrypt', NotResource: `arn:aws:kms:*:${A}:key/*` }, 'kms:Encrypt', KEY, false],
    ['a key ARN does not cover an action on *', { Action: 'kms:CreateKey', Resource: KEY }, 'kms:CreateKey', '*', false],
    ['KMS guide: arn:aws:kms:REGION:ACCOUNT:* covers an action on *', { Action: 'kms:CreateKey', Resource: `arn:aws:kms:us-east-1:${A}:*` }, 'kms:CreateKey', '*', true],
    ["another service's ARN does not cover kms on *", { Action: 'kms:CreateKey', Resource: 'arn:aws:s3:::*' }, 'kms:CreateKey', '*', false],
    ['an identity statement without Resource covers nothing', { Action: 'kms:Encrypt' }, 'kms:Encrypt', KEY, false],
  ])('%s', (_n, statement, action, resource, expected) => {
    expect(allows(statement, action, resource)).toBe(expected);
  });
  it('a trust policy statement without Resource is about its own resource', () => {
    const trust = { id: 'trust', type: 'resource' as const, document: doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' }]) };
    expect(evaluatePolicy(trust, request(user(), 'sts:AssumeRole', `arn:aws:iam::${A}:role/Ops`), 'resource').allows).toHaveLength(1);
  });
  it('reports the matched statements with Sid and position', () => {
    const p = { id: 'default', type: 'resource' as const, document: doc([allow('*', { Action: 's3:*' }), { ...allow('*'), Sid: 'Use' }, { Effect: 'Deny', Principal: '*', Action: 'kms:Encrypt', Resource: '*' }]) };
    const e = evaluatePolicy(p, request(user()), 'resource');
    expect(e.allows).toEqual([{ sourcePolicyId: 'default', sourcePolicyType: 'resource', sid: 'Use', index: 1, effect: 'Allow' }]);
    expect(e.denies).toEqual([{ sourcePolicyId: 'default', sourcePolicyType: 'resource', index: 2, effect: 'Deny' }]);
  });
  it('conditions of statements whose principal does not match are not evaluated (nothing missing)', () => {
    const p = keyPolicy([allow({ AWS: `arn:aws:iam::${B}:root` }, { Condition: { StringEquals: { 'x:k': 'v' } } })]);
    expect(evaluatePolicy(p, request(user()), 'resource').missing).toEqual([]);
  });
  it('an unparseable stored policy throws rather than being skipped', () => {
    expect(() => evaluatePolicy({ id: 'x', type: 'user', document: '{' }, request(user()), 'identity')).toThrow('The policy is not a valid JSON document.');
  });
});
