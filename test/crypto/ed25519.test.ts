// ECC_NIST_EDWARDS25519 (src/crypto/ed25519.ts): spec entry, round trips, MessageType rules,
// RFC 8032 Ed25519ph vector, and Wycheproof ed25519 verify (counted).

import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ed25519ph } from '@noble/curves/ed25519.js';
import { specs } from '../../src/crypto/ed25519.js';
import { kmsErrorOf as kmsError } from '../support/crypto.js';

const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const info = specs[0]!;
const signer = info.signer!;
/** RFC 8410 §7: PKCS#8 of an Ed25519 seed. */
const pkcs8 = (seed: string): Uint8Array => hex('302e020100300506032b657004220420' + seed);

beforeAll(async () => {
  await info.ready?.();
});

describe('ECC_NIST_EDWARDS25519', () => {
  const message = new TextEncoder().encode('sign me');
  const digest = new Uint8Array(createHash('sha512').update(message).digest());
  let material: Uint8Array;
  let spki: Uint8Array;
  beforeAll(() => {
    material = info.generateMaterial(random);
    spki = info.publicKey!(material);
  });

  it('is a SIGN_VERIFY-only spec with both Ed25519 algorithms and a data key pair', () => {
    expect(info).toMatchObject({ spec: 'ECC_NIST_EDWARDS25519', usages: ['SIGN_VERIFY'], signingAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'], dataKeyPair: true });
    expect(info.agreement).toBeUndefined();
    expect(spki.length).toBe(44); // RFC 8410 SPKI: 12-byte header + 32-byte point
    expect(createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).asymmetricKeyType).toBe('ed25519');
  });

  it('ED25519_SHA_512 with RAW and ED25519_PH_SHA_512 with DIGEST round trip; they differ', () => {
    const pure = signer.sign(material, 'ED25519_SHA_512', message, 'RAW', random);
    const ph = signer.sign(material, 'ED25519_PH_SHA_512', digest, 'DIGEST', random);
    expect([pure.length, ph.length]).toEqual([64, 64]);
    expect(Buffer.from(pure).equals(Buffer.from(ph))).toBe(false);
    expect(signer.verify(spki, 'ED25519_SHA_512', message, 'RAW', pure)).toBe(true);
    expect(signer.verify(spki, 'ED25519_PH_SHA_512', digest, 'DIGEST', ph)).toBe(true);
    // each is only a signature under its own algorithm
    expect(signer.verify(spki, 'ED25519_PH_SHA_512', digest, 'DIGEST', pure)).toBe(false);
    expect(signer.verify(spki, 'ED25519_SHA_512', digest, 'RAW', ph)).toBe(false);
  });

  it('a flipped bit or a short signature verifies false', () => {
    for (const [alg, type, msg] of [['ED25519_SHA_512', 'RAW', message], ['ED25519_PH_SHA_512', 'DIGEST', digest]] as const) {
      const sig = signer.sign(material, alg, msg, type, random);
      const bad = Uint8Array.from(sig);
      bad[10]! ^= 0x04;
      expect(signer.verify(spki, alg, msg, type, bad)).toBe(false);
      expect(signer.verify(spki, alg, msg, type, sig.subarray(0, 63))).toBe(false);
    }
  });

  it('the wrong MessageType for an algorithm is a ValidationException', () => {
    const a = kmsError(() => signer.sign(material, 'ED25519_SHA_512', digest, 'DIGEST', random));
    expect([a.code, a.message]).toEqual(['ValidationException', 'Message type DIGEST is incompatible with algorithm ED25519_SHA_512.']);
    const b = kmsError(() => signer.verify(spki, 'ED25519_PH_SHA_512', message, 'RAW', new Uint8Array(64)));
    expect([b.code, b.message]).toEqual(['ValidationException', 'Message type RAW is incompatible with algorithm ED25519_PH_SHA_512.']);
    expect(kmsError(() => signer.sign(material, 'ED25519_SHA_512', random(64), 'EXTERNAL_MU', random)).code).toBe('ValidationException');
  });

  it('ED25519_PH_SHA_512 needs a 64-byte digest, on sign and verify', () => {
    for (const len of [32, 63, 65]) {
      const e = kmsError(() => signer.sign(material, 'ED25519_PH_SHA_512', random(len), 'DIGEST', random));
      expect([e.code, e.message]).toEqual(['ValidationException', 'Digest is invalid length for algorithm ED25519_PH_SHA_512.']);
      expect(kmsError(() => signer.verify(spki, 'ED25519_PH_SHA_512', random(len), 'DIGEST', new Uint8Array(64))).code).toBe('ValidationException');
    }
  });

  it('another algorithm is InvalidKeyUsageException', () => {
    const e = kmsError(() => signer.sign(material, 'ECDSA_SHA_512', message, 'RAW', random));
    expect([e.code, e.message]).toEqual(['InvalidKeyUsageException', 'Algorithm ECDSA_SHA_512 is incompatible with key spec ECC_NIST_EDWARDS25519.']);
  });
});

describe('RFC 8032 §7.3 Ed25519ph ("abc")', () => {
  const seed = '833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42';
  const expected = '98a70222f0b8121aa9d30f813d683f809e462b469c7ff87639499bb94e6dae4131f85042463c2a355a2003d062adf5aaa10b8c61e636062aaad11c2a26083406';

  it('noble ed25519ph (phflag 1, empty context) gives the RFC signature', () => {
    expect(Buffer.from(ed25519ph.sign(hex('616263'), hex(seed))).toString('hex')).toBe(expected);
  });

  it('our DIGEST signature is Ed25519ph over the 64 bytes given (KMS prehashes them again)', () => {
    const d = new Uint8Array(createHash('sha512').update('abc').digest());
    const ours = signer.sign(pkcs8(seed), 'ED25519_PH_SHA_512', d, 'DIGEST', random);
    expect(Buffer.from(ours).equals(Buffer.from(ed25519ph.sign(d, hex(seed))))).toBe(true);
    expect(signer.verify(info.publicKey!(pkcs8(seed)), 'ED25519_PH_SHA_512', d, 'DIGEST', ours)).toBe(true);
  });
});

describe('Wycheproof ed25519_test.json', () => {
  it('verifies all 151 cases (ED25519_SHA_512, RAW)', () => {
    const data = JSON.parse(readFileSync(new URL('../vectors/wycheproof/ed25519_test.json', import.meta.url), 'utf8')) as {
      numberOfTests: number;
      testGroups: { publicKeyDer: string; tests: { tcId: number; msg: string; sig: string; result: string }[] }[];
    };
    let ran = 0;
    const wrong: number[] = [];
    for (const group of data.testGroups) {
      for (const t of group.tests) {
        const ok = signer.verify(hex(group.publicKeyDer), 'ED25519_SHA_512', hex(t.msg), 'RAW', hex(t.sig));
        if (ok !== (t.result === 'valid')) wrong.push(t.tcId);
        ran++;
      }
    }
    expect(wrong).toEqual([]);
    expect(ran).toBe(151);
    expect(data.numberOfTests).toBe(151);
  });
});
