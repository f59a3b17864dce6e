// End to end through bin/kms: every signing spec and algorithm signs with `kms sign`, the openssl CLI
// verifies with the key from `kms get-public-key`, and a signature with one bit flipped fails both
// openssl and `kms verify`. Needs the openssl CLI; skips with a printed reason without it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';

function opensslInfo(): { missing?: string; version: [number, number]; mlDsa: boolean } {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { missing: 'the openssl CLI is not installed', version: [0, 0], mlDsa: false };
  const m = /OpenSSL (\d+)\.(\d+)/.exec(r.stdout);
  const algs = spawnSync('openssl', ['list', '-signature-algorithms'], { encoding: 'utf8' }).stdout ?? '';
  return { version: [Number(m?.[1] ?? 0), Number(m?.[2] ?? 0)], mlDsa: /ML-DSA/i.test(algs) };
}
const ossl = opensslInfo();
if (ossl.missing) console.warn(`skipping openssl sign/verify interop: ${ossl.missing}`);
const atLeast = (major: number, minor: number) => ossl.version[0] > major || (ossl.version[0] === major && ossl.version[1] >= minor);

type Check = 'pss' | 'pkcs1' | 'ecdsa' | 'ed25519' | 'ed25519ph' | 'mldsa' | 'sm2';
/** [spec, algorithm, how openssl checks it, the region] */
const CASES: [string, string, Check, string][] = [
  ['RSA_2048', 'RSASSA_PSS_SHA_256', 'pss', 'us-east-1'],
  ['RSA_3072', 'RSASSA_PSS_SHA_384', 'pss', 'us-east-1'],
  ['RSA_4096', 'RSASSA_PSS_SHA_512', 'pss', 'us-east-1'],
  ['RSA_2048', 'RSASSA_PKCS1_V1_5_SHA_256', 'pkcs1', 'us-east-1'],
  ['RSA_3072', 'RSASSA_PKCS1_V1_5_SHA_384', 'pkcs1', 'us-east-1'],
  ['RSA_4096', 'RSASSA_PKCS1_V1_5_SHA_512', 'pkcs1', 'us-east-1'],
  ['RSA_2048', 'RSASSA_PSS_SHA_512', 'pss', 'us-east-1'],
  ['RSA_4096', 'RSASSA_PKCS1_V1_5_SHA_256', 'pkcs1', 'us-east-1'],
  ['ECC_NIST_P256', 'ECDSA_SHA_256', 'ecdsa', 'us-east-1'],
  ['ECC_NIST_P384', 'ECDSA_SHA_384', 'ecdsa', 'us-east-1'],
  ['ECC_NIST_P521', 'ECDSA_SHA_512', 'ecdsa', 'us-east-1'],
  ['ECC_SECG_P256K1', 'ECDSA_SHA_256', 'ecdsa', 'us-east-1'],
  ['ECC_NIST_EDWARDS25519', 'ED25519_SHA_512', 'ed25519', 'us-east-1'],
  ['ECC_NIST_EDWARDS25519', 'ED25519_PH_SHA_512', 'ed25519ph', 'us-east-1'],
  ['ML_DSA_44', 'ML_DSA_SHAKE_256', 'mldsa', 'us-east-1'],
  ['ML_DSA_65', 'ML_DSA_SHAKE_256', 'mldsa', 'us-east-1'],
  ['ML_DSA_87', 'ML_DSA_SHAKE_256', 'mldsa', 'us-east-1'],
  ['SM2', 'SM2DSA', 'sm2', 'cn-north-1'],
];

/** Why openssl cannot check `check` here, or undefined when it can. */
function opensslGap(check: Check): string | undefined {
  if (check === 'ed25519ph' && !atLeast(3, 2)) return `Ed25519ph needs OpenSSL 3.2+ (found ${ossl.version.join('.')})`;
  if (check === 'mldsa' && !ossl.mlDsa) return `ML-DSA needs OpenSSL 3.5+ (found ${ossl.version.join('.')})`;
  return undefined;
}

/**
 * Where openssl cannot check an algorithm, an independent implementation does (noble, not the
 * code path kms signs with for Ed25519ph): true when the signature verifies over the message.
 */
async function nobleVerify(check: Check, spec: string, spki: Buffer, sig: Buffer): Promise<boolean> {
  if (check === 'ed25519ph') {
    // src/crypto/ed25519.ts: KMS applies Ed25519ph's SHA-512 prehash to the 64-byte digest it is given
    const { ed25519ph } = await import('@noble/curves/ed25519.js');
    return ed25519ph.verify(sig, createHash('sha512').update(message).digest(), spki.subarray(spki.length - 32));
  }
  const pq = await import('@noble/post-quantum/ml-dsa.js');
  const dsa = { ML_DSA_44: pq.ml_dsa44, ML_DSA_65: pq.ml_dsa65, ML_DSA_87: pq.ml_dsa87 }[spec]!;
  const pkLen = { ML_DSA_44: 1312, ML_DSA_65: 1952, ML_DSA_87: 2592 }[spec]!;
  return dsa.verify(sig, message, spki.subarray(spki.length - pkLen));
}

let sb: Sandbox;
const keys = new Map<string, string>();
const msgFile = () => join(sb.dir, 'message.bin');
const message = Buffer.from('the quick brown fox signs with kms\n');

