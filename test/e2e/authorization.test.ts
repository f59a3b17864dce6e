// Principals and authorization end to end: IAM users, access keys, role sessions and profiles
// through the real bin/kms, and through `kms serve` with the real aws CLI, boto3 and
// @aws-sdk/client-kms signing with keys the keyring issued. The default caller (no credentials)
// is the account's root and keeps doing everything the default key policy allows.
import { DescribeKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';
import { A, ALICE, doc } from '../support/policies.js';
import { clientEnv, NO_AWS, NO_BOTO3, startServer, type Server } from './serve-support.js';


interface AccessKey {
  AccessKeyId: string;
  SecretAccessKey: string;
}

describe('the CLI acts as the principal whose access key it finds', () => {
  let sb: Sandbox;
  let key: string;
  let alice: AccessKey;
  beforeAll(async () => {
    sb = await sandbox();
    key = json(await sb.kms(['create-key', '--description', 'authz'])).KeyMetadata.KeyId;
    expect((await sb.kms(['iam', 'create-user', '--user-name', 'alice'])).exitCode).toBe(0);
    alice = json(await sb.kms(['iam', 'create-access-key', '--user-name', 'alice'])).AccessKey;
  });
  afterAll(() => sb?.cleanup());
  const asAlice = () => ({ env: { ...sb.env, AWS_ACCESS_KEY_ID: alice.AccessKeyId, AWS_SECRET_ACCESS_KEY: alice.SecretAccessKey } });

  it('no credentials: the root, as before; alice without IAM policies is denied with AWS\'s text and exit 254', async () => {
    expect((await sb.kms(['encrypt', '--key-id', key, '--plaintext', 'aGk='])).exitCode).toBe(0);
    expect(json(await sb.kms(['sts', 'get-caller-identity']))).toEqual({ UserId: A, Account: A, Arn: `arn:aws:iam::${A}:root` });
    const r = await sb.kms(['encrypt', '--key-id', key, '--plaintext', 'aGk='], asAlice());
    expect(r.exitCode).toBe(254);
    expect(String(r.stderr)).toBe(
      `\nAn error occurred (AccessDeniedException) when calling the Encrypt operation: User: ${ALICE} is not authorized to perform: kms:Encrypt on resource: arn:aws:kms:us-east-1:${A}:key/${key} because no identity-based policy allows the kms:Encrypt action\n`,
    );
    expect(json(await sb.kms(['sts', 'get-caller-identity'], asAlice())).Arn).toBe(ALICE);
  });

  it('an IAM policy lets her; --debug says who the call ran as and which statement decided', async () => {
    const put = await sb.kms(['iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'use', '--policy-document', doc({ Sid: 'Use', Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' })]);
    expect(put.exitCode).toBe(0);
    const r = await sb.kms(['--debug', 'encrypt', '--key-id', key, '--plaintext', 'aGk=', '--query', 'KeyId', '--output', 'text'], asAlice());
    expect(r.exitCode).toBe(0);
    expect(String(r.stderr)).toContain(`authorization: Encrypt runs as ${ALICE}`);
    expect(String(r.stderr)).toMatch(/authorization: arn:aws:iam::111122223333:user\/alice kms:Encrypt on arn:aws:kms:\S+: allowed by .*Enable IAM User Permissions/);
    expect((await sb.kms(['schedule-key-deletion', '--key-id', key], asAlice())).exitCode).toBe(254);
  });

  it('a key the keyring issued, with another secret than its own, is refused as AWS refuses the signature', async () => {
    const wrong = { env: { ...sb.env, AWS_ACCESS_KEY_ID: alice.AccessKeyId, AWS_SECRET_ACCESS_KEY: 'not-her-secret' } };
    const text = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
    const enc = await sb.kms(['encrypt', '--key-id', key, '--plaintext', 'aGk='], wrong);
    expect([enc.exitCode, String(enc.stderr)]).toEqual([254, `\nAn error occurred (InvalidSignatureException) when calling the Encrypt operation: ${text}\n`]);
    const who = await sb.kms(['sts', 'get-caller-identity'], wrong);
    expect([who.exitCode, String(who.stderr)]).toEqual([254, `\nAn error occurred (SignatureDoesNotMatch) when calling the GetCallerIdentity operation: ${text}\n`]);
    // also with authorization off: authentication is not authorization
    const off = await sb.kms(['encrypt', '--key-id', key, '--plaintext', 'aGk='], { env: { ...wrong.env, KMS_AUTHORIZATION: 'off' } });
    expect(off.exitCode).toBe(254);
  });

  it('a --profile in ~/.aws/credentials, and a key the keyring did not issue (the root)', async () => {
    mkdirSync(join(sb.dir, '.aws'), { recursive: true });
    writeFileSync(join(sb.dir, '.aws', 'credentials'), `[alice]\naws_access_key_id = ${alice.AccessKeyId}\naws_secret_access_key = ${alice.SecretAccessKey}\n`);
    expect(json(await sb.kms(['--profile', 'alice', 'sts', 'get-caller-identity'])).Arn).toBe(ALICE);
    const stranger = { env: { ...sb.env, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'x' } };
    expect(json(await sb.kms(['sts', 'get-caller-identity'], stranger)).Arn).toBe(`arn:aws:iam::${A}:root`);
  });

  it('assume-role: the session\'s credentials make the caller arn:aws:sts::A:assumed-role/ROLE/SESSION', async () => {
    const trust = doc({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' });
    expect((await sb.kms(['iam', 'create-role', '--role-name', 'deployer', '--assume-role-policy-document', trust])).exitCode).toBe(0);
    const creds = json(await sb.kms(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${A}:role/deployer`, '--role-session-name', 'ci-42'], asAlice())).Credentials;
    expect(creds.AccessKeyId).toMatch(/^ASIA/);
    const session = { env: { ...sb.env, AWS_ACCESS_KEY_ID: creds.AccessKeyId, AWS_SECRET_ACCESS_KEY: creds.SecretAccessKey, AWS_SESSION_TOKEN: creds.SessionToken } };
    expect(json(await sb.kms(['sts', 'get-caller-identity'], session)).Arn).toBe(`arn:aws:sts::${A}:assumed-role/deployer/ci-42`);
    const r = await sb.kms(['describe-key', '--key-id', key], session);
    expect(r.exitCode).toBe(254);
    expect(String(r.stderr)).toContain(`User: arn:aws:sts::${A}:assumed-role/deployer/ci-42 is not authorized to perform: kms:DescribeKey`);
    // bob is not in the trust policy
    expect((await sb.kms(['iam', 'create-user', '--user-name', 'bob'])).exitCode).toBe(0);
    const bob = json(await sb.kms(['iam', 'create-access-key', '--user-name', 'bob'])).AccessKey as AccessKey;
    const denied = await sb.kms(['sts', 'assume-role', '--role-arn', `arn:aws:iam::${A}:role/deployer`, '--role-session-name', 'xx'], { env: { ...sb.env, AWS_ACCESS_KEY_ID: bob.AccessKeyId, AWS_SECRET_ACCESS_KEY: bob.SecretAccessKey } });
    expect(denied.exitCode).toBe(254);
    expect(String(denied.stderr)).toContain(`(AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::${A}:user/bob is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${A}:role/deployer`);
  });

  it('the authorization setting: audit prints the would-be denial and allows; off decides nothing; a bad value is exit 253', async () => {
    const bobKey = json(await sb.kms(['iam', 'list-access-keys', '--user-name', 'bob'])).AccessKeyMetadata[0].AccessKeyId as string;
    expect(bobKey).toMatch(/^AKIA/);
    const fresh = json(await sb.kms(['iam', 'create-access-key', '--user-name', 'bob'])).AccessKey as AccessKey;
    const bob = { ...sb.env, AWS_ACCESS_KEY_ID: fresh.AccessKeyId, AWS_SECRET_ACCESS_KEY: fresh.SecretAccessKey };
    const audit = await sb.kms(['encrypt', '--key-id', key, '--plaintext', 'aGk=', '--query', 'KeyId', '--output', 'text'], { env: { ...bob, KMS_AUTHORIZATION: 'audit' } });
    expect(audit.exitCode).toBe(0);
    expect(String(audit.stderr)).toBe(
      `kms: authorization audit: would deny: User: arn:aws:iam::${A}:user/bob is not authorized to perform: kms:Encrypt on resource: arn:aws:kms:us-east-1:${A}:key/${key} because no identity-based policy allows the kms:Encrypt action\n`,
    );
    expect((await sb.kms(['configure', 'set', 'authorization', 'off'])).exitCode).toBe(0);
    const off = await sb.kms(['encrypt', '--key-id', key, '--plaintext', 'aGk='], { env: bob });
    expect([off.exitCode, String(off.stderr)]).toEqual([0, '']);
    expect((await sb.kms(['configure', 'set', 'authorization', 'enforce'])).exitCode).toBe(0);
    expect((await sb.kms(['encrypt', '--key-id', key, '--plaintext', 'aGk='], { env: bob })).exitCode).toBe(254);
    const bad = await sb.kms(['encrypt', '--key-id', key, '--plaintext', 'aGk='], { env: { ...bob, KMS_AUTHORIZATION: 'sometimes' } });
    expect(bad.exitCode).toBe(253);
    expect(String(bad.stderr)).toMatch(/^error: invalid authorization mode 'sometimes'\nhint: /);
  });

  it('AWS managed keys are usable only through their service: KMS_VIA_SERVICE=s3', async () => {
    const direct = await sb.kms(['encrypt', '--key-id', 'alias/aws/s3', '--plaintext', 'aGk=']);
    expect(direct.exitCode).toBe(254);
    expect(String(direct.stderr)).toContain('(AccessDeniedException)');
    const via = await sb.kms(['encrypt', '--key-id', 'alias/aws/s3', '--plaintext', 'aGk='], { env: { ...sb.env, KMS_VIA_SERVICE: 's3' } });
    expect(via.exitCode).toBe(0);
  });
});

describe('kms serve authenticates with the keys the keyring issued and authorizes as their principals', () => {
  let sb: Sandbox;
  let server: Server;
  let key: string;
  let alice: AccessKey;
  beforeAll(async () => {
    sb = await sandbox();
    key = json(await sb.kms(['create-key'])).KeyMetadata.KeyId;
    await sb.kms(['iam', 'create-user', '--user-name', 'alice']);
    await sb.kms(['iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', 'enc', '--policy-document', doc({ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*' })]);
    alice = json(await sb.kms(['iam', 'create-access-key', '--user-name', 'alice'])).AccessKey;
    // no --credentials: only keys the keyring issued (and none for the root) may sign
    server = await startServer(sb, []);
  });
  afterAll(async () => {
    await server?.stop();
    sb?.cleanup();
  });
  const env = (k: AccessKey, token?: string) => {
    const e: Record<string, string> = { ...clientEnv(sb, server.url), AWS_ACCESS_KEY_ID: k.AccessKeyId, AWS_SECRET_ACCESS_KEY: k.SecretAccessKey, AWS_ENDPOINT_URL: server.url };
    if (token) e.AWS_SESSION_TOKEN = token;
    return e;
  };

  it.skipIf(NO_AWS)(`the aws CLI: sts get-caller-identity, an allowed Encrypt, a denied DescribeKey, an unknown key${NO_AWS ? ` (skipped: ${NO_AWS})` : ''}`, async () => {
    const who = await execa('aws', ['sts', 'get-caller-identity', '--endpoint-url', server.url], { env: env(alice), extendEnv: false, reject: false });
    expect(JSON.parse(who.stdout)).toEqual({ UserId: expect.stringMatching(/^AIDA/), Account: A, Arn: ALICE });
    const enc = await execa('aws', ['kms', 'encrypt', '--key-id', key, '--plaintext', 'aGk=', '--endpoint-url', server.url], { env: env(alice), extendEnv: false, reject: false });
    expect(enc.exitCode).toBe(0);
    const desc = await execa('aws', ['kms', 'describe-key', '--key-id', key, '--endpoint-url', server.url], { env: env(alice), extendEnv: false, reject: false });
    // the AWS CLI v1 installed here exits 255 on a service error (v2 and kms: 254); the text is the same
    expect(desc.exitCode).toBe(255);
    expect(desc.stderr).toContain(`An error occurred (AccessDeniedException) when calling the DescribeKey operation: User: ${ALICE} is not authorized to perform: kms:DescribeKey on resource: arn:aws:kms:us-east-1:${A}:key/${key} because no identity-based policy allows the kms:DescribeKey action`);
    const stranger = await execa('aws', ['kms', 'list-keys', '--endpoint-url', server.url], { env: env({ AccessKeyId: 'AKIAUNKNOWNKEY000000', SecretAccessKey: 'nope' }), extendEnv: false, reject: false });
    expect(stranger.exitCode).toBe(255);
    expect(stranger.stderr).toContain('(UnrecognizedClientException)');
  });

  it.skipIf(NO_BOTO3)(`boto3: a role session through STS, and its expiry${NO_BOTO3 ? ` (skipped: ${NO_BOTO3})` : ''}`, async () => {
    const trust = doc({ Effect: 'Allow', Principal: { AWS: ALICE }, Action: 'sts:AssumeRole' });
    await sb.kms(['iam', 'create-role', '--role-name', 'app', '--assume-role-policy-document', trust]);
    await sb.kms(['iam', 'put-role-policy', '--role-name', 'app', '--policy-name', 'read', '--policy-document', doc({ Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*' })]);
    const script = String.raw`
import boto3, botocore, json, sys
sts = boto3.client('sts')
creds = sts.assume_role(RoleArn='arn:aws:iam::${A}:role/app', RoleSessionName='py', DurationSeconds=900)['Credentials']
s = boto3.Session(aws_access_key_id=creds['AccessKeyId'], aws_secret_access_key=creds['SecretAccessKey'], aws_session_token=creds['SessionToken'], region_name='us-east-1')
out = {'who': s.client('sts').get_caller_identity()['Arn'], 'state': s.client('kms').describe_key(KeyId='${key}')['KeyMetadata']['KeyState']}
try:
    s.client('kms').encrypt(KeyId='${key}', Plaintext=b'x')
except botocore.exceptions.ClientError as e:
    out['encrypt'] = e.response['Error']['Code']
bad = boto3.Session(aws_access_key_id=creds['AccessKeyId'], aws_secret_access_key=creds['SecretAccessKey'], aws_session_token='forged', region_name='us-east-1')
try:
    bad.client('kms').list_keys()
except botocore.exceptions.ClientError as e:
    out['forged'] = e.response['Error']['Code']
print(json.dumps(out))
`;
    const r = await execa('python3', ['-c', script], { env: env(alice), extendEnv: false, reject: false });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ who: `arn:aws:sts::${A}:assumed-role/app/py`, state: 'Enabled', encrypt: 'AccessDeniedException', forged: 'UnrecognizedClientException' });
  });

  it('@aws-sdk/client-kms: alice encrypts; AccessDeniedException is the SDK\'s error with AWS\'s message', async () => {
    const client = new KMSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: alice.AccessKeyId, secretAccessKey: alice.SecretAccessKey }, maxAttempts: 1 });
    try {
      const enc = await client.send(new EncryptCommand({ KeyId: key, Plaintext: new TextEncoder().encode('js') }));
      expect(enc.KeyId).toBe(`arn:aws:kms:us-east-1:${A}:key/${key}`);
      const err = await client.send(new DescribeKeyCommand({ KeyId: key })).catch((e: Error) => e);
      expect(err).toMatchObject({ name: 'AccessDeniedException', message: expect.stringMatching(/^User: arn:aws:iam::111122223333:user\/alice is not authorized to perform: kms:DescribeKey/) });
    } finally {
      client.destroy();
    }
  });

  it('kms --endpoint-url as alice, and an expired session is ExpiredTokenException', async () => {
    const r = await sb.kms(['--endpoint-url', server.url, 'encrypt', '--key-id', key, '--plaintext', 'aGk=', '--query', 'KeyId', '--output', 'text'], { env: env(alice) });
    expect([r.exitCode, String(r.stderr)]).toEqual([0, '']);
    const creds = json(await sb.kms(['--endpoint-url', server.url, 'sts', 'assume-role', '--role-arn', `arn:aws:iam::${A}:role/app`, '--role-session-name', 'short', '--duration-seconds', '900'], { env: env(alice) })).Credentials;
    // a second server whose clock is an hour ahead sees the session expired
    const later = await startServer({ ...sb, env: { ...sb.env, KMS_CLOCK_OFFSET: '+1h' } }, ['--allow-clock-override']);
    try {
      const expired = await sb.kms(['--endpoint-url', later.url, 'list-keys'], { env: env({ AccessKeyId: creds.AccessKeyId, SecretAccessKey: creds.SecretAccessKey }, creds.SessionToken) });
      expect(expired.exitCode).toBe(254);
      expect(String(expired.stderr)).toContain('An error occurred (ExpiredTokenException) when calling the ListKeys operation: The security token included in the request is expired');
    } finally {
      await later.stop();
    }
  });
});
