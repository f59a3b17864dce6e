// KMS requests decided as AWS KMS decides them: key policies, IAM policies of users and role
// sessions, grants with constraints, condition keys built from the request, cross-account rules,
// the lockout check, AccessDeniedException's texts, and the audit and off modes. Every call runs
// through runOperation, so the decision is the engine's, inside the request's transaction.
import { describe, expect, it } from 'vitest';
import type { AuthorizationSettings, RunContext } from '../../src/engine/context.js';
import { runOperation } from '../../src/engine/index.js';
import { service as iam } from '../../src/services/iam/index.js';
import { service as kms } from '../../src/services/kms/index.js';
import { service as sts } from '../../src/services/sts/index.js';
import { bytes, expectKmsError, makeEnv, type TestEnv } from '../engine/helpers.js';
import { A, ACCOUNT_STATEMENT, ALICE, allow, B, deny, doc, ROOT } from '../support/policies.js';


const denied = (caller: string, action: string, resource: string | undefined, why: 'resource' | 'identity' | 'deny-resource' | 'deny-identity') => {
  const on = resource === undefined ? '' : ` on resource: ${resource}`;
  const reason = {
    resource: `because no resource-based policy allows the ${action} action`,
    identity: `because no identity-based policy allows the ${action} action`,
    'deny-resource': 'with an explicit deny in a resource-based policy',
    'deny-identity': 'with an explicit deny in an identity-based policy',
  }[why];
  return `User: ${caller} is not authorized to perform: ${action}${on} ${reason}`;
};

