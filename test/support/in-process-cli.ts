// The kms command line run in this process (main(argv, deps) with in-memory streams) against a
// keyring of its own in a throwaway folder: for suites of a service's commands. Call `init` in a
// beforeAll (it creates the keyring with a cheap KDF) and `cleanup` in an afterAll.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { SERVICES, type ServiceEntry } from '../../src/services/index.js';
import { keyringInit } from '../../src/keyring/index.js';
import { CHEAP, PASS, tempDir, testDeps } from '../keyring/helpers.js';
import { memoryDeps } from './deps.js';

export interface InProcessCli {
  env: Record<string, string>;
  /** Runs one command line; its exit code and what it printed. */
  kms(...argv: string[]): Promise<{ code: number; out: string; err: string }>;
  /** Runs one command line that must succeed silently on stderr; the JSON it printed ({} for none). */
  ok(...argv: string[]): Promise<Record<string, any>>;
  init(): Promise<void>;
  cleanup(): void;
}

export function inProcessCli(region = 'eu-west-1', extraEnv: Record<string, string> = {}, services: readonly ServiceEntry[] = SERVICES): InProcessCli {
  const tmp = tempDir();
  const env: Record<string, string> = {
    HOME: tmp.dir,
    KMS_KEYRING: join(tmp.dir, 'keyring.db'),
    KMS_CONFIG_DIR: join(tmp.dir, 'config'),
    XDG_RUNTIME_DIR: join(tmp.dir, 'run'),
    KMS_PASSPHRASE: PASS,
    AWS_REGION: region,
    ...extraEnv,
  };
  const kms = async (...argv: string[]) => {
    const deps = memoryDeps(env);
    const code = await main(argv, deps, services);
    return { code, out: deps.out(), err: deps.err() };
  };
  return {
    env,
    kms,
    async ok(...argv) {
      const r = await kms(...argv);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      return r.out === '' ? {} : (JSON.parse(r.out) as Record<string, any>);
    },
    async init() {
      mkdirSync(env.XDG_RUNTIME_DIR!, { recursive: true, mode: 0o700 });
      await keyringInit(testDeps(env), { path: env.KMS_KEYRING!, kdfLogN: CHEAP });
    },
    cleanup: () => tmp.cleanup(),
  };
}

/** The AWS CLI's text for a service error, as kms prints it on stderr. */
export const awsError = (code: string, op: string, message: string): string => `\nAn error occurred (${code}) when calling the ${op} operation: ${message}\n`;
