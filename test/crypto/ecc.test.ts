// ECC family (src/crypto/ecc.ts): spec entries, ECDSA round trips for every spec and message
// type, AWS's errors, ECDH between two keys and the peer-key checks.

import { createHash, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CURVES, specs } from '../../src/crypto/ecc.js';
import type { KeySpecInfo } from '../../src/crypto/registry.js';
import { kmsErrorOf as kmsError, specOf } from '../support/crypto.js';

const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n));
const bySpec = (spec: string): KeySpecInfo => specOf(specs, spec);
beforeAll(async () => {
  for (const s of specs) await s.ready?.();
});

describe('ecc spec entries', () => {
  it('offers the four ECC specs with AWS usages and algorithm lists', () => {
    expect(specs.map((s) => s.spec)).toEqual(['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1']);
    expect(bySpec('ECC_NIST_P256')).toMatchObject({ usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'], signingAlgorithms: ['ECDSA_SHA_256'], keyAgreementAlgorithms: ['ECDH'], dataKeyPair: true });
    expect(bySpec('ECC_NIST_P384').signingAlgorithms).toEqual(['ECDSA_SHA_384']);
    expect(bySpec('ECC_NIST_P521').signingAlgorithms).toEqual(['ECDSA_SHA_512']);
    const k1 = bySpec('ECC_SECG_P256K1');
    expect(k1).toMatchObject({ usages: ['SIGN_VERIFY'], signingAlgorithms: ['ECDSA_SHA_256'], dataKeyPair: true });
    expect(k1.keyAgreementAlgorithms).toBeUndefined();
    expect(k1.agreement).toBeUndefined();
    for (const s of specs) expect(s.defaultUsage).toBeUndefined();
  });

  it.each(CURVES)('$spec material is PKCS#8 on $nodeCurve and publicKey is its SPKI', (curve) => {
    const info = bySpec(curve.spec);
    const material = info.generateMaterial(random);
    const spki = info.publicKey!(material);
    const pub = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    expect(pub.asymmetricKeyDetails?.namedCurve).toBe(curve.nodeCurve);
    expect(Buffer.from(info.generateMaterial(random)).equals(Buffer.from(material))).toBe(false);
  });
});

describe.each(CURVES)('ECDSA $spec', (curve) => {
  const info = bySpec(curve.spec);
  const signer = info.signer!;
  let material: Uint8Array;
  let spki: Uint8Array;
  beforeAll(() => {
    material = info.generateMaterial(random);
    spki = info.publicKey!(material);
  });
  const message = new TextEncoder().encode('a message for ' + curve.spec);
  const digest = (): Uint8Array => new Uint8Array(createHash(curve.hash).update(message).digest());

  it('RAW and DIGEST round trip, and each verifies as the other (same hash)', () => {
    const raw = signer.sign(material, curve.algorithm, message, 'RAW', random);
    const dig = signer.sign(material, curve.algorithm, digest(), 'DIGEST', random);
    expect(raw[0]).toBe(0x30); // DER SEQUENCE, as AWS returns
    expect(dig[0]).toBe(0x30);
    for (const sig of [raw, dig]) {
      expect(signer.verify(spki, curve.algorithm, message, 'RAW', sig)).toBe(true);
      expect(signer.verify(spki, curve.algorithm, digest(), 'DIGEST', sig)).toBe(true);
    }
  });

  it('a flipped bit, another message or a garbage signature verifies false', () => {
    const sig = signer.sign(material, curve.algorithm, message, 'RAW', random);
    const bad = Uint8Array.from(sig);
    bad[bad.length - 1]! ^= 1;
    expect(signer.verify(spki, curve.algorithm, message, 'RAW', bad)).toBe(false);
    expect(signer.verify(spki, curve.algorithm, digest(), 'DIGEST', bad)).toBe(false);
    expect(signer.verify(spki, curve.algorithm, Uint8Array.of(1), 'RAW', sig)).toBe(false);
    expect(signer.verify(spki, curve.algorithm, message, 'RAW', Uint8Array.of(1, 2, 3))).toBe(false);
    expect(signer.verify(spki, curve.algorithm, digest(), 'DIGEST', Uint8Array.of(1, 2, 3))).toBe(false);
  });

  it('DIGEST of the wrong length: ValidationException, on sign and verify', () => {
    for (const len of [curve.digestLength - 1, curve.digestLength + 1, 20]) {
      const e = kmsError(() => signer.sign(material, curve.algorithm, random(len), 'DIGEST', random));
      expect([e.code, e.message]).toEqual(['ValidationException', `Digest is invalid length for algorithm ${curve.algorithm}.`]);
      const v = kmsError(() => signer.verify(spki, curve.algorithm, random(len), 'DIGEST', Uint8Array.of(0x30, 0)));
      expect(v.code).toBe('ValidationException');
    }
  });

  it('another ECDSA algorithm or EXTERNAL_MU is refused', () => {
    for (const alg of ['ECDSA_SHA_256', 'ECDSA_SHA_384', 'ECDSA_SHA_512', 'RSASSA_PSS_SHA_256'].filter((a) => a !== curve.algorithm)) {
      const e = kmsError(() => signer.sign(material, alg, message, 'RAW', random));
      expect([e.code, e.message]).toEqual(['InvalidKeyUsageException', `Algorithm ${alg} is incompatible with key spec ${curve.spec}.`]);
    }
    expect(kmsError(() => signer.sign(material, curve.algorithm, random(64), 'EXTERNAL_MU', random)).code).toBe('ValidationException');
  });
});

describe.each(CURVES.filter((c) => c.agreement))('ECDH $spec', (curve) => {
  const info = bySpec(curve.spec);
  const agreement = info.agreement!;

  it('two keys derive the same secret, field-sized', () => {
    const a = info.generateMaterial(random);
    const b = info.generateMaterial(random);
    const ab = agreement.deriveSharedSecret(a, 'ECDH', info.publicKey!(b));
    const ba = agreement.deriveSharedSecret(b, 'ECDH', info.publicKey!(a));
    expect(Buffer.from(ab).equals(Buffer.from(ba))).toBe(true);
    expect(ab.length).toBe(curve.nodeCurve === 'secp521r1' ? 66 : curve.digestLength);
  });

  it('a peer on another curve, another key type or not SPKI: ValidationException', () => {
    const ours = info.generateMaterial(random);
    const other = curve.nodeCurve === 'prime256v1' ? 'secp384r1' : 'prime256v1';
    const peers = [
      generateKeyPairSync('ec', { namedCurve: other }).publicKey.export({ type: 'spki', format: 'der' }),
      generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'der' }),
      generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }),
      generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' }),
      Buffer.from('not a key'),
      Buffer.alloc(0),
    ];
    for (const peer of peers) {
      const e = kmsError(() => agreement.deriveSharedSecret(ours, 'ECDH', new Uint8Array(peer)));
      expect([e.code, e.message]).toEqual(['ValidationException', '']);
    }
  });

  it('a point not on the curve: ValidationException', () => {
    const ours = info.generateMaterial(random);
    const spki = Buffer.from(info.publicKey!(info.generateMaterial(random)));
    spki[spki.length - 1]! ^= 1; // y no longer matches x
    expect(kmsError(() => agreement.deriveSharedSecret(ours, 'ECDH', new Uint8Array(spki))).code).toBe('ValidationException');
  });
});
