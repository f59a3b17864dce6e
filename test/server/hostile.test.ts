// Hostile and slow clients against an in-process kms serve, over raw sockets: every one gets a 4xx
// in the AWS JSON error shape (or a closed connection), never a 5xx, never a crash, never a socket
// or file descriptor left behind; and the server keeps answering well-behaved clients throughout.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/keyring/memory-store.js';
import { amzDate } from '../../src/protocol/sigv4.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import { CREDS } from './helpers.js';
import { eventually, exchange, openFds, rawRequest, signedHeaders, type Reply } from './raw-http.js';

const HEADERS_TIMEOUT = 400;
const REQUEST_TIMEOUT = 1000;
const KEEP_ALIVE = 300;
const MAX_BODY = 64 * 1024;

let server: RunningServer;
let port: number;
const logs: string[] = [];
/** Where the server's clock stands from the real one (the replay tests move it). */
let skewMs = 0;
/** Every reply of this file, checked at the end for a 5xx. */
const replies: Reply[] = [];

beforeAll(async () => {
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    store: new MemoryStore(),
    account: '111122223333',
    defaultRegion: 'us-east-1',
    clock: { now: () => new Date(Date.now() + skewMs) },
    random: (n) => new Uint8Array(randomBytes(n)),
    credentials: [CREDS],
    log: (line) => logs.push(line),
    maxBodyBytes: MAX_BODY,
    headersTimeoutMs: HEADERS_TIMEOUT,
    requestTimeoutMs: REQUEST_TIMEOUT,
    keepAliveTimeoutMs: KEEP_ALIVE,
  });
  port = server.port;
});
afterAll(async () => {
  await server?.close({ drainMs: 100 });
});

async function send(steps: Parameters<typeof exchange>[1], opts?: Parameters<typeof exchange>[2]): Promise<Reply> {
  const r = await exchange(port, steps, opts);
  replies.push(r);
  return r;
}

/** A signed KMS call in wire form, signed at `now` (the real clock by default). */
function signed(target: string, body: string, now = new Date(), extra: Record<string, string> = {}): Buffer {
  return rawRequest(signedHeaders(port, CREDS, target, body, now, extra), body);
}

