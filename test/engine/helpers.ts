// Test helpers: an engine context over MemoryStore with a clock the test drives and a seeded RNG.
import { expect } from 'vitest';
import { seededRandom } from '../support/random.js';
import { partitionOf, type EngineContext } from '../../src/engine/context.js';
import { runOperation } from '../../src/engine/index.js';
import { KmsError } from '../../src/errors.js';
import { MemoryStore } from '../../src/keyring/memory-store.js';
import { service as kmsService } from '../../src/services/kms/index.js';

export { seededRandom };

export const DAY = 24 * 60 * 60 * 1000;

export interface TestEnv {
  ctx: EngineContext;
  store: MemoryStore;
  clock: { t: number; now(): Date; advance(ms: number): void };
  /** The same store and clock seen from another region. */
  inRegion(region: string): EngineContext;
  run(op: string, req?: Record<string, unknown>): Promise<Record<string, unknown>>;
  runIn(ctx: EngineContext, op: string, req?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** A new enabled symmetric key; returns its KeyMetadata. */
  newKey(req?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

export function makeEnv(region = 'us-east-1', seed = 'seed'): TestEnv {
  const store = new MemoryStore();
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
  const inRegion = (r: string): EngineContext => ({
    region: r,
    account: '111122223333',
    partition: partitionOf(r),
    clock,
    random,
    store,
  });
  const ctx = inRegion(region);
  const runIn = (c: EngineContext, op: string, req: Record<string, unknown> = {}) => runOperation(c, kmsService, op, req);
  const run = (op: string, req: Record<string, unknown> = {}) => runIn(ctx, op, req);
  const newKey = async (req: Record<string, unknown> = {}) => (await run('CreateKey', req)).KeyMetadata as Record<string, unknown>;
  return { ctx, store, clock, inRegion, run, runIn, newKey };
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
