// The HTTP listener of `kms serve` (node:http): bounds what a client may send and for how long,
// answers what it cannot parse in the AWS JSON error shape, hands each request to protocol.ts and
// drains on close. Owns sockets only; must not import the CLI or open the keyring.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { KmsError } from '../errors.js';
import { errorResponse, handleRequest, refuseRequest, type ServerConfig, type WireResponse } from './protocol.js';

/**
 * The largest request body accepted. KMS's largest inputs (a 32 KiB key policy, 4 KiB plaintexts,
 * imported key material) fit many times over; AWS does not publish its front-end limit, so 1 MiB
 * is ours, answered 413 like an HTTP front end (unconfirmed against real AWS).
 */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Node's own default, stated so the 431 message can name it: a signed KMS request needs < 2 KiB. */
export const MAX_HEADER_BYTES = 16 * 1024;
/**
 * A client has this long from connecting (or from the end of its previous request) to finish
 * sending a request's headers. SDKs send them in one write, so only a stalled or hostile client
 * (slowloris) comes near it; each such connection would otherwise hold a socket forever.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
/** ...and this long to finish the whole request, body included: 1 MiB at a slow 35 KiB/s. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** An idle keep-alive connection is closed after this (botocore and the JS SDK reconnect quietly). */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/**
 * A connection on which no byte moved either way for this long is closed: its client stopped
 * reading its answers (node:http then stops reading its requests, so no timeout above runs) or
 * vanished without closing. No operation runs anywhere near this long.
 */
export const SOCKET_TIMEOUT_MS = 120_000;
/** How long close() waits for requests in flight before it cuts their connections. */
export const DRAIN_TIMEOUT_MS = 10_000;

export interface ServeOptions extends ServerConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  maxBodyBytes?: number;
  maxHeaderBytes?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  keepAliveTimeoutMs?: number;
  socketTimeoutMs?: number;
}

export interface CloseOptions {
  /** Requests in flight get this long to finish (DRAIN_TIMEOUT_MS). */
  drainMs?: number;
  /** Cuts every connection at once when it settles (a second Ctrl-C). */
  force?: Promise<unknown>;
}

export interface RunningServer {
  host: string;
  port: number;
  /** http://host:port */
  url: string;
  /**
   * Stops accepting, closes idle keep-alive connections at once, answers the requests in flight
   * (with `Connection: close`), and after `drainMs` (or on `force`) cuts the connections still
   * open. Resolves once every connection is closed, with how many had to be cut.
   */
  close(opts?: CloseOptions): Promise<{ forced: number }>;
}

/**
 * The answer when node:http's parser gives up, by its error code; anything else is a 400. The
 * codes are ours, named as the 413's: AWS's front end answers these before KMS sees the request,
 * in a shape not recorded anywhere we could check.
 */
const CLIENT_ERRORS: Readonly<Record<string, { status: number; code: string; message: (o: Limits) => string }>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'RequestHeaderFieldsTooLargeException',
    message: (o) => `Request headers must be at most ${o.maxHeaderBytes} bytes`,
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, code: 'RequestEntityTooLargeException', message: () => 'Chunk extensions are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'RequestTimeoutException',
    message: (o) => `The request was not received in time (headers within ${o.headersTimeoutMs / 1000} s, all of it within ${o.requestTimeoutMs / 1000} s)`,
  },
};
const BAD_REQUEST = { status: 400, code: 'BadRequestException', message: () => 'The request is not valid HTTP/1.1' };

interface Limits {
  maxBodyBytes: number;
  maxHeaderBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

/** Starts listening; resolves once bound. Rejects with the listen error (EADDRINUSE, EACCES, …). */
export function startServer(opts: ServeOptions): Promise<RunningServer> {
  const limits: Limits = {
    maxBodyBytes: opts.maxBodyBytes ?? MAX_BODY_BYTES,
    maxHeaderBytes: opts.maxHeaderBytes ?? MAX_HEADER_BYTES,
    headersTimeoutMs: opts.headersTimeoutMs ?? HEADERS_TIMEOUT_MS,
    requestTimeoutMs: opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
  };
  // node:http refuses a headers timeout longer than the request timeout
  limits.headersTimeoutMs = Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs);
  let closing = false;
  const sockets = new Set<Socket>();
  const inFlight = new Set<Promise<void>>();
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // the timeouts above are only checked this often (Node's default is every 30 s)
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
      // answered below in the AWS shape instead of node's empty 400
      requireHostHeader: false,
    },
    (req, res) => {
      const done = serve(opts, limits, req, res, () => closing).finally(() => inFlight.delete(done));
      inFlight.add(done);
    },
  );
  server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? KEEP_ALIVE_TIMEOUT_MS;
  // node:http destroys a socket that times out when nothing listens for its 'timeout'
  server.timeout = opts.socketTimeoutMs ?? SOCKET_TIMEOUT_MS;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => refuseConnection(opts, limits, err, socket));

  const close = async ({ drainMs = DRAIN_TIMEOUT_MS, force }: CloseOptions = {}): Promise<{ forced: number }> => {
    closing = true;
    const closed = new Promise<void>((done) => server.close(() => done()));
    server.closeIdleConnections();
    let forced = 0;
    let timer: NodeJS.Timeout | undefined;
    const cut = new Promise<void>((done) => {
      timer = setTimeout(done, drainMs);
      void force?.then(() => done());
    }).then(() => {
      forced = sockets.size;
      for (const s of sockets) s.destroy();
    });
    await Promise.race([closed, cut]);
    clearTimeout(timer);
    await closed;
    // a request whose client was cut still finishes its engine work before the store may close
    await Promise.allSettled([...inFlight]);
    return { forced };
  };

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
      resolve({ host: opts.host, port, url: `http://${hostForUrl}:${port}`, close });
    });
  });
}

