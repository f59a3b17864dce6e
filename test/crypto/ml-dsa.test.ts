// ML-DSA key family: RFC 9881 encodings, RAW and EXTERNAL_MU round trips, AWS's refusals.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePrivateKey, externalMu, mlDsaParams, ready, specs } from '../../src/crypto/ml-dsa.js';
import type { KeySpecInfo } from '../../src/crypto/registry.js';
import { seededRandom } from '../support/random.js';
import { kmsErrorOf as thrown, specOf } from '../support/crypto.js';

const info = (spec: string): KeySpecInfo => specOf(specs, spec);
const random = seededRandom('ml-dsa');
const ALG = 'ML_DSA_SHAKE_256';
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

// FIPS 204 Table 2 sizes; an SPKI adds 22 bytes (AWS's GetPublicKey gives 1334 bytes for ML_DSA_44)
const TABLE = [
  ['ML_DSA_44', 0x11, 1312, 2420, 1334],
  ['ML_DSA_65', 0x12, 1952, 3309, 1974],
  ['ML_DSA_87', 0x13, 2592, 4627, 2614],
] as const;

// Collection below already calls publicKey(): load noble first (the engine awaits ready() in prepare).
await ready();

describe('ML-DSA registry entries', () => {
  it('serves three specs: SIGN_VERIFY, ML_DSA_SHAKE_256, no data key pairs, a ready()', () => {
    expect(specs.map((s) => s.spec)).toEqual(['ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87']);
    for (const s of specs) {
      expect(s.usages).toEqual(['SIGN_VERIFY']);
      expect(s.defaultUsage).toBeUndefined();
      expect(s.signingAlgorithms).toEqual([ALG]);
      expect(s.dataKeyPair).toBe(false);
      expect(typeof s.ready).toBe('function');
      expect(s.partitions).toBeUndefined();
    }
  });

  it('ready() is idempotent', async () => {
    await Promise.all([ready(), ready(), info('ML_DSA_65').ready!()]);
  });
});

