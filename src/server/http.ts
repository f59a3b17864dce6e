// The HTTP listener of `kms serve` (node:http): reads bodies up to the size limit and hands each
// request to protocol.ts. Owns sockets only; must not import the CLI or open the keyring.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KmsError } from '../errors.js';
import { errorResponse, handleRequest, refuseRequest, type ServerConfig, type WireResponse } from './protocol.js';

/**
 * The largest request body accepted. KMS's largest inputs (a 32 KiB key policy, 4 KiB plaintexts,
 * imported key material) fit many times over; AWS does not publish its front-end limit, so 1 MiB
 * is ours, answered 413 like an HTTP front end (unconfirmed against real AWS).
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface ServeOptions extends ServerConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  maxBodyBytes?: number;
}

export interface RunningServer {
  host: string;
  port: number;
  /** http://host:port */
  url: string;
  /** Stops accepting, ends idle keep-alive connections and resolves when all are closed. */
  close(): Promise<void>;
}

/** Starts listening; resolves once bound. Rejects with the listen error (EADDRINUSE, EACCES, …). */
export function startServer(opts: ServeOptions): Promise<RunningServer> {
  const limit = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const server = createServer((req, res) => {
    void serve(opts, limit, req, res);
  });
  server.keepAliveTimeout = 5000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      resolve({
        host: opts.host,
        port,
        url: `http://${hostForUrl}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}

async function serve(opts: ServeOptions, limit: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let answer: WireResponse;
  try {
    const body = await readBody(req, limit);
    const method = req.method ?? 'GET';
    // headersDistinct keeps repeated headers apart so SigV4 can join them with ','.
    const headers = req.headersDistinct;
    if (body === undefined) {
      const requestId = requestIdOf(opts);
      const refused = refuseRequest(opts, { method, headers }, new KmsError('RequestEntityTooLargeException', `Request body must be at most ${limit} bytes`), requestId);
      answer = refused.response;
      answer.status = 413;
      opts.log?.(`- - 413 ${refused.code} 0ms ${requestId}`);
    } else {
      answer = await handleRequest(opts, { method, url: req.url ?? '/', headers, body, sourceIp: sourceIpOf(req) });
    }
  } catch (err) {
    answer = errorResponse(err, requestIdOf(opts), opts);
  }
  if (res.destroyed) return;
  const payload = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(payload.length) });
  res.end(payload);
}

/** aws:SourceIp: the peer's address, an IPv4 peer on a dual-stack socket without its ::ffff: prefix. */
function sourceIpOf(req: IncomingMessage): string | undefined {
  const address = req.socket.remoteAddress;
  return address?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

function requestIdOf(opts: ServeOptions): string {
  return Buffer.from(opts.random(16)).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

/** The body, or undefined when it is larger than `limit` (the rest is read and dropped). */
function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    let size = 0;
    let over = declared > limit;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      if (!over) chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}
