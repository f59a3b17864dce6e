// Reproducible random bytes for tests: SHA-256 of a seed and a counter. Imports nothing of kms's,
// so a crypto test that uses it loads no more of the engine than it means to.
import { createHash } from 'node:crypto';
import type { RandomSource } from '../../src/deps.js';

export function seededRandom(seed: string): RandomSource {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let off = 0; off < n; off += 32) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, n - off)), off);
    }
    return out;
  };
}
