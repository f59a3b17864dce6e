// Setup file of the engine-pg-store project: the database `engine` on the run's shared PostgreSQL
// cluster, where each engine test's store makes a schema of its own. Where PostgreSQL is missing,
// the suite runs on the asynchronous in-memory store instead, and says so.
import { sharedCluster } from './postgres.js';
import { setEngineDatabaseUrl } from './pg-test-store.js';

const cluster = await sharedCluster();
if (cluster === undefined) {
  process.env.KMS_TEST_STORE = 'async';
  console.log('engine-pg-store: PostgreSQL is missing here; the engine suite runs on the asynchronous in-memory store instead');
} else {
  // one database for every file (making one costs about 250 ms); the first file to run makes it
  try {
    await cluster.createDatabase('engine');
  } catch (err) {
    if ((err as { code?: string }).code !== '42P04' && (err as { code?: string }).code !== '23505') throw err; // made meanwhile
  }
  setEngineDatabaseUrl(cluster.url('engine'));
}
