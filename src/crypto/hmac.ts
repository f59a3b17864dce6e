// HMAC_224/256/384/512 keys (GENERATE_VERIFY_MAC): raw key material, HMAC by node:crypto (RFC 2104),
// and the constant-time tag comparison VerifyMac needs. Must not import the engine, the keyring or the CLI.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { KmsError } from '../errors.js';
import type { KeySpecInfo, MacFamily } from './registry.js';

/** One HMAC key spec: the only MacAlgorithm it allows, node's hash name, the key length. */
interface HmacSpec {
  spec: string;
  algorithm: string;
  hash: string;
  /** Key spec reference, "HMAC key specs": the key is as long as the hash output. */
  keyBytes: number;
  /** The tag GenerateMac returns is the full hash output. */
  tagBytes: number;
}

const HMAC_SPECS: readonly HmacSpec[] = [
  { spec: 'HMAC_224', algorithm: 'HMAC_SHA_224', hash: 'sha224', keyBytes: 28, tagBytes: 28 },
  { spec: 'HMAC_256', algorithm: 'HMAC_SHA_256', hash: 'sha256', keyBytes: 32, tagBytes: 32 },
  { spec: 'HMAC_384', algorithm: 'HMAC_SHA_384', hash: 'sha384', keyBytes: 48, tagBytes: 48 },
  { spec: 'HMAC_512', algorithm: 'HMAC_SHA_512', hash: 'sha512', keyBytes: 64, tagBytes: 64 },
];

/** node:crypto's hash name for a MacAlgorithmSpec, or undefined when it is not one. */
export function hmacHash(algorithm: string): string | undefined {
  return HMAC_SPECS.find((s) => s.algorithm === algorithm)?.hash;
}

/** HMAC (RFC 2104) of `message` under `key` with node's `hash` (sha224, sha256, sha384, sha512). */
export function hmac(hash: string, key: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac(hash, key).update(message).digest());
}

/**
 * VerifyMac: compares a computed tag with the one given in constant time (for equal lengths);
 * a tag of another length is simply not equal. Use it wherever a MAC is checked.
 */
export function macEquals(expected: Uint8Array, given: Uint8Array): boolean {
  if (expected.length !== given.length) return false;
  return timingSafeEqual(expected, given);
}

/** GenerateMac/VerifyMac: each HMAC key spec allows exactly one MacAlgorithm (AWS's message). */
function incompatible(algorithm: string, spec: string): KmsError {
  return new KmsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${spec}.`);
}

function macFamily(s: HmacSpec): MacFamily {
  return {
    mac(key: Uint8Array, algorithm: string, message: Uint8Array): Uint8Array {
      if (algorithm !== s.algorithm) throw incompatible(algorithm, s.spec);
      return hmac(s.hash, key, message);
    },
  };
}

function entry(s: HmacSpec): KeySpecInfo {
  return {
    spec: s.spec,
    // CreateKey: HMAC keys must name GENERATE_VERIFY_MAC (AWS has no default usage for them)
    usages: ['GENERATE_VERIFY_MAC'],
    macAlgorithms: [s.algorithm],
    // HMAC material is the raw key, as long as the key spec says
    generateMaterial: (random) => random(s.keyBytes),
    mac: macFamily(s),
  };
}

/** The registry entries for HMAC_224, HMAC_256, HMAC_384 and HMAC_512. */
export const specs: readonly KeySpecInfo[] = HMAC_SPECS.map(entry);

/** The tag length GenerateMac returns for a MacAlgorithmSpec (bytes), or undefined. */
export function macLength(algorithm: string): number | undefined {
  return HMAC_SPECS.find((s) => s.algorithm === algorithm)?.tagBytes;
}
