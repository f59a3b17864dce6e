// Deterministic test keyrings (`kms keyring init --deterministic SEED`): the engine's random source
// is AES-256-CTR's keystream under a key derived from SEED, read from a block position that the
// keyring keeps in a sealed record and moves on in each transaction's own commit (barrier.ts), as
// NIST SP 800-90A's CTR_DRBG reads its keystream. Never used by an ordinary keyring.

import { createCipheriv, createHash, hkdfSync } from 'node:crypto';
import type { RandomSource } from '../deps.js';

const BLOCK = 16;

/** The record that makes a keyring deterministic; its name is clear, so `keyring info` sees it without the passphrase. */
export const DETERMINISTIC_RECORD = 'keyring/deterministic';

/** What the record holds (sealed like every record). */
export interface DeterministicRecord {
  /** The stream's key: deterministicKey(SEED). */
  key: Uint8Array;
  /** keyFingerprint(key), for --debug and `kms serve`'s log. */
  fingerprint: string;
  /** The next unused block of the stream. */
  position: number;
}

/** A new keyring's record for SEED, its stream unread. */
export function deterministicRecord(seed: string): DeterministicRecord {
  const key = deterministicKey(seed);
  return { key, fingerprint: keyFingerprint(key), position: 0 };
}

/** The blocks a draw of `length` bytes uses up: each draw starts on a fresh block. */
export function blocksFor(length: number): number {
  return Math.ceil(length / BLOCK);
}

/** `length` bytes of AES-256-CTR's keystream under `key`, from block `position` on. */
export function keystream(key: Uint8Array, position: number, length: number): Uint8Array {
  if (!Number.isSafeInteger(position) || position < 0) throw new RangeError(`drbg: bad position ${position}`);
  const counter = Buffer.alloc(BLOCK);
  counter.writeBigUInt64BE(BigInt(position), 8);
  const cipher = createCipheriv('aes-256-ctr', key, counter);
  return new Uint8Array(cipher.update(Buffer.alloc(length)));
}

/**
 * The stream's key for a deterministic keyring's SEED: HKDF-SHA256 with a fixed salt and info, so
 * the same SEED gives the same keys, ids and ciphertexts on every machine, and no other use of the
 * same string can collide with it.
 */
export function deterministicKey(seed: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', Buffer.from(seed, 'utf8'), 'kms deterministic keyring', 'v1 aes-256-ctr', 32));
}

/** A name for the stream's key that reveals nothing of it: 16 hex digits of a SHA-256 over it. */
export function keyFingerprint(key: Uint8Array): string {
  return createHash('sha256').update('kms deterministic keyring fingerprint').update(key).digest('hex').slice(0, 16);
}

/**
 * A stream of its own, read from its start, under a key derived from `secret` and `label` (a
 * deterministic keyring's stream commands: their message id and nonces from the data key, which the
 * keyring's stream made). Marked `seeded`, as the keyring's own stream is.
 */
export function derivedStream(secret: Uint8Array, label: string): RandomSource {
  const key = new Uint8Array(hkdfSync('sha256', secret, 'kms derived stream', label, 32));
  let position = 0;
  return Object.assign(
    (length: number) => {
      const out = keystream(key, position, length);
      position += blocksFor(length);
      return out;
    },
    { seeded: true as const },
  );
}
