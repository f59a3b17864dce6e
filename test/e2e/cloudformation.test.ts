// The seed's hands-on, offline: its exact `aws cloudformation create-stack` command run by the
// real aws CLI against `kms serve` (only the endpoint changes), and by `kms cloudformation` on the
// keyring (only the program name changes); then describe, wait, update (description, rotation,
// an alias rename), a failing update (KeySpec), deploy (create, no change), and delete.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa, type Result } from 'execa';
import { json, ROOT, sandbox, type Sandbox } from '../support/cli.js';
import { clientEnv, NO_AWS, startServer, type Server } from './serve-support.js';

const EXAMPLES = join(ROOT, 'docs', 'examples');
const REGION = 'ap-southeast-2';

let sb: Sandbox;
let server: Server;

beforeAll(async () => {
  sb = await sandbox();
  for (const f of ['create-kms-cf.yaml', 'create-kms-params.json']) copyFileSync(join(EXAMPLES, f), join(sb.dir, f));
  server = await startServer(sb);
});
afterAll(async () => {
  await server?.stop();
  sb?.cleanup();
});

/** `kms` on the keyring, in the sandbox's directory (the seed's relative file:// paths). */
const kms = (args: string[]): Promise<Result> => sb.kms(['--region', REGION, ...args], { cwd: sb.dir });

/** The real aws CLI against kms serve, with AWS_ENDPOINT_URL only. */
function aws(args: string[]): Promise<Result> {
  const env = { ...clientEnv(sb), AWS_ENDPOINT_URL: server.url, AWS_DEFAULT_REGION: REGION };
  return execa('aws', args, { env, cwd: sb.dir, reject: false, extendEnv: false });
}

function ok(r: Result): Result {
  expect(r.exitCode, `${String(r.stdout)}\n${String(r.stderr)}`).toBe(0);
  return r;
}

/**
 * deploy names its change set after the second (awscli-cloudformation-package-deploy-<epoch>), and
 * a stack's change sets need distinct names, as on AWS: a deploy in the same second as the last
 * one that left a change set behind would collide.
 */
const nextSecond = (): Promise<void> => new Promise((r) => setTimeout(r, 1100));

/** The seed's command, word for word after the program name. */
const SEED = ['cloudformation', 'create-stack', '--stack-name', 'MyKMSKeyStack', '--template-body=file://create-kms-cf.yaml', '--parameters=file://create-kms-params.json', '--region', REGION];

/** Checks a CREATE_COMPLETE stack's outputs against the key and alias kms describes. */
async function expectOutputsMatchKey(stack: { Outputs: Array<{ OutputKey: string; OutputValue: string }> }): Promise<string> {
  const out = Object.fromEntries(stack.Outputs.map((o) => [o.OutputKey, o.OutputValue]));
  const meta = json(ok(await kms(['describe-key', '--key-id', out.KeyId!]))).KeyMetadata;
  expect(out.KeyArn).toBe(meta.Arn);
  expect(meta).toMatchObject({ KeyState: 'Enabled', Description: 'Key created by CloudFormation', KeySpec: 'SYMMETRIC_DEFAULT' });
  const alias = json(ok(await kms(['describe-key', '--key-id', out.Alias!]))).KeyMetadata;
  expect(alias.KeyId).toBe(meta.KeyId);
  expect(json(ok(await kms(['get-key-rotation-status', '--key-id', meta.KeyId]))).KeyRotationEnabled).toBe(true);
  return meta.KeyId as string;
}

/** The update both front ends make: a new description, rotation off, and a new alias name. */
const UPDATE_PARAMS = [
  'ParameterKey=KeyDescription,ParameterValue=Updated',
  'ParameterKey=AliasName,ParameterValue=renamed-key',
  'ParameterKey=EnableKeyRotation,ParameterValue=false',
  'ParameterKey=PendingWindowInDays,UsePreviousValue=true',
];

