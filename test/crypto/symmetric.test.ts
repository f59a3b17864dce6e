import { describe, expect, it } from 'vitest';
import { keySpecInfo, registeredKeySpecs } from '../../src/crypto/registry.js';
import { canonicalContext, openBlob, parseBlob, sealBlob } from '../../src/crypto/symmetric.js';
import { KmsError } from '../../src/errors.js';
import { seededRandom } from '../support/random.js';

const random = seededRandom('crypto');
const material = random(32);
const materialId = random(16);
const keyId = '0b1c2d3e-4f50-4a61-8b72-93a4b5c6d7e8';

function seal(plaintext: string, context?: Record<string, string>): Uint8Array {
  return sealBlob({ keyId, materialId, material, plaintext: Buffer.from(plaintext), context, random });
}

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof KmsError ? e.code : `non-KmsError: ${String(e)}`;
  }
  return undefined;
}

describe('canonical encryption context', () => {
  it('is empty for no context and for {}', () => {
    expect(canonicalContext(undefined)).toEqual(new Uint8Array(0));
    expect(canonicalContext({})).toEqual(new Uint8Array(0));
  });

  it('sorts by the UTF-8 bytes of the key and writes u16 lengths', () => {
    const got = Buffer.from(canonicalContext({ b: 'xy', a: '', é: '1' })).toString('hex');
    // a: 0001 61 0000 | b: 0001 62 0002 7879 | é (c3 a9): 0002 c3a9 0001 31
    expect(got).toBe('000161' + '0000' + '000162' + '00027879' + '0002c3a9' + '000131');
  });

  it('orders astral characters by UTF-8 bytes, not UTF-16 code units', () => {
    const got = Buffer.from(canonicalContext({ '\u{1F600}': 'a', '\uFFFD': 'b' })).toString('hex');
    expect(got.startsWith('0003efbfbd')).toBe(true);
  });
});

describe('ciphertext blob', () => {
  it('has the documented layout', () => {
    const blob = seal('hello');
    expect(blob[0]).toBe(1);
    expect(blob[1]).toBe(36);
    expect(Buffer.from(blob.subarray(2, 38)).toString()).toBe(keyId);
    expect(blob.subarray(38, 54)).toEqual(materialId);
    expect(blob.length).toBe(2 + 36 + 16 + 12 + 5 + 16);
    const p = parseBlob(blob);
    expect(p.keyId).toBe(keyId);
    expect(Buffer.from(openBlob(p, material, undefined)).toString()).toBe('hello');
  });

  it('round-trips with a context, and only with the same context', () => {
    const blob = seal('secret', { purpose: 'test', b: '2' });
    const p = parseBlob(blob);
    expect(Buffer.from(openBlob(p, material, { b: '2', purpose: 'test' })).toString()).toBe('secret');
    expect(code(() => openBlob(p, material, undefined))).toBe('InvalidCiphertextException');
    expect(code(() => openBlob(p, material, { purpose: 'test' }))).toBe('InvalidCiphertextException');
    expect(code(() => openBlob(p, material, { purpose: 'test', b: '3' }))).toBe('InvalidCiphertextException');
  });

  it('fails for every single-byte change', () => {
    const blob = seal('every byte counts', { k: 'v' });
    let checked = 0;
    for (let i = 0; i < blob.length; i++) {
      for (const flip of [0x01, 0x80, 0xff]) {
        const bad = blob.slice();
        bad[i] = bad[i]! ^ flip;
        const c = code(() => openBlob(parseBlob(bad), material, { k: 'v' }));
        expect(c, `byte ${i} ^ ${flip}`).toBe('InvalidCiphertextException');
        checked++;
      }
    }
    expect(checked).toBe(blob.length * 3);
  });

  it('rejects truncated, extended, empty and wrong-version blobs with one opaque error', () => {
    const blob = seal('x');
    for (let n = 0; n < blob.length; n++) {
      expect(code(() => openBlob(parseBlob(blob.subarray(0, n)), material, undefined))).toBe('InvalidCiphertextException');
    }
    const longer = new Uint8Array([...blob, 0]);
    expect(code(() => openBlob(parseBlob(longer), material, undefined))).toBe('InvalidCiphertextException');
    const v2 = blob.slice();
    v2[0] = 2;
    expect(code(() => parseBlob(v2))).toBe('InvalidCiphertextException');
    try {
      parseBlob(v2);
    } catch (e) {
      expect((e as KmsError).message).toBe('');
    }
  });

  it('fails under another key material', () => {
    const p = parseBlob(seal('x'));
    expect(code(() => openBlob(p, random(32), undefined))).toBe('InvalidCiphertextException');
  });
});

describe('KeySpec registry', () => {
  it('has SYMMETRIC_DEFAULT with its usages and algorithms', () => {
    expect(registeredKeySpecs()).toContain('SYMMETRIC_DEFAULT');
    const info = keySpecInfo('SYMMETRIC_DEFAULT')!;
    expect(info.usages).toEqual(['ENCRYPT_DECRYPT']);
    expect(info.encryptionAlgorithms).toEqual(['SYMMETRIC_DEFAULT']);
    expect(info.generateMaterial(random)).toHaveLength(32);
    expect(keySpecInfo('RSA_2048')).toBeUndefined();
  });
});