async function serve(opts: ServeOptions, limits: Limits, req: IncomingMessage, res: ServerResponse, closing: () => boolean): Promise<void> {
  let answer: WireResponse;
  let lastOnConnection = closing();
  try {
    const method = req.method ?? 'GET';
    // headersDistinct keeps repeated headers apart so SigV4 can join them with ','.
    const headers = req.headersDistinct;
    const body = await readBody(req, limits.maxBodyBytes);
    // RFC 9112 §3.2: a 1.1 request without Host is refused, and its connection not trusted further
    const hostless = req.httpVersion === '1.1' && req.headers.host === undefined;
    if (body === undefined || hostless) {
      const err =
        body === undefined
          ? new KmsError('RequestEntityTooLargeException', `Request body must be at most ${limits.maxBodyBytes} bytes`)
          : new KmsError(BAD_REQUEST.code, 'The request has no Host header');
      const requestId = requestIdOf(opts);
      const refused = refuseRequest(opts, { method, headers }, err, requestId);
      answer = refused.response;
      answer.status = body === undefined ? 413 : 400;
      lastOnConnection ||= hostless;
      opts.log?.(`- - ${answer.status} ${refused.code} 0ms ${requestId}`);
    } else {
      answer = await handleRequest(opts, { method, url: req.url ?? '/', headers, body, sourceIp: sourceIpOf(req) });
    }
  } catch (err) {
    // the client went away mid-body (readBody): nobody is left to answer
    if (err instanceof ClientGone) return;
    answer = errorResponse(err, requestIdOf(opts), opts);
  }
  // the client went away, or the parser already refused this connection (refuseConnection)
  if (res.destroyed || res.headersSent || !req.socket.writable) return;
  const payload = Buffer.from(answer.body, 'utf8');
  const headers: Record<string, string> = { ...answer.headers, 'content-length': String(payload.length) };
  // draining (or distrusted): the client must not send another request on this connection
  if (lastOnConnection || closing()) headers.connection = 'close';
  res.writeHead(answer.status, headers);
  res.end(payload);
}

/** readBody's rejection when the connection ended before the body did. */
class ClientGone extends Error {}

/**
 * A connection node:http's parser gave up on (bad syntax, headers too large, too slow): one AWS
 * style error, unless a response already started on it, then the connection is closed.
 */
function refuseConnection(opts: ServeOptions, limits: Limits, err: NodeJS.ErrnoException, socket: Socket): void {
  const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE' || !socket.writable || pending?.headersSent) {
    socket.destroy();
    return;
  }
  const kind = CLIENT_ERRORS[err.code ?? ''] ?? BAD_REQUEST;
  const requestId = requestIdOf(opts);
  const answer = errorResponse(new KmsError(kind.code, kind.message(limits)), requestId, opts);
  const body = Buffer.from(answer.body, 'utf8');
  const head = [`HTTP/1.1 ${kind.status} ${REASONS[kind.status]}`, ...Object.entries(answer.headers).map(([k, v]) => `${k}: ${v}`), `content-length: ${body.length}`, 'connection: close'];
  opts.log?.(`- - ${kind.status} ${kind.code} 0ms ${requestId}`);
  // end, not destroy: destroy can drop the answer before it is sent; the timer covers a client
  // that never reads it
  const timer = setTimeout(() => socket.destroy(), 1000);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]), () => socket.destroy());
}

const REASONS: Readonly<Record<number, string>> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' };

/** aws:SourceIp: the peer's address, an IPv4 peer on a dual-stack socket without its ::ffff: prefix. */
function sourceIpOf(req: IncomingMessage): string | undefined {
  const address = req.socket.remoteAddress;
  return address?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

/** A version 4 UUID, as protocol.ts gives every request it answers. */
function requestIdOf(opts: ServeOptions): string {
  const b = opts.random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return Buffer.from(b).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
}

/**
 * The body, or undefined when it is larger than `limit` (the rest is read and dropped, so the
 * client reads the 413 instead of a reset; requestTimeout bounds how long that may take). Rejects
 * when the client goes away first.
 */
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
    req.on('error', () => reject(new ClientGone()));
    req.on('close', () => {
      if (!req.complete) reject(new ClientGone());
    });
  });
}
