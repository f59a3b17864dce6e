// Test helpers: an engine over an in-memory store with a clock the test drives and a seeded RNG.
// The store is the synchronous MemoryStore, or with KMS_TEST_STORE=pg a team keyring's rows in a
// real PostgreSQL (vitest runs the engine suite once with each; where PostgreSQL is missing the
// second run uses the asynchronous in-memory store, KMS_TEST_STORE=async).
import { expect } from 'vitest';
import { partitionOf, type EngineContext, type RecordStore, type RunContext, type StoredRecord } from '../../src/engine/context.js';
import { runOperation } from '../../src/engine/index.js';
import { KmsError } from '../../src/errors.js';
import { MemoryStore } from '../../src/keyring/memory-store.js';
import { service as kmsService } from '../../src/services/kms/index.js';
import { AsyncMemoryStore } from '../support/async-store.js';
import { PgTestStore } from '../support/pg-test-store.js';
import { seededRandom } from '../support/random.js';

export { seededRandom };

export const DAY = 24 * 60 * 60 * 1000;

/**
 * Which store the engine suite runs on: `pg` for a team keyring's rows in a real PostgreSQL
 * (test/support/pg-test-store.ts), `async` for the asynchronous in-memory one, else the
 * synchronous one.
 */
export const TEST_STORE: 'pg' | 'async' | 'sync' =
  process.env.KMS_TEST_STORE === 'pg' ? 'pg' : process.env.KMS_TEST_STORE === 'async' ? 'async' : 'sync';

export function testStore(): RecordStore {
  if (TEST_STORE === 'pg') return new PgTestStore();
  return TEST_STORE === 'async' ? new AsyncMemoryStore() : new MemoryStore();
}

export interface TestEnv {
  ctx: RunContext;
  store: RecordStore;
  clock: { t: number; now(): Date; advance(ms: number): void };
  /** The same store and clock seen from another region. */
  inRegion(region: string): RunContext;
  run(op: string, req?: Record<string, unknown>): Promise<Record<string, unknown>>;
  runIn(ctx: RunContext, op: string, req?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** A new enabled symmetric key; returns its KeyMetadata. */
  newKey(req?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** A record as the store holds it now. */
  record<T = unknown>(name: string): Promise<T | undefined>;
  /** Records under a prefix, in name order. */
  records<T = unknown>(prefix: string): Promise<StoredRecord<T>[]>;
  count(prefix: string): Promise<number>;
  /** Runs `fn` in one transaction with a handler's context (region `region`): to plant or alter records. */
  tx<T>(fn: (ctx: EngineContext) => T | Promise<T>, region?: string): Promise<T>;
  /** Writes one record in a transaction of its own. */
  put(name: string, value: unknown): Promise<void>;
}

/**
 * A fresh in-memory engine. `scope` adds to every call's context: a caller (`caller: {
 * accessKeyId }`), authorization settings (`authorization: { mode: 'off' }`, `viaService`), the audit
 * trail's writer (`trail: trailRecorder({ retentionDays: 90 })`), a store of the test's own, limits.
 */
export function makeEnv(region = 'us-east-1', seed = 'seed', scope: Partial<Pick<RunContext, 'caller' | 'authorization' | 'trail' | 'store' | 'limits' | 'random'>> = {}): TestEnv {
  const store = scope.store ?? testStore();
  const clock = {
    t: Date.parse('2026-01-15T12:00:00Z'),
    now() {
      return new Date(this.t);
    },
    advance(ms: number) {
      this.t += ms;
    },
  };
  const random = seededRandom(seed);
  const inRegion = (r: string): RunContext => ({
    region: r,
    account: '111122223333',
    partition: partitionOf(r),
    clock,
    random,
    store,
    ...scope,
  });
  const ctx = inRegion(region);
  const runIn = (c: RunContext, op: string, req: Record<string, unknown> = {}) => runOperation(c, kmsService, op, req);
  const run = (op: string, req: Record<string, unknown> = {}) => runIn(ctx, op, req);
  const newKey = async (req: Record<string, unknown> = {}) => (await run('CreateKey', req)).KeyMetadata as Record<string, unknown>;
  return {
    ctx,
    store,
    clock,
    inRegion,
    run,
    runIn,
    newKey,
    record: (name) => store.read((r) => r.get(name)),
    records: (prefix) => store.read((r) => r.list(prefix)),
    count: (prefix) => store.read((r) => r.count(prefix)),
    tx: (fn, r = region) => store.transaction(async (t) => fn({ ...inRegion(r), store: t })),
    put: (name, value) => store.transaction(async (t) => t.put(name, value)),
  };
}

/** Awaits a rejection and checks it is KmsError(code[, message]); returns the error. */
export async function expectKmsError(p: Promise<unknown>, code: string, message?: string | RegExp): Promise<KmsError> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(KmsError);
  const e = caught as KmsError;
  expect(e.code).toBe(code);
  if (typeof message === 'string') expect(e.message).toBe(message);
  else if (message) expect(e.message).toMatch(message);
  return e;
}

export const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