function openssl(args: string[]): { status: number; stderr: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: r.status ?? -1, stderr: String(r.stderr) };
}

/** openssl's verdict on `sigFile` over the message file (or its digest for the prehash variant). */
function opensslVerify(check: Check, algorithm: string, pem: string, sigFile: string, input: string): number {
  const hash = `-sha${/SHA_(\d+)$/.exec(algorithm)?.[1] ?? '256'}`;
  const f = msgFile();
  switch (check) {
    case 'pss':
      return openssl(['dgst', hash, '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest', '-verify', pem, '-signature', sigFile, f]).status;
    case 'pkcs1':
    case 'ecdsa':
      return openssl(['dgst', hash, '-verify', pem, '-signature', sigFile, f]).status;
    case 'ed25519':
    case 'mldsa':
      return openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pem, '-rawin', '-in', f, '-sigfile', sigFile]).status;
    case 'ed25519ph':
      // the digest kms was given is the Ed25519ph message (see nobleVerify)
      return openssl(['pkeyutl', '-verify', '-pubin', '-inkey', pem, '-rawin', '-in', input, '-sigfile', sigFile, '-pkeyopt', 'instance:Ed25519ph']).status;
    case 'sm2':
      return openssl(['dgst', '-sm3', '-sigopt', 'distid:1234567812345678', '-verify', pem, '-signature', sigFile, f]).status;
  }
}

beforeAll(async () => {
  // the calls run in the session's agent, as an unlocked user's do (the per-process path: symmetric.test.ts)
  sb = await sandbox(true, { agent: true });
  writeFileSync(msgFile(), message);
  // RSA 4096 keygen is slow: one key per spec for the whole file
  for (const [spec, , , region] of CASES) {
    if (keys.has(spec)) continue;
    const r = await sb.kms(['create-key', '--key-spec', spec, '--key-usage', 'SIGN_VERIFY', '--region', region]);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    keys.set(spec, json(r).KeyMetadata.KeyId);
  }
}, 120_000);
afterAll(() => sb?.cleanup());

describe.skipIf(ossl.missing !== undefined)('kms sign, openssl verify', () => {
  for (const [spec, algorithm, check, region] of CASES) {
    it(`${spec} ${algorithm}`, async () => {
      const keyId = keys.get(spec)!;
      const base = join(sb.dir, `${spec}-${algorithm}`);
      // get-public-key → DER → PEM with openssl pkey
      const pub = await sb.kms(['get-public-key', '--key-id', keyId, '--region', region, '--query', 'PublicKey', '--output', 'text']);
      expect(pub.exitCode, String(pub.stderr)).toBe(0);
      writeFileSync(`${base}.der`, Buffer.from(String(pub.stdout).trim(), 'base64'));
      const gap = opensslGap(check);
      if (!gap) expect(openssl(['pkey', '-pubin', '-inform', 'DER', '-in', `${base}.der`, '-out', `${base}.pem`]).status).toBe(0);
      // ED25519_PH_SHA_512 takes the SHA-512 digest (MessageType DIGEST), as AWS requires
      const prehash = check === 'ed25519ph';
      const input = prehash ? `${base}.digest` : msgFile();
      if (prehash) writeFileSync(input, createHash('sha512').update(message).digest());
      const args = ['sign', '--key-id', keyId, '--region', region, '--message', `fileb://${input}`, '--signing-algorithm', algorithm];
      if (prehash) args.push('--message-type', 'DIGEST');
      const sig = await sb.kms([...args, '--query', 'Signature', '--output', 'text']);
      expect(sig.exitCode, String(sig.stderr)).toBe(0);
      const signature = Buffer.from(String(sig.stdout).trim(), 'base64');
      writeFileSync(`${base}.sig`, signature);
      const bad = Buffer.from(signature);
      bad[bad.length >> 1]! ^= 0x10;
      writeFileSync(`${base}.bad`, bad);

      if (gap) {
        console.warn(`${spec} ${algorithm}: openssl cannot check it (${gap}); checked with noble instead`);
        const der = readFileSync(`${base}.der`);
        expect(await nobleVerify(check, spec, der, signature)).toBe(true);
        expect(await nobleVerify(check, spec, der, bad)).toBe(false);
      } else {
        expect(opensslVerify(check, algorithm, `${base}.pem`, `${base}.sig`, input), 'openssl rejects the kms signature').toBe(0);
        expect(opensslVerify(check, algorithm, `${base}.pem`, `${base}.bad`, input), 'openssl accepts an altered signature').not.toBe(0);
      }
      const verifyArgs = ['verify', '--key-id', keyId, '--region', region, '--message', `fileb://${input}`, '--signing-algorithm', algorithm];
      if (prehash) verifyArgs.push('--message-type', 'DIGEST');
      const good = await sb.kms([...verifyArgs, '--signature', `fileb://${base}.sig`]);
      expect(good.exitCode, String(good.stderr)).toBe(0);
      expect(json(good).SignatureValid).toBe(true);
      const altered = await sb.kms([...verifyArgs, '--signature', `fileb://${base}.bad`]);
      expect(altered.exitCode).toBe(254);
      expect(String(altered.stderr)).toContain('(KMSInvalidSignatureException) when calling the Verify operation');
    }, 30_000);
  }
});
