// src/crypto/families.ts: importing it registers every key family, with no import cycle and no
// heavy library loaded until a family's ready().
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../support/random.js';
import { generateKeyPairSync } from 'node:crypto';
import { parseCiphertextBlob, publicKeyCipher, registeredKeySpecs, specFor } from '../../src/crypto/families.js';
import { KmsError } from '../../src/errors.js';

const KEY_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ECC_NIST_EDWARDS25519'];
const PAIR_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SM2', 'ECC_NIST_EDWARDS25519'];
const crypto = new URL('../../src/crypto/', import.meta.url);

describe('the family registry', () => {
  it('serves all 17 KeySpecs of the API', () => {
    expect([...registeredKeySpecs()].sort()).toEqual([...KEY_SPECS].sort());
    for (const spec of KEY_SPECS) expect(specFor(spec, 'aws-cn')?.spec).toBe(spec);
  });

  it('marks exactly the 9 KeyPairSpecs as data key pairs, each with a public key', () => {
    const pairs = KEY_SPECS.filter((s) => specFor(s, 'aws-cn')?.dataKeyPair);
    expect(pairs.sort()).toEqual([...PAIR_SPECS].sort());
    for (const s of pairs) expect(specFor(s, 'aws-cn')?.publicKey).toBeTypeOf('function');
  });

  it('offers SM2 in aws-cn only, and SYMMETRIC_DEFAULT as SM4 there', () => {
    expect(specFor('SM2', 'aws')?.partitions).toEqual(['aws-cn']);
    const random = (n: number) => new Uint8Array(n);
    expect(specFor('SYMMETRIC_DEFAULT', 'aws')!.generateMaterial(random)).toHaveLength(32);
    expect(specFor('SYMMETRIC_DEFAULT', 'aws-cn')!.generateMaterial(random)).toHaveLength(16);
    expect(specFor('SYMMETRIC_DEFAULT', 'aws-cn')!.blobCipher).not.toBe(specFor('SYMMETRIC_DEFAULT', 'aws')!.blobCipher);
  });

  it('parses blobs by version and refuses unknown versions as InvalidCiphertextException', () => {
    for (const blob of [new Uint8Array(), new Uint8Array([3, 36, 1, 2]), new Uint8Array([0])]) {
      expect(() => parseCiphertextBlob(blob)).toThrow(KmsError);
    }
  });

  it('has no import cycle and loads noble only dynamically', () => {
    expect(readFileSync(new URL('registry.ts', crypto), 'utf8')).not.toMatch(/from '\.\/families\.js'/);
    for (const file of readdirSync(crypto).filter((f) => f.endsWith('.ts'))) {
      const src = readFileSync(new URL(file, crypto), 'utf8');
      expect(src, file).not.toMatch(/^import (?!type )[^;]*from '@noble/m);
      expect(src, file).not.toMatch(/^import (?!type )[^;]*from '\.\/families\.js'/m);
    }
  });
});

describe('publicKeyCipher: wrapping a data key to a public key (encrypt-stream --public-key)', () => {
  const random = seededRandom('public-key-cipher');
  const dataKey = random(32);

  it('takes RSA keys of the three KMS sizes with RSAES_OAEP_SHA_256, and SM2 keys with SM2PKE', async () => {
    const cases: [string, string, string][] = [
      ['RSA_2048', 'aws', 'RSAES_OAEP_SHA_256'], ['RSA_3072', 'aws', 'RSAES_OAEP_SHA_256'],
      ['RSA_4096', 'aws', 'RSAES_OAEP_SHA_256'], ['SM2', 'aws-cn', 'SM2PKE'],
    ];
    for (const [spec, partition, algorithm] of cases) {
      const info = specFor(spec, partition)!;
      await info.ready?.();
      const priv = info.generateMaterial(random);
      const cipher = await publicKeyCipher(info.publicKey!(priv));
      expect(cipher?.spec, spec).toBe(spec);
      expect(cipher?.algorithm, spec).toBe(algorithm);
      // what kms Decrypt does with the key's private half gives the data key back
      const wrapped = cipher!.encrypt(dataKey, random);
      expect(Buffer.from(info.cipher!.decrypt(priv, algorithm, wrapped)!)).toEqual(Buffer.from(dataKey));
    }
  });

  it('refuses keys no KMS key could decrypt for: other RSA sizes, EC and Ed25519 keys, garbage', async () => {
    const spki = (type: 'rsa' | 'ec' | 'ed25519', opts: object) =>
      new Uint8Array(generateKeyPairSync(type as 'rsa', { ...opts, publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } } as never).publicKey as unknown as Buffer);
    expect(await publicKeyCipher(spki('rsa', { modulusLength: 1024 }))).toBeUndefined();
    expect(await publicKeyCipher(spki('ec', { namedCurve: 'P-256' }))).toBeUndefined();
    expect(await publicKeyCipher(spki('ed25519', {}))).toBeUndefined();
    expect(await publicKeyCipher(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).toBeUndefined();
  });
});