/** Checks what UPDATE_PARAMS did to the key, its alias and the stack's events. */
async function expectUpdated(keyId: string): Promise<void> {
  expect(json(ok(await kms(['describe-key', '--key-id', keyId]))).KeyMetadata.Description).toBe('Updated');
  expect(json(ok(await kms(['get-key-rotation-status', '--key-id', keyId]))).KeyRotationEnabled).toBe(false);
  const aliases = json(ok(await kms(['list-aliases', '--key-id', keyId]))).Aliases.map((a: { AliasName: string }) => a.AliasName);
  expect(aliases).toEqual(['alias/renamed-key']);
  const events = json(ok(await kms(['cloudformation', 'describe-stack-events', '--stack-name', 'MyKMSKeyStack']))).StackEvents;
  expect(events.map((e: { ResourceStatusReason?: string }) => e.ResourceStatusReason)).toContain('Requested update requires the creation of a new physical resource; hence creating one.');
}

/** The example template with an RSA key: a KeySpec change, which CloudFormation cannot make. */
function rsaTemplate(): string {
  const body = readFileSync(join(sb.dir, 'create-kms-cf.yaml'), 'utf8');
  const rsa = body.replace(/(\n\s+)Description: !Ref KeyDescription/, '$1Description: !Ref KeyDescription$1KeySpec: RSA_2048$1KeyUsage: SIGN_VERIFY');
  expect(rsa).toContain('KeySpec: RSA_2048');
  return rsa;
}

// about ten calls of the aws CLI (a Python start each), on a machine that runs two test files at once
const AWS_CLI_BUDGET_MS = 90_000;

