// SM2 (GB/T 32918) round trips and the DER encodings: sign/verify RAW and DIGEST, SM2PKE, ECDH.
// OpenSSL interop lives in sm2-openssl.test.ts.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { KmsError } from '../../src/errors.js';
import { specs, sm2PublicKey, SM2PKE_MAX_PLAINTEXT } from '../../src/crypto/sm2.js';
import * as c from '../../src/crypto/sm2-curve.js';
import * as der from '../../src/crypto/sm2-der.js';

const info = specs[0]!;
const random = (n: number) => new Uint8Array(randomBytes(n));
const msg = new TextEncoder().encode('message digest');

function flipBit(b: Uint8Array, bit: number): Uint8Array {
  const out = Uint8Array.from(b);
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof KmsError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'no error';
}

describe('SM2 key spec', () => {
  let priv: Uint8Array;
  let pub: Uint8Array;
  beforeAll(async () => {
    await info.ready!();
    priv = info.generateMaterial(random);
    pub = info.publicKey!(priv);
  });

  it('is China-only, has all three usages and is a KeyPairSpec', () => {
    expect(info.spec).toBe('SM2');
    expect(info.partitions).toEqual(['aws-cn']);
    expect(info.usages).toEqual(['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT']);
    expect(info.signingAlgorithms).toEqual(['SM2DSA']);
    expect(info.encryptionAlgorithms).toEqual(['SM2PKE']);
    expect(info.keyAgreementAlgorithms).toEqual(['ECDH']);
    expect(info.dataKeyPair).toBe(true);
    expect(info.defaultUsage).toBeUndefined();
  });

  it('encodes keys with id-ecPublicKey and the sm2 curve OID, and decodes them back', () => {
    expect(Buffer.from(pub.subarray(0, 27)).toString('hex')).toBe('3059301306072a8648ce3d020106082a811ccf5501822d03420004');
    const { d, point } = der.decodePkcs8(priv);
    expect(d.length).toBe(32);
    expect(Buffer.from(point!)).toEqual(Buffer.from(der.decodeSpki(pub)));
    expect(sm2PublicKey(priv)).toEqual(pub);
  });

  it('rejects keys on other curves', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => der.decodeSpki(new Uint8Array(p256.publicKey.export({ type: 'spki', format: 'der' })))).toThrow(der.DerError);
    expect(() => der.decodePkcs8(new Uint8Array(p256.privateKey.export({ type: 'pkcs8', format: 'der' })))).toThrow(der.DerError);
  });

  it('signs and verifies RAW messages', () => {
    const sig = info.signer!.sign(priv, 'SM2DSA', msg, 'RAW', random);
    expect(info.signer!.verify(pub, 'SM2DSA', msg, 'RAW', sig)).toBe(true);
    expect(info.signer!.verify(pub, 'SM2DSA', flipBit(msg, 3), 'RAW', sig)).toBe(false);
    for (const bit of [0, 40, sig.length * 8 - 1]) {
      expect(info.signer!.verify(pub, 'SM2DSA', msg, 'RAW', flipBit(sig, bit))).toBe(false);
    }
    const other = info.publicKey!(info.generateMaterial(random));
    expect(info.signer!.verify(other, 'SM2DSA', msg, 'RAW', sig)).toBe(false);
  });

  it('DIGEST takes e = SM3(Z ‖ M): interchangeable with RAW', () => {
    const e = c.messageDigest(c.decodePoint(der.decodeSpki(pub)), msg);
    const sig = info.signer!.sign(priv, 'SM2DSA', e, 'DIGEST', random);
    expect(info.signer!.verify(pub, 'SM2DSA', msg, 'RAW', sig)).toBe(true);
    expect(info.signer!.verify(pub, 'SM2DSA', e, 'DIGEST', sig)).toBe(true);
    const raw = info.signer!.sign(priv, 'SM2DSA', msg, 'RAW', random);
    expect(info.signer!.verify(pub, 'SM2DSA', e, 'DIGEST', raw)).toBe(true);
    expect(info.signer!.verify(pub, 'SM2DSA', flipBit(e, 9), 'DIGEST', raw)).toBe(false);
  });

  it('DIGEST must be 32 bytes (ValidationException as AWS)', () => {
    const want = 'ValidationException: Digest is invalid length for algorithm SM2DSA.';
    expect(code(() => info.signer!.sign(priv, 'SM2DSA', new Uint8Array(31), 'DIGEST', random))).toBe(want);
    expect(code(() => info.signer!.verify(pub, 'SM2DSA', new Uint8Array(33), 'DIGEST', new Uint8Array(8)))).toBe(want);
  });

  it('EXTERNAL_MU is refused for SM2DSA', () => {
    expect(code(() => info.signer!.sign(priv, 'SM2DSA', new Uint8Array(64), 'EXTERNAL_MU', random))).toMatch(/^ValidationException: /);
  });

  it('Z uses ENTL = 128 and the default ID 1234567812345678', () => {
    expect(new TextDecoder().decode(c.DEFAULT_DIST_ID)).toBe('1234567812345678');
    const point = c.decodePoint(der.decodeSpki(pub));
    expect(c.zValue(point)).toEqual(c.zValue(point, new TextEncoder().encode('1234567812345678')));
    expect(c.zValue(point)).not.toEqual(c.zValue(point, new TextEncoder().encode('other')));
  });

  it('rejects malformed signatures (non-DER, out of range) as a failed verification', () => {
    const sig = info.signer!.sign(priv, 'SM2DSA', msg, 'RAW', random);
    const { r, s } = der.decodeSignature(sig);
    expect(info.signer!.verify(pub, 'SM2DSA', msg, 'RAW', Uint8Array.from([...sig, 0]))).toBe(false);
    expect(info.signer!.verify(pub, 'SM2DSA', msg, 'RAW', der.encodeSignature(r + c.SM2_CURVE.n, s))).toBe(false);
    expect(info.signer!.verify(pub, 'SM2DSA', msg, 'RAW', der.encodeSignature(r, 0n))).toBe(false);
    expect(info.signer!.verify(pub, 'SM2DSA', msg, 'RAW', new Uint8Array(0))).toBe(false);
  });

  it('encrypts and decrypts with SM2PKE up to 1024 bytes', () => {
    expect(info.cipher!.maxPlaintextLength('SM2PKE')).toBe(1024);
    for (const len of [1, 32, 33, SM2PKE_MAX_PLAINTEXT]) {
      const pt = random(len);
      const ct = info.cipher!.encrypt(pub, 'SM2PKE', pt, random);
      expect(info.cipher!.decrypt(priv, 'SM2PKE', ct)).toEqual(pt);
    }
  });

  it('fails to decrypt any altered ciphertext or under another key', () => {
    const ct = info.cipher!.encrypt(pub, 'SM2PKE', msg, random);
    for (let bit = 0; bit < ct.length * 8; bit += 7) {
      expect(info.cipher!.decrypt(priv, 'SM2PKE', flipBit(ct, bit))).toBeUndefined();
    }
    expect(info.cipher!.decrypt(info.generateMaterial(random), 'SM2PKE', ct)).toBeUndefined();
    expect(info.cipher!.decrypt(priv, 'SM2PKE', ct.subarray(0, ct.length - 1))).toBeUndefined();
  });

  it('ECDH: both sides derive the same 32-byte secret, equal to noble\'s x(d·Q)', () => {
    const other = info.generateMaterial(random);
    const a = info.agreement!.deriveSharedSecret(priv, 'ECDH', info.publicKey!(other));
    const b = info.agreement!.deriveSharedSecret(other, 'ECDH', pub);
    expect(a.length).toBe(32);
    expect(a).toEqual(b);
    // the implementation multiplies in OpenSSL (node's ECDH on curve SM2); check it against noble
    const d = BigInt('0x' + Buffer.from(der.decodePkcs8(priv).d).toString('hex'));
    const q = c.decodePoint(der.decodeSpki(info.publicKey!(other)));
    expect(der.toBytes32(q.multiply(d).x)).toEqual(a);
    // a compressed peer point gives the same secret
    const compressed = der.encodeSpki(q.toBytes(true));
    expect(info.agreement!.deriveSharedSecret(priv, 'ECDH', compressed)).toEqual(a);
  });

  it('ECDH refuses a peer key that is not an SM2 public key', () => {
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const spki = new Uint8Array(p256.publicKey.export({ type: 'spki', format: 'der' }));
    expect(code(() => info.agreement!.deriveSharedSecret(priv, 'ECDH', spki))).toMatch(/^ValidationException: /);
    const offCurve = Uint8Array.from(pub);
    offCurve[offCurve.length - 1]! ^= 1;
    expect(code(() => info.agreement!.deriveSharedSecret(priv, 'ECDH', offCurve))).toMatch(/^ValidationException: /);
  });

  it('the KDF of GB/T 32918.4 expands SM3 blocks with a 32-bit counter from 1', () => {
    const z = random(64);
    const t = c.kdf(z, 40);
    expect(t.subarray(0, 32)).toEqual(c.sm3(z, Uint8Array.of(0, 0, 0, 1)));
    expect(t.subarray(32)).toEqual(c.sm3(z, Uint8Array.of(0, 0, 0, 2)).subarray(0, 8));
  });
});
