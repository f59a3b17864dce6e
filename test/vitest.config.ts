import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests run against the compiled dist/ for the end-to-end and multi-process suites
// (npm test builds first); unit tests import src/ directly.
export default defineConfig({
  // The config lives in test/ so the project's top level stays as the README lists it.
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
