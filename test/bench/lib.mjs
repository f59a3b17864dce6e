// What the bench scripts share: the median, a free TCP port on 127.0.0.1, one SigV4-signed KMS
// call over HTTP (with dist/protocol/sigv4.js: run after `npm run build`), a keep-alive load of
// such calls, and a `kms serve` started on a free port.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { signRequest } = await import(join(ROOT, 'dist', 'protocol', 'sigv4.js'));

/** One AWS JSON KMS request to `url`, signed with `creds`; resolves to the parsed answer, rejects on a non-200. */
export function kmsCall(url, agent, creds, op, body) {
  const u = new URL(url);
  const payload = Buffer.from(JSON.stringify(body));
  const headers = { host: u.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}`, 'content-length': String(payload.length) };
  Object.assign(headers, signRequest({ method: 'POST', url: '/', headers, body: payload }, creds, { region: 'us-east-1', service: 'kms', now: new Date() }));
  return new Promise((res, rej) => {
    const req = request({ hostname: u.hostname, port: u.port, path: '/', method: 'POST', headers, agent }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => (r.statusCode === 200 ? res(JSON.parse(Buffer.concat(chunks).toString())) : rej(new Error(`${op}: HTTP ${r.statusCode} ${Buffer.concat(chunks)}`))));
    });
    req.on('error', rej);
    req.end(payload);
  });
}

/** `requests` signed `op` calls to `url` from `concurrency` keep-alive clients; resolves to requests/s. */
export async function load(url, creds, op, body, requests, concurrency) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let n = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (n < requests) {
      n++;
      await kmsCall(url, agent, creds, op, body);
    }
  }));
  agent.destroy();
  return n / ((performance.now() - started) / 1000);
}

/** `bin serve --port 0 …args` with `env`; resolves once it printed its URL. */
export async function startServe(bin, args, env) {
  const proc = spawn(bin, ['serve', '--port', '0', ...args], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise((res, rej) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /http:\/\/[^\s]+/.exec(out);
      if (m) res(m[0].replace(/\/$/, ''));
    });
    proc.on('exit', (code) => rej(new Error(`kms serve exited (${code})`)));
  });
  return { proc, url };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A port the OS says is free right now. */
export function freePort() {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/**
 * The environment of kms and aws in a bench's throwaway folder: its own keyring, settings and
 * session folder, no AWS configuration or credentials of the user's, and `extra` on top.
 */
export function benchEnv(work, extra = {}) {
  const env = {
    ...process.env,
    HOME: work,
    KMS_KEYRING: join(work, 'keyring.db'),
    KMS_CONFIG_DIR: join(work, 'config'),
    KMS_PASSPHRASE: 'bench passphrase',
    XDG_RUNTIME_DIR: join(work, 'run'),
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
  };
  for (const k of ['KMS_SESSION', 'KMS_AUTHORIZATION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_KMS', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) delete env[k];
  mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
  return { ...env, ...extra };
}
