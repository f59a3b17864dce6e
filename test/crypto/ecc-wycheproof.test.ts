// Wycheproof vectors (test/vectors/wycheproof, Apache-2.0) through src/crypto/ecc.ts: ECDSA
// verify (RAW by node:crypto, DIGEST by noble) and ECDH derive; the cases run are counted.

import { createECDH, createHash, createPrivateKey, diffieHellman } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CURVES, peerKey, specs, type EccCurve } from '../../src/crypto/ecc.js';
import { KmsError } from '../../src/errors.js';

const dir = new URL('../vectors/wycheproof/', import.meta.url);
const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

interface Case { tcId: number; result: 'valid' | 'invalid' | 'acceptable'; flags: string[] }
interface EcdsaCase extends Case { msg: string; sig: string }
interface EcdhCase extends Case { public: string; private: string; shared: string }
interface File<G> { numberOfTests: number; testGroups: G[] }

function load<G>(name: string): File<G> {
  return JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as File<G>;
}

const curve = (spec: string): EccCurve => CURVES.find((c) => c.spec === spec)!;
const info = (spec: string) => specs.find((s) => s.spec === spec)!;

beforeAll(async () => {
  for (const s of specs) await s.ready?.();
});

const ecdsaFiles = [
  ['ecdsa_secp256r1_sha256_test.json', 'ECC_NIST_P256', 484],
  ['ecdsa_secp384r1_sha384_test.json', 'ECC_NIST_P384', 504],
  ['ecdsa_secp521r1_sha512_test.json', 'ECC_NIST_P521', 542],
  ['ecdsa_secp256k1_sha256_test.json', 'ECC_SECG_P256K1', 476],
] as const;

describe.each(ecdsaFiles)('Wycheproof %s', (file, spec, expected) => {
  it(`verifies all ${expected} cases, RAW and DIGEST`, () => {
    const data = load<{ publicKeyDer: string; tests: EcdsaCase[] }>(file);
    const c = curve(spec);
    const signer = info(spec).signer!;
    let ran = 0;
    const wrong: string[] = [];
    for (const group of data.testGroups) {
      const spki = hex(group.publicKeyDer);
      for (const t of group.tests) {
        const msg = hex(t.msg);
        const sig = hex(t.sig);
        const raw = signer.verify(spki, c.algorithm, msg, 'RAW', sig);
        const digest = new Uint8Array(createHash(c.hash).update(msg).digest());
        const dig = signer.verify(spki, c.algorithm, digest, 'DIGEST', sig);
        // no ECDSA case here is "acceptable"; valid must verify, invalid must not, both paths
        const want = t.result === 'valid';
        if (raw !== want || dig !== want) wrong.push(`tc ${t.tcId} ${t.result} raw=${raw} digest=${dig} ${t.flags.join(',')}`);
        ran++;
      }
    }
    expect(wrong).toEqual([]);
    expect(ran).toBe(expected);
    expect(data.numberOfTests).toBe(expected);
  }, 60_000);
});

const ecdhFiles = [
  ['ecdh_secp256r1_test.json', 'ECC_NIST_P256', 'prime256v1', 612],
  ['ecdh_secp384r1_test.json', 'ECC_NIST_P384', 'secp384r1', 1047],
  ['ecdh_secp521r1_test.json', 'ECC_NIST_P521', 'secp521r1', 916],
] as const;

/** PKCS#8 DER for a Wycheproof private scalar (big-endian hex, maybe with a leading 00). */
function pkcs8(nodeCurve: string, jwkCurve: string, scalarHex: string, size: number): Uint8Array {
  const d = Buffer.from(scalarHex, 'hex');
  const scalar = Buffer.concat([Buffer.alloc(Math.max(0, size - d.length)), d]).subarray(-size);
  const ecdh = createECDH(nodeCurve);
  ecdh.setPrivateKey(scalar);
  const point = ecdh.getPublicKey();
  const x = point.subarray(1, 1 + size);
  const y = point.subarray(1 + size);
  const jwk = { kty: 'EC', crv: jwkCurve, d: scalar.toString('base64url'), x: x.toString('base64url'), y: y.toString('base64url') };
  return new Uint8Array(createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'der' }));
}

