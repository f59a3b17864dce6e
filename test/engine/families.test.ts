// src/crypto/families.ts: importing it registers every key family, with no import cycle and no
// heavy library loaded until a family's ready().
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCiphertextBlob, registeredKeySpecs, specFor } from '../../src/crypto/families.js';
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