describe.skipIf(NO_AWS)('the real aws CLI against kms serve', () => {
  if (NO_AWS) console.warn(`cloudformation.test.ts: aws CLI tests skipped: ${NO_AWS}`);

  it("runs the seed's create-stack, waits, describes and deletes", async () => {
    const created = ok(await aws(SEED));
    expect(json(created).StackId).toMatch(/^arn:aws:cloudformation:ap-southeast-2:111122223333:stack\/MyKMSKeyStack\/[0-9a-f-]{36}$/);
    ok(await aws(['cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'MyKMSKeyStack']));
    const stack = json(ok(await aws(['cloudformation', 'describe-stacks', '--stack-name', 'MyKMSKeyStack']))).Stacks[0];
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const keyId = await expectOutputsMatchKey(stack);

    const events = json(ok(await aws(['cloudformation', 'describe-stack-events', '--stack-name', 'MyKMSKeyStack']))).StackEvents;
    expect(events.at(-1)).toMatchObject({ LogicalResourceId: 'MyKMSKeyStack', ResourceStatus: 'CREATE_IN_PROGRESS', ResourceStatusReason: 'User Initiated' });
    expect(events[0]).toMatchObject({ LogicalResourceId: 'MyKMSKeyStack', ResourceStatus: 'CREATE_COMPLETE' });
    const template = json(ok(await aws(['cloudformation', 'get-template', '--stack-name', 'MyKMSKeyStack']))).TemplateBody;
    expect(template).toContain('AWS::KMS::Key');

    // the same stacks through the other front end
    const listed = json(ok(await kms(['cloudformation', 'list-stacks']))).StackSummaries;
    expect(listed.map((s: { StackName: string }) => s.StackName)).toContain('MyKMSKeyStack');

    const again = await aws(SEED);
    // the aws CLI v1 installed here exits 255 on a service error; v2 (and kms) 254
    expect([254, 255]).toContain(again.exitCode);
    expect(String(again.stderr)).toContain('An error occurred (AlreadyExistsException) when calling the CreateStack operation: Stack [MyKMSKeyStack] already exists');
    const missing = await aws(['cloudformation', 'describe-stacks', '--stack-name', 'Nope']);
    expect(String(missing.stderr)).toContain('An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id Nope does not exist');

    // update: description, rotation off, and an alias rename that replaces the alias
    ok(await aws(['cloudformation', 'update-stack', '--stack-name', 'MyKMSKeyStack', '--use-previous-template', '--parameters', ...UPDATE_PARAMS]));
    ok(await aws(['cloudformation', 'wait', 'stack-update-complete', '--stack-name', 'MyKMSKeyStack']));
    await expectUpdated(keyId);
    // a KeySpec change fails and rolls back; the waiter says so
    writeFileSync(join(sb.dir, 'rsa.yaml'), rsaTemplate());
    ok(await aws(['cloudformation', 'update-stack', '--stack-name', 'MyKMSKeyStack', '--template-body', 'file://rsa.yaml', '--parameters', ...UPDATE_PARAMS]));
    const waited = await aws(['cloudformation', 'wait', 'stack-update-complete', '--stack-name', 'MyKMSKeyStack']);
    expect(waited.exitCode).toBe(255);
    expect(String(waited.stderr)).toContain('"UPDATE_ROLLBACK_COMPLETE" at least once');
    expect(json(ok(await kms(['describe-key', '--key-id', keyId]))).KeyMetadata.KeySpec).toBe('SYMMETRIC_DEFAULT');

    ok(await aws(['cloudformation', 'delete-stack', '--stack-name', 'MyKMSKeyStack']));
    ok(await aws(['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'MyKMSKeyStack']));
    const key = json(ok(await kms(['describe-key', '--key-id', keyId]))).KeyMetadata;
    expect(key.KeyState).toBe('PendingDeletion');
  }, AWS_CLI_BUDGET_MS);

  it('deploys (create, then no change) and reports a failing update through the waiter', async () => {
    const deploy = ['cloudformation', 'deploy', '--template-file', 'create-kms-cf.yaml', '--stack-name', 'Deployed', '--parameter-overrides', 'AliasName=deployed'];
    const first = ok(await aws(deploy));
    expect(String(first.stdout)).toContain('Successfully created/updated stack - Deployed');
    await nextSecond();
    const second = await aws([...deploy, '--no-fail-on-empty-changeset']);
    expect(second.exitCode, String(second.stderr)).toBe(0);
    expect(String(second.stdout)).toContain('No changes to deploy. Stack Deployed is up to date');
    const stack = json(ok(await aws(['cloudformation', 'describe-stacks', '--stack-name', 'Deployed']))).Stacks[0];
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    ok(await aws(['cloudformation', 'delete-stack', '--stack-name', 'Deployed']));
  }, AWS_CLI_BUDGET_MS);
});

describe('kms cloudformation on the keyring', () => {
  it("runs the seed's command with only the program name changed, then updates, fails an update and deletes", async () => {
    const created = ok(await sb.kms(SEED, { cwd: sb.dir }));
    expect(json(created).StackId).toContain(':stack/MyKMSKeyStack/');
    ok(await kms(['cloudformation', 'wait', 'stack-create-complete', '--stack-name', 'MyKMSKeyStack']));
    const stack = json(ok(await kms(['cloudformation', 'describe-stacks', '--stack-name', 'MyKMSKeyStack']))).Stacks[0];
    const keyId = await expectOutputsMatchKey(stack);

    // update: a new description, rotation off, and a new alias name (a replacement)
    const params = UPDATE_PARAMS;
    ok(await kms(['cloudformation', 'update-stack', '--stack-name', 'MyKMSKeyStack', '--use-previous-template', '--parameters', ...params]));
    ok(await kms(['cloudformation', 'wait', 'stack-update-complete', '--stack-name', 'MyKMSKeyStack']));
    await expectUpdated(keyId);

    // the same update again changes nothing
    const same = await kms(['cloudformation', 'update-stack', '--stack-name', 'MyKMSKeyStack', '--use-previous-template', '--parameters', ...params]);
    expect(same.exitCode).toBe(254);
    expect(String(same.stderr)).toContain('An error occurred (ValidationError) when calling the UpdateStack operation: No updates are to be performed.');

    // a KeySpec change fails and rolls back
    writeFileSync(join(sb.dir, 'rsa.yaml'), rsaTemplate());
    ok(await kms(['cloudformation', 'update-stack', '--stack-name', 'MyKMSKeyStack', '--template-body', 'file://rsa.yaml', '--parameters', ...params]));
    const waited = await kms(['cloudformation', 'wait', 'stack-update-complete', '--stack-name', 'MyKMSKeyStack']);
    expect(waited.exitCode).toBe(255);
    expect(String(waited.stderr)).toContain('Waiter StackUpdateComplete failed: Waiter encountered a terminal failure state: For expression "Stacks[].StackStatus" we matched expected path: "UPDATE_ROLLBACK_COMPLETE" at least once');
    const failed = json(ok(await kms(['cloudformation', 'describe-stack-events', '--stack-name', 'MyKMSKeyStack']))).StackEvents;
    const reason = failed.find((e: { ResourceStatus: string }) => e.ResourceStatus === 'UPDATE_FAILED').ResourceStatusReason;
    expect(reason).toMatch(/^Resource handler returned message: "Invalid request provided: You cannot (change the values of the KeySpec, KeyUsage, Origin, or MultiRegion|set the EnableKeyRotation property to true)/);
    expect(json(ok(await kms(['describe-key', '--key-id', keyId]))).KeyMetadata.KeySpec).toBe('SYMMETRIC_DEFAULT');

    ok(await kms(['cloudformation', 'delete-stack', '--stack-name', 'MyKMSKeyStack']));
    ok(await kms(['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', 'MyKMSKeyStack']));
    const deleted = json(ok(await kms(['describe-key', '--key-id', keyId]))).KeyMetadata;
    expect(deleted.KeyState).toBe('PendingDeletion');
    // PendingWindowInDays 7 from the parameters file
    expect(Date.parse(deleted.DeletionDate) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(Date.parse(deleted.DeletionDate) - Date.now()).toBeLessThan(7.1 * 86_400_000);
  });

  it('deploys with the aws CLI v2 messages, and refuses what kms does not provide before anything exists', async () => {
    const deploy = ['cloudformation', 'deploy', '--template-file', 'create-kms-cf.yaml', '--stack-name', 'Local', '--parameter-overrides', 'AliasName=local-key'];
    const first = ok(await kms(deploy));
    await nextSecond();
    expect(String(first.stdout)).toBe('\nWaiting for changeset to be created..\nWaiting for stack create/update to complete\nSuccessfully created/updated stack - Local\n');
    await nextSecond();
    const again = ok(await kms(deploy));
    expect(String(again.stdout)).toBe('\nWaiting for changeset to be created..\n\nNo changes to deploy. Stack Local is up to date\n');
    await nextSecond();
    const strict = await kms([...deploy, '--fail-on-empty-changeset']);
    expect(strict.exitCode).toBe(255);
    expect(String(strict.stderr)).toBe('\nNo changes to deploy. Stack Local is up to date\n');

    writeFileSync(join(sb.dir, 'bucket.yaml'), 'Resources:\n  Key: {Type: AWS::KMS::Key}\n  Bucket: {Type: AWS::S3::Bucket}\n  Topic: {Type: AWS::SNS::Topic}\n');
    const refused = await kms(['cloudformation', 'create-stack', '--stack-name', 'Mixed', '--template-body', 'file://bucket.yaml']);
    expect(refused.exitCode).toBe(254);
    expect(String(refused.stderr)).toMatch(/\(ValidationError\).*AWS::S3::Bucket, AWS::SNS::Topic/);
    const none = await kms(['cloudformation', 'describe-stacks', '--stack-name', 'Mixed']);
    expect(String(none.stderr)).toContain('Stack with id Mixed does not exist');
    const badPath = await kms(['cloudformation', 'deploy', '--template-file', 'nope.yaml', '--stack-name', 'X']);
    expect(badPath.exitCode).toBe(255);
    expect(String(badPath.stderr)).toBe('\nInvalid template path nope.yaml\n');
  });
});
