// `kms iam`: users, roles, inline and customer managed policies, attachments and access keys,
// through the in-process command line (AWS's output shapes, texts and exit codes) and the engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOperation } from '../../src/engine/index.js';
import { callerOf, identityPoliciesOf, roleTrustPolicy, secretOf } from '../../src/services/iam/callers.js';
import { service as iam } from '../../src/services/iam/index.js';
import { expectKmsError, makeEnv } from '../engine/helpers.js';
import { awsError, inProcessCli } from '../support/in-process-cli.js';

const cli = inProcessCli();
const { kms, ok } = cli;

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] });

beforeAll(() => cli.init());
afterAll(() => cli.cleanup());

describe('kms iam users', () => {
  it('creates, gets, lists and deletes users, with IAM ids and ARNs', async () => {
    const created = (await ok('iam', 'create-user', '--user-name', 'alice')).User;
    expect(Object.keys(created)).toEqual(['Path', 'UserName', 'UserId', 'Arn', 'CreateDate']);
    expect(created).toMatchObject({ Path: '/', UserName: 'alice', Arn: expect.stringMatching(/^arn:aws:iam::\d{12}:user\/alice$/) });
    expect(created.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    await ok('iam', 'create-user', '--user-name', 'bob', '--path', '/team/', '--tags', 'Key=dept,Value=eng');
    expect((await ok('iam', 'get-user', '--user-name', 'bob')).User).toMatchObject({ Path: '/team/', Tags: [{ Key: 'dept', Value: 'eng' }] });
    // names are one whatever their case
    expect((await ok('iam', 'get-user', '--user-name', 'ALICE')).User.UserId).toBe(created.UserId);
    const dup = await kms('iam', 'create-user', '--user-name', 'Alice');
    expect([dup.code, dup.err]).toEqual([254, awsError('EntityAlreadyExists', 'CreateUser', 'User with name Alice already exists.')]);

    const text = await kms('iam', 'list-users', '--query', 'Users[].UserName', '--output', 'text');
    expect(text.out).toBe('alice\tbob\n');
    expect((await ok('iam', 'list-users', '--path-prefix', '/team/')).Users.map((u: { UserName: string }) => u.UserName)).toEqual(['bob']);
    const paged = await ok('iam', 'list-users', '--max-items', '1');
    expect([paged.Users.length, typeof paged.NextToken]).toEqual([1, 'string']);

    await ok('iam', 'delete-user', '--user-name', 'bob');
    const gone = await kms('iam', 'get-user', '--user-name', 'bob');
    expect([gone.code, gone.err]).toEqual([254, awsError('NoSuchEntity', 'GetUser', 'The user with name bob cannot be found.')]);
  });

  it('keeps inline policies, prints their documents as JSON, and refuses malformed ones', async () => {
    await ok('iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'encrypt', '--policy-document', POLICY);
    const got = await ok('iam', 'get-user-policy', '--user-name', 'alice', '--policy-name', 'encrypt');
    expect(got).toEqual({ UserName: 'alice', PolicyName: 'encrypt', PolicyDocument: JSON.parse(POLICY) });
    expect(await ok('iam', 'list-user-policies', '--user-name', 'alice')).toEqual({ PolicyNames: ['encrypt'] });
    const bad = await kms('iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'x', '--policy-document', '{"Statement":');
    expect([bad.code, bad.err]).toEqual([254, awsError('MalformedPolicyDocument', 'PutUserPolicy', 'Syntax errors in policy.')]);
    const missing = await kms('iam', 'get-user-policy', '--user-name', 'alice', '--policy-name', 'nope');
    expect(missing.err).toBe(awsError('NoSuchEntity', 'GetUserPolicy', 'The user policy with name nope cannot be found.'));
    const conflict = await kms('iam', 'delete-user', '--user-name', 'alice');
    expect([conflict.code, conflict.err]).toEqual([254, awsError('DeleteConflict', 'DeleteUser', 'Cannot delete entity, must delete policies first.')]);
    await ok('iam', 'delete-user-policy', '--user-name', 'alice', '--policy-name', 'encrypt');
    expect(await ok('iam', 'list-user-policies', '--user-name', 'alice')).toEqual({ PolicyNames: [] });
  });

  it('issues at most two access keys per user; a user with keys cannot be deleted', async () => {
    const key = (await ok('iam', 'create-access-key', '--user-name', 'alice')).AccessKey;
    expect(key).toMatchObject({ UserName: 'alice', Status: 'Active', AccessKeyId: expect.stringMatching(/^AKIA[A-Z2-7]{16}$/) });
    expect(key.SecretAccessKey).toHaveLength(40);
    await ok('iam', 'create-access-key', '--user-name', 'alice');
    const third = await kms('iam', 'create-access-key', '--user-name', 'alice');
    expect([third.code, third.err]).toEqual([254, awsError('LimitExceeded', 'CreateAccessKey', 'Cannot exceed quota for AccessKeysPerUser: 2')]);
    const listed = (await ok('iam', 'list-access-keys', '--user-name', 'alice')).AccessKeyMetadata;
    expect(listed).toHaveLength(2);
    expect(listed[0]).not.toHaveProperty('SecretAccessKey');
    const conflict = await kms('iam', 'delete-user', '--user-name', 'alice');
    expect(conflict.err).toBe(awsError('DeleteConflict', 'DeleteUser', 'Cannot delete entity, must delete access keys first.'));
    for (const k of listed) await ok('iam', 'delete-access-key', '--user-name', 'alice', '--access-key-id', k.AccessKeyId);
    const again = await kms('iam', 'delete-access-key', '--user-name', 'alice', '--access-key-id', key.AccessKeyId);
    expect(again.err).toBe(awsError('NoSuchEntity', 'DeleteAccessKey', `The Access Key with id ${key.AccessKeyId} cannot be found.`));
  });
});

describe('kms iam roles and managed policies', () => {
  it('creates a role with its trust policy; get-role prints the document as aws does (a JSON object)', async () => {
    const role = (await ok('iam', 'create-role', '--role-name', 'app', '--assume-role-policy-document', TRUST, '--description', 'the app')).Role;
    expect(role).toMatchObject({ RoleName: 'app', Path: '/', Arn: expect.stringMatching(/:role\/app$/), AssumeRolePolicyDocument: JSON.parse(TRUST), Description: 'the app', MaxSessionDuration: 3600 });
    expect(role.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    const got = (await ok('iam', 'get-role', '--role-name', 'app')).Role;
    expect(got).toMatchObject({ AssumeRolePolicyDocument: JSON.parse(TRUST), RoleLastUsed: {} });
    expect((await ok('iam', 'list-roles')).Roles.map((r: { RoleName: string }) => r.RoleName)).toEqual(['app']);
    const dup = await kms('iam', 'create-role', '--role-name', 'app', '--assume-role-policy-document', TRUST);
    expect(dup.err).toBe(awsError('EntityAlreadyExists', 'CreateRole', 'Role with name app already exists.'));
    const bad = await kms('iam', 'create-role', '--role-name', 'bad', '--assume-role-policy-document', 'nope');
    expect(bad.err).toBe(awsError('MalformedPolicyDocument', 'CreateRole', 'This policy contains invalid Json'));
    const none = await kms('iam', 'get-role', '--role-name', 'ghost');
    expect([none.code, none.err]).toEqual([254, awsError('NoSuchEntity', 'GetRole', 'The role with name ghost cannot be found.')]);
  });

  it('puts, gets and deletes role inline policies', async () => {
    await ok('iam', 'put-role-policy', '--role-name', 'app', '--policy-name', 'enc', '--policy-document', POLICY);
    expect(await ok('iam', 'get-role-policy', '--role-name', 'app', '--policy-name', 'enc')).toEqual({ RoleName: 'app', PolicyName: 'enc', PolicyDocument: JSON.parse(POLICY) });
    expect(await ok('iam', 'list-role-policies', '--role-name', 'app')).toEqual({ PolicyNames: ['enc'] });
    const conflict = await kms('iam', 'delete-role', '--role-name', 'app');
    expect(conflict.err).toBe(awsError('DeleteConflict', 'DeleteRole', 'Cannot delete entity, must delete policies first.'));
    await ok('iam', 'delete-role-policy', '--role-name', 'app', '--policy-name', 'enc');
    const missing = await kms('iam', 'delete-role-policy', '--role-name', 'app', '--policy-name', 'enc');
    expect(missing.err).toBe(awsError('NoSuchEntity', 'DeleteRolePolicy', 'The role policy with name enc cannot be found.'));
  });

  it('creates managed policies, attaches and detaches them, counts attachments, refuses to delete attached ones', async () => {
    const policy = (await ok('iam', 'create-policy', '--policy-name', 'kms-encrypt', '--policy-document', POLICY)).Policy;
    expect(policy).toMatchObject({ PolicyName: 'kms-encrypt', DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true, Arn: expect.stringMatching(/^arn:aws:iam::\d{12}:policy\/kms-encrypt$/) });
    expect(policy.PolicyId).toMatch(/^ANPA[A-Z2-7]{17}$/);
    const dup = await kms('iam', 'create-policy', '--policy-name', 'kms-encrypt', '--policy-document', POLICY);
    expect(dup.err).toBe(awsError('EntityAlreadyExists', 'CreatePolicy', 'A policy called kms-encrypt already exists. Duplicate names are not allowed.'));
    await ok('iam', 'attach-role-policy', '--role-name', 'app', '--policy-arn', policy.Arn);
    await ok('iam', 'create-user', '--user-name', 'carol');
    await ok('iam', 'attach-user-policy', '--user-name', 'carol', '--policy-arn', policy.Arn);
    expect((await ok('iam', 'get-policy', '--policy-arn', policy.Arn)).Policy.AttachmentCount).toBe(2);
    expect(await ok('iam', 'list-attached-user-policies', '--user-name', 'carol')).toEqual({ AttachedPolicies: [{ PolicyName: 'kms-encrypt', PolicyArn: policy.Arn }] });
    expect((await ok('iam', 'list-attached-role-policies', '--role-name', 'app')).AttachedPolicies).toHaveLength(1);
    expect((await ok('iam', 'list-policies', '--scope', 'Local', '--only-attached')).Policies.map((p: { PolicyName: string }) => p.PolicyName)).toEqual(['kms-encrypt']);
    expect((await ok('iam', 'list-policies', '--scope', 'AWS')).Policies).toEqual([]);
    const ghost = policy.Arn.replace('kms-encrypt', 'ghost');
    const attachGhost = await kms('iam', 'attach-user-policy', '--user-name', 'carol', '--policy-arn', ghost);
    expect(attachGhost.err).toBe(awsError('NoSuchEntity', 'AttachUserPolicy', `Policy ${ghost} does not exist or is not attachable.`));
    const attached = await kms('iam', 'delete-policy', '--policy-arn', policy.Arn);
    expect(attached.err).toBe(awsError('DeleteConflict', 'DeletePolicy', 'Cannot delete a policy attached to entities.'));
    const roleConflict = await kms('iam', 'delete-role', '--role-name', 'app');
    expect(roleConflict.err).toBe(awsError('DeleteConflict', 'DeleteRole', 'Cannot delete entity, must detach all policies first.'));
    await ok('iam', 'detach-user-policy', '--user-name', 'carol', '--policy-arn', policy.Arn);
    await ok('iam', 'detach-role-policy', '--role-name', 'app', '--policy-arn', policy.Arn);
    const twice = await kms('iam', 'detach-role-policy', '--role-name', 'app', '--policy-arn', policy.Arn);
    expect(twice.err).toBe(awsError('NoSuchEntity', 'DetachRolePolicy', `Policy ${policy.Arn} was not found.`));
    await ok('iam', 'delete-policy', '--policy-arn', policy.Arn);
    const gone = await kms('iam', 'get-policy', '--policy-arn', policy.Arn);
    expect(gone.err).toBe(awsError('NoSuchEntity', 'GetPolicy', `Policy ${policy.Arn} was not found.`));
    await ok('iam', 'delete-role', '--role-name', 'app');
  });

  it('validates against the table (IAM name patterns), and has help for its commands', async () => {
    const bad = await kms('iam', 'create-user', '--user-name', 'bad name');
    expect(bad.code).toBe(254);
    expect(bad.err).toMatch(/Value 'bad name' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    const help = await kms('iam', 'help');
    expect(help.out).toMatch(/ {2}iam create-user {2,}Creates an IAM user/);
    const simulate = await kms('iam', 'simulate-principal-policy', '--policy-source-arn', 'arn:aws:iam::111122223333:user/x', '--action-names', 'kms:Encrypt');
    expect(simulate.err).toBe(awsError('NoSuchEntity', 'SimulatePrincipalPolicy', 'The user with name x cannot be found.'));
  });
});

describe('IAM in the engine: callers and their policies', () => {
  it('a user access key makes the call as the user; its policies are its inline and attached ones', async () => {
    const e = makeEnv();
    const run = (op: string, req: Record<string, unknown> = {}) => runOperation(e.ctx, iam, op, req);
    await run('CreateUser', { UserName: 'dave', Path: '/ops/' });
    await run('PutUserPolicy', { UserName: 'dave', PolicyName: 'inline', PolicyDocument: POLICY });
    const policy = (await run('CreatePolicy', { PolicyName: 'managed', PolicyDocument: POLICY })).Policy as { Arn: string };
    await run('AttachUserPolicy', { UserName: 'dave', PolicyArn: policy.Arn });
    const key = (await run('CreateAccessKey', { UserName: 'dave' })).AccessKey as { AccessKeyId: string; SecretAccessKey: string };

    const asDave = { ...e.ctx, caller: { accessKeyId: key.AccessKeyId } };
    const caller = await e.store.read((store) => callerOf({ ...asDave, store }));
    expect(caller).toMatchObject({ arn: 'arn:aws:iam::111122223333:user/ops/dave', kind: 'user', userName: 'dave', account: '111122223333' });
    expect(caller.userId).toMatch(/^AIDA/);
    const policies = await e.store.read((store) => identityPoliciesOf(store, caller));
    expect(policies).toEqual([
      { id: 'inline', type: 'user', document: POLICY },
      { id: policy.Arn, type: 'user-managed', document: POLICY },
    ]);
    expect(await e.store.read((s) => secretOf(s, key.AccessKeyId, e.clock.now()))).toEqual({ secretAccessKey: key.SecretAccessKey, expired: false });
    // GetUser and CreateAccessKey without a name act on the calling user, who needs the permission
    await expectKmsError(runOperation(asDave, iam, 'GetUser', {}), 'AccessDenied',
      'User: arn:aws:iam::111122223333:user/ops/dave is not authorized to perform: iam:GetUser on resource: arn:aws:iam::111122223333:user/ops/dave because no identity-based policy allows the iam:GetUser action');
    const self = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: 'arn:aws:iam::*:user/*/${aws:username}' }] });
    await run('PutUserPolicy', { UserName: 'dave', PolicyName: 'self', PolicyDocument: self });
    expect(((await runOperation(asDave, iam, 'GetUser', {})).User as { UserName: string }).UserName).toBe('dave');
    await expectKmsError(runOperation(asDave, iam, 'GetUser', { UserName: 'root-admin' }), 'AccessDenied');
    // no credentials, or a key kms did not issue: the account's root
    const root = await e.store.read((store) => callerOf({ ...e.ctx, caller: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' }, store }));
    expect(root).toEqual({ arn: 'arn:aws:iam::111122223333:root', account: '111122223333', kind: 'root', userId: '111122223333' });
    expect(await e.store.read((store) => identityPoliciesOf(store, root))).toEqual([]);
    await expectKmsError(runOperation(e.ctx, iam, 'CreateAccessKey', {}), 'ValidationError', 'Must specify userName when calling with non-User credentials');
  });

  it('a principal ARN names the caller: stored principals with their ids, others with synthetic ones', async () => {
    const e = makeEnv();
    await runOperation(e.ctx, iam, 'CreateUser', { UserName: 'erin' });
    const at = (principalArn: string) => e.store.read((store) => callerOf({ ...e.ctx, caller: { principalArn }, store }));
    expect((await at('arn:aws:iam::111122223333:user/erin')).userId).toMatch(/^AIDA/);
    const stranger = await at('arn:aws:iam::444455556666:user/zed');
    expect(stranger).toMatchObject({ kind: 'user', account: '444455556666', userName: 'zed' });
    expect(stranger.userId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(await at('arn:aws:iam::444455556666:root')).toMatchObject({ kind: 'root', userId: '444455556666' });
    expect(await at('arn:aws:sts::111122223333:assumed-role/r/s')).toMatchObject({ kind: 'assumed-role', arn: 'arn:aws:sts::111122223333:assumed-role/r/s', roleArn: 'arn:aws:iam::111122223333:role/r' });
  });

  it('gives a role trust policy as a resource policy', async () => {
    const e = makeEnv();
    const role = (await runOperation(e.ctx, iam, 'CreateRole', { RoleName: 'r', Path: '/svc/', AssumeRolePolicyDocument: TRUST })).Role as { Arn: string };
    expect(role.Arn).toBe('arn:aws:iam::111122223333:role/svc/r');
    expect(await e.store.read((s) => roleTrustPolicy(s, role.Arn))).toEqual({ id: role.Arn, type: 'resource', document: TRUST });
    expect(await e.store.read((s) => roleTrustPolicy(s, 'arn:aws:iam::111122223333:role/r'))).toBeUndefined();
    // the engine answers with the document URL-encoded, as IAM does on the wire
    expect(((await runOperation(e.ctx, iam, 'GetRole', { RoleName: 'r' })).Role as { AssumeRolePolicyDocument: string }).AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
  });
});