interface World {
  env: TestEnv;
  /** Run a KMS operation as the root (no credentials). */
  root(op: string, req?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** A user with these inline policies; returns a context that calls as the user. */
  user(name: string, ...policies: string[]): Promise<RunContext>;
  as(ctx: RunContext, op: string, req?: Record<string, unknown>): Promise<Record<string, unknown>>;
  iam(op: string, req: Record<string, unknown>, ctx?: RunContext): Promise<Record<string, unknown>>;
  key(policy?: string): Promise<{ KeyId: string; Arn: string }>;
}

function world(authorization?: AuthorizationSettings): World {
  const env = makeEnv('us-east-1', 'seed', authorization ? { authorization } : {});
  const w: World = {
    env,
    root: (op, req = {}) => runOperation(env.ctx, kms, op, req),
    as: (ctx, op, req = {}) => runOperation(ctx, kms, op, req),
    iam: (op, req, ctx = env.ctx) => runOperation(ctx, iam, op, req),
    async user(name, ...policies) {
      await w.iam('CreateUser', { UserName: name });
      for (const [i, p] of policies.entries()) await w.iam('PutUserPolicy', { UserName: name, PolicyName: `p${i}`, PolicyDocument: p });
      const key = (await w.iam('CreateAccessKey', { UserName: name })).AccessKey as { AccessKeyId: string };
      return { ...env.ctx, caller: { accessKeyId: key.AccessKeyId } };
    },
    async key(policy) {
      const meta = (await w.root('CreateKey', policy ? { Policy: policy, BypassPolicyLockoutSafetyCheck: true } : {})).KeyMetadata as { KeyId: string; Arn: string };
      return meta;
    },
  };
  return w;
}

describe('the default key policy: the account delegates to IAM', () => {
  it('the root does everything; a user with no IAM policy nothing, with the identity-based text', async () => {
    const w = world();
    const { KeyId, Arn } = await w.key();
    await w.root('Encrypt', { KeyId, Plaintext: bytes('x') });
    const alice = await w.user('alice');
    await expectKmsError(w.as(alice, 'Encrypt', { KeyId, Plaintext: bytes('x') }), 'AccessDeniedException', denied(ALICE, 'kms:Encrypt', Arn, 'identity'));
    await expectKmsError(w.as(alice, 'ListKeys'), 'AccessDeniedException', denied(ALICE, 'kms:ListKeys', '*', 'identity'));
    await expectKmsError(w.as(alice, 'CreateKey'), 'AccessDeniedException', denied(ALICE, 'kms:CreateKey', '*', 'identity'));
  });

  it('an IAM allow gives exactly its actions and resources (wildcards, NotAction)', async () => {
    const w = world();
    const { KeyId, Arn } = await w.key();
    const other = await w.key();
    const alice = await w.user('alice', doc(allow(['kms:Encrypt', 'kms:Describe*'], { Resource: Arn })));
    const ct = (await w.as(alice, 'Encrypt', { KeyId, Plaintext: bytes('x') })).CiphertextBlob;
    expect((await w.as(alice, 'DescribeKey', { KeyId })).KeyMetadata).toMatchObject({ KeyId });
    await expectKmsError(w.as(alice, 'Decrypt', { CiphertextBlob: ct }), 'AccessDeniedException', denied(ALICE, 'kms:Decrypt', Arn, 'identity'));
    await expectKmsError(w.as(alice, 'Encrypt', { KeyId: other.KeyId, Plaintext: bytes('x') }), 'AccessDeniedException', denied(ALICE, 'kms:Encrypt', other.Arn, 'identity'));
    const bob = await w.user('bob', doc({ Effect: 'Allow', NotAction: 'kms:Decrypt', Resource: '*' }));
    await w.as(bob, 'Encrypt', { KeyId: other.KeyId, Plaintext: bytes('x') });
    await expectKmsError(w.as(bob, 'Decrypt', { CiphertextBlob: ct }), 'AccessDeniedException', denied(`arn:aws:iam::${A}:user/bob`, 'kms:Decrypt', Arn, 'identity'));
  });

  it('an explicit Deny wins: in an IAM policy, in the key policy, over a grant', async () => {
    const w = world();
    const { KeyId, Arn } = await w.key(doc(ACCOUNT_STATEMENT, { Sid: 'NoAliceDecrypt', Effect: 'Deny', Principal: { AWS: ALICE }, Action: 'kms:Decrypt', Resource: '*' }));
    const alice = await w.user('alice', doc(allow('kms:*')), doc(deny('kms:ScheduleKeyDeletion')));
    const ct = (await w.as(alice, 'Encrypt', { KeyId, Plaintext: bytes('x') })).CiphertextBlob;
    await expectKmsError(w.as(alice, 'Decrypt', { CiphertextBlob: ct }), 'AccessDeniedException', denied(ALICE, 'kms:Decrypt', Arn, 'deny-resource'));
    await expectKmsError(w.as(alice, 'ScheduleKeyDeletion', { KeyId }), 'AccessDeniedException', denied(ALICE, 'kms:ScheduleKeyDeletion', Arn, 'deny-identity'));
    await w.root('CreateGrant', { KeyId, GranteePrincipal: ALICE, Operations: ['Decrypt'] });
    await expectKmsError(w.as(alice, 'Decrypt', { CiphertextBlob: ct }), 'AccessDeniedException', denied(ALICE, 'kms:Decrypt', Arn, 'deny-resource'));
    // nothing changed: the key is still enabled
    expect(((await w.root('DescribeKey', { KeyId })).KeyMetadata as { KeyState: string }).KeyState).toBe('Enabled');
  });
});

describe('a stored policy the evaluator cannot read', () => {
  it('refuses the call and names that policy, the IAM one or the key\'s', async () => {
    const w = world();
    const { KeyId } = await w.key();
    // IAM's write-time check is lighter than the evaluator: a statement without Effect gets in
    const alice = await w.user('alice', JSON.stringify({ Statement: [{ Action: 'kms:*', Resource: '*' }] }));
    await expectKmsError(w.as(alice, 'DescribeKey', { KeyId }), 'MalformedPolicyDocumentException',
      `the IAM policy p0 of ${ALICE} cannot be evaluated (Policy statement is missing the required field Effect.); replace it with kms iam put-user-policy, put-role-policy or create-policy`);
    const { KeyId: old } = await w.key();
    await w.env.tx(async (ctx) => {
      const name = `key/us-east-1/${old}`;
      const record = (await ctx.store.get<Record<string, unknown>>(name))!;
      ctx.store.put(name, { ...record, Policy: JSON.stringify({ Statement: [{ Principal: '*', Action: 'kms:*', Resource: '*' }] }) });
    });
    await expectKmsError(w.root('DescribeKey', { KeyId: old }), 'MalformedPolicyDocumentException', /^the key policy of arn:aws:kms:us-east-1:111122223333:key\/[0-9a-f-]{36} cannot be evaluated \(Policy statement is missing the required field Effect\.\)/);
  });
});

describe('key policies that name principals', () => {
  it('a statement naming the user allows it without IAM; the root is bound by the policy too', async () => {
    const w = world();
    const policy = doc({ Sid: 'Alice', Effect: 'Allow', Principal: { AWS: ALICE }, Action: ['kms:Encrypt', 'kms:PutKeyPolicy', 'kms:GetKeyPolicy'], Resource: '*' });
    await w.user('alice');
    const { KeyId, Arn } = await w.key(policy);
    const alice = { ...w.env.ctx, caller: { principalArn: ALICE } };
    await w.as(alice, 'Encrypt', { KeyId, Plaintext: bytes('x') });
    await expectKmsError(w.root('Encrypt', { KeyId, Plaintext: bytes('x') }), 'AccessDeniedException', denied(ROOT, 'kms:Encrypt', Arn, 'resource'));
    await expectKmsError(w.as(alice, 'DisableKey', { KeyId }), 'AccessDeniedException', denied(ALICE, 'kms:DisableKey', Arn, 'resource'));
  });

  it('a role session matches a statement naming its role', async () => {
    const w = world();
    const trust = doc({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'sts:AssumeRole' });
    const role = (await w.iam('CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: trust })).Role as { Arn: string };
    const { KeyId } = await w.key(doc(ACCOUNT_STATEMENT, { Effect: 'Allow', Principal: { AWS: role.Arn }, Action: 'kms:Encrypt', Resource: '*' }));
    const deployer = await w.user('deployer', doc(allow('sts:AssumeRole', { Resource: role.Arn })));
    await expectKmsError(runOperation(w.env.ctx, sts, 'AssumeRole', { RoleArn: role.Arn, RoleSessionName: 's1' }), 'AccessDenied', 'Roles may not be assumed by root accounts.');
    const creds = (await runOperation(deployer, sts, 'AssumeRole', { RoleArn: role.Arn, RoleSessionName: 's1' })).Credentials as { AccessKeyId: string; SessionToken: string };
    const session = { ...w.env.ctx, caller: { accessKeyId: creds.AccessKeyId, sessionToken: creds.SessionToken } };
    expect((await w.as(session, 'Encrypt', { KeyId, Plaintext: bytes('x') })).KeyId).toContain(KeyId);
    await expectKmsError(w.as(session, 'DescribeKey', { KeyId }), 'AccessDeniedException',
      denied(`arn:aws:sts::${A}:assumed-role/app/s1`, 'kms:DescribeKey', `arn:aws:kms:us-east-1:${A}:key/${KeyId}`, 'identity'));
    // the session expires on the engine's clock
    w.env.clock.advance(3601_000);
    await expectKmsError(w.as(session, 'Encrypt', { KeyId, Plaintext: bytes('x') }), 'ExpiredTokenException', 'The security token included in the request is expired');
  });

  it('the account statement bounds what IAM can give (IAM guide example: the key policy gives the account only Encrypt)', async () => {
    const w = world();
    const { KeyId, Arn } = await w.key(doc({ Effect: 'Allow', Principal: { AWS: A }, Action: ['kms:Encrypt'], Resource: '*' }));
    const alice = await w.user('alice', doc(allow('kms:*')));
    await w.as(alice, 'Encrypt', { KeyId, Plaintext: bytes('x') });
    await expectKmsError(w.as(alice, 'DescribeKey', { KeyId }), 'AccessDeniedException', denied(ALICE, 'kms:DescribeKey', Arn, 'resource'));
  });
});

describe('condition keys from the request', () => {
  it('kms:EncryptionContext:<key> (key case-insensitive) and kms:EncryptionContextKeys', async () => {
    const w = world();
    const policy = doc(ACCOUNT_STATEMENT, {
      Effect: 'Allow', Principal: { AWS: ALICE }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:Project': 'alpha' } },
    });
    await w.user('alice');
    const { KeyId, Arn } = await w.key(policy);
    const alice = { ...w.env.ctx, caller: { principalArn: ALICE } };
    const ct = (await w.as(alice, 'Encrypt', { KeyId, Plaintext: bytes('x'), EncryptionContext: { project: 'alpha' } })).CiphertextBlob;
    await w.as(alice, 'Decrypt', { CiphertextBlob: ct, EncryptionContext: { project: 'alpha' } });
    // the key policy still trusts the account, so the missing allow is alice's IAM one
    await expectKmsError(w.as(alice, 'Encrypt', { KeyId, Plaintext: bytes('x'), EncryptionContext: { project: 'Alpha' } }), 'AccessDeniedException', denied(ALICE, 'kms:Encrypt', Arn, 'identity'));
    await expectKmsError(w.as(alice, 'Encrypt', { KeyId, Plaintext: bytes('x') }), 'AccessDeniedException');
    const keys = await w.user('bob', doc(allow('kms:Encrypt', { Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['a', 'b'] }, Null: { 'kms:EncryptionContextKeys': 'false' } } })));
    const { KeyId: k2 } = await w.key();
    await w.as(keys, 'Encrypt', { KeyId: k2, Plaintext: bytes('x'), EncryptionContext: { a: '1' } });
    await expectKmsError(w.as(keys, 'Encrypt', { KeyId: k2, Plaintext: bytes('x'), EncryptionContext: { a: '1', c: '2' } }), 'AccessDeniedException');
    await expectKmsError(w.as(keys, 'Encrypt', { KeyId: k2, Plaintext: bytes('x') }), 'AccessDeniedException');
  });

  it('kms:RequestAlias, kms:ResourceAliases, aws:ResourceTag/<k> and the defaults of absent parameters', async () => {
    const w = world();
    const { KeyId } = await w.key();
    await w.root('CreateAlias', { AliasName: 'alias/app', TargetKeyId: KeyId });
    await w.root('TagResource', { KeyId, Tags: [{ TagKey: 'team', TagValue: 'red' }] });
    const viaAlias = await w.user('a1', doc(allow('kms:Encrypt', { Condition: { StringEquals: { 'kms:RequestAlias': 'alias/app' } } })));
    await w.as(viaAlias, 'Encrypt', { KeyId: 'alias/app', Plaintext: bytes('x') });
    await expectKmsError(w.as(viaAlias, 'Encrypt', { KeyId, Plaintext: bytes('x') }), 'AccessDeniedException');
    const byAlias = await w.user('a2', doc(allow('kms:Encrypt', { Condition: { 'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/ap*' } } })));
    await w.as(byAlias, 'Encrypt', { KeyId, Plaintext: bytes('x') });
    const byTag = await w.user('a3', doc(allow('kms:Encrypt', { Condition: { StringEquals: { 'aws:ResourceTag/team': 'red' } } })));
    await w.as(byTag, 'Encrypt', { KeyId, Plaintext: bytes('x') });
    await w.root('TagResource', { KeyId, Tags: [{ TagKey: 'team', TagValue: 'blue' }] });
    await expectKmsError(w.as(byTag, 'Encrypt', { KeyId, Plaintext: bytes('x') }), 'AccessDeniedException');
    // EncryptionAlgorithm is SYMMETRIC_DEFAULT when the request leaves it out
    const alg = await w.user('a4', doc(allow('kms:Encrypt', { Condition: { StringEquals: { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } } })));
    await w.as(alg, 'Encrypt', { KeyId, Plaintext: bytes('x') });
    // ScheduleKeyDeletion's window defaults to 30 days
    const window = await w.user('a5', doc(allow('kms:ScheduleKeyDeletion', { Condition: { NumericGreaterThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 30 } } })));
    await expectKmsError(w.as(window, 'ScheduleKeyDeletion', { KeyId, PendingWindowInDays: 7 }), 'AccessDeniedException');
    await w.as(window, 'ScheduleKeyDeletion', { KeyId });
  });

