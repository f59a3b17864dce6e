// Wycheproof (C2SP/wycheproof, Apache-2.0, test/vectors/wycheproof/LICENSE) for the RSA paths that take
// outside input: OAEP decrypt and PSS / PKCS#1 v1.5 verify. Every case runs; the counts are asserted.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { specs } from '../../src/crypto/rsa.js';

const DIR = join(import.meta.dirname, '..', 'vectors', 'wycheproof');
const rsa2048 = specs.find((s) => s.spec === 'RSA_2048')!;

interface Case {
  tcId: number;
  comment: string;
  flags: string[];
  msg: string;
  ct?: string;
  sig?: string;
  label?: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface Group {
  keySize: number;
  sha: string;
  mgfSha?: string;
  sLen?: number;
  privateKeyPkcs8?: string;
  publicKeyDer?: string;
  tests: Case[];
}
interface Suite {
  numberOfTests: number;
  testGroups: Group[];
}

function load(name: string): Suite {
  return JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Suite;
}
const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

describe('Wycheproof RSAES-OAEP decrypt', () => {
  const files = [
    ['rsa_oaep_2048_sha1_mgf1sha1_test.json', 'RSAES_OAEP_SHA_1', 'SHA-1', 36],
    ['rsa_oaep_2048_sha256_mgf1sha256_test.json', 'RSAES_OAEP_SHA_256', 'SHA-256', 37],
  ] as const;
  for (const [file, alg, sha, count] of files) {
    it(`${file}: ${count} cases (valid decrypts to msg; invalid or labelled → undefined)`, () => {
      const suite = load(file);
      let run = 0;
      let decrypted = 0;
      for (const g of suite.testGroups) {
        expect([g.keySize, g.sha, g.mgfSha]).toEqual([2048, sha, sha]);
        const key = hex(g.privateKeyPkcs8!);
        for (const t of g.tests) {
          run++;
          const out = rsa2048.cipher!.decrypt(key, alg, hex(t.ct!));
          // AWS's OAEP has an empty label: a ciphertext made with a label must not decrypt
          if (t.result === 'valid' && !t.label) {
            expect(out && Buffer.from(out).toString('hex'), `tcId ${t.tcId}`).toBe(t.msg);
            decrypted++;
          } else {
            expect(out, `tcId ${t.tcId} ${t.comment}`).toBeUndefined();
          }
        }
      }
      expect(run).toBe(suite.numberOfTests);
      expect(run).toBe(count);
      expect(decrypted).toBeGreaterThan(5);
    });
  }
});

describe('Wycheproof RSA signature verify (RAW and DIGEST paths)', () => {
  const files = [
    ['rsa_pss_2048_sha256_mgf1_32_test.json', 'RSASSA_PSS_SHA_256', 108],
    ['rsa_signature_2048_sha256_test.json', 'RSASSA_PKCS1_V1_5_SHA_256', 259],
  ] as const;
  for (const [file, alg, count] of files) {
    for (const type of ['RAW', 'DIGEST'] as const) {
      it(`${file} via ${type}: ${count} cases`, () => {
        const suite = load(file);
        let run = 0;
        let accepted = 0;
        for (const g of suite.testGroups) {
          expect([g.keySize, g.sha]).toEqual([2048, 'SHA-256']);
          if (g.sLen !== undefined) expect([g.sLen, g.mgfSha]).toEqual([32, 'SHA-256']);
          const pub = hex(g.publicKeyDer!);
          for (const t of g.tests) {
            run++;
            const msg = hex(t.msg);
            const input = type === 'RAW' ? msg : new Uint8Array(createHash('sha256').update(msg).digest());
            const ok = rsa2048.signer!.verify(pub, alg, input, type, hex(t.sig!));
            if (ok) accepted++;
            // "acceptable" cases may go either way (e.g. a DigestInfo without NULL parameters)
            if (t.result !== 'acceptable') expect(ok, `tcId ${t.tcId} ${t.comment} ${t.flags.join(',')}`).toBe(t.result === 'valid');
          }
        }
        expect(run).toBe(suite.numberOfTests);
        expect(run).toBe(count);
        expect(accepted).toBeGreaterThan(0);
      });
    }
  }
});
