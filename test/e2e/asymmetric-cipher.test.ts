// End to end through bin/kms with the openssl CLI: RSA OAEP ciphertexts made by openssl decrypt with
// `kms decrypt`, `kms derive-shared-secret` equals `openssl pkeyutl -derive`, SM2PKE from openssl
// decrypts in cn-north-1, and data key pairs parse with openssl and match their public keys.
// Needs the openssl CLI; skips with a printed reason without it.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';

const noOpenssl = spawnSync('openssl', ['version']).status !== 0;
if (noOpenssl) console.warn('skipping openssl encryption/ECDH/key-pair interop: the openssl CLI is not installed');

let sb: Sandbox;
const path = (name: string) => join(sb.dir, name);

function openssl(args: string[]): { status: number; stdout: Buffer; stderr: string } {
  const r = spawnSync('openssl', args);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: String(r.stderr) };
}

async function kmsJson(args: string[]): Promise<any> {
  const r = await sb.kms(args);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return json(r);
}

/** `kms get-public-key` → DER file → PEM file (openssl pkey -pubin -inform DER). */
async function publicPem(keyId: string, name: string, region = 'us-east-1'): Promise<string> {
  const res = await kmsJson(['get-public-key', '--key-id', keyId, '--region', region]);
  writeFileSync(path(`${name}.der`), Buffer.from(res.PublicKey, 'base64'));
  const r = openssl(['pkey', '-pubin', '-inform', 'DER', '-in', path(`${name}.der`), '-out', path(`${name}.pem`)]);
  expect(r.status, r.stderr).toBe(0);
  return path(`${name}.pem`);
}

beforeAll(async () => {
  // the calls run in the session's agent, as an unlocked user's do (the per-process path: symmetric.test.ts)
  sb = await sandbox(true, { agent: true });
  writeFileSync(path('plain.txt'), 'encrypted by openssl, decrypted by kms\n');
}, 60_000);
afterAll(() => sb?.cleanup());

describe.skipIf(noOpenssl)('RSA OAEP: openssl pkeyutl -encrypt, kms decrypt', () => {
  for (const [spec, algorithm, digest] of [['RSA_2048', 'RSAES_OAEP_SHA_1', 'sha1'], ['RSA_3072', 'RSAES_OAEP_SHA_256', 'sha256'], ['RSA_2048', 'RSAES_OAEP_SHA_256', 'sha256']]) {
    it(`${spec} ${algorithm}`, async () => {
      const keyId = (await kmsJson(['create-key', '--key-spec', spec!, '--key-usage', 'ENCRYPT_DECRYPT'])).KeyMetadata.KeyId;
      const pem = await publicPem(keyId, `${spec}-${algorithm}`);
      const ct = path(`${spec}-${algorithm}.bin`);
      const enc = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', pem, '-in', path('plain.txt'), '-out', ct,
        '-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${digest}`, '-pkeyopt', `rsa_mgf1_md:${digest}`]);
      expect(enc.status, enc.stderr).toBe(0);
      const dec = await kmsJson(['decrypt', '--key-id', keyId, '--encryption-algorithm', algorithm!, '--ciphertext-blob', `fileb://${ct}`]);
      expect(dec.EncryptionAlgorithm).toBe(algorithm);
      expect(Buffer.from(dec.Plaintext, 'base64')).toEqual(readFileSync(path('plain.txt')));
      // and kms's own ciphertext decrypts with kms (openssl cannot: the private key never leaves)
      const mine = await kmsJson(['encrypt', '--key-id', keyId, '--encryption-algorithm', algorithm!, '--plaintext', `fileb://${path('plain.txt')}`]);
      writeFileSync(path('mine.bin'), Buffer.from(mine.CiphertextBlob, 'base64'));
      const wrongAlgo = algorithm === 'RSAES_OAEP_SHA_1' ? 'RSAES_OAEP_SHA_256' : 'RSAES_OAEP_SHA_1';
      const bad = await sb.kms(['decrypt', '--key-id', keyId, '--encryption-algorithm', wrongAlgo, '--ciphertext-blob', `fileb://${path('mine.bin')}`]);
      expect(bad.exitCode).toBe(254);
      expect(String(bad.stderr)).toContain('(InvalidCiphertextException)');
    }, 60_000);
  }
});

