// Raw HTTP/1.1 over node:net for the hostile-client suites: bytes go out exactly as written (with
// pauses where a test wants a slow client), and what comes back is parsed by hand, so nothing
// between the test and the server fixes a request up or hides a reset.
import { connect, type Socket } from 'node:net';
import { readdirSync } from 'node:fs';
import { signRequest, type Credentials } from '../../src/protocol/sigv4.js';

export interface Reply {
  /** undefined when the server sent no response at all */
  status?: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection (FIN or reset) before the wait ended. */
  closed: boolean;
  /** Milliseconds from connecting to the close (or to the end of the wait). */
  ms: number;
}

/** A part of what the client sends: bytes, or a pause in milliseconds. */
export type Step = string | Buffer | number;

/** Parses the first response in `raw`, or undefined while it is incomplete. */
export function parseResponse(raw: Buffer): { status: number; headers: Record<string, string>; body: string; length: number } | undefined {
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0]!)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0);
  if (raw.length < end + 4 + length) return undefined;
  return { status, headers, body: raw.subarray(end + 4, end + 4 + length).toString('utf8'), length: end + 4 + length };
}

/**
 * Connects, sends `steps`, and waits until the server closes the connection or `waitMs` passes
 * (then the client closes it). With `untilResponse`, stops waiting at the first full response;
 * with `halfClose`, ends its side of the connection after the last step.
 */
export function exchange(port: number, steps: Step | Step[], opts: { waitMs?: number; untilResponse?: boolean; halfClose?: boolean } = {}): Promise<Reply> {
  const waitMs = opts.waitMs ?? 3000;
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let raw = Buffer.alloc(0);
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const r = parseResponse(raw);
      resolve({ status: r?.status, headers: r?.headers ?? {}, body: r?.body ?? '', closed, ms: Date.now() - started });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (d: Buffer) => {
      raw = Buffer.concat([raw, d]);
      if (opts.untilResponse && parseResponse(raw)) finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    // a reset after the server refused is one of the outcomes the tests look at, not a failure
    socket.on('error', () => finish(true));
    socket.on('connect', () => {
      void (async () => {
        for (const step of Array.isArray(steps) ? steps : [steps]) {
          if (settled || socket.destroyed) return;
          if (typeof step === 'number') await new Promise((r) => setTimeout(r, step));
          else socket.write(step);
        }
        // EOF after the last byte: an incomplete request is refused at once, not at a timeout
        if (opts.halfClose && !settled) socket.end();
      })();
    });
  });
}

/** A complete request in wire form; `headers` in the order given, Content-Length added. */
export function rawRequest(headers: Record<string, string>, body: string | Buffer = '', opts: { method?: string; target?: string } = {}): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const head = [`${opts.method ?? 'POST'} ${opts.target ?? '/'} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `content-length: ${bytes.length}`];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]);
}

/** The headers of a KMS JSON call to `port` signed with `creds` at `now` (host included). */
export function signedHeaders(port: number, creds: Credentials, target: string, body: string, now: Date, extra: Record<string, string> = {}): Record<string, string> {
  const headers = { host: `127.0.0.1:${port}`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...extra };
  return { ...headers, ...signRequest({ method: 'POST', url: '/', headers, body }, creds, { region: 'us-east-1', now }) };
}

/** File descriptors this process holds now (Linux /proc). */
export function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Waits until `fn` is true, polling; false when `ms` passed first. */
export async function eventually(fn: () => boolean, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (fn()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return fn();
}

/** A client socket that collects what it receives and notes when the server closes it. */
export function client(port: number): { socket: Socket; data: () => Buffer; closed: () => boolean } {
  const socket = connect(port, '127.0.0.1');
  let data = Buffer.alloc(0);
  let closed = false;
  socket.on('data', (d: Buffer) => (data = Buffer.concat([data, d])));
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  return { socket, data: () => data, closed: () => closed };
}