/** The reply is the AWS JSON error `code`: status, __type, x-amzn-ErrorType and a request id. */
function expectAwsError(r: Reply, status: number, code: string, message?: string | RegExp): void {
  expect(r.status, r.body).toBe(status);
  expect(r.headers['content-type']).toBe('application/x-amz-json-1.1');
  expect(r.headers['x-amzn-requestid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(r.headers['x-amzn-errortype']).toBe(`${code}:http://internal.amazon.com/coral/com.amazonaws.kms/`);
  const body = JSON.parse(r.body) as { __type: string; message?: string };
  expect(body.__type).toBe(code);
  if (typeof message === 'string') expect(body.message).toBe(message);
  else if (message) expect(body.message).toMatch(message);
}

describe('malformed HTTP is refused with a 400 in the AWS shape and the connection closed', () => {
  const cases: [string, string][] = [
    ['bytes that are not HTTP', 'HELLO\r\n\r\n'],
    ['a header line without a colon', 'POST / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n'],
    ['a space before the colon (RFC 9112 §5.1)', 'POST / HTTP/1.1\r\nHost : x\r\n\r\n'],
    ['a control character in a header value', 'POST / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n'],
    ['an obsolete folded header line', 'POST / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n'],
    ['bare LF line ends', 'POST / HTTP/1.1\nHost: x\n\n'],
    ['a chunk size that is not hex', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['Content-Length with Transfer-Encoding (request smuggling)', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['two different Content-Lengths', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd'],
    ['a negative Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'],
    ['a Content-Length that is no number', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'],
    ['a transfer coding other than chunked', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n'],
    ['the HTTP/2 connection preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
    ['an HTTP version that does not exist', 'POST / HTTP/9.9\r\nHost: x\r\n\r\n'],
    ['a NUL byte in the request target', 'POST /\x00 HTTP/1.1\r\nHost: x\r\n\r\n'],
  ];
  it.each(cases)('%s', async (_name, raw) => {
    const r = await send(Buffer.from(raw, 'latin1'));
    expectAwsError(r, 400, 'BadRequestException', 'The request is not valid HTTP/1.1');
    expect(r.headers.connection).toBe('close');
    expect(r.closed).toBe(true);
  });

  it('an HTTP/1.1 request without Host is refused (RFC 9112 §3.2) and its connection closed', async () => {
    const r = await send(Buffer.from('POST / HTTP/1.1\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{}'));
    expectAwsError(r, 400, 'BadRequestException', 'The request has no Host header');
    expect(r.closed).toBe(true);
  });

  it('random bytes after a valid request line never get more than a 400', async () => {
    for (let i = 0; i < 20; i++) {
      const r = await send(Buffer.concat([Buffer.from('POST / HTTP/1.1\r\n'), randomBytes(200)]), { waitMs: 2000 });
      // the parser refuses at once, or waits for more header bytes and times out
      expect([400, 408, 431]).toContain(r.status);
      expect(r.closed).toBe(true);
    }
  });
});

describe('bodies and members', () => {
  it('a body declared over the limit is answered 413 RequestEntityTooLargeException', async () => {
    const body = Buffer.alloc(MAX_BODY + 1, 0x20);
    const r = await send(rawRequest({ host: 'x', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' }, body), { untilResponse: true });
    expectAwsError(r, 413, 'RequestEntityTooLargeException', `Request body must be at most ${MAX_BODY} bytes`);
  });

  it('a chunked body that grows over the limit is answered 413 too', async () => {
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const steps = [Buffer.from('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-amz-json-1.1\r\nTransfer-Encoding: chunked\r\n\r\n')];
    for (let i = 0; i < 6; i++) steps.push(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
    steps.push(Buffer.from('0\r\n\r\n'));
    const r = await send(steps, { untilResponse: true });
    expectAwsError(r, 413, 'RequestEntityTooLargeException');
  });

  it('JSON that does not parse is a SerializationException', async () => {
    for (const body of ['{', '{"KeyId": }', '\u0000', 'nul', '{"a":1}}']) {
      expectAwsError(await send(signed('TrentService.DescribeKey', body), { untilResponse: true }), 400, 'SerializationException');
    }
  });

  it('members of the wrong JSON type are a SerializationException with Coral\'s text', async () => {
    const r = await send(signed('TrentService.ListKeys', '{"Limit": "5"}'), { untilResponse: true });
    expectAwsError(r, 400, 'SerializationException', 'class java.lang.String can not be converted to an Integer');
    const blob = await send(signed('TrentService.Encrypt', '{"KeyId": "k", "Plaintext": 7}'), { untilResponse: true });
    expectAwsError(blob, 400, 'SerializationException');
    // found by wire-fuzz.test.ts: a null list item reached the handler and failed there (500)
    const nullItem = await send(signed('TrentService.GenerateDataKeyWithoutPlaintext', '{"KeyId": "alias/aws/kms", "GrantTokens": [null]}'), { untilResponse: true });
    expectAwsError(nullItem, 400, 'SerializationException', 'Null found in a list, which may not hold null');
  });

  it('JSON nested 30,000 deep is a 4xx, not a stack overflow', async () => {
    const deep = `{"Tags": ${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const r = await send(signed('TrentService.CreateKey', deep), { untilResponse: true });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).__type).toBe('SerializationException');
  });

  it('an unknown, missing or foreign X-Amz-Target is UnknownOperationException', async () => {
    for (const target of ['TrentService.NoSuchOperation', 'NoSuchService.ListKeys', 'TrentService', '', '.', 'TrentService.listkeys']) {
      const r = await send(signed(target, '{}'), { untilResponse: true });
      expectAwsError(r, 400, 'UnknownOperationException');
    }
  });

  it('a method other than POST is UnknownOperationException', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS', 'BREW']) {
      const r = await send(rawRequest({ host: 'x', 'x-amz-target': 'TrentService.ListKeys' }, '', { method }), { untilResponse: true });
      if (method === 'BREW') expectAwsError(r, 400, 'BadRequestException');
      else expectAwsError(r, 400, 'UnknownOperationException');
    }
  });
});

describe('SigV4', () => {
  it('a signed request is answered (the baseline the cases below break)', async () => {
    const r = await send(signed('TrentService.ListKeys', '{}'), { untilResponse: true });
    expect(r.status, r.body).toBe(200);
  });

  it('every truncation of a valid Authorization header is refused with a 400, never accepted', async () => {
    const headers = signedHeaders(port, CREDS, 'TrentService.ListKeys', '{}', new Date());
    const full = headers.authorization!;
    const codes = new Set<string>();
    for (let cut = 0; cut < full.length; cut++) {
      const r = await send(rawRequest({ ...headers, authorization: full.slice(0, cut) }, '{}'), { untilResponse: true });
      expect(r.status, `cut at ${cut}: ${r.body}`).toBe(400);
      codes.add(JSON.parse(r.body).__type as string);
    }
    expect([...codes].sort()).toEqual(['IncompleteSignatureException', 'InvalidSignatureException', 'MissingAuthenticationTokenException']);
  });

  it('a replay inside the 15-minute window is answered again, as AWS does (SigV4 has no nonce)', async () => {
    const once = signed('TrentService.ListKeys', '{}');
    expect((await send(once, { untilResponse: true })).status).toBe(200);
    skewMs = 14 * 60_000;
    try {
      expect((await send(once, { untilResponse: true })).status).toBe(200);
    } finally {
      skewMs = 0;
    }
  });

  it('a replay after 15 minutes is refused with AWS\'s "Signature expired" text', async () => {
    const signedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
    const once = signed('TrentService.ListKeys', '{}', signedAt);
    skewMs = 16 * 60_000;
    let r: Reply;
    let serverNow: Date;
    try {
      // the server's clock at the time it checks, to the second the message is written in
      serverNow = new Date(Date.now() + skewMs);
      r = await send(once, { untilResponse: true });
    } finally {
      skewMs = 0;
    }
    const msg = JSON.parse(r.body).message as string;
    const m = /^Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - 15 min\.\)$/.exec(msg);
    expectAwsError(r, 400, 'InvalidSignatureException');
    expect(m, msg).not.toBeNull();
    expect(m![1]).toBe(amzDate(signedAt));
    // "now" and "now - 15 min." are the server's clock, 15 minutes apart
    expect(Date.parse(isoOf(m![3]!)) - Date.parse(isoOf(m![2]!))).toBe(15 * 60_000);
    expect(Math.abs(Date.parse(isoOf(m![3]!)) - serverNow!.getTime())).toBeLessThan(5000);
  });

  it('a long-term key signed with a session token is refused, as AWS refuses a token it did not issue', async () => {
    const body = '{}';
    const r = await send(rawRequest(signedHeaders(port, { ...CREDS, sessionToken: 'not-a-token-sts-issued' }, 'TrentService.ListKeys', body, new Date()), body), { untilResponse: true });
    expectAwsError(r, 400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  });

  it('a signature dated more than 15 minutes ahead is refused with "Signature not yet current"', async () => {
    const ahead = new Date(Date.now() + 16 * 60_000);
    const r = await send(signed('TrentService.ListKeys', '{}', ahead), { untilResponse: true });
    expectAwsError(r, 400, 'InvalidSignatureException', /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/);
    expect(JSON.parse(r.body).message).toContain(amzDate(ahead));
  });

  it('a body changed after signing is refused (the signature covers it)', async () => {
    const headers = signedHeaders(port, CREDS, 'TrentService.ListKeys', '{}', new Date());
    const r = await send(rawRequest(headers, '{ }'), { untilResponse: true });
    expectAwsError(r, 400, 'InvalidSignatureException', /^The request signature we calculated does not match/);
  });
});

describe('header floods', () => {
  it('one header over the 16 KiB limit is answered 431 and the connection closed', async () => {
    const r = await send(Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`));
    expectAwsError(r, 431, 'RequestHeaderFieldsTooLargeException', 'Request headers must be at most 16384 bytes');
    expect(r.closed).toBe(true);
  });

  it('many small headers adding up over the limit are answered 431', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`).join('\r\n');
    const r = await send(Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\n${many}\r\n\r\n`));
    expectAwsError(r, 431, 'RequestHeaderFieldsTooLargeException');
    expect(r.closed).toBe(true);
  });

  it('300 extra headers under the limit, all signed, are served normally', async () => {
    const extra = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`x-h${i}`, `v${i}`]));
    const r = await send(signed('TrentService.ListKeys', '{}', new Date(), extra), { untilResponse: true });
    expect(r.status, r.body).toBe(200);
  });
});

// independent of each other, and each waits out a timeout: run side by side
describe.concurrent('slow clients', () => {
  it('a client that connects and sends nothing is closed after the headers timeout', async () => {
    const r = await send([], { waitMs: 5000 });
    expect(r.closed).toBe(true);
    expectAwsError(r, 408, 'RequestTimeoutException');
  });

  it('a client that trickles its headers a byte at a time cannot stretch the headers timeout (slowloris)', async () => {
    const bytes = 'POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'a'.repeat(200);
    const steps = [...bytes].flatMap((c) => [c, 20]); // 200 × 20 ms: 10 times the timeout
    const r = await send(steps, { waitMs: 5000 });
    expect(r.closed).toBe(true);
    expectAwsError(r, 408, 'RequestTimeoutException');
  });

  it('a client that stalls inside its body gets 408 after the request timeout', async () => {
    const r = await send(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"Key'], { waitMs: 5000 });
    expect(r.closed).toBe(true);
    expectAwsError(r, 408, 'RequestTimeoutException');
  });

  it('a client that trickles its body cannot stretch the request timeout', async () => {
    const steps: (string | number)[] = ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n'];
    for (let i = 0; i < 200; i++) steps.push(' ', 25); // 5 s of body, the timeout is 1 s
    const r = await send(steps, { waitMs: 5000 });
    expect(r.closed).toBe(true);
    expectAwsError(r, 408, 'RequestTimeoutException');
  });

  it('a keep-alive connection left idle after its answer is closed after the keep-alive timeout', async () => {
    const socket = connect(port, '127.0.0.1');
    let closed = false;
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString()));
    socket.on('close', () => (closed = true));
    socket.on('error', () => {});
    socket.write(signed('TrentService.ListKeys', '{}'));
    expect(await eventually(() => data.startsWith('HTTP/1.1 200'), 3000)).toBe(true);
    expect(data).toMatch(/keep-alive/i);
    expect(await eventually(() => closed, 5000)).toBe(true);
  });

  it('a client that leaves mid-body leaves no request behind: the next client is answered', async () => {
    const r = await send(['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"Key'], { waitMs: 50 });
    expect(r.closed).toBe(false); // the client hung up first
    expect((await send(signed('TrentService.ListKeys', '{}'), { untilResponse: true })).status).toBe(200);
  });
});

// fd counts: not side by side with other tests
describe('slow readers', () => {
  it('a client that stops reading its answers is cut after the socket timeout instead of holding its socket', async () => {
    const slow = await startServer({
      host: '127.0.0.1',
      port: 0,
      store: new MemoryStore(),
      account: '111122223333',
      defaultRegion: 'us-east-1',
      clock: { now: () => new Date() },
      random: (n) => new Uint8Array(randomBytes(n)),
      credentials: [CREDS],
      socketTimeoutMs: 1000,
    });
    try {
      // signed with the wrong secret: each answer quotes the 12 KB canonical request back
      const wrong = { ...CREDS, secretAccessKey: 'not the secret' };
      const one = rawRequest(signedHeaders(slow.port, wrong, 'TrentService.ListKeys', '{}', new Date(), { 'x-pad': 'a'.repeat(12_000) }), '{}');
      const before = openFds();
      const socket = connect(slow.port, '127.0.0.1');
      socket.on('error', () => {});
      await new Promise((r) => socket.once('connect', r));
      socket.pause();
      // ~10 MB of answers: more than both ends' kernel buffers hold, so the server's writes stall
      for (let i = 0; i < 1000; i++) socket.write(one);
      expect(await eventually(() => openFds() === before + 2), 'both ends open').toBe(true);
      // the server's end closes (and its reset then closes the client's end too)
      expect(await eventually(() => openFds() <= before + 1, 8000), 'the server closed its end').toBe(true);
      socket.destroy();
    } finally {
      await slow.close({ drainMs: 0 });
    }
  });
});

describe('after all of it', () => {
  it('a burst of 300 hostile connections at once leaves no file descriptor open', async () => {
    const before = openFds();
    const hostile = [
      () => exchange(port, randomBytes(300), { waitMs: 3000 }),
      () => exchange(port, Buffer.from(`POST / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`), { waitMs: 3000 }),
      () => exchange(port, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{'], { waitMs: 3000 }), // stalls until 408
      () => exchange(port, ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n{'], { waitMs: 30 }), // hangs up mid-body
      () => exchange(port, [], { waitMs: 30 }), // connects and leaves
      () => exchange(port, signed('TrentService.ListKeys', '{"Limit": true}'), { untilResponse: true }),
    ];
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => hostile[i % hostile.length]!()));
    replies.push(...results);
    // every socket of both ends is closed again (the server's last ones after the request timeout)
    expect(await eventually(() => openFds() <= before, 5000), `fds ${before} → ${openFds()}`).toBe(true);
  });

  it('no case in this file got a 5xx, and the server logged no internal error', () => {
    expect(replies.length).toBeGreaterThan(500);
    expect(replies.filter((r) => (r.status ?? 0) >= 500)).toEqual([]);
    expect(logs.filter((l) => l.startsWith('internal error'))).toEqual([]);
    expect(logs.filter((l) => / 5\d\d /.test(l))).toEqual([]);
  });

  it('the server still answers a well-behaved client', async () => {
    const r = await send(signed('TrentService.CreateKey', '{"Description": "still here"}'), { untilResponse: true });
    expect(r.status, r.body).toBe(200);
  });
});

/** 20240101T000000Z → 2024-01-01T00:00:00Z */
function isoOf(d: string): string {
  return `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`;
}
