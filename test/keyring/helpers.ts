// Shared test scaffolding for the keyring: temp folders, fake Deps with a driven clock.
// Must not import vitest's globals beyond what each test file uses.

import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordStore, StoredRecord } from '../../src/engine/store.js';
import { configError } from '../../src/errors.js';
import type { KeyringDeps } from '../../src/keyring/index.js';

export const PASS = 'correct horse battery staple';
/** Cheap scrypt cost for every test keyring (like age's tests). */
export const CHEAP = 10;

export interface TestDeps extends KeyringDeps {
  env: Record<string, string | undefined>;
  now: number;
  prompts: string[];
  answers: string[];
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kms-keyring-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Deps whose clock is `deps.now`, whose prompt answers from `answers` (or fails: no terminal). */
export function testDeps(env: Record<string, string | undefined> = {}, answers: string[] = []): TestDeps {
  const deps: TestDeps = {
    env,
    now: Date.UTC(2026, 10, 28, 12, 0, 0),
    prompts: [],
    answers,
    clock: { now: () => new Date(deps.now) },
    random: (n) => new Uint8Array(randomBytes(n)),
    promptSecret: async (prompt) => {
      deps.prompts.push(prompt);
      const a = deps.answers.shift();
      if (a === undefined) throw configError('no terminal');
      return a;
    },
  };
  return deps;
}

/** Rejection of a promise (or throw of a function) as a value, for asserting on LocalError. */
export async function failure(p: Promise<unknown> | (() => unknown)): Promise<any> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

/** One-shot store calls for tests: each read outside a transaction, each write in one of its own. */
export const get = <T = unknown>(store: RecordStore, name: string): Promise<T | undefined> => store.read((r) => r.get<T>(name));
export const list = <T = unknown>(store: RecordStore, prefix: string, opts?: { after?: string; limit?: number }): Promise<StoredRecord<T>[]> =>
  store.read((r) => r.list<T>(prefix, opts));
export const count = (store: RecordStore, prefix: string): Promise<number> => store.read((r) => r.count(prefix));
export const put = (store: RecordStore, name: string, value: unknown): Promise<void> => store.transaction(async (tx) => tx.put(name, value));
export const del = (store: RecordStore, name: string): Promise<void> => store.transaction(async (tx) => tx.delete(name));
export const wrap = (store: RecordStore, aad: string, plaintext: Uint8Array): Promise<Uint8Array> => store.transaction(async (tx) => tx.wrapMaterial(aad, plaintext));
export const unwrap = (store: RecordStore, aad: string, wrapped: Uint8Array): Promise<Uint8Array> => store.read(async (r) => r.unwrapMaterial(aad, wrapped));

/** Every row of a keyring file, hashed (names and sealed values): "unchanged" means this is equal. */
export function rowsDigest(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const h = createHash('sha256');
    for (const r of db.prepare('SELECT name, value FROM records ORDER BY name').all() as { name: string; value: Buffer }[]) h.update(r.name).update(r.value);
    return h.digest('hex');
  } finally {
    db.close();
  }
}
