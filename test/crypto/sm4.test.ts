// SM4 ciphertext blobs (version 2, China Regions): round trip, tamper and context checks, the version
// dispatch, and the GB/T 32907 block-cipher example run through the exact primitive the blob uses.

import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KmsError } from '../../src/errors.js';
import { sealBlob } from '../../src/crypto/symmetric.js';
import {
  SM4_BLOB_VERSION,
  blobCipherForVersion,
  deriveSm4Keys,
  openSm4Blob,
  parseAnyBlob,
  parseSm4Blob,
  sealSm4Blob,
  sm4BlobCipher,
  sm4Ctr,
  sm4SymmetricDefault,
  specs,
} from '../../src/crypto/sm4.js';

const random = (n: number) => new Uint8Array(randomBytes(n));
const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
const materialId = new Uint8Array(16).fill(7);
const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

function seal(material: Uint8Array, plaintext: Uint8Array, context?: Record<string, string>) {
  return sealSm4Blob({ keyId, materialId, material, plaintext, context, random });
}

function open(blob: Uint8Array, material: Uint8Array, context?: Record<string, string>) {
  return openSm4Blob(parseAnyBlob(blob), material, context);
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof KmsError ? e.code : `not a KmsError: ${String(e)}`;
  }
  return 'no error';
}

describe('SM4 block cipher (GB/T 32907)', () => {
  const key = hex('0123456789abcdeffedcba9876543210');
  const expected = hex('681edf34d206965e86b3e94f536e4246');

  it('encrypts the standard example block (Appendix A.1)', () => {
    const c = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(new Uint8Array(Buffer.concat([c.update(key), c.final()]))).toEqual(expected);
  });

  it('sm4Ctr: the first keystream block is SM4_K(counter block)', () => {
    // With the counter block = the example plaintext, keystream ⊕ 0 is the example ciphertext.
    expect(sm4Ctr(key, key, new Uint8Array(16))).toEqual(expected);
    // and the counter increments big-endian for the second block
    const next = hex('0123456789abcdeffedcba9876543211');
    const c = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(sm4Ctr(key, key, new Uint8Array(32)).subarray(16)).toEqual(new Uint8Array(Buffer.concat([c.update(next), c.final()])));
  });
});

