// A service that speaks AWS Query (test/support/toy-query-service.ts) is served on the same port
// as AWS JSON: routed by the SigV4 scope (or the Action), answered in XML, reached by kms's own
// client with --endpoint-url, and, for a minimal `sts`, by the real AWS CLI v1 and boto3.
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/keyring/memory-store.js';
import { encodeQueryRequest, parseQueryResponse } from '../../src/protocol/query.js';
import { signRequest } from '../../src/protocol/sigv4.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import { handleRequest, type ServerConfig, type WireRequest } from '../../src/server/protocol.js';
import { KMS } from '../../src/services/index.js';
import { PREDEFINED_ALIAS_SERVICES } from '../../src/services/kms/keys/aws-managed.js';
import { testDeps } from '../keyring/helpers.js';
import { CREDS, clientEnv, noAwsCli, noBoto3 } from '../server/helpers.js';
import { inProcessCli } from '../support/in-process-cli.js';
import { FAKE_STS, TOYQ, toyqModel, WITH_TOYQ } from '../support/toy-query-service.js';

const clock = { now: () => new Date() };
const FORM = 'application/x-www-form-urlencoded; charset=utf-8';

function config(extra: Partial<ServerConfig> = {}): ServerConfig & { logs: string[] } {
  const logs: string[] = [];
  return {
    store: new MemoryStore(),
    account: '111122223333',
    defaultRegion: 'us-east-1',
    clock,
    random: testDeps().random,
    credentials: [CREDS],
    services: WITH_TOYQ,
    log: (line) => logs.push(line),
    logs,
    ...extra,
  };
}

/** A form POST of `operation` (or of `body`), signed for `service` unless it is null. */
function queryRequest(operation: string, request: Record<string, unknown>, service: string | null = 'toyq', body?: string): WireRequest {
  const bytes = new TextEncoder().encode(body ?? encodeQueryRequest(toyqModel, operation, request));
  const headers: Record<string, string> = { host: 'localhost', 'content-type': FORM };
  const signed = service ? signRequest({ method: 'POST', url: '/', headers, body: bytes }, CREDS, { region: 'eu-west-1', service, now: clock.now() }) : {};
  return { method: 'POST', url: '/', headers: { ...headers, ...signed }, body: bytes, sourceIp: '192.0.2.7' };
}

