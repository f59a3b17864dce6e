// A real `kms serve` process stopped by SIGTERM or SIGINT: requests in flight are answered, idle
// keep-alive connections do not hold the exit, a second signal cuts a stuck client short, and the
// process exits 0 each time with no stack trace.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox, type Sandbox } from '../support/cli.js';
import { client, eventually, parseResponse, rawRequest, signedHeaders } from '../server/raw-http.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, startServer, type Server } from './serve-support.js';

const CREDS = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY };

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(() => sb?.cleanup());

/** The exit code (or signal) of the server process, once it exits; undefined after `ms`. */
function exitOf(server: Server, ms = 5000): Promise<number | string | undefined> {
  return new Promise((resolve) => {
    if (server.proc.exitCode !== null) return resolve(server.proc.exitCode);
    const timer = setTimeout(() => resolve(undefined), ms);
    server.proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal ?? undefined);
    });
  });
}

function createKey(port: number): Buffer {
  const body = '{"Description": "signals"}';
  return rawRequest(signedHeaders(port, CREDS, 'TrentService.CreateKey', body, new Date()), body);
}

describe.each(['SIGTERM', 'SIGINT'] as const)('kms serve on %s', (signal) => {
  it('answers the request in flight with Connection: close, refuses new connections, and exits 0', async () => {
    const server = await startServer(sb);
    try {
      const c = client(server.port);
      const whole = createKey(server.port);
      c.socket.write(whole.subarray(0, whole.length - 4));
      await new Promise((r) => setTimeout(r, 100));
      server.proc.kill(signal);
      expect(await eventually(() => server.log().includes(`${signal}: stopping`))).toBe(true);
      const late = await new Promise<string>((resolve) => {
        const s = connect(server.port, '127.0.0.1');
        s.on('connect', () => (s.destroy(), resolve('connected')));
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(late).toBe('ECONNREFUSED');
      c.socket.write(whole.subarray(whole.length - 4));
      expect(await exitOf(server)).toBe(0);
      expect(await eventually(c.closed)).toBe(true);
      const r = parseResponse(c.data());
      expect(r?.status, c.data().toString()).toBe(200);
      expect(r?.headers.connection).toBe('close');
      expect(JSON.parse(r!.body).KeyMetadata.Description).toBe('signals');
      expect(server.log()).not.toMatch(/\n\s+at /);
    } finally {
      await server.stop();
    }
  });
});

describe('kms serve drain bounds', () => {
  it('an idle keep-alive connection does not hold the exit: it is closed and kms serve exits 0', async () => {
    const server = await startServer(sb);
    try {
      const c = client(server.port);
      c.socket.write(createKey(server.port));
      expect(await eventually(() => parseResponse(c.data())?.status === 200)).toBe(true);
      expect(parseResponse(c.data())?.headers.connection).toBe('keep-alive');
      server.proc.kill('SIGTERM');
      // well inside the 5 s keep-alive timeout that would otherwise close it
      expect(await exitOf(server, 4000)).toBe(0);
      expect(await eventually(c.closed)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('a client stuck mid-request holds the drain only until a second signal, which cuts it (exit 0)', async () => {
    const server = await startServer(sb);
    try {
      const c = client(server.port);
      c.socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{');
      await new Promise((r) => setTimeout(r, 100));
      server.proc.kill('SIGTERM');
      expect(await eventually(() => server.log().includes('SIGTERM: stopping'))).toBe(true);
      // still draining: the stuck request has up to 10 s
      expect(await exitOf(server, 500)).toBeUndefined();
      server.proc.kill('SIGTERM');
      expect(await exitOf(server)).toBe(0);
      expect(server.log()).toContain('SIGTERM: closed 1 connection still open');
      expect(await eventually(c.closed)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
