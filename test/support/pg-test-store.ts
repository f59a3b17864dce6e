// The engine suite's store on a real PostgreSQL (KMS_TEST_STORE=pg): the keyring's barrier over
// PgByteStore, the team keyring's rows, each store in a schema of its own in the test file's
// database (test/support/pg-engine-setup.ts makes it). The engine's helpers make stores
// synchronously, so the schema is made on first use.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SealedStore } from '../../src/keyring/barrier.js';
import type { ByteReader, ByteStore, ByteTx } from '../../src/keyring/byte-store.js';
import { createDbKeyring, lockKeyOf, PgByteStore } from '../../src/keyring/pg-store.js';

const key = Symbol.for('kms.test.pg-engine-url');
/** The database the setup file made for the suite. */
export function engineDatabaseUrl(): string | undefined {
  return (globalThis as { [key]?: string })[key];
}
export function setEngineDatabaseUrl(url: string): void {
  (globalThis as { [key]?: string })[key] = url;
}

let made = 0;
/** Counts, so a test can see the store really went to PostgreSQL. */
export const pgStoreStats = { stores: 0 };

let pools: { url: string; pool: pg.Pool } | undefined;
/**
 * One pool for all of this test file's stores: a new PostgreSQL connection costs about 20 ms here
 * (a backend process and its login), and a test file makes hundreds of stores.
 */
function sharedPool(url: string): pg.Pool {
  if (pools?.url !== url) {
    const pool = new pg.Pool({ connectionString: url, max: 4, allowExitOnIdle: true });
    pool.on('error', () => undefined);
    pool.on('connect', (client) => client.on('error', () => undefined));
    pools = { url, pool };
  }
  return pools.pool;
}

/**
 * The shared pool as one store's: each connection it hands out is first pointed at the store's
 * schema (what `options=-csearch_path=…` in a keyring URL does for a real one).
 */
/** The schema each shared connection was last pointed at: it is set again only when it changes. */
const schemaOf = new WeakMap<pg.PoolClient, string>();

function inSchema(shared: pg.Pool, schema: string): pg.Pool {
  const view = {
    async connect() {
      const client = await shared.connect();
      if (schemaOf.get(client) === schema) return client;
      try {
        await client.query(`SET search_path TO ${schema}`);
        schemaOf.set(client, schema);
      } catch (err) {
        client.release(err as Error);
        throw err;
      }
      return client;
    },
    async query(text: string, values?: unknown[]) {
      const client = await view.connect();
      try {
        return await client.query(text, values);
      } finally {
        client.release();
      }
    },
    async end() {},
    on() {
      return view;
    },
  };
  return view as unknown as pg.Pool;
}

class LazyPgByteStore implements ByteStore {
  private readonly ready: Promise<PgByteStore>;

  constructor(url: string) {
    this.ready = this.init(url);
    this.ready.catch(() => undefined); // a failure is reported by the first use
  }

  private async init(url: string): Promise<PgByteStore> {
    const schema = `s${process.pid}_${made++}_${randomBytes(3).toString('hex')}`;
    const shared = sharedPool(url);
    await shared.query(`CREATE SCHEMA ${schema}`);
    const pool = inSchema(shared, schema);
    const keyringId = randomBytes(16).toString('hex');
    // a header is needed by the schema; nothing here unwraps its MK (the barrier gets one directly)
    const header = {
      formatVersion: 1,
      kdfName: 'scrypt' as const,
      kdf: { logN: 10, r: 8, p: 1 },
      salt: randomBytes(32),
      wrappedMk: randomBytes(61),
      keyringId,
      created: Date.now(),
    };
    await createDbKeyring(pool, schema, header);
    pgStoreStats.stores++;
    return new PgByteStore(pool, `pg test store ${schema}`, lockKeyOf(keyringId, schema));
  }

  transaction<T>(fn: (tx: ByteTx) => Promise<T>): Promise<T> {
    return this.ready.then((s) => s.transaction(fn));
  }

  read<T>(fn: (reader: ByteReader) => Promise<T>): Promise<T> {
    return this.ready.then((s) => s.read(fn));
  }
}

/** The keyring's barrier over rows in PostgreSQL, under a master key of its own. */
export class PgTestStore extends SealedStore {
  constructor(url = engineDatabaseUrl()) {
    if (url === undefined) throw new Error('no PostgreSQL database for the engine suite (test/support/pg-engine-setup.ts)');
    super(new LazyPgByteStore(url), randomBytes(32), (n) => new Uint8Array(randomBytes(n)), 'pg test store');
  }
}