describe('SM4 ciphertext blob, version 2', () => {
  const material = random(16);
  const context = { purpose: 'test', 'aws:cn': '北京' };

  it('SYMMETRIC_DEFAULT in aws-cn: 16-byte material, SM4 blobs; nothing extra to register', () => {
    expect(sm4SymmetricDefault.spec).toBe('SYMMETRIC_DEFAULT');
    expect(sm4SymmetricDefault.partitions).toEqual(['aws-cn']);
    expect(sm4SymmetricDefault.generateMaterial(random).length).toBe(16);
    expect(sm4SymmetricDefault.blobCipher).toBe(sm4BlobCipher);
    expect(sm4SymmetricDefault.encryptionAlgorithms).toEqual(['SYMMETRIC_DEFAULT']);
    expect(specs).toEqual([]);
  });

  it('round trips, with and without context, 1..4096 bytes', () => {
    for (const len of [1, 15, 16, 17, 4096]) {
      const pt = random(len);
      expect(open(seal(material, pt, context), material, context)).toEqual(pt);
      expect(open(seal(material, pt), material)).toEqual(pt);
    }
  });

  it('writes the documented layout', () => {
    const pt = random(20);
    const blob = seal(material, pt, context);
    const idLen = keyId.length;
    expect(blob[0]).toBe(SM4_BLOB_VERSION);
    expect(blob[1]).toBe(idLen);
    expect(new TextDecoder().decode(blob.subarray(2, 2 + idLen))).toBe(keyId);
    expect(blob.subarray(2 + idLen, 18 + idLen)).toEqual(materialId);
    expect(blob.length).toBe(2 + idLen + 16 + 16 + pt.length + 32);
    const p = parseSm4Blob(blob);
    expect(p.keyId).toBe(keyId);
    // recompute per formats.md: SP 800-108 keys, CTR body, HMAC-SM3 tag over header ‖ iv ‖ len ‖ ct ‖ context
    const { enc, mac } = deriveSm4Keys(material);
    const label = (s: string, bits: number) =>
      new Uint8Array(
        createHmac('sm3', material)
          .update(Buffer.concat([hex('00000001'), Buffer.from(s), hex('00'), hex(bits.toString(16).padStart(8, '0'))]))
          .digest(),
      ).subarray(0, bits / 8);
    expect(enc).toEqual(label('kms sm4 blob v2 encryption', 128));
    expect(mac).toEqual(label('kms sm4 blob v2 authentication', 256));
    expect(sm4Ctr(enc, p.iv, p.ciphertext)).toEqual(pt);
    const canonical = Buffer.concat(
      Object.entries(context)
        .map(([k, v]) => [Buffer.from(k), Buffer.from(v)] as const)
        .sort((a, b) => Buffer.compare(a[0], b[0]))
        .flatMap(([k, v]) => [Buffer.from([k.length >> 8, k.length & 0xff]), k, Buffer.from([v.length >> 8, v.length & 0xff]), v]),
    );
    const tag = createHmac('sm3', mac).update(p.header).update(p.iv).update(hex('00000014')).update(p.ciphertext).update(canonical).digest();
    expect(p.tag).toEqual(new Uint8Array(tag));
  });

  it('every single-byte change fails with InvalidCiphertextException', () => {
    const blob = seal(material, random(24), context);
    let checked = 0;
    for (let i = 0; i < blob.length; i++) {
      const bad = Uint8Array.from(blob);
      bad[i]! ^= 0x01;
      expect(codeOf(() => open(bad, material, context))).toBe('InvalidCiphertextException');
      checked++;
    }
    expect(checked).toBe(blob.length);
    expect(codeOf(() => open(blob.subarray(0, blob.length - 1), material, context))).toBe('InvalidCiphertextException');
    expect(codeOf(() => open(Uint8Array.from([...blob, 0]), material, context))).toBe('InvalidCiphertextException');
  });

  it('a wrong or missing context, or another key, fails', () => {
    const blob = seal(material, random(24), context);
    expect(codeOf(() => open(blob, material))).toBe('InvalidCiphertextException');
    expect(codeOf(() => open(blob, material, { purpose: 'test' }))).toBe('InvalidCiphertextException');
    expect(codeOf(() => open(blob, material, { ...context, purpose: 'other' }))).toBe('InvalidCiphertextException');
    expect(codeOf(() => open(blob, random(16), context))).toBe('InvalidCiphertextException');
    expect(codeOf(() => open(blob, random(32), context))).toBe('InvalidCiphertextException');
  });

  it('dispatches on the version byte: AES blobs (1) and SM4 blobs (2) each open with their own cipher', () => {
    const aesKey = random(32);
    const pt = random(40);
    const v1 = sealBlob({ keyId, materialId, material: aesKey, plaintext: pt, context, random });
    const p1 = parseAnyBlob(v1);
    expect(p1.version).toBe(1);
    expect(blobCipherForVersion(p1.version).open(p1, aesKey, context)).toEqual(pt);
    const v2 = seal(material, pt, context);
    const p2 = parseAnyBlob(v2);
    expect(p2.version).toBe(2);
    expect(blobCipherForVersion(p2.version).open(p2, material, context)).toEqual(pt);
    // a blob of one version relabelled as the other does not open
    const relabelled = Uint8Array.from(v2);
    relabelled[0] = 1;
    const pr = parseAnyBlob(relabelled); // parses as a version-1 layout, but cannot authenticate
    expect(codeOf(() => blobCipherForVersion(pr.version).open(pr, material, context))).toBe('InvalidCiphertextException');
    expect(codeOf(() => sm4BlobCipher.open(pr, material, context))).toBe('InvalidCiphertextException');
    for (const v of [0, 3, 255]) {
      const bad = Uint8Array.from(v2);
      bad[0] = v;
      expect(codeOf(() => parseAnyBlob(bad))).toBe('InvalidCiphertextException');
      expect(codeOf(() => blobCipherForVersion(v))).toBe('InvalidCiphertextException');
    }
    expect(codeOf(() => parseAnyBlob(new Uint8Array(0)))).toBe('InvalidCiphertextException');
  });
});