describe.each(TABLE)('%s', (spec, oidLast, pkBytes, sigBytes, spkiBytes) => {
  const s = info(spec);
  const material = s.generateMaterial(random);
  const other = s.generateMaterial(random);
  let spki: Uint8Array;
  beforeAll(() => {
    spki = s.publicKey!(material);
  });

  it('material is RFC 9881 PKCS#8 with the seed in [0] IMPLICIT form', () => {
    const hex = Buffer.from(material).toString('hex');
    expect(material.length).toBe(54);
    expect(hex.slice(0, 44)).toBe(`3034020100300b06096086480165030403${oidLast.toString(16)}04228020`);
  });

  it('the public key is an SPKI whose BIT STRING is the raw FIPS 204 key', () => {
    expect(spki.length).toBe(spkiBytes);
    const seed = material.subarray(22);
    const raw = { ML_DSA_44: ml_dsa44, ML_DSA_65: ml_dsa65, ML_DSA_87: ml_dsa87 }[spec].keygen(seed).publicKey;
    const hex = Buffer.from(spki).toString('hex');
    expect(hex.slice(0, 26 + 8)).toBe(`3082${(spkiBytes - 4).toString(16).padStart(4, '0')}300b06096086480165030403${oidLast.toString(16)}`);
    expect(spki.subarray(22).length).toBe(pkBytes);
    expect(Buffer.from(spki.subarray(22)).equals(raw)).toBe(true);
  });

  it('RAW: signs and verifies; a changed bit, message or key fails', () => {
    const msg = utf8('offline, like AWS');
    const sig = s.signer!.sign(material, ALG, msg, 'RAW', random);
    expect(sig.length).toBe(sigBytes);
    expect(s.signer!.verify(spki, ALG, msg, 'RAW', sig)).toBe(true);
    const bad = Uint8Array.from(sig);
    bad[100]! ^= 1;
    expect(s.signer!.verify(spki, ALG, msg, 'RAW', bad)).toBe(false);
    expect(s.signer!.verify(spki, ALG, utf8('offline, like AWS!'), 'RAW', sig)).toBe(false);
    expect(s.signer!.verify(s.publicKey!(other), ALG, msg, 'RAW', sig)).toBe(false);
    expect(s.signer!.verify(spki, ALG, msg, 'RAW', sig.subarray(1))).toBe(false);
  });

  it('RAW signs an empty message and a 4096-byte one', () => {
    for (const msg of [new Uint8Array(0), random(4096)]) {
      expect(s.signer!.verify(spki, ALG, msg, 'RAW', s.signer!.sign(material, ALG, msg, 'RAW', random))).toBe(true);
    }
  });

  it('EXTERNAL_MU over μ(M) verifies as RAW over M, and the other way round', () => {
    const msg = random(10_000); // larger than RAW allows: the reason EXTERNAL_MU exists
    const mu = externalMu(spki, msg);
    expect(mu.length).toBe(64);
    const viaMu = s.signer!.sign(material, ALG, mu, 'EXTERNAL_MU', random);
    expect(s.signer!.verify(spki, ALG, msg, 'RAW', viaMu)).toBe(true);
    expect(s.signer!.verify(spki, ALG, mu, 'EXTERNAL_MU', viaMu)).toBe(true);
    const raw = s.signer!.sign(material, ALG, msg, 'RAW', random);
    expect(s.signer!.verify(spki, ALG, mu, 'EXTERNAL_MU', raw)).toBe(true);
    expect(s.signer!.verify(spki, ALG, externalMu(spki, msg.subarray(1)), 'EXTERNAL_MU', raw)).toBe(false);
  });

  it('with the same randomness, EXTERNAL_MU and RAW give the same signature (AWS: "the same as the RAW ones")', () => {
    const msg = utf8('same bytes');
    const a = s.signer!.sign(material, ALG, msg, 'RAW', seededRandom('rnd'));
    const b = s.signer!.sign(material, ALG, externalMu(spki, msg), 'EXTERNAL_MU', seededRandom('rnd'));
    expect(Buffer.from(a).equals(b)).toBe(true);
  });

  it('refuses DIGEST, a μ that is not 64 bytes and another algorithm, as AWS', () => {
    const cases: [() => unknown, string, string][] = [
      [() => s.signer!.sign(material, ALG, random(32), 'DIGEST', random), 'ValidationException', `Message type DIGEST is incompatible with key spec ${spec}.`],
      [() => s.signer!.verify(spki, ALG, random(32), 'DIGEST', random(sigBytes)), 'ValidationException', `Message type DIGEST is incompatible with key spec ${spec}.`],
      [() => s.signer!.sign(material, ALG, random(32), 'EXTERNAL_MU', random), 'ValidationException', `Digest is invalid length for algorithm ${ALG}.`],
      [() => s.signer!.verify(spki, ALG, random(65), 'EXTERNAL_MU', random(sigBytes)), 'ValidationException', `Digest is invalid length for algorithm ${ALG}.`],
      [() => s.signer!.sign(material, 'ECDSA_SHA_256', random(32), 'RAW', random), 'InvalidKeyUsageException', `Algorithm ECDSA_SHA_256 is incompatible with key spec ${spec}.`],
    ];
    for (const [fn, code, message] of cases) {
      const e = thrown(fn);
      expect([e.code, e.message]).toEqual([code, message]);
    }
  });
});

