// RSA key pairs from a given random stream, for deterministic test keyrings only: OpenSSL draws
// its primes from its own generator, so a seeded stream needs a prime search of its own. The
// search is FIPS 186-5 §A.1.3's in outline: random odd candidates of half the modulus length with
// the two top bits set (so p·q has exactly the bits asked for), sieved by small primes, then tested
// by OpenSSL (checkPrimeSync: Miller-Rabin rounds as FIPS requires for the size), |p − q| large,
// gcd(e, p − 1) = 1, d = e⁻¹ mod lcm(p − 1, q − 1). Must not import the engine, keyring or CLI.

import { checkPrimeSync, createPrivateKey } from 'node:crypto';
import type { RandomBytes } from './registry.js';

const E = 65537n;

/** The odd primes below 2,000: a candidate divisible by one is skipped before OpenSSL's test. */
const SMALL_PRIMES: readonly number[] = (() => {
  const out: number[] = [];
  for (let n = 3; n < 2000; n += 2) if (out.every((p) => p * p > n || n % p !== 0)) out.push(n);
  return out;
})();

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
}

function toBytes(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

/** A prime of exactly `bits` bits, its two top bits set, p ≢ 1 (mod e), drawn from `random`. */
function prime(bits: number, random: RandomBytes): bigint {
  const bytes = bits / 8;
  for (;;) {
    const draw = random(bytes);
    draw[0]! |= 0xc0;
    draw[bytes - 1]! |= 1;
    const base = toBigInt(draw);
    const residues = SMALL_PRIMES.map((p) => Number(base % BigInt(p)));
    // walk the odd numbers from the draw; a fresh draw after 2¹⁶ of them (never in practice)
    for (let delta = 0; delta < 1 << 17; delta += 2) {
      if (SMALL_PRIMES.some((p, i) => (residues[i]! + delta) % p === 0)) continue;
      const candidate = base + BigInt(delta);
      if (candidate >> BigInt(bits) !== 0n) break;
      if (candidate % E === 1n) continue;
      if (checkPrimeSync(candidate)) return candidate;
    }
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [m, a % m, 0n, 1n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new RangeError('rsa: no inverse');
  return ((s0 % m) + m) % m;
}

const b64url = (n: bigint): string => toBytes(n).toString('base64url');

/** An RSA key pair (e = 65537) of `bits` bits as PKCS#8 DER, every bit of it from `random`. */
export function seededRsaMaterial(bits: number, random: RandomBytes): Uint8Array {
  for (;;) {
    const p = prime(bits / 2, random);
    const q = prime(bits / 2, random);
    // FIPS 186-5 §A.1.3 step 5.4: |p − q| > 2^(nlen/2 − 100)
    const diff = p > q ? p - q : q - p;
    if (diff >> BigInt(bits / 2 - 100) === 0n) continue;
    const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
    const d = modInverse(E, lambda);
    const [big, small] = p > q ? [p, q] : [q, p];
    const key = createPrivateKey({
      key: {
        kty: 'RSA',
        n: b64url(p * q),
        e: b64url(E),
        d: b64url(d),
        p: b64url(big),
        q: b64url(small),
        dp: b64url(d % (big - 1n)),
        dq: b64url(d % (small - 1n)),
        qi: b64url(modInverse(small, big)),
      },
      format: 'jwk',
    });
    return new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  }
}
