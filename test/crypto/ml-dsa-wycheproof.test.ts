// Wycheproof ML-DSA-44 verify vectors through the ML_DSA_44 signer (counted, so a silent skip fails).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ready, specs } from '../../src/crypto/ml-dsa.js';

interface VerifyTest {
  tcId: number;
  comment: string;
  msg: string;
  ctx?: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
  flags: string[];
}
interface VerifyFile {
  numberOfTests: number;
  testGroups: { type: string; publicKey: string; publicKeyDer: string; tests: VerifyTest[] }[];
}

const file = join(import.meta.dirname, '..', 'vectors', 'wycheproof', 'mldsa_44_verify_test.json');

describe('Wycheproof mldsa_44_verify_test', () => {
  it('valid signatures verify and invalid ones do not (every case AWS can express)', async () => {
    await ready();
    const data = JSON.parse(readFileSync(file, 'utf8')) as VerifyFile;
    const signer = specs.find((s) => s.spec === 'ML_DSA_44')!.signer!;
    const counts = { valid: 0, invalid: 0, withContext: 0 };
    for (const group of data.testGroups) {
      expect(group.type).toBe('MlDsaVerify');
      // GetPublicKey's form: the SPKI (the raw key is its BIT STRING)
      const spki = Buffer.from(group.publicKeyDer, 'hex');
      for (const t of group.tests) {
        // Sign/Verify: AWS signs pure ML-DSA with the empty context; the API has no context field
        if (t.ctx !== undefined && t.ctx.length > 0) {
          counts.withContext++;
          continue;
        }
        expect(t.result, `tcId ${t.tcId}`).not.toBe('acceptable');
        const ok = signer.verify(spki, 'ML_DSA_SHAKE_256', Buffer.from(t.msg, 'hex'), 'RAW', Buffer.from(t.sig, 'hex'));
        expect(ok, `tcId ${t.tcId}: ${t.comment}`).toBe(t.result === 'valid');
        counts[t.result as 'valid' | 'invalid']++;
      }
    }
    expect(data.numberOfTests).toBe(180);
    expect(counts).toEqual({ valid: 75, invalid: 98, withContext: 7 });
  });
});
