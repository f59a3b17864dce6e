// `kms sts`: get-caller-identity and assume-role, and the session credentials that come back
// (recognised by iam/callers.ts until they expire on the engine's clock).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/engine/context.js';
import { runOperation } from '../../src/engine/index.js';
import { callerOf, identityPoliciesOf, secretOf } from '../../src/services/iam/callers.js';
import { service as iam } from '../../src/services/iam/index.js';
import { service as sts } from '../../src/services/sts/index.js';
import { expectKmsError, makeEnv } from '../engine/helpers.js';
import { inProcessCli } from '../support/in-process-cli.js';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }] });
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] });

describe('kms sts on the command line', () => {
  const cli = inProcessCli();
  const { kms } = cli;
  beforeAll(() => cli.init());
  afterAll(() => cli.cleanup());

  it('get-caller-identity answers the account root without credentials', async () => {
    const r = await kms('sts', 'get-caller-identity');
    expect([r.code, r.err]).toEqual([0, '']);
    const id = JSON.parse(r.out) as { UserId: string; Account: string; Arn: string };
    expect(Object.keys(id)).toEqual(['UserId', 'Account', 'Arn']);
    expect(id.Arn).toBe(`arn:aws:iam::${id.Account}:root`);
    expect(id.UserId).toBe(id.Account);
  });

  it('assume-role returns session credentials; the root and an unknown role are AccessDenied (exit 254)', async () => {
    const role = JSON.parse((await kms('iam', 'create-role', '--role-name', 'app', '--assume-role-policy-document', TRUST)).out).Role as { Arn: string; RoleId: string };
    const asRoot = await kms('sts', 'assume-role', '--role-arn', role.Arn, '--role-session-name', 'ci');
    expect([asRoot.code, asRoot.err]).toEqual([254, '\nAn error occurred (AccessDenied) when calling the AssumeRole operation: Roles may not be assumed by root accounts.\n']);
    // a user the trust policy's account lets assume it through IAM
    await kms('iam', 'create-user', '--user-name', 'ci');
    await kms('iam', 'put-user-policy', '--user-name', 'ci', '--policy-name', 'assume', '--policy-document', JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }));
    const key = (JSON.parse((await kms('iam', 'create-access-key', '--user-name', 'ci')).out) as { AccessKey: { AccessKeyId: string; SecretAccessKey: string } }).AccessKey;
    Object.assign(cli.env, { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey });
    const r = await kms('sts', 'assume-role', '--role-arn', role.Arn, '--role-session-name', 'ci', '--duration-seconds', '900');
    expect([r.code, r.err]).toEqual([0, '']);
    const out = JSON.parse(r.out) as { Credentials: Record<string, string>; AssumedRoleUser: Record<string, string> };
    expect(out.Credentials.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials.SessionToken.length).toBeGreaterThan(100);
    expect(out.AssumedRoleUser).toEqual({ AssumedRoleId: `${role.RoleId}:ci`, Arn: role.Arn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/') + '/ci' });
    const ghost = role.Arn.replace('/app', '/ghost');
    const denied = await kms('sts', 'assume-role', '--role-arn', ghost, '--role-session-name', 'ci');
    expect(denied.code).toBe(254);
    expect(denied.err).toMatch(new RegExp(`\\(AccessDenied\\) when calling the AssumeRole operation: User: arn:aws:iam::\\d{12}:user/ci is not authorized to perform: sts:AssumeRole on resource: ${ghost.replace(/[/]/g, '\\/')}\\n$`));
    const short = await kms('sts', 'assume-role', '--role-arn', role.Arn, '--role-session-name', 'ci', '--duration-seconds', '60');
    // the CLI checks the table's minimum before sending, as the AWS CLI does (exit 252)
    expect(short.code).toBe(252);
    expect(short.err).toMatch(/DurationSeconds.*900/);
    delete cli.env.AWS_ACCESS_KEY_ID;
    delete cli.env.AWS_SECRET_ACCESS_KEY;
  });
});