describe('AWS Query through handleRequest', () => {
  it('round-trips lists, maps, nested structures, booleans, blobs and timestamps', async () => {
    const cfg = config();
    const put = {
      Name: 'box-1',
      Labels: ['a b', 'x&y'],
      Size: { Width: 3, Height: 4 },
      Sealed: true,
      Tags: { team: 'blue <green>' },
      Payload: new Uint8Array([0, 255]),
    };
    const first = await handleRequest(cfg, queryRequest('PutBox', put));
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('text/xml');
    expect(first.body).toContain(`<RequestId>${first.headers['x-amzn-RequestId']}</RequestId>`);
    const out = parseQueryResponse(toyqModel, 'PutBox', first.body) as { Box: Record<string, unknown> };
    expect(out.Box).toEqual({ ...put, CreatedAt: expect.any(Date) });

    await handleRequest(cfg, queryRequest('PutBox', { Name: 'box-2' }));
    const page = parseQueryResponse(toyqModel, 'ListBoxes', (await handleRequest(cfg, queryRequest('ListBoxes', { MaxItems: 1 }))).body);
    expect(page).toMatchObject({ Boxes: [{ Name: 'box-1', Labels: ['a b', 'x&y'] }], IsTruncated: true, Marker: 'box-1' });
    const rest = parseQueryResponse(toyqModel, 'ListBoxes', (await handleRequest(cfg, queryRequest('ListBoxes', { Marker: 'box-1' }))).body);
    expect(rest).toMatchObject({ Boxes: [{ Name: 'box-2' }], IsTruncated: false });

    const del = await handleRequest(cfg, queryRequest('DeleteBox', { Name: 'box-2' }));
    expect(del.status).toBe(200);
    expect(del.body).not.toContain('DeleteBoxResult');
    expect(cfg.logs.at(-1)).toMatch(/^DeleteBox - 200 \d+ms [0-9a-f-]{36}$/);
  });

  it("answers errors as ErrorResponse with the exception's status, and the common errors in Query's names", async () => {
    const cfg = config();
    await handleRequest(cfg, queryRequest('PutBox', { Name: 'dup' }));
    const dup = await handleRequest(cfg, queryRequest('PutBox', { Name: 'dup' }));
    expect(dup.status).toBe(409);
    expect(dup.body).toBe(
      '<ErrorResponse xmlns="https://toyq.example.com/doc/2026-12-04/"><Error><Type>Sender</Type><Code>BoxExists</Code>' +
        `<Message>Box dup already exists.</Message></Error><RequestId>${dup.headers['x-amzn-RequestId']}</RequestId></ErrorResponse>\n`,
    );
    expect(cfg.logs.at(-1)).toMatch(/^PutBox - 409 BoxExists /);
    const missing = await handleRequest(cfg, queryRequest('DeleteBox', { Name: 'none' }));
    expect(missing.status).toBe(404);
    expect(() => parseQueryResponse(toyqModel, 'DeleteBox', missing.body)).toThrow(expect.objectContaining({ code: 'NoSuchBox' }));

    const invalid = await handleRequest(cfg, queryRequest('PutBox', { Name: 'Bad Name' }));
    expect(invalid.status).toBe(400);
    expect(() => parseQueryResponse(toyqModel, 'PutBox', invalid.body)).toThrow(
      expect.objectContaining({ code: 'ValidationError', message: expect.stringMatching(/^1 validation error detected: Value 'Bad Name' at 'name'/) }),
    );
    const unknown = await handleRequest(cfg, queryRequest('', {}, 'toyq', 'Action=Explode&Version=2026-12-04'));
    expect([unknown.status, unknown.body]).toEqual([400, expect.stringContaining('<Code>InvalidAction</Code><Message>Could not find operation Explode for version 2026-12-04</Message>')]);
    const version = await handleRequest(cfg, queryRequest('', {}, 'toyq', 'Action=ListBoxes&Version=2011-06-15'));
    expect(version.body).toContain('<Message>Could not find operation ListBoxes for version 2011-06-15</Message>');
  });

  it('authenticates as AWS JSON does: the scope must name the service; SigV4 failures are 403', async () => {
    const cfg = config();
    const unsigned = await handleRequest(cfg, queryRequest('ListBoxes', {}, null));
    expect([unsigned.status, unsigned.body]).toEqual([403, expect.stringContaining('<Code>MissingAuthenticationToken</Code>')]);
    const wrongScope = await handleRequest(cfg, queryRequest('ListBoxes', {}, 'kms'));
    expect([wrongScope.status, wrongScope.body]).toEqual([403, expect.stringContaining("<Code>SignatureDoesNotMatch</Code><Message>Credential should be scoped to correct service: 'toyq'.")]);
    const tampered = queryRequest('ListBoxes', {});
    tampered.body = new TextEncoder().encode('Action=ListBoxes&Version=2026-12-04&MaxItems=2');
    expect((await handleRequest(cfg, tampered)).body).toContain('<Code>SignatureDoesNotMatch</Code>');
    const stranger = { ...queryRequest('ListBoxes', {}) };
    const other = signRequest({ method: 'POST', url: '/', headers: { host: 'localhost', 'content-type': FORM }, body: stranger.body }, { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' }, { region: 'us-east-1', service: 'toyq', now: clock.now() });
    const unknownKey = await handleRequest(cfg, { ...stranger, headers: { host: 'localhost', 'content-type': FORM, ...other } });
    expect([unknownKey.status, unknownKey.body]).toEqual([403, expect.stringContaining('<Code>InvalidClientTokenId</Code>')]);
  });

  it('routes by the Action when authentication is off and the request names no scope; JSON is unchanged', async () => {
    const cfg = config({ credentials: undefined, services: [KMS, FAKE_STS, TOYQ] });
    const unsigned = await handleRequest(cfg, queryRequest('PutBox', { Name: 'open' }, null));
    expect(unsigned.status).toBe(200);
    const sts = await handleRequest(cfg, queryRequest('', {}, null, 'Action=GetCallerIdentity&Version=2011-06-15'));
    expect(sts.body).toMatch(/^<GetCallerIdentityResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><GetCallerIdentityResult><UserId>undefined@192\.0\.2\.7<\/UserId>/);
    const none = await handleRequest(cfg, queryRequest('', {}, null, 'Version=2011-06-15'));
    expect([none.status, none.body]).toEqual([400, expect.stringContaining('<Code>MissingAction</Code>')]);
    const json = await handleRequest(cfg, { method: 'POST', url: '/', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListAliases' }, body: new TextEncoder().encode('{}') });
    // a fresh region lists only the predefined alias/aws/* names (AliasName and AliasArn, no target)
    expect([json.status, json.headers['content-type'], JSON.parse(json.body)]).toEqual([200, 'application/x-amz-json-1.1', {
      Aliases: PREDEFINED_ALIAS_SERVICES.map((s) => ({ AliasName: `alias/aws/${s}`, AliasArn: expect.stringMatching(`^arn:aws:kms:us-east-1:\\d{12}:alias/aws/${s}$`) })),
      Truncated: false,
    }]);
  });
});

describe('over HTTP', () => {
  let server: RunningServer;
  const logs: string[] = [];
  const cli = inProcessCli('us-east-1', { AWS_ACCESS_KEY_ID: CREDS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey }, WITH_TOYQ);
  const kms = (argv: string[]) => cli.kms(...argv);
  beforeAll(async () => {
    await cli.init();
    const cfg = config({ services: [...WITH_TOYQ, FAKE_STS], log: (line) => logs.push(line) });
    server = await startServer({ ...cfg, host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    cli.cleanup();
  });

  it('kms reaches a Query service with --endpoint-url and prints what the local engine prints', async () => {
    const args = ['toyq', 'put-box', '--name', 'remote', '--labels', 'a', 'b c', '--size', 'Width=1,Height=2', '--tags', 'k=v', '--sealed', '--payload', 'AAE='];
    const remote = await kms(['--endpoint-url', server.url, ...args]);
    expect([remote.code, remote.err]).toEqual([0, '']);
    const local = await kms(args);
    expect([local.code, local.err]).toEqual([0, '']);
    const strip = (out: string) => ({ ...(JSON.parse(out) as { Box: object }).Box, CreatedAt: '-' });
    expect(strip(remote.out)).toEqual(strip(local.out));
    expect(strip(remote.out)).toEqual({ Name: 'remote', Labels: ['a', 'b c'], Size: { Width: 1, Height: 2 }, Sealed: true, CreatedAt: '-', Tags: { k: 'v' }, Payload: 'AAE=' });

    const dup = await kms(['--endpoint-url', server.url, 'toyq', 'put-box', '--name', 'remote']);
    expect([dup.code, dup.err]).toEqual([254, '\nAn error occurred (BoxExists) when calling the PutBox operation: Box remote already exists.\n']);
    const list = await kms(['--endpoint-url', server.url, 'toyq', 'list-boxes', '--query', 'Boxes[].Name', '--output', 'text']);
    expect([list.code, list.out]).toEqual([0, 'remote\n']);
    const del = await kms(['--endpoint-url', server.url, 'toyq', 'delete-box', '--name', 'remote']);
    expect([del.code, del.out, del.err]).toEqual([0, '', '']);
  });

  it('the AWS JSON toy service still answers on the same port', async () => {
    const put = await kms(['--endpoint-url', server.url, 'toy', 'put-note', '--name', 'n', '--body', 'aGk=']);
    expect([put.code, put.err]).toEqual([0, '']);
  });

  describe.skipIf(noAwsCli)('the real AWS CLI v1 against a minimal sts', () => {
    if (noAwsCli) console.warn(`skipping aws CLI Query tests: ${noAwsCli}`);
    const aws = (args: string[]) =>
      execa('aws', ['sts', ...args, '--endpoint-url', server.url, '--output', 'json'], { env: clientEnv(), extendEnv: false, reject: false });

    it('get-caller-identity, assume-role with a list of structures, and a Query error', async () => {
      const who = await aws(['get-caller-identity']);
      expect([who.exitCode, who.stderr]).toEqual([0, '']);
      expect(JSON.parse(who.stdout)).toEqual({ UserId: `${CREDS.accessKeyId}@127.0.0.1`, Account: '111122223333', Arn: 'arn:aws:iam::111122223333:root' });
      const role = await aws(['assume-role', '--role-arn', 'arn:aws:iam::111122223333:role/app', '--role-session-name', 'ci', '--duration-seconds', '900', '--tags', 'Key=a,Value=1', 'Key=b,Value=x y']);
      expect([role.exitCode, role.stderr]).toEqual([0, '']);
      const out = JSON.parse(role.stdout) as { Credentials: Record<string, string>; AssumedRoleUser: object; PackedPolicySize: number };
      expect(out.Credentials).toMatchObject({ SecretAccessKey: 'secret <&> "quoted"', SessionToken: 'a=1,b=x y' });
      // AWS CLI v1 prints a timestamp as botocore parsed it, in ISO 8601 with its zone
      expect(Date.parse(out.Credentials.Expiration!) - Date.now()).toBeGreaterThan(800_000);
      expect(out.AssumedRoleUser).toEqual({ AssumedRoleId: 'AROATOY:ci', Arn: 'arn:aws:sts::111122223333:assumed-role/app/ci' });
      expect(out.PackedPolicySize).toBe(2);
      const denied = await aws(['assume-role', '--role-arn', 'arn:aws:iam::111122223333:role/app', '--role-session-name', 'denied']);
      expect(denied.exitCode).toBe(255);
      expect(denied.stderr.trim()).toBe(
        'An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111122223333:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/app',
      );
    }, 60_000);
  });

  describe.skipIf(noBoto3)('boto3 against a minimal sts', () => {
    if (noBoto3) console.warn(`skipping boto3 Query tests: ${noBoto3}`);
    it('get_caller_identity, assume_role and a ClientError with its code and status', async () => {
      const script = `
import boto3, botocore, json, sys
c = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1')
who = c.get_caller_identity()
r = c.assume_role(RoleArn='arn:aws:iam::111122223333:role/app', RoleSessionName='py', Tags=[{'Key': 'k', 'Value': 'v&<'}])
try:
    c.assume_role(RoleArn='arn:aws:iam::111122223333:role/app', RoleSessionName='denied')
    err = None
except botocore.exceptions.ClientError as e:
    err = [e.response['Error']['Code'], e.response['Error']['Type'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({'account': who['Account'], 'requestId': len(who['ResponseMetadata']['RequestId']),
  'token': r['Credentials']['SessionToken'], 'expires': r['Credentials']['Expiration'].tzname(), 'size': r['PackedPolicySize'], 'err': err}))
`;
      const r = await execa('python3', ['-c', script, server.url], { env: clientEnv(), extendEnv: false, reject: false });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ account: '111122223333', requestId: 36, token: 'k=v&<', expires: 'UTC', size: 1, err: ['AccessDenied', 'Sender', 403] });
    }, 60_000);
  });
});