describe.skipIf(noOpenssl)('ECDH: kms derive-shared-secret equals openssl pkeyutl -derive', () => {
  for (const [spec, curve] of [['ECC_NIST_P256', 'P-256'], ['ECC_NIST_P384', 'P-384'], ['ECC_NIST_P521', 'P-521']]) {
    it(spec!, async () => {
      const keyId = (await kmsJson(['create-key', '--key-spec', spec!, '--key-usage', 'KEY_AGREEMENT'])).KeyMetadata.KeyId;
      const kmsPem = await publicPem(keyId, spec!);
      const peer = path(`${spec}-peer.pem`);
      expect(openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-out', peer]).status).toBe(0);
      expect(openssl(['pkey', '-in', peer, '-pubout', '-outform', 'DER', '-out', `${peer}.pub.der`]).status).toBe(0);
      const res = await kmsJson(['derive-shared-secret', '--key-id', keyId, '--key-agreement-algorithm', 'ECDH', '--public-key', `fileb://${peer}.pub.der`]);
      expect(res).toMatchObject({ KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS' });
      const derived = openssl(['pkeyutl', '-derive', '-inkey', peer, '-peerkey', kmsPem]);
      expect(derived.status, derived.stderr).toBe(0);
      expect(Buffer.from(res.SharedSecret, 'base64')).toEqual(derived.stdout);
    }, 30_000);
  }
});

describe.skipIf(noOpenssl)('SM2 in cn-north-1', () => {
  it('an SM2PKE ciphertext made by openssl decrypts with kms decrypt', async () => {
    const keyId = (await kmsJson(['create-key', '--key-spec', 'SM2', '--key-usage', 'ENCRYPT_DECRYPT', '--region', 'cn-north-1'])).KeyMetadata.KeyId;
    const pem = await publicPem(keyId, 'sm2-enc', 'cn-north-1');
    const enc = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', pem, '-in', path('plain.txt'), '-out', path('sm2.bin')]);
    expect(enc.status, enc.stderr).toBe(0);
    const dec = await kmsJson(['decrypt', '--region', 'cn-north-1', '--key-id', keyId, '--encryption-algorithm', 'SM2PKE', '--ciphertext-blob', `fileb://${path('sm2.bin')}`]);
    expect(Buffer.from(dec.Plaintext, 'base64')).toEqual(readFileSync(path('plain.txt')));
  }, 30_000);
});

describe.skipIf(noOpenssl)('generate-data-key-pair: PKCS#8 parses with openssl and matches the SPKI public key', () => {
  const SPECS: [string, string][] = [
    ['RSA_2048', 'us-east-1'], ['RSA_3072', 'us-east-1'], ['RSA_4096', 'us-east-1'], ['ECC_NIST_P256', 'us-east-1'],
    ['ECC_NIST_P384', 'us-east-1'], ['ECC_NIST_P521', 'us-east-1'], ['ECC_SECG_P256K1', 'us-east-1'],
    ['ECC_NIST_EDWARDS25519', 'us-east-1'], ['SM2', 'cn-north-1'],
  ];
  const wrapping = new Map<string, string>();

  for (const [spec, region] of SPECS) {
    it(`${spec} (${region})`, async () => {
      if (!wrapping.has(region)) wrapping.set(region, (await kmsJson(['create-key', '--region', region])).KeyMetadata.KeyId);
      const keyId = wrapping.get(region)!;
      const pair = await kmsJson(['generate-data-key-pair', '--region', region, '--key-id', keyId, '--key-pair-spec', spec, '--encryption-context', 'use=e2e']);
      expect(pair.KeyPairSpec).toBe(spec);
      const der = path(`${spec}.p8.der`);
      writeFileSync(der, Buffer.from(pair.PrivateKeyPlaintext, 'base64'));
      const pub = openssl(['pkey', '-inform', 'DER', '-in', der, '-pubout', '-outform', 'DER']);
      expect(pub.status, pub.stderr).toBe(0);
      expect(pub.stdout.toString('base64')).toBe(pair.PublicKey);
      // the ciphertext blob is the same PKCS#8, encrypted under the symmetric key with the context
      writeFileSync(path(`${spec}.blob`), Buffer.from(pair.PrivateKeyCiphertextBlob, 'base64'));
      const dec = await kmsJson(['decrypt', '--region', region, '--ciphertext-blob', `fileb://${path(`${spec}.blob`)}`, '--encryption-context', 'use=e2e']);
      expect(dec.Plaintext).toBe(pair.PrivateKeyPlaintext);
      const without = await kmsJson(['generate-data-key-pair-without-plaintext', '--region', region, '--key-id', keyId, '--key-pair-spec', spec]);
      expect(without).not.toHaveProperty('PrivateKeyPlaintext');
      expect(without.KeyPairSpec).toBe(spec);
    }, 60_000);
  }
});
