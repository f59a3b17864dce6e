// `kms --endpoint-url https://…` behind a private certificate authority: a TLS proxy with a
// certificate of a CA made here (openssl) in front of `kms serve`, as a corporate gateway would be.
// bin/kms keeps Node from loading NODE_EXTRA_CA_CERTS at start (src/cli/tls-trust.ts says why),
// so these prove the certificates still reach every https call: from a process of its own, and
// from the session agent, which runs calls with its caller's environment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { tlsFailure, trustedAuthorities } from '../../src/cli/tls-trust.js';
import { json, ROOT, sandbox, type Sandbox } from '../support/cli.js';
import { clientEnv, startServer, type Server } from './serve-support.js';

let sb: Sandbox;
let server: Server;
let proxy: https.Server;
let url: string;
let ca: string;
let env: Record<string, string>;
/** For each request the proxy saw, the pid of the process that held the client's end (Linux /proc). */
const callers: (number | undefined)[] = [];

function openssl(args: string[]): void {
  execFileSync('openssl', args, { cwd: sb.dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The pid holding the TCP connection from 127.0.0.1:`port` to the proxy, found by its socket's inode. */
function ownerOf(port: number, pids: number[]): number | undefined {
  const hex = (p: number) => p.toString(16).toUpperCase().padStart(4, '0');
  const local = `0100007F:${hex(port)}`;
  const remote = `0100007F:${hex((proxy.address() as AddressInfo).port)}`;
  const line = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[1] === local && f[2] === remote);
  if (!line) return undefined;
  const socket = `socket:[${line[9]}]`;
  return pids.find((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`) === socket;
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  });
}
/** Pids to look for among the connection's owners: the agents started here. */
const agentPids: number[] = [];

beforeAll(async () => {
  sb = await sandbox();
  server = await startServer(sb);
  // a CA, and a certificate it signs for the proxy's address and name
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=kms test private CA']);
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'proxy.key', '-out', 'proxy.csr', '-subj', '/CN=localhost']);
  writeFileSync(join(sb.dir, 'proxy.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl(['x509', '-req', '-in', 'proxy.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'proxy.pem', '-days', '2', '-extfile', 'proxy.ext']);
  ca = join(sb.dir, 'ca.pem');

  // TLS in front of kms serve; the headers go on as they came, so the SigV4 signature still holds
  proxy = https.createServer({ key: readFileSync(join(sb.dir, 'proxy.key')), cert: readFileSync(join(sb.dir, 'proxy.pem')) }, (req, res) => {
    callers.push(ownerOf(req.socket.remotePort!, agentPids));
    const up = http.request({ host: '127.0.0.1', port: server.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  env = clientEnv(sb);
  delete env.KMS_PASSPHRASE;
  env.KMS_KEYRING = join(sb.dir, 'no-such-keyring.db'); // a remote call never opens one
});
afterAll(async () => {
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  await server?.stop();
  sb?.cleanup();
});

const remote = (args: string[], extra: Record<string, string> = {}, cwd?: string) => sb.kms(['--endpoint-url', url, ...args], { env: { ...env, ...extra }, cwd: cwd ?? sb.dir });
const VERIFY_FAILED = () => new RegExp(`^\\nSSL validation failed for ${url}/ \\[SSL: CERTIFICATE_VERIFY_FAILED\\] certificate verify failed: .+\\n$`);

describe('NODE_EXTRA_CA_CERTS', () => {
  it('lets an https endpoint signed by a private CA through: a key made, an encrypt and a decrypt', async () => {
    const made = await remote(['create-key', '--description', 'behind TLS'], { NODE_EXTRA_CA_CERTS: ca });
    expect(made.exitCode, String(made.stderr)).toBe(0);
    const keyId = json(made).KeyMetadata.KeyId;
    const enc = await remote(['encrypt', '--key-id', keyId, '--plaintext', 'aGVsbG8='], { NODE_EXTRA_CA_CERTS: ca });
    expect(enc.exitCode, String(enc.stderr)).toBe(0);
    const dec = await remote(['decrypt', '--ciphertext-blob', json(enc).CiphertextBlob, '--query', 'Plaintext', '--output', 'text'], { NODE_EXTRA_CA_CERTS: ca });
    expect(dec.exitCode, String(dec.stderr)).toBe(0);
    expect(String(dec.stdout)).toBe('aGVsbG8=\n');
  });

  it('without it the certificate is refused as the AWS CLI refuses it: its SSLError text, exit 255', async () => {
    const r = await remote(['list-keys']);
    expect(r.exitCode).toBe(255);
    expect(String(r.stderr)).toMatch(VERIFY_FAILED());
    expect(String(r.stdout)).toBe('');
  });

  it('adds the file’s authorities to Node’s own, as Node does, rather than replacing them', () => {
    const { ca: trusted, verify } = trustedAuthorities({}, { NODE_EXTRA_CA_CERTS: ca }, sb.dir);
    expect(verify).toBe(true);
    // Node's own first (on Node 20 its bundle; later Nodes may list more), the file's last
    expect(trusted!.slice(0, -1)).toEqual(expect.arrayContaining([...tls.rootCertificates]));
    expect(trusted!.at(-1)).toBe(readFileSync(ca, 'utf8').trim());
    // KMS_EXTRA_CA_CERTS, where bin/kms moves it, is read the same way
    expect(trustedAuthorities({}, { KMS_EXTRA_CA_CERTS: ca }, sb.dir).ca).toEqual(trusted);
  });

  it.each([
    ['a missing file', 'missing.pem', /^error: cannot read the CA certificates in missing\.pem \(NODE_EXTRA_CA_CERTS\): no such file\n/],
    ['a folder', '.', /^error: cannot read the CA certificates in \. \(NODE_EXTRA_CA_CERTS\): it is a folder\n/],
    ['a file with no certificate', 'proxy.ext', /^error: no PEM certificate \(-----BEGIN CERTIFICATE-----\) in proxy\.ext \(NODE_EXTRA_CA_CERTS\)\n/],
    ['a broken certificate', 'broken.pem', /^error: certificate 1 of 1 in broken\.pem \(NODE_EXTRA_CA_CERTS\) is not a valid X\.509 certificate\n/],
  ])('%s: an error naming the file and the variable, a hint, exit 255, no request', async (_, file, message) => {
    writeFileSync(join(sb.dir, 'broken.pem'), '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    const before = callers.length;
    const r = await remote(['list-keys'], { NODE_EXTRA_CA_CERTS: file });
    expect(r.exitCode).toBe(255);
    expect(String(r.stderr)).toMatch(message);
    expect(String(r.stderr)).toMatch(/\nhint: NODE_EXTRA_CA_CERTS names a PEM file of certificate authorities to trust besides the default ones: fix the path or unset it\n$/);
    expect(callers.length).toBe(before);
  });

  it('is not loaded, nor checked, by a call that opens no TLS connection', async () => {
    // Node itself would warn at start ("Warning: Ignoring extra certs from …"): bin/kms keeps it from Node
    const local = await sb.kms(['list-keys'], { env: { ...sb.env, NODE_EXTRA_CA_CERTS: join(sb.dir, 'missing.pem') } });
    expect(local.exitCode, String(local.stderr)).toBe(0);
    expect(String(local.stderr)).toBe('');
    const plain = await sb.kms(['--endpoint-url', server.url, 'list-keys'], { env: { ...env, NODE_EXTRA_CA_CERTS: join(sb.dir, 'missing.pem') } });
    expect(plain.exitCode, String(plain.stderr)).toBe(0);
    expect(String(plain.stderr)).toBe('');
  });
});

describe('--ca-bundle and AWS_CA_BUNDLE, as the AWS CLI has them', () => {
  it('each trusts the file’s authorities; a relative path is the caller’s', async () => {
    const flag = await remote(['list-keys', '--ca-bundle', 'ca.pem']);
    expect(flag.exitCode, String(flag.stderr)).toBe(0);
    const variable = await remote(['list-keys'], { AWS_CA_BUNDLE: ca });
    expect(variable.exitCode, String(variable.stderr)).toBe(0);
  });

  it('replace the default authorities, and win over NODE_EXTRA_CA_CERTS (--ca-bundle over AWS_CA_BUNDLE)', async () => {
    const system = join(sb.dir, 'proxy.pem'); // a bundle without the CA: the proxy's own certificate
    const r = await remote(['list-keys'], { AWS_CA_BUNDLE: system, NODE_EXTRA_CA_CERTS: ca });
    expect(r.exitCode).toBe(255);
    expect(String(r.stderr)).toMatch(VERIFY_FAILED());
    const flag = await remote(['list-keys', '--ca-bundle', ca], { AWS_CA_BUNDLE: system });
    expect(flag.exitCode, String(flag.stderr)).toBe(0);
    expect(trustedAuthorities({}, { AWS_CA_BUNDLE: ca }, sb.dir).ca).toEqual([readFileSync(ca, 'utf8').trim()]);
  });

  it('a bundle that cannot be read: an error naming the flag or the variable (255)', async () => {
    const flag = await remote(['list-keys', '--ca-bundle', 'missing.pem']);
    expect(flag.exitCode).toBe(255);
    expect(String(flag.stderr)).toBe(
      'error: cannot read the CA certificates in missing.pem (--ca-bundle): no such file\n' +
        'hint: --ca-bundle names a PEM file of the certificate authorities to trust for https endpoints, in place of the default ones\n',
    );
    const variable = await remote(['list-keys'], { AWS_CA_BUNDLE: 'missing.pem' });
    expect(String(variable.stderr)).toMatch(/^error: cannot read the CA certificates in missing\.pem \(AWS_CA_BUNDLE\): no such file\n/);
  });

  it('--no-verify-ssl checks nothing, not even the bundle, and says so', async () => {
    const r = await remote(['list-keys', '--no-verify-ssl', '--ca-bundle', 'missing.pem']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stderr)).toMatch(/^warning: --no-verify-ssl: the certificate of 127\.0\.0\.1:\d+ is not checked/);
  });
});

describe('TLS failures in botocore’s words', () => {
  it.each([
    [{ code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', message: 'unable to get local issuer certificate' }, '127.0.0.1', '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate'],
    [{ code: 'CERT_HAS_EXPIRED', message: 'certificate has expired' }, 'kms.example', '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: certificate has expired'],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'Hostname/IP does not match' }, '127.0.0.2', "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: IP address mismatch, certificate is not valid for '127.0.0.2'."],
    [{ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: 'Hostname/IP does not match' }, 'kms.example', "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch, certificate is not valid for 'kms.example'."],
    [{ code: 'EPROTO', message: 'write EPROTO 80:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl3_record.c:350:\n' }, 'h', '[SSL: WRONG_VERSION_NUMBER] wrong version number'],
    [{ code: 'ECONNRESET', message: 'socket hang up' }, 'h', undefined],
  ])('%j', (err, host, text) => {
    expect(tlsFailure(Object.assign(new Error(err.message), { code: err.code }), host)).toBe(text);
  });

  it('an https URL on a port that speaks http', async () => {
    const r = await sb.kms(['--endpoint-url', server.url.replace('http:', 'https:'), 'list-keys'], { env });
    expect(r.exitCode).toBe(255);
    expect(String(r.stderr)).toBe(`\nSSL validation failed for ${server.url.replace('http:', 'https:')}/ [SSL: WRONG_VERSION_NUMBER] wrong version number\n`);
  });
});

const built = existsSync(join(ROOT, 'build', 'Release', 'kms-client')) && existsSync(join(ROOT, 'build', 'Release', 'agent.node'));
if (!built) console.log('agent cases skipped: native/ was not built (npm install needs a C compiler)');

describe.skipIf(!built)('in an unlocked session', () => {
  let session: Record<string, string>;
  beforeAll(async () => {
    const r = await sb.kms(['keyring', 'unlock', '--debug', '--duration', '10m']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    agentPids.push(Number(/kms agent (\d+) listens on /.exec(String(r.stderr))![1]));
    session = { ...env, KMS_KEYRING: sb.keyring, KMS_SESSION: /KMS_SESSION='([^']+)'/.exec(String(r.stdout))![1]! };
  });
  afterAll(async () => {
    if (session) await sb.kms(['keyring', 'lock'], { env: session });
  });

  it('--endpoint-url, which the agent leaves to a process of its own, still gets the certificates', async () => {
    const before = callers.length;
    const r = await sb.kms(['--endpoint-url', url, 'list-keys'], { env: { ...session, NODE_EXTRA_CA_CERTS: ca } });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(callers.slice(before)).toEqual([undefined]); // not the agent's connection
  });

  it('AWS_ENDPOINT_URL_KMS, which the agent runs itself, gets the caller’s certificates (and relative paths)', async () => {
    const before = callers.length;
    const r = await sb.kms(['list-keys'], { env: { ...session, AWS_ENDPOINT_URL_KMS: url, NODE_EXTRA_CA_CERTS: 'ca.pem' }, cwd: sb.dir });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(callers.slice(before)).toEqual([agentPids[0]]);
    // and fails as a process of its own does, with the same words and exit code
    for (const extra of [{}, { NODE_EXTRA_CA_CERTS: 'missing.pem' }]) {
      const viaAgent = await sb.kms(['list-keys'], { env: { ...session, AWS_ENDPOINT_URL_KMS: url, ...extra }, cwd: sb.dir });
      const own = await sb.kms(['list-keys'], { env: { ...session, AWS_ENDPOINT_URL_KMS: url, KMS_AGENT: '0', ...extra }, cwd: sb.dir });
      expect(viaAgent.exitCode).toBe(255);
      expect(String(viaAgent.stderr)).toBe(String(own.stderr));
      expect(viaAgent.exitCode).toBe(own.exitCode);
    }
  });
});
