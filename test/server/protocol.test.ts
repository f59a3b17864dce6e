// The JSON 1.1 protocol over real HTTP against an in-process server: success shapes, headers,
// regions from the credential scope, and every error path with its status, __type and header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { service as kmsService } from '../../src/services/kms/index.js';
import { signRequest } from '../../src/protocol/sigv4.js';
import { CREDS, startTestServer, type TestServer } from './helpers.js';

const OPERATIONS: readonly string[] = Object.keys(kmsService.model.operations);
const implementedOperations = (): string[] => [...kmsService.implemented()];

interface Call {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

async function call(
  s: TestServer,
  target: string,
  body: unknown,
  opts: { region?: string; sign?: boolean; contentType?: string; method?: string; creds?: typeof CREDS; now?: Date; raw?: string } = {},
): Promise<Call> {
  const text = opts.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/x-amz-json-1.1' };
  if (target) headers['x-amz-target'] = target;
  const url = new URL(s.url);
  if (opts.sign !== false) {
    Object.assign(
      headers,
      signRequest({ method: opts.method ?? 'POST', url: '/', headers: { ...headers, host: url.host }, body: text }, opts.creds ?? CREDS, {
        region: opts.region ?? 'us-east-1',
        now: opts.now ?? new Date(),
      }),
    );
    delete headers.host; // fetch sets Host itself, to the same value
  }
  const res = await fetch(`${s.url}/`, { method: opts.method ?? 'POST', headers, body: opts.method === 'GET' ? undefined : text });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

function expectError(r: Call, status: number, type: string, message?: string | RegExp) {
  expect(r.status).toBe(status);
  expect(r.json.__type).toBe(type);
  expect(r.headers.get('x-amzn-errortype')).toMatch(new RegExp(`^${type}:`));
  expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  if (message instanceof RegExp) expect(String(r.json.message)).toMatch(message);
  else if (message !== undefined) expect(r.json.message).toBe(message);
}

describe('kms serve protocol (auth on)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ maxBodyBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await s.close();
  });

