// RunningServer.close(): the drain `kms serve` runs on SIGTERM/SIGINT. Requests in flight are
// answered (and told Connection: close), idle keep-alive connections end at once, a stuck client
// is cut after the drain bound (or at once on `force`), and nothing is left open.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RecordStore } from '../../src/engine/context.js';
import { MemoryStore } from '../../src/keyring/memory-store.js';
import { startServer, type RunningServer } from '../../src/server/http.js';
import { CREDS } from './helpers.js';
import { client, eventually, openFds, parseResponse, rawRequest, signedHeaders } from './raw-http.js';

/** A store whose transactions wait at a gate the test opens: an operation held in flight. */
function gatedStore(): { store: RecordStore; waiting: () => number; open: () => void } {
  const inner = new MemoryStore();
  let waiting = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return {
    store: {
      transaction: async (fn) => {
        waiting++;
        await gate;
        return inner.transaction(fn);
      },
      read: (fn) => inner.read(fn),
    },
    waiting: () => waiting,
    open: () => release(),
  };
}

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close({ drainMs: 0 });
  server = undefined;
});

async function start(store: RecordStore = new MemoryStore()): Promise<RunningServer> {
  server = await startServer({
    host: '127.0.0.1',
    port: 0,
    store,
    account: '111122223333',
    defaultRegion: 'us-east-1',
    clock: { now: () => new Date() },
    random: (n) => new Uint8Array(randomBytes(n)),
    credentials: [CREDS],
  });
  return server;
}

function createKey(port: number): Buffer {
  const body = '{"Description": "drain"}';
  return rawRequest(signedHeaders(port, CREDS, 'TrentService.CreateKey', body, new Date()), body);
}

describe('close() drains', () => {
  it('answers a request whose operation is still running, with Connection: close, then resolves', async () => {
    const gated = gatedStore();
    const s = await start(gated.store);
    const c = client(s.port);
    c.socket.write(createKey(s.port));
    expect(await eventually(() => gated.waiting() > 0)).toBe(true);
    const closing = s.close({ drainMs: 5000 });
    setTimeout(gated.open, 100);
    const { forced } = await closing;
    expect(forced).toBe(0);
    // the client's end of the socket sees the answer, then the close
    expect(await eventually(c.closed)).toBe(true);
    const r = parseResponse(c.data());
    expect(r?.status, c.data().toString()).toBe(200);
    expect(r?.headers.connection).toBe('close');
  });

  it('answers a request whose body is still arriving when close starts', async () => {
    const s = await start();
    const c = client(s.port);
    const whole = createKey(s.port);
    c.socket.write(whole.subarray(0, whole.length - 5));
    await new Promise((r) => setTimeout(r, 50));
    const closing = s.close({ drainMs: 5000 });
    await new Promise((r) => setTimeout(r, 100));
    c.socket.write(whole.subarray(whole.length - 5));
    expect((await closing).forced).toBe(0);
    expect(await eventually(c.closed)).toBe(true);
    expect(parseResponse(c.data())?.status).toBe(200);
    expect(parseResponse(c.data())?.headers.connection).toBe('close');
  });

  it('ends an idle keep-alive connection at once instead of waiting out its keep-alive timeout', async () => {
    const s = await start();
    const c = client(s.port);
    c.socket.write(createKey(s.port));
    expect(await eventually(() => parseResponse(c.data())?.status === 200)).toBe(true);
    expect(parseResponse(c.data())?.headers.connection).toBe('keep-alive');
    expect((await s.close({ drainMs: 60_000 })).forced).toBe(0);
    expect(await eventually(c.closed, 1000)).toBe(true);
  });

  it('cuts a client stuck inside its body once drainMs has passed, and says so', async () => {
    const s = await start();
    const c = client(s.port);
    c.socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{');
    await new Promise((r) => setTimeout(r, 50));
    expect((await s.close({ drainMs: 200 })).forced).toBe(1);
    expect(await eventually(c.closed, 1000)).toBe(true);
  });

  it('cuts every connection at once when `force` settles (a second Ctrl-C)', async () => {
    const s = await start();
    const c = client(s.port);
    c.socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{');
    await new Promise((r) => setTimeout(r, 50));
    expect((await s.close({ drainMs: 60_000, force: new Promise((r) => setTimeout(r, 100)) })).forced).toBe(1);
    expect(await eventually(c.closed, 1000)).toBe(true);
  });

  it('refuses new connections once closing, and leaves no file descriptor open', async () => {
    const before = openFds();
    const s = await start();
    const busy = client(s.port);
    busy.socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{');
    await new Promise((r) => setTimeout(r, 50));
    const closing = s.close({ drainMs: 300 });
    const late = await new Promise<string>((resolve) => {
      const sock = connect(s.port, '127.0.0.1');
      sock.on('connect', () => (sock.destroy(), resolve('connected')));
      sock.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(late).toBe('ECONNREFUSED');
    await closing;
    busy.socket.destroy();
    expect(await eventually(() => openFds() <= before, 3000), `fds ${before} → ${openFds()}`).toBe(true);
  });
});
