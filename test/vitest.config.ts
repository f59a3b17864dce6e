import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the compiled dist/ for the end-to-end and multi-process suites
// (npm test builds first); unit tests import src/ directly. The engine suite runs twice: on the
// synchronous in-memory store, and (project engine-pg-store) on a team keyring's rows in a real
// PostgreSQL, asynchronous and networked (test/support/pg-test-store.ts; where PostgreSQL is
// missing, on the asynchronous in-memory store, test/support/async-store.ts).
export default defineConfig({
  // The config lives in test/ so the project's top level stays as the README lists it.
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // two test files at a time even on two cores (vitest's default would be one): much of the
    // suite waits on child processes and on PostgreSQL's round trips, not on its own CPU
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', './test/support/summary-reporter.ts'],
    // one real PostgreSQL cluster for the run (its setup runs per project; it shares one cluster)
    globalSetup: ['./test/support/pg-global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'kms', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'engine-pg-store',
          setupFiles: ['./test/support/pg-engine-setup.ts'],
          include: ['test/engine/**/*.test.ts', 'test/services/**/*.test.ts'],
          // files whose cost is not the store's and whose store use every other file shares: the
          // bill's arithmetic over 100,000 trail records, every operation's error codes against
          // botocore's lists, and the import wrapping algorithms (RSA key generation). CI's 15 minutes.
          exclude: ['test/services/ce.test.ts', 'test/engine/errors-model.test.ts', 'test/engine/import.test.ts', 'test/engine/import-kinds.test.ts'],
          env: { KMS_TEST_STORE: 'pg' },
        },
      },
    ],
  },
});