describe('ML-DSA key encodings', () => {
  const p44 = mlDsaParams('ML_DSA_44')!;
  const s44 = info('ML_DSA_44');
  const seed = random(32);
  const keys = ml_dsa44.keygen(seed);
  const spki = s44.publicKey!(encodePrivateKey(p44, seed));
  const msg = utf8('forms');
  const oidHex = '300b0609608648016503040311';
  const pkcs8 = (inner: string): Uint8Array => {
    const der = (tag: string, hex: string): string => {
      const n = hex.length / 2;
      const len = n < 0x80 ? n.toString(16).padStart(2, '0') : n < 0x100 ? `81${n.toString(16)}` : `82${n.toString(16).padStart(4, '0')}`;
      return tag + len + hex;
    };
    return Buffer.from(der('30', `020100${oidHex}${der('04', inner)}`), 'hex');
  };
  const seedHex = Buffer.from(seed).toString('hex');
  const skHex = Buffer.from(keys.secretKey).toString('hex');

  it('reads the expandedKey and both forms too (RFC 9881 §6), and signs the same', () => {
    const expanded = pkcs8(`04820a00${skHex}`); // 2560 = 0x0a00 bytes
    const both = pkcs8(`3082${(2560 + 4 + 34).toString(16).padStart(4, '0')}0420${seedHex}04820a00${skHex}`);
    for (const material of [expanded, both]) {
      expect(Buffer.from(s44.publicKey!(material)).equals(spki)).toBe(true);
      expect(s44.signer!.verify(spki, ALG, msg, 'RAW', s44.signer!.sign(material, ALG, msg, 'RAW', random))).toBe(true);
    }
  });

  it('refuses a both form whose expanded key does not match the seed, and foreign OIDs', () => {
    const wrong = Buffer.from(keys.secretKey);
    wrong[2000]! ^= 1;
    const both = pkcs8(`3082${(2560 + 4 + 34).toString(16).padStart(4, '0')}0420${seedHex}04820a00${wrong.toString('hex')}`);
    expect(thrown(() => s44.publicKey!(both)).code).toBe('KMSInternalException');
    const as65 = encodePrivateKey(mlDsaParams('ML_DSA_65')!, seed);
    expect(thrown(() => s44.signer!.sign(as65, ALG, msg, 'RAW', random)).code).toBe('KMSInternalException');
    const sig = s44.signer!.sign(encodePrivateKey(p44, seed), ALG, msg, 'RAW', random);
    const spki65 = Buffer.from(spki);
    spki65[16] = 0x12; // the OID's last arc: id-ml-dsa-65
    expect(s44.signer!.verify(spki65, ALG, msg, 'RAW', sig)).toBe(false);
    expect(s44.signer!.verify(spki.subarray(0, spki.length - 1), ALG, msg, 'RAW', sig)).toBe(false);
  });

  it('malformed material is KMSInternalException, never a raw error', () => {
    const good = encodePrivateKey(p44, seed);
    for (const bad of [new Uint8Array(0), random(54), good.subarray(0, 40), Buffer.concat([good, new Uint8Array([0])]), pkcs8('8021' + seedHex + '00'), pkcs8('8220' + seedHex)]) {
      expect(thrown(() => s44.publicKey!(bad)).code).toBe('KMSInternalException');
      expect(thrown(() => s44.signer!.sign(bad, ALG, msg, 'RAW', random)).code).toBe('KMSInternalException');
    }
  });

  it('externalMu accepts the raw key or its SPKI', () => {
    expect(Buffer.from(externalMu(keys.publicKey, msg)).equals(externalMu(spki, msg))).toBe(true);
    expect(() => externalMu(random(100), msg)).toThrow(TypeError);
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.warn('skipping ML-DSA DER check: the openssl CLI is not installed');

// OpenSSL 3.0 has no ML-DSA, but its ASN.1 parser checks that our DER is well formed.
describe.skipIf(!hasOpenssl)('ML-DSA DER parses with openssl asn1parse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kms-mldsa-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(TABLE)('%s PKCS#8 and SPKI', (spec, oidLast) => {
    const s = info(spec);
    const material = s.generateMaterial(random);
    for (const [name, der] of [['key.der', material], ['pub.der', s.publicKey!(material)]] as const) {
      const file = join(dir, `${spec}-${name}`);
      writeFileSync(file, der);
      const r = spawnSync('openssl', ['asn1parse', '-inform', 'DER', '-in', file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`2.16.840.1.101.3.4.3.${oidLast}`);
    }
  });
});
