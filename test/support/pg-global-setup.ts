// Vitest globalSetup: one real PostgreSQL cluster for the whole run, handed to the test workers
// with provide/inject (test files get it from sharedCluster() in ./postgres.ts).
//
// With `projects` and `extends: true`, vitest 4 calls this setup once for the root project and
// once more for every project that has test files in the run, all in its main process but each
// through a fresh copy of this module. So the cluster is kept on globalThis, counted: the first
// call starts it, later calls hand out the same one, and the last teardown stops it.
import type { TestProject } from 'vitest/node';
import { postgresMissing, startCluster, type PgCluster, type SharedClusterFacts } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared cluster, or undefined when PostgreSQL is missing here. */
    kmsPostgres: SharedClusterFacts | undefined;
    /** Why there is no shared cluster (printed by the tests that skip), else undefined. */
    kmsPostgresMissing: string | undefined;
  }
}

const key = Symbol.for('kms.test.postgres.shared');
const g = globalThis as { [key]?: { cluster: Promise<PgCluster>; users: number } };

export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const reason = postgresMissing();
  if (reason) {
    provide('kmsPostgres', undefined);
    provide('kmsPostgresMissing', reason);
    return async () => {};
  }
  // A cluster that fails to start where PostgreSQL is installed is a fault to see, not a skip:
  // the error fails the run.
  g[key] ??= { cluster: startCluster(), users: 0 };
  const shared = g[key];
  shared.users++;
  const cluster = await shared.cluster;
  provide('kmsPostgres', { port: cluster.port, password: cluster.password, socketDir: cluster.socketDir, dataDir: cluster.dataDir });
  provide('kmsPostgresMissing', undefined);
  return async () => {
    if (--shared.users > 0) return;
    delete g[key];
    await cluster.destroy(); // pg_ctl stop -m immediate, then the folder goes
  };
}
