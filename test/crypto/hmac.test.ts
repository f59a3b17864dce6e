// HMAC key family: registry entries, AWS's refusals, Wycheproof vectors (counted), openssl interop.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hmac, hmacHash, macEquals, macLength, specs } from '../../src/crypto/hmac.js';
import type { KeySpecInfo } from '../../src/crypto/registry.js';
import { seededRandom } from '../support/random.js';
import { kmsErrorOf as thrown, specOf } from '../support/crypto.js';

const VECTORS = join(import.meta.dirname, '..', 'vectors', 'wycheproof');

const info = (spec: string): KeySpecInfo => specOf(specs, spec);
const random = seededRandom('hmac');

const TABLE = [
  ['HMAC_224', 'HMAC_SHA_224', 'sha224', 28],
  ['HMAC_256', 'HMAC_SHA_256', 'sha256', 32],
  ['HMAC_384', 'HMAC_SHA_384', 'sha384', 48],
  ['HMAC_512', 'HMAC_SHA_512', 'sha512', 64],
] as const;

describe('HMAC registry entries', () => {
  it('serves the four HMAC key specs, GENERATE_VERIFY_MAC only, no default usage', () => {
    expect(specs.map((s) => s.spec)).toEqual(TABLE.map((t) => t[0]));
    for (const [spec, alg] of TABLE) {
      const s = info(spec);
      expect(s.usages).toEqual(['GENERATE_VERIFY_MAC']);
      expect(s.defaultUsage).toBeUndefined();
      expect(s.macAlgorithms).toEqual([alg]);
      expect(s.signingAlgorithms ?? s.encryptionAlgorithms ?? s.publicKey ?? s.dataKeyPair).toBeUndefined();
    }
  });

  it.each(TABLE)('%s material is a raw random key of %s', (spec, _alg, _hash, bytes) => {
    const a = info(spec).generateMaterial(random);
    const b = info(spec).generateMaterial(random);
    expect(a.length).toBe(bytes);
    expect(Buffer.from(a).equals(b)).toBe(false);
  });

  it.each(TABLE)('%s computes %s with a full-length tag', (spec, alg, hash, bytes) => {
    const key = info(spec).generateMaterial(random);
    const msg = new TextEncoder().encode('some important message');
    const tag = info(spec).mac!.mac(key, alg, msg);
    expect(tag.length).toBe(bytes);
    expect(macLength(alg)).toBe(bytes);
    expect(hmacHash(alg)).toBe(hash);
    expect(Buffer.from(tag).equals(hmac(hash, key, msg))).toBe(true);
  });

  it('refuses another spec\'s algorithm with AWS\'s InvalidKeyUsageException', () => {
    const key = info('HMAC_224').generateMaterial(random);
    const e = thrown(() => info('HMAC_224').mac!.mac(key, 'HMAC_SHA_256', new Uint8Array([1])));
    expect([e.code, e.message]).toEqual(['InvalidKeyUsageException', 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.']);
    const e2 = thrown(() => info('HMAC_256').mac!.mac(key, 'HMAC_SHA_512', new Uint8Array([1])));
    expect(e2.message).toBe('Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.');
  });

  it('macEquals compares equal lengths and rejects other lengths', () => {
    const a = new Uint8Array([1, 2, 3, 4]);
    expect(macEquals(a, new Uint8Array([1, 2, 3, 4]))).toBe(true);
    expect(macEquals(a, new Uint8Array([1, 2, 3, 5]))).toBe(false);
    expect(macEquals(a, new Uint8Array([1, 2, 3]))).toBe(false);
    expect(macEquals(a, new Uint8Array(0))).toBe(false);
  });
});

interface MacTest {
  tcId: number;
  key: string;
  msg: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface MacFile {
  numberOfTests: number;
  testGroups: { keySize: number; tagSize: number; tests: MacTest[] }[];
}

// Only full-length tags apply to KMS (GenerateMac returns the whole HMAC); truncated ones are counted apart.
const WYCHEPROOF = [
  ['hmac_sha224_test.json', 'HMAC_224', 'HMAC_SHA_224', 224, 172, 87],
  ['hmac_sha256_test.json', 'HMAC_256', 'HMAC_SHA_256', 256, 174, 87],
  ['hmac_sha384_test.json', 'HMAC_384', 'HMAC_SHA_384', 384, 174, 87],
  ['hmac_sha512_test.json', 'HMAC_512', 'HMAC_SHA_512', 512, 174, 87],
] as const;

describe('Wycheproof HMAC vectors', () => {
  it.each(WYCHEPROOF)('%s: every full-length case (%s)', (file, spec, alg, bits, total, fullLength) => {
    const data = JSON.parse(readFileSync(join(VECTORS, file), 'utf8')) as MacFile;
    const mac = info(spec).mac!;
    let ran = 0;
    let truncated = 0;
    let valid = 0;
    for (const group of data.testGroups) {
      for (const t of group.tests) {
        if (group.tagSize !== bits) {
          truncated++;
          continue;
        }
        const ours = mac.mac(Buffer.from(t.key, 'hex'), alg, Buffer.from(t.msg, 'hex'));
        const ok = macEquals(ours, Buffer.from(t.tag, 'hex'));
        expect(ok, `tcId ${t.tcId}`).toBe(t.result === 'valid');
        if (ok) valid++;
        ran++;
      }
    }
    expect(data.numberOfTests).toBe(total);
    expect(ran).toBe(fullLength);
    expect(ran + truncated).toBe(total);
    expect(valid).toBeGreaterThan(30);
  });
});

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl) console.warn('skipping HMAC openssl interop: the openssl CLI is not installed');

describe.skipIf(!hasOpenssl)('HMAC interop with openssl dgst', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kms-hmac-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(TABLE)('%s (%s) tags equal openssl dgst -%s -mac HMAC', (spec, alg, hash) => {
    for (const size of [1, 100, 4096]) {
      const key = info(spec).generateMaterial(random);
      const msg = random(size);
      const file = join(dir, `${spec}-${size}.bin`);
      writeFileSync(file, msg);
      const out = execFileSync('openssl', ['dgst', `-${hash}`, '-mac', 'HMAC', '-macopt', `hexkey:${Buffer.from(key).toString('hex')}`, '-binary', file]);
      expect(Buffer.from(info(spec).mac!.mac(key, alg, msg)).equals(out)).toBe(true);
    }
  });
});
