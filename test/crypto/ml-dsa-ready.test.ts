// ML-DSA before and after ready(): a clear internal error first, synchronous operations after.
// Its own file, so the module is fresh (vitest isolates each test file's modules).
import { describe, expect, it } from 'vitest';
import { ready, specs } from '../../src/crypto/ml-dsa.js';
import { KmsError } from '../../src/errors.js';

const random = (n: number): Uint8Array => new Uint8Array(n).fill(7);

describe('ML-DSA ready()', () => {
  it('refuses to sign or derive a public key before ready(), then works', async () => {
    const s = specs[0]!;
    // generateMaterial needs only the random source
    const material = s.generateMaterial(random);
    expect(material.length).toBe(54);
    for (const fn of [() => s.publicKey!(material), () => s.signer!.sign(material, 'ML_DSA_SHAKE_256', new Uint8Array(1), 'RAW', random)]) {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(KmsError);
      expect((err as KmsError).code).toBe('KMSInternalException');
      expect((err as KmsError).message).toMatch(/before ready\(\)/);
    }
    await s.ready!();
    const spki = s.publicKey!(material);
    const sig = s.signer!.sign(material, 'ML_DSA_SHAKE_256', new Uint8Array(1), 'RAW', random);
    expect(s.signer!.verify(spki, 'ML_DSA_SHAKE_256', new Uint8Array(1), 'RAW', sig)).toBe(true);
    await ready();
  });
});
