import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the compiled dist/ for the end-to-end and multi-process suites
// (npm test builds first); unit tests import src/ directly. The engine suite runs twice: on the
// synchronous in-memory store, and (project engine-async-store) on the asynchronous one that
// behaves as a networked database does (test/support/async-store.ts).
export default defineConfig({
  // The config lives in test/ so the project's top level stays as the README lists it.
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'kms', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'engine-async-store',
          include: ['test/engine/**/*.test.ts', 'test/services/**/*.test.ts'],
          // the bill's arithmetic over 100,000 trail records: what it proves does not depend on
          // the store, and it is the suite's costliest file (CI's 15 minutes)
          exclude: ['test/services/ce.test.ts'],
          env: { KMS_TEST_STORE: 'async' },
        },
      },
    ],
  },
});