const jwkCurves: Record<string, [string, number]> = {
  prime256v1: ['P-256', 32],
  secp384r1: ['P-384', 48],
  secp521r1: ['P-521', 66],
};

describe.each(ecdhFiles)('Wycheproof %s', (file, spec, nodeCurve, expected) => {
  it(`derives all ${expected} cases: valid equal, invalid refused, acceptable equal if accepted`, () => {
    const data = load<{ encoding: string; tests: EcdhCase[] }>(file);
    const [jwkCurve, size] = jwkCurves[nodeCurve]!;
    const agreement = info(spec).agreement!;
    const counts = { valid: 0, invalid: 0, acceptable: 0, acceptedAcceptable: 0 };
    const wrong: string[] = [];
    for (const group of data.testGroups) {
      expect(group.encoding).toBe('asn'); // peer keys are SPKI DER, as DeriveSharedSecret takes them
      for (const t of group.tests) {
        counts[t.result]++;
        const priv = pkcs8(nodeCurve, jwkCurve, t.private, size);
        let shared: string | undefined;
        try {
          shared = Buffer.from(agreement.deriveSharedSecret(priv, 'ECDH', hex(t.public))).toString('hex');
        } catch (e) {
          if (!(e instanceof KmsError) || e.code !== 'ValidationException') throw e;
        }
        if (t.result === 'valid' && shared !== t.shared) wrong.push(`tc ${t.tcId} valid: ${shared ?? 'refused'}`);
        if (t.result === 'invalid' && shared !== undefined) wrong.push(`tc ${t.tcId} invalid accepted ${t.flags.join(',')}`);
        if (t.result === 'acceptable' && shared !== undefined) {
          counts.acceptedAcceptable++;
          if (shared !== t.shared) wrong.push(`tc ${t.tcId} acceptable but wrong secret`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(counts.valid + counts.invalid + counts.acceptable).toBe(expected);
    expect(data.numberOfTests).toBe(expected);
  }, 60_000);
});

describe('Wycheproof ecdh_secp256k1_test.json', () => {
  it('secp256k1 has no KEY_AGREEMENT in AWS; all 752 cases run through peerKey + node:crypto ECDH', () => {
    // The vectors still pin the SPKI checks DeriveSharedSecret applies (peerKey) on this curve.
    expect(info('ECC_SECG_P256K1').agreement).toBeUndefined();
    const data = load<{ tests: EcdhCase[] }>('ecdh_secp256k1_test.json');
    const k1 = curve('ECC_SECG_P256K1');
    let ran = 0;
    const wrong: string[] = [];
    for (const group of data.testGroups) {
      for (const t of group.tests) {
        ran++;
        const privateKey = createPrivateKey({ key: Buffer.from(pkcs8('secp256k1', 'secp256k1', t.private, 32)), format: 'der', type: 'pkcs8' });
        let shared: string | undefined;
        try {
          shared = diffieHellman({ privateKey, publicKey: peerKey(k1, hex(t.public)) }).toString('hex');
        } catch {
          shared = undefined;
        }
        if (t.result === 'valid' && shared !== t.shared) wrong.push(`tc ${t.tcId} valid: ${shared ?? 'refused'}`);
        if (t.result === 'invalid' && shared !== undefined) wrong.push(`tc ${t.tcId} invalid accepted`);
        if (t.result === 'acceptable' && shared !== undefined && shared !== t.shared) wrong.push(`tc ${t.tcId} wrong secret`);
      }
    }
    expect(wrong).toEqual([]);
    expect(ran).toBe(752);
    expect(data.numberOfTests).toBe(752);
  }, 60_000);
});
