import { constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KeySpecInfo, MessageType } from '../../src/crypto/registry.js';
import { RSA_ENCRYPTION_ALGORITHMS, RSA_SIGNING_ALGORITHMS, specs } from '../../src/crypto/rsa.js';
import { KmsError } from '../../src/errors.js';
import { seededRandom } from '../support/random.js';
import { specOf } from '../support/crypto.js';

const random = seededRandom('rsa');
const info = (spec: string): KeySpecInfo => specOf(specs, spec);
const BITS = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 } as const;
const HASH: Record<string, string> = { SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };
const hashOf = (alg: string): string => HASH[alg.slice(-7)]!;
const keys = new Map<string, { priv: Uint8Array; pub: Uint8Array }>();

function thrown(fn: () => unknown): { code: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof KmsError) return { code: e.code, message: e.message };
    return { code: `non-KmsError`, message: String(e) };
  }
  return undefined;
}

beforeAll(() => {
  for (const s of specs) {
    const priv = s.generateMaterial(random);
    keys.set(s.spec, { priv, pub: s.publicKey!(priv) });
  }
}, 120_000);

describe('RSA registry entries', () => {
  it('offers RSA_2048/3072/4096 with the usages and algorithm lists AWS shows', () => {
    expect(specs.map((s) => s.spec)).toEqual(['RSA_2048', 'RSA_3072', 'RSA_4096']);
    for (const s of specs) {
      // CreateKey: ENCRYPT_DECRYPT or SIGN_VERIFY only; no default usage for asymmetric keys
      expect(s.usages).toEqual(['ENCRYPT_DECRYPT', 'SIGN_VERIFY']);
      expect(s.defaultUsage).toBeUndefined();
      expect(s.encryptionAlgorithms).toEqual(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
      expect(s.signingAlgorithms).toEqual([
        'RSASSA_PKCS1_V1_5_SHA_256',
        'RSASSA_PKCS1_V1_5_SHA_384',
        'RSASSA_PKCS1_V1_5_SHA_512',
        'RSASSA_PSS_SHA_256',
        'RSASSA_PSS_SHA_384',
        'RSASSA_PSS_SHA_512',
      ]);
      expect(s.keyAgreementAlgorithms).toBeUndefined();
      expect(s.agreement).toBeUndefined();
      expect(s.dataKeyPair).toBe(true);
      expect(s.partitions).toBeUndefined();
      expect(s.signer && s.cipher && s.publicKey).toBeTruthy();
    }
  });

  it('generates PKCS#8 DER with the spec modulus and e = 65537, and SPKI DER public keys', () => {
    for (const [spec, { priv, pub }] of keys) {
      const k = createPrivateKey({ key: Buffer.from(priv), format: 'der', type: 'pkcs8' });
      expect(k.asymmetricKeyType).toBe('rsa');
      expect(k.asymmetricKeyDetails).toEqual({ modulusLength: BITS[spec as keyof typeof BITS], publicExponent: 65537n });
      const p = createPublicKey({ key: Buffer.from(pub), format: 'der', type: 'spki' });
      expect(p.export({ format: 'jwk' }).n).toBe(k.export({ format: 'jwk' }).n);
    }
  });

  it('gives fresh material every time', () => {
    const s = info('RSA_2048');
    expect(Buffer.from(s.generateMaterial(random)).equals(Buffer.from(s.generateMaterial(random)))).toBe(false);
  });
});

describe('RSA sign/verify round trips (every spec × algorithm × message type)', () => {
  const message = new TextEncoder().encode('sign me, offline');
  for (const spec of Object.keys(BITS)) {
    for (const alg of RSA_SIGNING_ALGORITHMS) {
      for (const type of ['RAW', 'DIGEST'] as MessageType[]) {
        it(`${spec} ${alg} ${type}`, () => {
          const { signer } = info(spec);
          const { priv, pub } = keys.get(spec)!;
          const digest = new Uint8Array(createHash(hashOf(alg)).update(message).digest());
          const input = type === 'RAW' ? message : digest;
          const sig = signer!.sign(priv, alg, input, type, random);
          expect(sig.length).toBe(BITS[spec as keyof typeof BITS] / 8);
          expect(signer!.verify(pub, alg, input, type, sig)).toBe(true);
          // a RAW signature is a signature over the digest, and back (node's encoder vs ours)
          const other: MessageType = type === 'RAW' ? 'DIGEST' : 'RAW';
          expect(signer!.verify(pub, alg, other === 'RAW' ? message : digest, other, sig)).toBe(true);
          if (alg.includes('PKCS1')) {
            // PKCS#1 v1.5 is deterministic: both paths give the same bytes
            expect(Buffer.from(signer!.sign(priv, alg, other === 'RAW' ? message : digest, other, random))).toEqual(Buffer.from(sig));
          }
          const flipped = Uint8Array.from(sig);
          flipped[17]! ^= 0x04;
          expect(signer!.verify(pub, alg, input, type, flipped)).toBe(false);
          const wrong = Uint8Array.from(input);
          wrong[0]! ^= 1;
          expect(signer!.verify(pub, alg, wrong, type, sig)).toBe(false);
          expect(signer!.verify(pub, alg, input, type, sig.subarray(1))).toBe(false);
          expect(signer!.verify(pub, alg, input, type, Buffer.concat([Buffer.alloc(1), sig]))).toBe(false);
        });
      }
    }
  }
});

describe('RSA signing checks', () => {
  const s = info('RSA_2048');
  it('refuses a DIGEST of the wrong length with AWS ValidationException text (sign and verify)', () => {
    for (const alg of RSA_SIGNING_ALGORITHMS) {
      const bad = new Uint8Array(20);
      const want = { code: 'ValidationException', message: `Digest is invalid length for algorithm ${alg}.` };
      expect(thrown(() => s.signer!.sign(keys.get('RSA_2048')!.priv, alg, bad, 'DIGEST', random))).toEqual(want);
      expect(thrown(() => s.signer!.verify(keys.get('RSA_2048')!.pub, alg, bad, 'DIGEST', new Uint8Array(256)))).toEqual(want);
    }
  });

  it('refuses EXTERNAL_MU and algorithms of other families', () => {
    const { priv } = keys.get('RSA_2048')!;
    expect(thrown(() => s.signer!.sign(priv, 'RSASSA_PSS_SHA_256', new Uint8Array(64), 'EXTERNAL_MU', random))?.code).toBe('ValidationException');
    expect(thrown(() => s.signer!.sign(priv, 'ECDSA_SHA_256', new Uint8Array(32), 'DIGEST', random))).toEqual({
      code: 'InvalidKeyUsageException',
      message: 'Algorithm ECDSA_SHA_256 is incompatible with key spec RSA_2048.',
    });
    expect(thrown(() => s.signer!.sign(priv, 'RSAES_OAEP_SHA_256', new Uint8Array(32), 'RAW', random))?.code).toBe('InvalidKeyUsageException');
  });

  it('a signature one byte short never verifies, even when the dropped byte was zero (RFC 8017 §8.1.2 step 1)', () => {
    // OpenSSL accepts a RAW signature whose leading zero byte was stripped; AWS's verifier (and
    // RFC 8017) need exactly k bytes. Sign with fresh PSS salts until the first byte is zero.
    const { priv, pub } = keys.get('RSA_2048')!;
    const msg = new TextEncoder().encode('leading zero');
    const digest = new Uint8Array(createHash('sha256').update(msg).digest());
    let sig: Uint8Array | undefined;
    for (let i = 0; i < 5000 && sig === undefined; i++) {
      const candidate = s.signer!.sign(priv, 'RSASSA_PSS_SHA_256', msg, 'RAW', random);
      if (candidate[0] === 0) sig = candidate;
    }
    expect(sig, 'a signature with a leading zero byte').toBeDefined();
    expect(s.signer!.verify(pub, 'RSASSA_PSS_SHA_256', msg, 'RAW', sig!)).toBe(true);
    expect(s.signer!.verify(pub, 'RSASSA_PSS_SHA_256', msg, 'RAW', sig!.subarray(1))).toBe(false);
    expect(s.signer!.verify(pub, 'RSASSA_PSS_SHA_256', digest, 'DIGEST', sig!.subarray(1))).toBe(false);
  });

  it('PSS: a signature with another salt length does not verify (AWS: salt = digest length)', () => {
    const { priv, pub } = keys.get('RSA_2048')!;
    const key = createPrivateKey({ key: Buffer.from(priv), format: 'der', type: 'pkcs8' });
    const msg = Buffer.from('salted');
    const sig = nodeSign('sha256', msg, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 });
    const digest = createHash('sha256').update(msg).digest();
    expect(s.signer!.verify(pub, 'RSASSA_PSS_SHA_256', msg, 'RAW', sig)).toBe(false);
    expect(s.signer!.verify(pub, 'RSASSA_PSS_SHA_256', digest, 'DIGEST', sig)).toBe(false);
    const good = nodeSign('sha256', msg, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    expect(s.signer!.verify(pub, 'RSASSA_PSS_SHA_256', digest, 'DIGEST', good)).toBe(true);
  });

  it('a PSS signature does not verify as PKCS#1 v1.5, nor under another hash', () => {
    const { priv, pub } = keys.get('RSA_3072')!;
    const msg = Buffer.from('m');
    const sig = info('RSA_3072').signer!.sign(priv, 'RSASSA_PSS_SHA_256', msg, 'RAW', random);
    expect(info('RSA_3072').signer!.verify(pub, 'RSASSA_PKCS1_V1_5_SHA_256', msg, 'RAW', sig)).toBe(false);
    expect(info('RSA_3072').signer!.verify(pub, 'RSASSA_PSS_SHA_384', msg, 'RAW', sig)).toBe(false);
  });
});

describe('parsed-key cache', () => {
  it('stays correct past its bound (40 keys, the first one again at the end)', () => {
    const { signer } = info('RSA_2048');
    const msg = Buffer.from('many keys');
    const pairs = Array.from({ length: 40 }, () =>
      generateKeyPairSync('rsa', {
        modulusLength: 1024,
        privateKeyEncoding: { type: 'pkcs8', format: 'der' },
        publicKeyEncoding: { type: 'spki', format: 'der' },
      }),
    );
    const sigs = pairs.map((p) => signer!.sign(p.privateKey, 'RSASSA_PKCS1_V1_5_SHA_256', msg, 'RAW', random));
    pairs.forEach((p, i) => expect(signer!.verify(p.publicKey, 'RSASSA_PKCS1_V1_5_SHA_256', msg, 'RAW', sigs[i]!)).toBe(true));
    expect(signer!.verify(pairs[1]!.publicKey, 'RSASSA_PKCS1_V1_5_SHA_256', msg, 'RAW', sigs[0]!)).toBe(false);
    expect(signer!.verify(pairs[0]!.publicKey, 'RSASSA_PKCS1_V1_5_SHA_256', msg, 'RAW', sigs[0]!)).toBe(true);
  });
});

describe('RSAES-OAEP', () => {
  // Encrypt: AWS's recorded per-spec limits
  const LIMITS: Record<string, [number, number]> = { RSA_2048: [214, 190], RSA_3072: [342, 318], RSA_4096: [470, 446] };
  for (const [spec, [sha1, sha256]] of Object.entries(LIMITS)) {
    it(`${spec}: limits ${sha1}/${sha256} bytes, round trips at the limit, refuses one byte more`, () => {
      const { cipher } = info(spec);
      const { priv, pub } = keys.get(spec)!;
      expect(cipher!.maxPlaintextLength('RSAES_OAEP_SHA_1')).toBe(sha1);
      expect(cipher!.maxPlaintextLength('RSAES_OAEP_SHA_256')).toBe(sha256);
      for (const [alg, max] of [['RSAES_OAEP_SHA_1', sha1], ['RSAES_OAEP_SHA_256', sha256]] as const) {
        for (const len of [1, 32, max]) {
          const pt = random(len);
          const ct = cipher!.encrypt(pub, alg, pt, random);
          expect(ct.length).toBe(BITS[spec as keyof typeof BITS] / 8);
          expect(Buffer.from(cipher!.decrypt(priv, alg, ct)!)).toEqual(Buffer.from(pt));
          // OAEP is randomized
          expect(Buffer.from(cipher!.encrypt(pub, alg, pt, random)).equals(Buffer.from(ct))).toBe(false);
        }
        expect(thrown(() => cipher!.encrypt(pub, alg, random(max + 1), random))).toEqual({
          code: 'ValidationException',
          message: `Algorithm ${alg} and key spec ${spec} cannot encrypt data larger than ${max} bytes.`,
        });
      }
    });
  }

  it('decrypt failures are undefined: wrong algorithm, altered byte, wrong length, wrong key', () => {
    const { cipher } = info('RSA_2048');
    const { priv, pub } = keys.get('RSA_2048')!;
    const ct = cipher!.encrypt(pub, 'RSAES_OAEP_SHA_256', Buffer.from('secret'), random);
    expect(cipher!.decrypt(priv, 'RSAES_OAEP_SHA_1', ct)).toBeUndefined();
    const altered = Uint8Array.from(ct);
    altered[100]! ^= 0x80;
    expect(cipher!.decrypt(priv, 'RSAES_OAEP_SHA_256', altered)).toBeUndefined();
    expect(cipher!.decrypt(priv, 'RSAES_OAEP_SHA_256', ct.subarray(1))).toBeUndefined();
    expect(cipher!.decrypt(priv, 'RSAES_OAEP_SHA_256', Buffer.concat([Buffer.alloc(1), ct]))).toBeUndefined();
    expect(cipher!.decrypt(priv, 'RSAES_OAEP_SHA_256', new Uint8Array(256).fill(0xff))).toBeUndefined();
    const other = info('RSA_2048').generateMaterial(random);
    expect(cipher!.decrypt(other, 'RSAES_OAEP_SHA_256', ct)).toBeUndefined();
  });

  it('refuses algorithms of other families', () => {
    const { cipher } = info('RSA_4096');
    expect(thrown(() => cipher!.maxPlaintextLength('SYMMETRIC_DEFAULT'))).toEqual({
      code: 'InvalidKeyUsageException',
      message: 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096.',
    });
    expect(thrown(() => cipher!.encrypt(keys.get('RSA_4096')!.pub, 'SM2PKE', random(4), random))?.code).toBe('InvalidKeyUsageException');
    expect(RSA_ENCRYPTION_ALGORITHMS).toEqual(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
  });
});