  it('kms:GrantIsForAWSResource: true only when an AWS service makes the grant call (via_service)', async () => {
    const w = world();
    const policy = doc(ACCOUNT_STATEMENT, {
      Sid: 'Allow attachment of persistent resources', Effect: 'Allow', Principal: { AWS: ALICE }, Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'], Resource: '*',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
    await w.user('alice');
    const { KeyId } = await w.key(policy);
    const direct = { ...w.env.ctx, caller: { principalArn: ALICE } };
    await expectKmsError(w.as(direct, 'ListGrants', { KeyId }), 'AccessDeniedException');
    const throughEbs = { ...direct, authorization: { mode: 'enforce' as const, viaService: 'ec2' } };
    expect((await w.as(throughEbs, 'ListGrants', { KeyId })).Grants).toEqual([]);
  });

  it('CreateKey: kms:KeySpec with its default, and kms:TagResource for tags, a secondary permission named without a resource', async () => {
    const w = world();
    const alice = await w.user('alice', doc(allow('kms:CreateKey', { Condition: { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } } })));
    const created = (await w.as(alice, 'CreateKey')).KeyMetadata as { KeyId: string };
    expect(created.KeyId).toMatch(/^[0-9a-f-]{36}$/);
    await expectKmsError(w.as(alice, 'CreateKey', { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }), 'AccessDeniedException', denied(ALICE, 'kms:CreateKey', '*', 'identity'));
    await expectKmsError(w.as(alice, 'CreateKey', { Tags: [{ TagKey: 'a', TagValue: 'b' }] }), 'AccessDeniedException', denied(ALICE, 'kms:TagResource', undefined, 'identity'));
    expect(((await w.root('ListKeys')).Keys as unknown[]).length).toBe(1);
  });
});

