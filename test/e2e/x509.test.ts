// `kms x509` through the real CLI. create-csr: a request for every key spec and signing algorithm
// that X.509 can carry verifies with `openssl req -verify` (SM2 with its distinguishing ID), holds
// the key's own public key and the asked-for subject and SANs, and its Sign is on the audit trail;
// ML-DSA (which OpenSSL 3.0 cannot check) verifies through kms verify. self-sign and
// create-certificate: a root → intermediate → leaf chain of three KMS keys passes `openssl
// verify`, shows the extensions asked for, and carries a TLS handshake between openssl s_server
// (the leaf's key from generate-data-key-pair) and s_client trusting the KMS-held root.
// Refusals are one error with exit 252 and no Sign call; a caller without kms:Sign is denied.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChildren, readItem } from '../../src/crypto/x509/der.js';
import { json, sandbox, type Sandbox } from '../support/cli.js';
import { freePort } from '../support/postgres.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.log('x509 e2e: openssl is not installed; requests are checked through kms verify only');

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(() => sb.cleanup());

const CASES: [string, string, string[]][] = [
  ['us-east-1', 'RSA_2048', ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384']],
  ['us-east-1', 'RSA_4096', ['RSASSA_PSS_SHA_512']],
  ['us-east-1', 'ECC_NIST_P256', ['ECDSA_SHA_256']],
  ['us-east-1', 'ECC_NIST_P384', ['ECDSA_SHA_384']],
  ['us-east-1', 'ECC_NIST_P521', ['ECDSA_SHA_512']],
  ['us-east-1', 'ECC_SECG_P256K1', ['ECDSA_SHA_256']],
  ['us-east-1', 'ECC_NIST_EDWARDS25519', ['ED25519_SHA_512']],
  ['cn-north-1', 'SM2', ['SM2DSA']],
];

async function signingKey(region: string, spec: string): Promise<string> {
  const r = await sb.kms(['--region', region, 'create-key', '--key-spec', spec, '--key-usage', 'SIGN_VERIFY']);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return String(json(r).KeyMetadata.Arn);
}

/** The request's parts: the signed info, the signature, and the info's SubjectPublicKeyInfo. */
function parts(pemText: string): { info: Uint8Array; signature: Uint8Array; spki: Uint8Array } {
  const der = new Uint8Array(Buffer.from(pemText.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64'));
  const [info, , bits] = readChildren(readItem(der).content);
  return { info: info!.bytes, signature: bits!.content.subarray(1), spki: readChildren(info!.content)[2]!.bytes };
}

describe('kms x509 create-csr', () => {
  it.each(CASES)('%s %s: openssl verifies the request; it holds the key\'s public key, the subject and the SANs', async (region, spec, algorithms) => {
    const arn = await signingKey(region, spec);
    const pub = Buffer.from(String(json(await sb.kms(['--region', region, 'get-public-key', '--key-id', arn])).PublicKey), 'base64');
    for (const algorithm of algorithms) {
      const file = join(sb.dir, `${spec}-${algorithm}.csr`);
      const r = await sb.kms(['--region', region, 'x509', 'create-csr', '--key-id', arn, '--subject', 'CN=app.example,O=Example\\, Ltd,C=US', '--san', 'DNS:app.example,IP:10.0.0.1,URI:spiffe://example/app', '--signing-algorithm', algorithm, '--out', file]);
      expect(r.exitCode, String(r.stderr)).toBe(0);
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE REQUEST-----\n$/);
      expect(Buffer.from(parts(text).spki)).toEqual(pub);
      if (!hasOpenssl) continue;
      const verify = spawnSync('openssl', ['req', '-in', file, '-verify', '-noout', ...(spec === 'SM2' ? ['-vfyopt', 'distid:1234567812345678'] : [])], { encoding: 'utf8' });
      expect(verify.stdout + verify.stderr, `${spec} ${algorithm}`).toMatch(/verify OK/);
      const shown = spawnSync('openssl', ['req', '-in', file, '-noout', '-text'], { encoding: 'utf8' }).stdout;
      expect(shown).toContain('Subject: C = US, O = "Example, Ltd", CN = app.example');
      expect(shown).toContain('DNS:app.example, IP Address:10.0.0.1, URI:spiffe://example/app');
    }
  }, 60_000);

  it('ML-DSA (which OpenSSL 3.0 cannot check): the signature over the request info verifies with kms verify', async () => {
    const arn = await signingKey('us-east-1', 'ML_DSA_65');
    const r = await sb.kms(['x509', 'create-csr', '--key-id', arn, '--subject', '/CN=post-quantum']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    const { info, signature } = parts(String(r.stdout));
    writeFileSync(join(sb.dir, 'info.der'), info);
    writeFileSync(join(sb.dir, 'sig.bin'), signature);
    const v = await sb.kms(['verify', '--key-id', arn, '--message', 'fileb://info.der', '--signature', 'fileb://sig.bin', '--signing-algorithm', 'ML_DSA_SHAKE_256', '--query', 'SignatureValid', '--output', 'text'], { cwd: sb.dir });
    expect(String(v.stdout)).toBe('True\n');
  });

  it('its Sign is on the audit trail, as the caller\'s', async () => {
    const arn = await signingKey('us-east-1', 'ECC_NIST_P256');
    expect((await sb.kms(['x509', 'create-csr', '--key-id', arn, '--subject', 'CN=audited'])).exitCode).toBe(0);
    const events = json(await sb.kms(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=Sign']));
    const mine = (events.Events as { CloudTrailEvent: string }[]).map((e) => JSON.parse(e.CloudTrailEvent)).filter((e) => e.requestParameters?.keyId === arn);
    expect(mine).toHaveLength(1);
    expect(mine[0].requestParameters).toMatchObject({ signingAlgorithm: 'ECDSA_SHA_256', messageType: 'DIGEST' });
  });

  it('refusals: one error, exit 252, and no Sign made', async () => {
    const ed = await signingKey('us-east-1', 'ECC_NIST_EDWARDS25519');
    const symmetric = String(json(await sb.kms(['create-key'])).KeyMetadata.Arn);
    const cases: [string[], RegExp][] = [
      [['--key-id', ed, '--subject', 'CN=x', '--signing-algorithm', 'ED25519_PH_SHA_512'], /^error: ED25519_PH_SHA_512 has no X\.509 signature algorithm .*\nhint: the algorithms of a ECC_NIST_EDWARDS25519 key: ED25519_SHA_512, ED25519_PH_SHA_512\n$/],
      [['--key-id', ed, '--subject', 'XX=1'], /^error: argument --subject: unknown attribute type "XX" .*\nhint: /],
      [['--key-id', ed, '--subject', 'CN=x', '--san', 'IP:300.1.1.1'], /^error: argument --san: "300\.1\.1\.1" is not an IPv4 or IPv6 address\nhint: /],
      [['--key-id', symmetric, '--subject', 'CN=x'], /^error: key .* is a SYMMETRIC_DEFAULT key for ENCRYPT_DECRYPT: only SIGN_VERIFY keys sign\nhint: /],
      [['--key-id', ed], /kms: error: the following arguments are required: --subject\n$/],
    ];
    const signs = async () => (json(await sb.kms(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=Sign'])).Events as unknown[]).length;
    const before = await signs();
    for (const [args, message] of cases) {
      const r = await sb.kms(['x509', 'create-csr', ...args]);
      expect(r.exitCode, args.join(' ')).toBe(252);
      expect(String(r.stderr)).toMatch(message);
      expect(String(r.stdout)).toBe('');
    }
    expect(await signs()).toBe(before);
  });

  describe('self-sign and create-certificate', () => {
    const ssl = (args: string[], input?: string) => spawnSync('openssl', args, { cwd: sb.dir, encoding: 'utf8', input });
    const run = async (args: string[], env?: Record<string, string>) => {
      const r = await sb.kms(args, { cwd: sb.dir, ...(env ? { env: { ...sb.env, ...env } } : {}) });
      expect(r.exitCode, `${args.join(' ')}: ${String(r.stderr)}`).toBe(0);
      return String(r.stdout);
    };
    let root: string;
    let intermediate: string;

    beforeAll(async () => {
      root = await signingKey('us-east-1', 'ECC_NIST_P384');
      intermediate = await signingKey('us-east-1', 'RSA_3072');
      await run(['x509', 'self-sign', '--key-id', root, '--subject', 'CN=Example Root,O=Example', '--validity-days', '3650', '--out', 'root.pem']);
      await run(['x509', 'create-csr', '--key-id', intermediate, '--subject', 'CN=Example Intermediate,O=Example', '--out', 'int.csr']);
      await run(['x509', 'create-certificate', '--key-id', root, '--csr', 'fileb://int.csr', '--issuer-certificate', 'fileb://root.pem', '--ca', '--path-length', '0', '--out', 'int.pem']);
      // the leaf's key pair from generate-data-key-pair, its request made by openssl
      const pair = json(await sb.kms(['generate-data-key-pair', '--key-id', String(json(await sb.kms(['create-key'])).KeyMetadata.Arn), '--key-pair-spec', 'ECC_NIST_P256']));
      writeFileSync(join(sb.dir, 'leaf.der'), Buffer.from(String(pair.PrivateKeyPlaintext), 'base64'));
      expect(ssl(['pkey', '-inform', 'DER', '-in', 'leaf.der', '-out', 'leaf.key']).status).toBe(0);
      expect(ssl(['req', '-new', '-key', 'leaf.key', '-subj', '/CN=app.example', '-addext', 'subjectAltName=DNS:app.example,IP:127.0.0.1', '-out', 'leaf.csr']).status).toBe(0);
      await run(['x509', 'create-certificate', '--key-id', intermediate, '--csr', 'fileb://leaf.csr', '--issuer-certificate', 'fileb://int.pem', '--copy-san', '--extended-key-usage', 'serverAuth,clientAuth', '--out', 'leaf.pem']);
    }, 60_000);

    it.skipIf(!hasOpenssl)('a root → intermediate → leaf chain of three KMS keys passes openssl verify, with the extensions RFC 5280 asks for', async () => {
      // the leaf on a third KMS key (Ed25519), its request made by kms, for code signing
      const third = await signingKey('us-east-1', 'ECC_NIST_EDWARDS25519');
      await run(['x509', 'create-csr', '--key-id', third, '--subject', 'CN=release signing,O=Example', '--out', 'kms-leaf.csr']);
      await run(['x509', 'create-certificate', '--key-id', intermediate, '--csr', 'fileb://kms-leaf.csr', '--issuer-certificate', 'fileb://int.pem', '--key-usage', 'digitalSignature', '--extended-key-usage', 'codeSigning', '--out', 'kms-leaf.pem']);
      expect(ssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'int.pem', 'kms-leaf.pem']).stdout).toBe('kms-leaf.pem: OK\n');
      expect(ssl(['x509', '-in', 'kms-leaf.pem', '-noout', '-text']).stdout).toMatch(/Public Key Algorithm: ED25519[\s\S]*Extended Key Usage: \n\s+Code Signing\n/);
      expect(ssl(['verify', '-CAfile', 'root.pem', '-check_ss_sig', 'root.pem']).stdout).toBe('root.pem: OK\n');
      expect(ssl(['verify', '-CAfile', 'root.pem', 'int.pem']).stdout).toBe('int.pem: OK\n');
      expect(ssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'int.pem', '-purpose', 'sslserver', 'leaf.pem']).stdout).toBe('leaf.pem: OK\n');
      const text = (file: string) => ssl(['x509', '-in', file, '-noout', '-text']).stdout;
      const [r, i, l] = [text('root.pem'), text('int.pem'), text('leaf.pem')];
      expect(r).toMatch(/Issuer: O = Example, CN = Example Root\n[\s\S]*Subject: O = Example, CN = Example Root\n/);
      expect(r).toMatch(/Basic Constraints: critical\n\s+CA:TRUE\n/);
      expect(r).toMatch(/Key Usage: critical\n\s+Digital Signature, Certificate Sign, CRL Sign\n/);
      expect(r).toContain('Signature Algorithm: ecdsa-with-SHA384');
      expect(i).toMatch(/Issuer: O = Example, CN = Example Root\n/);
      expect(i).toMatch(/Basic Constraints: critical\n\s+CA:TRUE, pathlen:0\n/);
      expect(l).toMatch(/Issuer: O = Example, CN = Example Intermediate\n/);
      expect(l).toMatch(/Basic Constraints: critical\n\s+CA:FALSE\n/);
      expect(l).toMatch(/Extended Key Usage: \n\s+TLS Web Server Authentication, TLS Web Client Authentication\n/);
      expect(l).toMatch(/Subject Alternative Name: \n\s+DNS:app\.example, IP Address:127\.0\.0\.1\n/);
      expect(l).toContain('Signature Algorithm: sha256WithRSAEncryption');
      // each authority key identifier is its issuer's subject key identifier
      const ski = (t: string) => /Subject Key Identifier: \n\s+(\S+)/.exec(t)![1];
      const aki = (t: string) => /Authority Key Identifier: \n\s+(?:keyid:)?(\S+)/.exec(t)![1];
      expect([aki(r), aki(i), aki(l)]).toEqual([ski(r), ski(r), ski(i)]);
      // serials: 16 octets, positive
      for (const t of [r, i, l]) expect(t).toMatch(/Serial Number:\n\s+[4-7][0-9a-f](:[0-9a-f]{2}){15}\n/);
    });

    it.skipIf(!hasOpenssl)('a TLS handshake: openssl s_server with the leaf, s_client trusting the KMS-held root', async () => {
      const port = await freePort();
      const server = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', 'leaf.pem', '-key', 'leaf.key', '-cert_chain', 'int.pem', '-www'], { cwd: sb.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        await new Promise<void>((ok, fail) => {
          const timer = setTimeout(() => fail(new Error('s_server did not start')), 10_000);
          server.stdout!.on('data', (c: Buffer) => c.toString().includes('ACCEPT') && (clearTimeout(timer), ok()));
        });
        const client = ssl(['s_client', '-connect', `127.0.0.1:${port}`, '-CAfile', 'root.pem', '-verify_return_error', '-verify_hostname', 'app.example', '-servername', 'app.example', '-brief'], '');
        expect(client.stdout + client.stderr).toMatch(/Verification: OK\n/);
        expect(client.stdout + client.stderr).toMatch(/Verified peername: app\.example\n/);
      } finally {
        server.kill();
      }
    });

    it.skipIf(!hasOpenssl)('self-sign for every other key kind verifies; SM2 with its distinguishing ID; the validity follows the engine\'s clock', async () => {
      for (const spec of ['RSA_2048', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519']) {
        const key = await signingKey('us-east-1', spec);
        await run(['x509', 'self-sign', '--key-id', key, '--subject', `CN=${spec}`, '--out', `${spec}.pem`]);
        expect(ssl(['verify', '-check_ss_sig', '-CAfile', `${spec}.pem`, `${spec}.pem`]).stdout, spec).toBe(`${spec}.pem: OK\n`);
      }
      // OpenSSL 3.0 applies -vfyopt distid to the certificate checked but not to a trust anchor's own
      // signature (-check_ss_sig): the SM2 signature is checked with pkeyutl and the default ID
      const sm2 = await signingKey('cn-north-1', 'SM2');
      await run(['--region', 'cn-north-1', 'x509', 'self-sign', '--key-id', sm2, '--subject', 'CN=SM2 Root', '--out', 'sm2.pem']);
      const der = new Uint8Array(Buffer.from(readFileSync(join(sb.dir, 'sm2.pem'), 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64'));
      const [tbs, , bits] = readChildren(readItem(der).content);
      writeFileSync(join(sb.dir, 'sm2.tbs'), tbs!.bytes);
      writeFileSync(join(sb.dir, 'sm2.sig'), bits!.content.subarray(1));
      writeFileSync(join(sb.dir, 'sm2.pub'), ssl(['x509', '-in', 'sm2.pem', '-pubkey', '-noout']).stdout);
      expect(ssl(['pkeyutl', '-verify', '-pubin', '-inkey', 'sm2.pub', '-rawin', '-digest', 'sm3', '-in', 'sm2.tbs', '-sigfile', 'sm2.sig', '-pkeyopt', 'distid:1234567812345678']).stdout).toContain('Signature Verified Successfully');
      const timed = await run(['x509', 'self-sign', '--key-id', root, '--subject', 'CN=t', '--validity-days', '10'], { KMS_NOW: '2030-01-02T03:04:05Z' });
      expect(ssl(['x509', '-noout', '-dates'], timed).stdout).toBe('notBefore=Jan  2 03:04:05 2030 GMT\nnotAfter=Jan 12 03:04:05 2030 GMT\n');
    }, 60_000);

    it('create-certificate refusals: one error, exit 252, no Sign', async () => {
      const tampered = Buffer.from(readFileSync(join(sb.dir, 'int.csr'), 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s/g, ''), 'base64');
      tampered[tampered.length - 5] ^= 1; // inside the signature
      writeFileSync(join(sb.dir, 'tampered.csr'), tampered);
      const cases: [string[], RegExp][] = [
        [['--key-id', root, '--csr', 'fileb://leaf.csr', '--path-length', '1'], /^error: argument --path-length: only a CA certificate has a path length\nhint: add --ca\n$/],
        [['--key-id', root, '--csr', 'fileb://leaf.csr', '--key-usage', 'keyCertSign'], /^error: argument --key-usage: keyCertSign is for CA certificates only/],
        [['--key-id', root, '--csr', 'fileb://leaf.csr', '--extended-key-usage', 'serverauth'], /^error: argument --extended-key-usage: unknown name "serverauth"\nhint: the names: serverAuth, /],
        [['--key-id', root, '--csr', 'fileb://tampered.csr', '--issuer-certificate', 'fileb://root.pem'], /^error: the request's signature does not verify with its own public key\n/],
        [['--key-id', root, '--csr', 'fileb://leaf.csr'], /^error: the request is for another key than arn:aws:kms:\S+: give the issuer's certificate\nhint: add --issuer-certificate/],
        [['--key-id', root, '--csr', 'fileb://leaf.csr', '--issuer-certificate', 'fileb://int.pem'], /^error: the issuer certificate is not arn:aws:kms:\S+'s: its public key differs\n/],
        [['--key-id', intermediate, '--csr', 'fileb://leaf.csr', '--issuer-certificate', 'fileb://int.pem', '--validity-days', '0'], /kms: error: argument --validity-days: expected a whole number from 1 to 36500, got '0'\n$/],
        [['--key-id', root, '--csr', 'fileb://missing.csr'], /^error: argument --csr: /],
      ];
      const signs = async () => (json(await sb.kms(['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=Sign'])).Events as unknown[]).length;
      const before = await signs();
      for (const [args, message] of cases) {
        const r = await sb.kms(['x509', 'create-certificate', ...args], { cwd: sb.dir });
        expect(r.exitCode, args.join(' ')).toBe(252);
        expect(String(r.stderr), args.join(' ')).toMatch(message);
      }
      expect(await signs()).toBe(before);
    });

    it('a caller without kms:Sign is denied as for Sign itself (AccessDeniedException, exit 254), and nothing is printed', async () => {
      expect((await sb.kms(['iam', 'create-user', '--user-name', 'x509-user'])).exitCode).toBe(0);
      const key = json(await sb.kms(['iam', 'create-access-key', '--user-name', 'x509-user'])).AccessKey as { AccessKeyId: string; SecretAccessKey: string };
      const as = { env: { ...sb.env, AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey } };
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:DescribeKey', 'kms:GetPublicKey'], Resource: '*' }] });
      expect((await sb.kms(['iam', 'put-user-policy', '--user-name', 'x509-user', '--policy-name', 'read', '--policy-document', policy])).exitCode).toBe(0);
      const r = await sb.kms(['x509', 'self-sign', '--key-id', root, '--subject', 'CN=denied'], as);
      expect(r.exitCode).toBe(254);
      expect(String(r.stderr)).toMatch(/^\nAn error occurred \(AccessDeniedException\) when calling the Sign operation: User: arn:aws:iam::\d+:user\/x509-user is not authorized to perform: kms:Sign on resource: /);
      expect(String(r.stdout)).toBe('');
    });
  });
});
