// What an engine operation is given: identity, clock, randomness and the records.
// The engine never reads argv, env, the TTY, the wall clock or the system RNG itself.

import type { Clock, RandomSource } from '../deps.js';
import type { RecordReader, RecordStore, RecordTx } from './store.js';

export type { RecordReader, RecordStore, RecordTx, StoredRecord, StoredValue } from './store.js';

/** Who calls, where and when: what the CLI or the server knows about a call, and its quotas. */
export interface CallScope {
  /** e.g. us-east-1 */
  region: string;
  /** 12 digits, e.g. 111122223333 */
  account: string;
  /** aws, or aws-cn for cn-* regions */
  partition: string;
  clock: Clock;
  random: RandomSource;
  /**
   * Quota overrides by name (tests and settings lower them); a missing name means AWS's default.
   * Known names: `grantsPerKey` (AWS: 50,000), `onDemandRotationsPerKey` (AWS: 25).
   */
  limits?: Readonly<Record<string, number | undefined>>;
}

/** What runOperation is given: the scope of the call and the store its transaction runs on. */
export interface RunContext extends CallScope {
  store: RecordStore;
}

/** Everything an operation handler needs: the call's scope and its transaction's records. */
export interface EngineContext extends CallScope {
  store: RecordTx;
}

/** What an operation's prepare is given, before the transaction: read access only. */
export interface PrepareContext extends CallScope {
  store: RecordReader;
}

/**
 * An operation handler: request and response objects use the API's member names. `prepared` is
 * what the operation's `prepare` returned (service.ts), undefined when it has none.
 */
export type Handler<Req = Record<string, unknown>, Res = Record<string, unknown>, P = unknown> = (
  ctx: EngineContext,
  request: Req,
  prepared: P,
) => Promise<Res>;

/** The partition of a region, as AWS names them. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
