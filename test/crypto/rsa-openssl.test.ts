// Interop with the openssl 3 CLI: our RSA signatures verify with `openssl dgst` and `openssl pkeyutl`
// (one flipped bit fails both), openssl's OAEP ciphertexts decrypt with ours, our PKCS#8 parses.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeySpecInfo, MessageType } from '../../src/crypto/registry.js';
import { RSA_ENCRYPTION_ALGORITHMS, RSA_SIGNING_ALGORITHMS, specs } from '../../src/crypto/rsa.js';
import { seededRandom } from '../support/random.js';

const hasOpenssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;
if (!hasOpenssl) console.warn('skipping RSA openssl interop tests: the openssl CLI is not installed');

const random = seededRandom('rsa-openssl');
const dir = hasOpenssl ? mkdtempSync(join(tmpdir(), 'kms-rsa-ossl-')) : '';
const keys = new Map<string, { priv: string; pub: string; privDer: Uint8Array; pubDer: Uint8Array }>();
let n = 0;

/** Writes bytes to a fresh temp file and returns its path. */
function file(bytes: Uint8Array): string {
  const p = join(dir, `f${n++}`);
  writeFileSync(p, bytes);
  return p;
}

function openssl(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

const info = (spec: string): KeySpecInfo => specs.find((s) => s.spec === spec)!;
const hashOf = (alg: string): string => ({ SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' })[alg.slice(-7)]!;

/** `openssl dgst` over the message and `openssl pkeyutl` over its digest, both with our SPKI DER. */
function opensslVerifies(spec: string, alg: string, message: Uint8Array, sig: Uint8Array): [boolean, boolean] {
  const hash = hashOf(alg);
  const { pub } = keys.get(spec)!;
  const pss = alg.includes('PSS');
  const sigFile = file(sig);
  const dgst = ['dgst', `-${hash}`, '-verify', pub, '-keyform', 'DER', '-signature', sigFile];
  if (pss) dgst.push('-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:digest');
  const a = openssl([...dgst, file(message)]);
  const digest = file(createHash(hash).update(message).digest());
  const pk = ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-keyform', 'DER', '-in', digest, '-sigfile', sigFile, '-pkeyopt', `digest:${hash}`];
  if (pss) pk.push('-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:digest');
  const b = openssl(pk);
  return [a.ok, b.ok];
}

describe.skipIf(!hasOpenssl)('RSA interop with openssl', () => {
  beforeAll(() => {
    for (const s of specs) {
      const privDer = s.generateMaterial(random);
      const pubDer = s.publicKey!(privDer);
      keys.set(s.spec, { privDer, pubDer, priv: file(privDer), pub: file(pubDer) });
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('our PKCS#8 parses with `openssl pkey` and its public key is our SPKI DER', () => {
    for (const [spec, k] of keys) {
      const out = join(dir, `${spec}.spki`);
      const r = openssl(['pkey', '-inform', 'DER', '-in', k.priv, '-pubout', '-outform', 'DER', '-out', out]);
      expect(r.ok, r.out).toBe(true);
      expect(readFileSync(out).equals(Buffer.from(k.pubDer))).toBe(true);
      const text = openssl(['pkey', '-inform', 'DER', '-in', k.priv, '-noout', '-text']);
      expect(text.out).toContain(`Private-Key: (${spec.slice(4)} bit, 2 primes)`);
      expect(text.out).toContain('publicExponent: 65537 (0x10001)');
    }
  });

  const message = new TextEncoder().encode('interop: signed by kms, checked by openssl');
  for (const spec of ['RSA_2048', 'RSA_3072', 'RSA_4096']) {
    for (const alg of RSA_SIGNING_ALGORITHMS) {
      for (const type of ['RAW', 'DIGEST'] as MessageType[]) {
        it(`${spec} ${alg} ${type}: openssl dgst and pkeyutl verify; one flipped bit fails both`, () => {
          const input = type === 'RAW' ? message : new Uint8Array(createHash(hashOf(alg)).update(message).digest());
          const sig = info(spec).signer!.sign(keys.get(spec)!.privDer, alg, input, type, random);
          expect(opensslVerifies(spec, alg, message, sig)).toEqual([true, true]);
          const flipped = Uint8Array.from(sig);
          flipped[sig.length >> 1]! ^= 0x01;
          expect(opensslVerifies(spec, alg, message, flipped)).toEqual([false, false]);
        });
      }
    }
  }

  for (const spec of ['RSA_2048', 'RSA_3072', 'RSA_4096']) {
    for (const alg of RSA_ENCRYPTION_ALGORITHMS) {
      it(`${spec} ${alg}: openssl pkeyutl -encrypt → our decrypt, and ours → openssl -decrypt`, () => {
        const md = alg === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256';
        const { cipher } = info(spec);
        const k = keys.get(spec)!;
        const opts = ['-pkeyopt', 'rsa_padding_mode:oaep', '-pkeyopt', `rsa_oaep_md:${md}`];
        for (const pt of [random(1), random(cipher!.maxPlaintextLength(alg))]) {
          const ctFile = join(dir, `ct${n++}`);
          const enc = openssl(['pkeyutl', '-encrypt', '-pubin', '-inkey', k.pub, '-keyform', 'DER', '-in', file(pt), '-out', ctFile, ...opts]);
          expect(enc.ok, enc.out).toBe(true);
          const got = cipher!.decrypt(k.privDer, alg, new Uint8Array(readFileSync(ctFile)));
          expect(got && Buffer.from(got).equals(Buffer.from(pt))).toBe(true);

          const ours = cipher!.encrypt(k.pubDer, alg, pt, random);
          const ptFile = join(dir, `pt${n++}`);
          const dec = openssl(['pkeyutl', '-decrypt', '-inkey', k.priv, '-keyform', 'DER', '-in', file(ours), '-out', ptFile, ...opts]);
          expect(dec.ok, dec.out).toBe(true);
          expect(readFileSync(ptFile).equals(Buffer.from(pt))).toBe(true);
        }
      });
    }
  }
});