describe('operations with more than one permission', () => {
  it('ReEncrypt needs kms:ReEncryptFrom on the source and kms:ReEncryptTo on the destination', async () => {
    const w = world();
    const src = await w.key();
    const dst = await w.key();
    const ct = (await w.root('Encrypt', { KeyId: src.KeyId, Plaintext: bytes('x') })).CiphertextBlob;
    const alice = await w.user('alice', doc(allow('kms:ReEncryptFrom', { Resource: src.Arn })));
    await expectKmsError(w.as(alice, 'ReEncrypt', { CiphertextBlob: ct, DestinationKeyId: dst.KeyId }), 'AccessDeniedException', denied(ALICE, 'kms:ReEncryptTo', dst.Arn, 'identity'));
    const bob = await w.user('bob', doc(allow('kms:ReEncrypt*')));
    expect((await w.as(bob, 'ReEncrypt', { CiphertextBlob: ct, DestinationKeyId: dst.KeyId })).KeyId).toBe(dst.Arn);
  });

  it('UpdatePrimaryRegion needs the permission on the primary and on the replica that becomes primary', async () => {
    const w = world();
    const primary = (await w.root('CreateKey', { MultiRegion: true })).KeyMetadata as { KeyId: string };
    const replicaPolicy = doc({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: ['kms:Describe*', 'kms:Get*'], Resource: '*' });
    await w.root('ReplicateKey', { KeyId: primary.KeyId, ReplicaRegion: 'eu-west-1', Policy: replicaPolicy, BypassPolicyLockoutSafetyCheck: true });
    const replicaArn = `arn:aws:kms:eu-west-1:${A}:key/${primary.KeyId}`;
    await expectKmsError(w.root('UpdatePrimaryRegion', { KeyId: primary.KeyId, PrimaryRegion: 'eu-west-1' }), 'AccessDeniedException', denied(ROOT, 'kms:UpdatePrimaryRegion', replicaArn, 'resource'));
    // nothing moved
    expect(((await w.root('DescribeKey', { KeyId: primary.KeyId })).KeyMetadata as { MultiRegionConfiguration: { MultiRegionKeyType: string } }).MultiRegionConfiguration.MultiRegionKeyType).toBe('PRIMARY');
  });

  it('UpdateAlias checks the alias (IAM) and both keys', async () => {
    const w = world();
    const k1 = await w.key();
    const k2 = await w.key(doc({ Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:Describe*', Resource: '*' }));
    await w.root('CreateAlias', { AliasName: 'alias/app', TargetKeyId: k1.KeyId });
    const alice = await w.user('alice', doc(allow('kms:UpdateAlias')));
    await expectKmsError(w.as(alice, 'UpdateAlias', { AliasName: 'alias/app', TargetKeyId: k2.KeyId }), 'AccessDeniedException', denied(ALICE, 'kms:UpdateAlias', k2.Arn, 'resource'));
    const k3 = await w.key();
    await w.as(alice, 'UpdateAlias', { AliasName: 'alias/app', TargetKeyId: k3.KeyId });
    const narrow = await w.user('bob', doc(allow('kms:UpdateAlias', { Resource: k1.Arn }), allow('kms:UpdateAlias', { Resource: k3.Arn })));
    await expectKmsError(w.as(narrow, 'UpdateAlias', { AliasName: 'alias/app', TargetKeyId: k1.KeyId }), 'AccessDeniedException',
      denied(`arn:aws:iam::${A}:user/bob`, 'kms:UpdateAlias', `arn:aws:kms:us-east-1:${A}:alias/app`, 'identity'));
  });
});

describe('grants authorize', () => {
  it('the grantee, for the grant\'s operations, when its constraints hold; a role session through its role', async () => {
    const w = world();
    const { KeyId, Arn } = await w.key();
    await w.user('alice');
    const alice = { ...w.env.ctx, caller: { principalArn: ALICE } };
    const ct = (await w.root('Encrypt', { KeyId, Plaintext: bytes('x'), EncryptionContext: { app: 'a', env: 'prod' } })).CiphertextBlob;
    await expectKmsError(w.as(alice, 'Decrypt', { CiphertextBlob: ct, EncryptionContext: { app: 'a', env: 'prod' } }), 'AccessDeniedException', denied(ALICE, 'kms:Decrypt', Arn, 'identity'));
    const grant = await w.root('CreateGrant', { KeyId, GranteePrincipal: ALICE, RetiringPrincipal: ROOT, Operations: ['Decrypt', 'CreateGrant'], Constraints: { EncryptionContextSubset: { app: 'a' } } });
    await w.as(alice, 'Decrypt', { CiphertextBlob: ct, EncryptionContext: { app: 'a', env: 'prod' } });
    const other = (await w.root('Encrypt', { KeyId, Plaintext: bytes('x'), EncryptionContext: { app: 'b' } })).CiphertextBlob;
    await expectKmsError(w.as(alice, 'Decrypt', { CiphertextBlob: other, EncryptionContext: { app: 'b' } }), 'AccessDeniedException');
    await expectKmsError(w.as(alice, 'Encrypt', { KeyId, Plaintext: bytes('x') }), 'AccessDeniedException');
    // a grant made by the grant: a subset of its operations, constraints at least as strict
    await expectKmsError(w.as(alice, 'CreateGrant', { KeyId, GranteePrincipal: `arn:aws:iam::${A}:user/bob`, Operations: ['Encrypt'] }), 'AccessDeniedException');
    await expectKmsError(w.as(alice, 'CreateGrant', { KeyId, GranteePrincipal: `arn:aws:iam::${A}:user/bob`, Operations: ['Decrypt'] }), 'AccessDeniedException');
    await w.as(alice, 'CreateGrant', { KeyId, GranteePrincipal: `arn:aws:iam::${A}:user/bob`, Operations: ['Decrypt'], Constraints: { EncryptionContextEquals: { app: 'a', env: 'prod' } } });
    // RetireGrant: by the retiring principal (the root here), not by the grantee without RetireGrant
    await expectKmsError(w.as(alice, 'RetireGrant', { KeyId, GrantId: grant.GrantId }), 'AccessDeniedException');
    await w.root('RetireGrant', { KeyId, GrantId: grant.GrantId });
    await expectKmsError(w.as(alice, 'Decrypt', { CiphertextBlob: ct, EncryptionContext: { app: 'a', env: 'prod' } }), 'AccessDeniedException');
  });
});

describe('across accounts', () => {
  it('needs the key policy and an IAM policy in the caller\'s account, and only for cross-account operations', async () => {
    const w = world();
    const { KeyId, Arn } = await w.key(doc(ACCOUNT_STATEMENT, { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['kms:Encrypt', 'kms:DescribeKey', 'kms:DisableKey'], Resource: '*' }));
    // bob lives in account B (IAM is per account; the same keyring holds both)
    const inB: RunContext = { ...w.env.ctx, account: B };
    await w.iam('CreateUser', { UserName: 'bob' }, inB);
    const key = (await w.iam('CreateAccessKey', { UserName: 'bob' }, inB)).AccessKey as { AccessKeyId: string };
    const bob = { ...w.env.ctx, caller: { accessKeyId: key.AccessKeyId } };
    const BOB = `arn:aws:iam::${B}:user/bob`;
    await expectKmsError(w.as(bob, 'Encrypt', { KeyId: Arn, Plaintext: bytes('x') }), 'AccessDeniedException', denied(BOB, 'kms:Encrypt', Arn, 'identity'));
    await w.iam('PutUserPolicy', { UserName: 'bob', PolicyName: 'use', PolicyDocument: doc(allow(['kms:Encrypt', 'kms:DescribeKey', 'kms:DisableKey'])) }, inB);
    await w.as(bob, 'Encrypt', { KeyId: Arn, Plaintext: bytes('x') });
    expect((await w.as(bob, 'DescribeKey', { KeyId: Arn })).KeyMetadata).toMatchObject({ KeyId });
    // DisableKey is not a cross-account operation: both sides allow it, still denied
    await expectKmsError(w.as(bob, 'DisableKey', { KeyId: Arn }), 'AccessDeniedException', denied(BOB, 'kms:DisableKey', Arn, 'resource'));
  });
});

describe('the lockout safety check is a real evaluation', () => {
  it('of kms:PutKeyPolicy for the caller, with its IAM policies', async () => {
    const w = world();
    const lockout = 'The new key policy will not allow you to update the key policy in the future.';
    const alice = await w.user('alice', doc(allow(['kms:CreateKey', 'kms:Describe*'])));
    // the default policy trusts the account, but alice's IAM policies do not give her PutKeyPolicy
    await expectKmsError(w.as(alice, 'CreateKey', { Policy: doc(ACCOUNT_STATEMENT) }), 'MalformedPolicyDocumentException', lockout);
    await w.as(alice, 'CreateKey', { Policy: doc(ACCOUNT_STATEMENT), BypassPolicyLockoutSafetyCheck: true });
    // a statement naming alice herself passes; one naming a principal of another account is accepted in the policy
    await w.as(alice, 'CreateKey', { Policy: doc({ Effect: 'Allow', Principal: { AWS: [ALICE, `arn:aws:iam::${B}:role/not-here`] }, Action: 'kms:*', Resource: '*' }) });
    // a Deny with a condition that holds for the caller locks it out too
    await expectKmsError(w.root('CreateKey', { Policy: doc(ACCOUNT_STATEMENT, { Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': A } } }) }), 'MalformedPolicyDocumentException', lockout);
  });
});

describe('the authorization setting', () => {
  it('audit reports the would-be denial and allows; off decides nothing; --debug names the caller and the decision', async () => {
    const lines: string[] = [];
    const audit = world({ mode: 'audit', report: (l) => lines.push(l) });
    const { KeyId, Arn } = await audit.key();
    const alice = await audit.user('alice');
    await audit.as(alice, 'Encrypt', { KeyId, Plaintext: bytes('x') });
    expect(lines).toEqual([`authorization audit: would deny: ${denied(ALICE, 'kms:Encrypt', Arn, 'identity')}`]);

    const off = world({ mode: 'off' });
    const k = await off.key(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'kms:Encrypt', Resource: '*' }));
    await off.root('DisableKey', { KeyId: k.KeyId });

    const debug: string[] = [];
    const dbg = world({ mode: 'enforce', debug: true, report: (l) => debug.push(l) });
    const d = await dbg.key();
    await dbg.root('DescribeKey', { KeyId: d.KeyId });
    expect(debug).toContain(`authorization: DescribeKey runs as ${ROOT}`);
    expect(debug.some((l) => l.startsWith(`authorization: ${ROOT} kms:DescribeKey on ${d.Arn}: allowed`) && l.includes('Enable IAM User Permissions'))).toBe(true);
  });
});