  it('answers a signed call with JSON, the content type and a request id', async () => {
    const r = await call(s, 'TrentService.ListKeys', {});
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.json).toEqual({ Keys: [], Truncated: false });
  });

  it('round trips blobs and timestamps, in the region of the credential scope', async () => {
    const created = await call(s, 'TrentService.CreateKey', { Description: 'wire' }, { region: 'eu-west-2' });
    expect(created.status).toBe(200);
    const meta = created.json.KeyMetadata as Record<string, unknown>;
    expect(meta.Arn).toMatch(/^arn:aws:kms:eu-west-2:111122223333:key\//);
    expect(typeof meta.CreationDate).toBe('number');
    expect(Math.abs((meta.CreationDate as number) * 1000 - Date.now())).toBeLessThan(60_000);
    const secret = 'plaintext-never-logged-4242';
    const enc = await call(s, 'TrentService.Encrypt', { KeyId: meta.KeyId, Plaintext: Buffer.from(secret).toString('base64') }, { region: 'eu-west-2' });
    expect(enc.status).toBe(200);
    const dec = await call(s, 'TrentService.Decrypt', { CiphertextBlob: enc.json.CiphertextBlob }, { region: 'eu-west-2' });
    expect(Buffer.from(dec.json.Plaintext as string, 'base64').toString()).toBe(secret);
    // Keys belong to their region.
    expect((await call(s, 'TrentService.ListKeys', {}, { region: 'us-east-1' })).json.Keys).toEqual([]);
    // One log line per call: operation, key id, status, milliseconds; never the plaintext.
    const line = s.logs.find((l) => l.startsWith('Encrypt '))!;
    expect(line).toMatch(new RegExp(`^Encrypt ${meta.KeyId as string} 200 \\d+ms [0-9a-f-]{36}$`));
    expect(s.logs.join('\n')).not.toContain(secret);
    expect(s.logs.join('\n')).not.toContain(Buffer.from(secret).toString('base64'));
  });

  it('answers API exceptions with 400, __type, message and x-amzn-ErrorType', async () => {
    expectError(await call(s, 'TrentService.DescribeKey', { KeyId: 'alias/none' }), 400, 'NotFoundException', 'Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.');
    expectError(await call(s, 'TrentService.DescribeKey', {}), 400, 'ValidationException', "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
    expect(s.logs.at(-1)).toMatch(/^DescribeKey - 400 ValidationException \d+ms/);
  });

  it('answers authentication failures as AWS does', async () => {
    expectError(await call(s, 'TrentService.ListKeys', {}, { sign: false }), 400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    expectError(await call(s, 'TrentService.ListKeys', {}, { creds: { ...CREDS, secretAccessKey: 'wrong' } }), 400, 'InvalidSignatureException', /^The request signature we calculated/);
    expectError(await call(s, 'TrentService.ListKeys', {}, { creds: { ...CREDS, accessKeyId: 'AKIAUNKNOWN' } }), 400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    expectError(await call(s, 'TrentService.ListKeys', {}, { now: new Date(Date.now() - 20 * 60_000) }), 400, 'InvalidSignatureException', /^Signature expired: /);
  });

  it('answers requests it cannot dispatch with UnknownOperationException', async () => {
    for (const r of [
      await call(s, 'TrentService.NoSuchThing', {}),
      await call(s, 'KmsService.ListKeys', {}),
      await call(s, '', {}),
      await call(s, 'TrentService.ListKeys', {}, { contentType: 'application/json' }),
      await call(s, 'TrentService.ListKeys', {}, { method: 'GET', sign: false }),
    ]) {
      expectError(r, 400, 'UnknownOperationException');
      expect(r.json).toEqual({ __type: 'UnknownOperationException' });
    }
  });

  it('answers bodies it cannot read with SerializationException', async () => {
    expectError(await call(s, 'TrentService.ListKeys', null, { raw: '{"Limit": ' }), 400, 'SerializationException');
    expectError(await call(s, 'TrentService.ListKeys', { Limit: 'ten' }), 400, 'SerializationException', 'class java.lang.String can not be converted to an Integer');
    expectError(await call(s, 'TrentService.ListKeys', [1, 2]), 400, 'SerializationException', 'Start of list found where not expected');
    expectError(await call(s, 'TrentService.Encrypt', { KeyId: 'k', Plaintext: '%%%' }), 400, 'SerializationException', /Base64/);
  });

  it('takes an empty body as no members, and ignores unknown members', async () => {
    expect((await call(s, 'TrentService.ListKeys', null, { raw: '' })).status).toBe(200);
    expect((await call(s, 'TrentService.ListKeys', { SomethingNew: 1 })).status).toBe(200);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const r = await call(s, 'TrentService.ListKeys', null, { raw: JSON.stringify({ Marker: 'x'.repeat(70 * 1024) }) });
    expectError(r, 413, 'RequestEntityTooLargeException');
  });

  it('answers an internal failure with 500 KMSInternalException and no details', async () => {
    const original = s.store.transaction.bind(s.store);
    s.store.transaction = () => {
      throw new TypeError('disk on fire at /secret/path');
    };
    try {
      const r = await call(s, 'TrentService.ListKeys', {});
      expectError(r, 500, 'KMSInternalException', 'An internal error occurred.');
      expect(JSON.stringify(r.json)).not.toContain('/secret/path');
    } finally {
      s.store.transaction = original;
    }
  });

  it('dispatches every one of the 54 operations (an empty request gets an API answer, never a fault)', async () => {
    expect(OPERATIONS).toHaveLength(54);
    const answers = new Map<string, string>();
    for (const op of OPERATIONS) {
      const r = await call(s, `TrentService.${op}`, {});
      answers.set(op, r.status === 200 ? 'ok' : String(r.json.__type));
      expect(r.status, `${op}: ${JSON.stringify(r.json)}`).toBeLessThan(500);
      expect(r.json.__type, op).not.toBe('UnknownOperationException');
    }
    // Operations with required members answer ValidationException in AWS's words.
    expect(answers.get('Encrypt')).toBe('ValidationException');
    expect(answers.get('ListKeys')).toBe('ok');
    expect(implementedOperations().length).toBeGreaterThan(0);
  });
});

describe('kms serve protocol (--no-auth)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ auth: false });
  });
  afterAll(async () => {
    await s.close();
  });

  it('accepts unsigned requests in the default region', async () => {
    const r = await call(s, 'TrentService.CreateKey', {}, { sign: false });
    expect(r.status).toBe(200);
    expect((r.json.KeyMetadata as { Arn: string }).Arn).toMatch(/^arn:aws:kms:us-east-1:/);
  });

  it('takes the region from a credential scope without checking the signature', async () => {
    const r = await call(s, 'TrentService.CreateKey', {}, { region: 'cn-north-1', creds: { accessKeyId: 'any', secretAccessKey: 'any' } });
    expect((r.json.KeyMetadata as { Arn: string }).Arn).toMatch(/^arn:aws-cn:kms:cn-north-1:/);
  });
});