describe('sessions in the engine', () => {
  async function setup() {
    const e = makeEnv();
    const run = (ctx: RunContext, op: string, req: Record<string, unknown> = {}) => runOperation(ctx, op === 'AssumeRole' || op === 'GetCallerIdentity' ? sts : iam, op, req);
    const role = (await run(e.ctx, 'CreateRole', { RoleName: 'app', Path: '/svc/', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'team', Value: 'red' }] })).Role as { Arn: string; RoleId: string };
    await run(e.ctx, 'PutRolePolicy', { RoleName: 'app', PolicyName: 'all-kms', PolicyDocument: POLICY });
    // the root may not assume roles: a builder user may, through its IAM policy and the trust in the account
    await run(e.ctx, 'CreateUser', { UserName: 'builder' });
    await run(e.ctx, 'PutUserPolicy', { UserName: 'builder', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role.Arn }] }) });
    const key = (await run(e.ctx, 'CreateAccessKey', { UserName: 'builder' })).AccessKey as { AccessKeyId: string };
    const builder: RunContext = { ...e.ctx, caller: { accessKeyId: key.AccessKeyId } };
    const assumed = await run(builder, 'AssumeRole', { RoleArn: role.Arn, RoleSessionName: 'build-7' });
    const creds = assumed.Credentials as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: Date };
    return { e, run, role, creds, builder };
  }

  it('the credentials make the caller the session: arn:aws:sts::A:assumed-role/ROLE/SESSION, with the role\'s policies', async () => {
    const { e, run, role, creds } = await setup();
    expect(creds.Expiration).toEqual(new Date(e.clock.t + 3600 * 1000));
    const asSession = { ...e.ctx, caller: { accessKeyId: creds.AccessKeyId, sessionToken: creds.SessionToken } };
    const caller = await e.store.read((store) => callerOf({ ...asSession, store }));
    expect(caller).toEqual({
      arn: 'arn:aws:sts::111122223333:assumed-role/app/build-7',
      account: '111122223333',
      kind: 'assumed-role',
      userId: `${role.RoleId}:build-7`,
      roleArn: 'arn:aws:iam::111122223333:role/svc/app',
      tags: { team: 'red' },
    });
    expect(await run(asSession, 'GetCallerIdentity')).toEqual({ UserId: `${role.RoleId}:build-7`, Account: '111122223333', Arn: 'arn:aws:sts::111122223333:assumed-role/app/build-7' });
    expect(await e.store.read((s) => identityPoliciesOf(s, caller))).toEqual([{ id: 'all-kms', type: 'role', document: POLICY }]);
    expect(await e.store.read((s) => secretOf(s, creds.AccessKeyId, e.clock.now()))).toEqual({ secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken, expired: false });
    // a session assuming a role (role chaining) gets at most an hour
    await run(e.ctx, 'CreateRole', { RoleName: 'long', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 43200 });
    const long = 'arn:aws:iam::111122223333:role/long';
    // its trust policy trusts the account, so the session also needs an IAM allow (the role's policies)
    await expectKmsError(run(asSession, 'AssumeRole', { RoleArn: long, RoleSessionName: 'chain' }), 'AccessDenied',
      `User: arn:aws:sts::111122223333:assumed-role/app/build-7 is not authorized to perform: sts:AssumeRole on resource: ${long}`);
    await run(e.ctx, 'PutRolePolicy', { RoleName: 'app', PolicyName: 'chain', PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: long }] }) });
    await expectKmsError(run(asSession, 'AssumeRole', { RoleArn: long, RoleSessionName: 'chain', DurationSeconds: 7200 }), 'ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
  });

  it('a wrong session token is UnrecognizedClientException; an expired session ExpiredTokenException', async () => {
    const { e, run, creds } = await setup();
    const wrong = { ...e.ctx, caller: { accessKeyId: creds.AccessKeyId, sessionToken: 'nope' } };
    await expectKmsError(run(wrong, 'GetCallerIdentity'), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    e.clock.advance(3600 * 1000);
    const late = { ...e.ctx, caller: { accessKeyId: creds.AccessKeyId, sessionToken: creds.SessionToken } };
    await expectKmsError(run(late, 'GetCallerIdentity'), 'ExpiredTokenException', 'The security token included in the request is expired');
    expect((await e.store.read((s) => secretOf(s, creds.AccessKeyId, e.clock.now())))?.expired).toBe(true);
  });

  it('get-caller-identity as an IAM user (its access key)', async () => {
    const { e, run } = await setup();
    const user = (await run(e.ctx, 'CreateUser', { UserName: 'frank' })).User as { UserId: string };
    const key = (await run(e.ctx, 'CreateAccessKey', { UserName: 'frank' })).AccessKey as { AccessKeyId: string };
    const asFrank = { ...e.ctx, caller: { accessKeyId: key.AccessKeyId } };
    expect(await run(asFrank, 'GetCallerIdentity')).toEqual({ UserId: user.UserId, Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/frank' });
  });

  it('DurationSeconds is at most the role\'s MaxSessionDuration', async () => {
    const { e, run, role, builder } = await setup();
    await expectKmsError(run(builder, 'AssumeRole', { RoleArn: role.Arn, RoleSessionName: 's1', DurationSeconds: 7200 }), 'ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    await run(e.ctx, 'CreateRole', { RoleName: 'long', AssumeRolePolicyDocument: TRUST, MaxSessionDuration: 43200 });
    await run(e.ctx, 'PutUserPolicy', { UserName: 'builder', PolicyName: 'long', PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) });
    const long = await run(builder, 'AssumeRole', { RoleArn: 'arn:aws:iam::111122223333:role/long', RoleSessionName: 's1', DurationSeconds: 43200 });
    expect((long.Credentials as { Expiration: Date }).Expiration).toEqual(new Date(e.clock.t + 43200 * 1000));
  });
});
