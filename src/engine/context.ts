// What an engine operation is given: identity, clock, randomness and the record store.
// The engine never reads argv, env, the TTY, the wall clock or the system RNG itself.

import type { Clock, RandomSource } from '../deps.js';

/**
 * Values stored are JSON-like: objects, arrays, strings, finite numbers, booleans, null,
 * and Uint8Array (the store's codec keeps them as bytes). Never Date: store epoch ms numbers.
 */
export type StoredValue = unknown;

/** One named record as `list` returns it. */
export interface StoredRecord<T = StoredValue> {
  name: string;
  value: T;
}

/**
 * The engine's view of the keyring: named records, sealed by the keyring's barrier.
 * Names are `key/<region>/<key-id>`, `alias/<region>/<alias-name>`, `grant/…`.
 * Every method is synchronous; `transaction` runs `fn` atomically and serialised against
 * other processes using the same keyring (reads inside it see a consistent snapshot).
 */
export interface RecordStore {
  get<T = StoredValue>(name: string): T | undefined;
  put(name: string, value: StoredValue): void;
  delete(name: string): void;
  /** Records whose name starts with `prefix`, ordered by name, names strictly after `after`. */
  list<T = StoredValue>(prefix: string, opts?: { after?: string; limit?: number }): StoredRecord<T>[];
  count(prefix: string): number;
  transaction<T>(fn: () => T): T;
  /** Wrap key material a second time under the master key; `aad` is `<key ARN>#<material id>`. */
  wrapMaterial(aad: string, plaintext: Uint8Array): Uint8Array;
  /** Inverse of wrapMaterial; throws if the wrapped bytes or the AAD do not match. */
  unwrapMaterial(aad: string, wrapped: Uint8Array): Uint8Array;
}

/** Everything an operation handler needs. */
export interface EngineContext {
  /** e.g. us-east-1 */
  region: string;
  /** 12 digits, e.g. 111122223333 */
  account: string;
  /** aws, or aws-cn for cn-* regions */
  partition: string;
  clock: Clock;
  random: RandomSource;
  store: RecordStore;
  /**
   * Quota overrides by name (tests and settings lower them); a missing name means AWS's default.
   * Known names: `grantsPerKey` (AWS: 50,000), `onDemandRotationsPerKey` (AWS: 25).
   */
  limits?: Readonly<Record<string, number | undefined>>;
}

/**
 * An operation handler: request and response objects use the API's member names. `prepared` is
 * what the operation's `prepare` returned (service.ts), undefined when it has none.
 */
export type Handler<Req = Record<string, unknown>, Res = Record<string, unknown>, P = unknown> = (
  ctx: EngineContext,
  request: Req,
  prepared: P,
) => Res | Promise<Res>;

/** The partition of a region, as AWS names them. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
