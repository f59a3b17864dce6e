// The audit trail and the bill end to end: calls made by the CLI and through `kms serve` land in
// one trail, which `kms cloudtrail lookup-events` and the real `aws cloudtrail lookup-events`
// read alike; `kms ce get-cost-and-usage` and `aws ce get-cost-and-usage` price the same usage.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa, type Result } from 'execa';
import { json, sandbox, type Sandbox } from '../support/cli.js';
import { clientEnv, NO_AWS, startServer, type Server } from './serve-support.js';

let sb: Sandbox;
let server: Server;
let keyId: string;

beforeAll(async () => {
  sb = await sandbox();
  server = await startServer(sb);
  keyId = json(ok(await sb.kms(['create-key', '--description', 'trail']))).KeyMetadata.KeyId;
});
afterAll(async () => {
  await server?.stop();
  sb?.cleanup();
});

function ok(r: Result): Result {
  expect(r.exitCode, `${String(r.stdout)}\n${String(r.stderr)}`).toBe(0);
  return r;
}

function aws(args: string[]): Promise<Result> {
  return execa('aws', ['--endpoint-url', server.url, ...args], { env: clientEnv(sb), reject: false, extendEnv: false });
}

describe('kms cloudtrail lookup-events', () => {
  it('answers "who used this key", with the CLI and the server on one record', async () => {
    ok(await sb.kms(['encrypt', '--key-id', keyId, '--plaintext', 'aGVsbG8=', '--encryption-context', 'app=trail']));
    const denied = await sb.kms(['decrypt', '--ciphertext-blob', 'AAAA']);
    expect(denied.exitCode).toBe(254);
    // through kms serve, with the signing credentials of the serve suites
    ok(await sb.kms(['--endpoint-url', server.url, 'describe-key', '--key-id', keyId], { env: clientEnv(sb) }));

    const arn = `arn:aws:kms:us-east-1:111122223333:key/${keyId}`;
    const used = json(ok(await sb.kms(['cloudtrail', 'lookup-events', '--lookup-attributes', `AttributeKey=ResourceName,AttributeValue=${arn}`])));
    expect(used.Events.map((e: { EventName: string }) => e.EventName)).toEqual(['DescribeKey', 'Encrypt', 'CreateKey']);
    const encrypt = JSON.parse(used.Events[1].CloudTrailEvent);
    expect(encrypt).toMatchObject({
      eventVersion: '1.11',
      eventSource: 'kms.amazonaws.com',
      eventName: 'Encrypt',
      sourceIPAddress: '127.0.0.1',
      userAgent: 'kms-cli',
      requestParameters: { keyId, encryptionContext: { app: 'trail' }, encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
      responseElements: null,
      readOnly: true,
      resources: [{ accountId: '111122223333', type: 'AWS::KMS::Key', ARN: arn }],
    });
    expect(JSON.stringify(used)).not.toContain('aGVsbG8=');
    const served = JSON.parse(used.Events[0].CloudTrailEvent);
    expect(served.userAgent).toMatch(/^aws-cli|kms|Boto|\S/);
    expect(served.userIdentity.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');

    // which calls failed
    const failed = json(ok(await sb.kms(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=Decrypt'])));
    expect(JSON.parse(failed.Events[0].CloudTrailEvent)).toMatchObject({ errorCode: 'InvalidCiphertextException' });
    const table = ok(await sb.kms(['cloudtrail', 'lookup-events', '--max-items', '2', '--output', 'table']));
    expect(String(table.stdout)).toContain('LookupEvents');
  });

  it('a read before the keyring exists answers as an empty account and creates nothing', async () => {
    const path = `${sb.dir}/not-yet.db`;
    const r = ok(await sb.kms(['list-keys'], { env: { ...sb.env, KMS_KEYRING: path } }));
    expect(json(r)).toEqual({ Keys: [] });
    expect(existsSync(path)).toBe(false);
  });

  it.skipIf(NO_AWS)('is the real aws CLI\'s lookup-events and get-cost-and-usage too', async () => {
    if (NO_AWS) console.warn(`trail.test.ts: aws CLI skipped: ${NO_AWS}`);
    const events = json(ok(await aws(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateKey'])));
    expect(events.Events[0]).toMatchObject({ EventName: 'CreateKey', ReadOnly: 'false', EventSource: 'kms.amazonaws.com' });
    const month = new Date().toISOString().slice(0, 7);
    const next = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1)).toISOString().slice(0, 10);
    const range = `Start=${month}-01,End=${next}`;
    const theirs = json(ok(await aws(['ce', 'get-cost-and-usage', '--time-period', range, '--granularity', 'MONTHLY', '--metrics', 'UnblendedCost', '--group-by', 'Type=DIMENSION,Key=USAGE_TYPE'])));
    const ours = json(ok(await sb.kms(['ce', 'get-cost-and-usage', '--time-period', range, '--granularity', 'MONTHLY', '--metrics', 'UnblendedCost', '--group-by', 'Type=DIMENSION,Key=USAGE_TYPE'])));
    const keys = (r: { ResultsByTime: Array<{ Groups: Array<{ Keys: string[] }> }> }) => r.ResultsByTime[0]!.Groups.map((g) => g.Keys[0]);
    expect(keys(theirs)).toContain('USE1-KMS-Keys');
    expect(keys(ours)).toEqual(keys(theirs));
  });
});
