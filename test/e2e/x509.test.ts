// `kms x509 create-csr` through the real CLI: a request for every key spec and signing algorithm
// that X.509 can carry verifies with `openssl req -verify` (SM2 with its distinguishing ID), holds
// the key's own public key and the asked-for subject and SANs, and its Sign is on the audit
// trail; ML-DSA (which OpenSSL 3.0 cannot check) verifies through kms verify; refusals are one
// error with exit 252 and no Sign call.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChildren, readItem } from '../../src/crypto/x509/der.js';
import { json, sandbox, type Sandbox } from '../support/cli.js';

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
      [['--key-id', symmetric, '--subject', 'CN=x'], /^error: key .* is a SYMMETRIC_DEFAULT key for ENCRYPT_DECRYPT: only SIGN_VERIFY keys sign requests\nhint: /],
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
});
