// Shared test scaffolding for the keyring: temp folders, fake Deps with a driven clock.
// Must not import vitest's globals beyond what each test file uses.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
