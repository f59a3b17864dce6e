// A team keyring: the same sealed rows as the keyring file, in PostgreSQL (node-postgres `pg`;
// docs/postgresql.md says why). The barrier stays here: PostgreSQL holds record names and sealed
// bytes, and the master key only wrapped under the passphrase's key, exactly as the file does, so
// rows copy between the two unchanged. Loaded only for a postgresql:// keyring (src/keyring/index.ts
// imports it dynamically): a file user never loads `pg`.
//
// Concurrency across processes: every transaction (a batch of them, below) takes one advisory
// transaction lock per keyring before its first read, so transactions of all the servers and CLIs
// on one database run one at a time, as BEGIN IMMEDIATE makes them on the file. The store contract
// says a transaction runs exactly once (a handler may act outside the store), which rules out
// SERIALIZABLE with retries. Group commit as on the file: the transactions one process has waiting
// share one lock, one round of writes and one COMMIT.

import { createHash } from 'node:crypto';
import pg from 'pg';
import type { RandomSource } from '../deps.js';
import { configError, LocalError } from '../errors.js';
import { SealedStore } from './barrier.js';
import { BufferedTx } from './buffered-tx.js';
import { Mutex, prefixUpperBound, scoped, type ByteReader, type ByteStore, type ByteTx, type Scope } from './byte-store.js';
import { FORMAT_VERSION, parseHeaderRow, type Header } from './file-format.js';
import type { Connection } from './pg-connection.js';
import type { Keyring } from './sqlite-store.js';

/**
 * The schema, one list of statements per version: version N is reached by running lists 1..N in
 * order, in one transaction. A database at a later version than this kms knows is refused.
 */
const MIGRATIONS: readonly (readonly string[])[] = [
  [
    // one row: the schema's version, and a counter every commit that writes bumps (row caches
    // of other processes start over when it moved)
    `CREATE TABLE kms_schema (
       one boolean PRIMARY KEY DEFAULT true CHECK (one),
       version integer NOT NULL, generation bigint NOT NULL)`,
    // the keyring file's header table, field for field (file-format.ts)
    `CREATE TABLE kms_header (
       one boolean PRIMARY KEY DEFAULT true CHECK (one),
       format_version integer NOT NULL, kdf_name text NOT NULL, kdf_log_n integer NOT NULL,
       kdf_r integer NOT NULL, kdf_p integer NOT NULL, kdf_salt bytea NOT NULL,
       wrapped_mk bytea NOT NULL, keyring_id text NOT NULL, created bigint NOT NULL)`,
    // "C" orders names by their UTF-8 bytes, as the store contract and SQLite's BINARY do
    `CREATE TABLE kms_records (name text COLLATE "C" PRIMARY KEY, value bytea NOT NULL)`,
    // the names each commit wrote, by generation: another process's row cache forgets just those
    `CREATE TABLE kms_changes (generation bigint NOT NULL, name text COLLATE "C" NOT NULL)`,
    `CREATE INDEX kms_changes_by_generation ON kms_changes (generation)`,
    // sealed bytes do not compress: keep PostgreSQL from trying
    `ALTER TABLE kms_records ALTER COLUMN value SET STORAGE EXTERNAL`,
  ],
];
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Taken while the schema is made or migrated: two `kms keyring init` at once make one keyring. */
const SCHEMA_LOCK = '4846391251748601195'; // a fixed number of kms's own; any would do
/** How many transactions one batch may hold (as GROUP_COMMIT_MAX on the file). */
const BATCH_MAX = 64;
/** How long a transaction waits for another process's batch (its lock) before giving up. */
export const LOCK_TIMEOUT_MS = 20_000;

/** Statements run often, prepared once per connection (by these names). */
const SQL = {
  get: 'SELECT value FROM kms_records WHERE name = $1',
  list: (strict: boolean, bounded: boolean): string =>
    `SELECT name, value FROM kms_records WHERE name ${strict ? '>' : '>='} $1${bounded ? ' AND name < $3' : ''} ORDER BY name LIMIT $2`,
  count: (bounded: boolean): string => `SELECT count(*)::int AS n FROM kms_records WHERE name >= $1${bounded ? ' AND name < $2' : ''}`,
} as const;

/**
 * The end of a batch as one message (one round trip): its upserts, its deletions, the names it
 * wrote under the next generation, that generation, and COMMIT. A simple query cannot take parameters, so names are quoted by pg's
 * escapeLiteral and values given as hex; should a statement fail, PostgreSQL runs none after it,
 * COMMIT included.
 */
function commitText(puts: readonly [string, Uint8Array][], deletes: readonly string[], generation: bigint): string {
  const statements: string[] = [];
  if (puts.length > 0) {
    const rows = puts.map(([name, value]) => `(${pg.escapeLiteral(name)}, decode('${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}', 'hex'))`);
    statements.push(`INSERT INTO kms_records (name, value) VALUES ${rows.join(', ')} ON CONFLICT (name) DO UPDATE SET value = excluded.value`);
  }
  if (deletes.length > 0) statements.push(`DELETE FROM kms_records WHERE name IN (${deletes.map((n) => pg.escapeLiteral(n)).join(', ')})`);
  if (statements.length > 0) {
    // the batch holds the keyring's lock, so the next generation is this one's successor
    const names = [...puts.map(([name]) => name), ...deletes].map((n) => `(${generation}, ${pg.escapeLiteral(n)})`);
    statements.push(`INSERT INTO kms_changes (generation, name) VALUES ${names.join(', ')}`);
    if (generation % BigInt(PRUNE_EVERY) === 0n) statements.push(`DELETE FROM kms_changes WHERE generation <= ${generation - BigInt(CHANGES_KEPT)}`);
    statements.push(`UPDATE kms_schema SET generation = ${generation}`);
  }
  statements.push('COMMIT');
  return statements.join(';\n');
}

/**
 * How many generations of names kms_changes keeps: a process whose cache is older than that
 * forgets its whole cache instead. Pruned every PRUNE_EVERY generations.
 */
const CHANGES_KEPT = 4096;
const PRUNE_EVERY = 256;

/**
 * A keyring's advisory lock: 64 bits of a hash of its id and its schema, so other keyrings in the
 * database, copies of this one in other schemas among them (a copy keeps the keyring id), never
 * wait on it.
 */
export function lockKeyOf(keyringId: string, schema: string): string {
  const digest = createHash('sha256').update(`${keyringId}\0${schema}`).digest();
  return digest.readBigInt64BE(0).toString();
}

// --- errors -------------------------------------------------------------------------------------

const CONNECTION_LOST = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '08P01', 'ECONNRESET', 'EPIPE']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOENT', 'EACCES']);
const TLS_CODES = /^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO_|SELF_SIGNED_|UNABLE_TO_|CERT_|ERR_OSSL)/;

function errCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}
function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** True for a failure of the connection itself (not of a statement): a retry on a new one may work. */
export function connectionFailed(err: unknown): boolean {
  const code = errCode(err);
  if (code !== undefined && (CONNECTION_LOST.has(code) || UNREACHABLE.has(code))) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed|timeout expired/i.test(errText(err));
}

/**
 * A PostgreSQL or network failure as one clear error (exit 253); `committing`: it happened while
 * COMMIT was on its way, so whether the writes were made is not known.
 */
export function pgFailure(label: string, err: unknown, committing = false): LocalError {
  if (err instanceof LocalError) return err;
  // the driver's error stays reachable (DbPlace says where a refused password came from)
  return Object.assign(mapFailure(label, err, committing), { cause: err });
}

function mapFailure(label: string, err: unknown, committing: boolean): LocalError {
  const code = errCode(err);
  const text = errText(err);
  const sqlstate = code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
  if (code === '28P01' || code === '28000') {
    return configError(
      `PostgreSQL refused the login for the keyring ${label} (${text})`,
      'check the user and the password: in the URL, PGPASSWORD or ~/.pgpass (PGPASSFILE)',
    );
  }
  if (code === '3D000') return configError(`the database of the keyring ${label} does not exist (${text})`, 'create it first (createdb), then run `kms keyring init`');
  if (code !== undefined && TLS_CODES.test(code) || /SSL|certificate|TLS/.test(text)) {
    return configError(
      `TLS to the PostgreSQL server of the keyring ${label} failed (${text})`,
      'check sslmode and sslrootcert in the URL (or PGSSLMODE, PGSSLROOTCERT): the server\'s certificate must chain to that CA and name the host',
    );
  }
  if (code !== undefined && UNREACHABLE.has(code) || /connection timeout|timeout expired/i.test(text)) {
    return configError(
      `cannot reach the PostgreSQL server of the keyring ${label} (${code ?? text})`,
      'check that the server runs and that the host and port in the URL are right; nothing was changed',
    );
  }
  if (connectionFailed(err)) {
    return committing
      ? configError(
          `the connection to the PostgreSQL server of the keyring ${label} was lost while committing (${code ?? text})`,
          'the change may or may not have been made: look (describe, list) before running the command again',
        )
      : configError(
          `the connection to the PostgreSQL server of the keyring ${label} was lost (${code ?? text})`,
          'nothing was changed; run the command again once the server is back',
        );
  }
  if (code === '42501') {
    return configError(
      `PostgreSQL denied a statement on the keyring ${label} (${text})`,
      'grant the role SELECT, INSERT, UPDATE and DELETE on kms_records, kms_header and kms_schema (CREATE on the schema to make them)',
    );
  }
  if (code === '53100') return configError(`PostgreSQL has no space left for the keyring ${label} (${text})`, 'nothing was changed; free space on the database server');
  if (code === '55P03' || code === '57014') {
    return configError(`the keyring ${label} stayed busy for ${LOCK_TIMEOUT_MS / 1000}s (${text})`, 'another kms process holds it; try again');
  }
  if (code === '42P01') {
    return configError(`the keyring ${label} lost its tables while kms used it (${text})`, 'restore the database from a backup, or run `kms keyring init` for a new keyring');
  }
  return configError(
    `PostgreSQL failed on the keyring ${label}: ${text}${sqlstate ? ` (SQLSTATE ${sqlstate})` : ''}`,
    'nothing was changed; run the command again, and check the server\'s log if it persists',
  );
}

// --- connections --------------------------------------------------------------------------------

/**
 * pg's Client, except that a connect failing on the client's side closes the socket. pg leaves it
 * open when it refuses to go on with a login (no password to send to a server that asks for one,
 * a SCRAM exchange it cannot finish): the server then waits its authentication_timeout (60 s by
 * default) for the rest of the login, and the process cannot exit until it gives up.
 */
class ClosingClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: (err: Error) => void): void;
  override connect(callback?: (err: Error) => void): Promise<pg.Client> | void {
    const close = () => (this as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
    if (callback) {
      return super.connect((err: Error) => {
        if (err) close();
        callback(err);
      });
    }
    return super.connect().catch((err: unknown) => {
      close();
      throw err;
    });
  }
}

/**
 * The pool of one process: a batch holds one connection, reads outside transactions take others.
 * A connection that dies while idle (the server restarted) leaves the pool quietly; the next use
 * makes a new one.
 */
export function makePool(conn: Connection): pg.Pool {
  const pool = new pg.Pool({
    ...conn.config,
    Client: ClosingClient as unknown as new () => pg.ClientBase,
    max: 4,
    idleTimeoutMillis: 30_000,
    lock_timeout: LOCK_TIMEOUT_MS,
    // a process that stops answering mid-batch (stopped, not killed) must not hold the lock for ever
    idle_in_transaction_session_timeout: 60_000,
  });
  pool.on('error', () => undefined);
  // a connection that dies while checked out (its server stopped, its backend terminated) emits
  // 'error' too, which would end the process unheard; the query it was running rejects with it
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs `fn` on a connection of `pool`, once more on a new one when the first was dead. */
async function withClient<T>(pool: pg.Pool, label: string, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      throw pgFailure(label, err);
    }
    try {
      const out = await fn(client);
      client.release();
      return out;
    } catch (err) {
      const dead = connectionFailed(err);
      client.release(dead ? (err as Error) : undefined);
      if (dead && attempt === 0) continue;
      throw pgFailure(label, err);
    }
  }
}

// --- the schema and the header ------------------------------------------------------------------

/** What a database holds: nothing of kms's, or a keyring at a schema version. */
export type SchemaState =
  | { kind: 'none' }
  | { kind: 'keyring'; version: number; generation: string; header: Header; /** the connection's schema, which holds the tables */ schema: string };

/** Reads the schema row and the header; refuses a schema newer than this kms. */
export async function readState(client: pg.ClientBase, label: string): Promise<SchemaState> {
  const present = await client.query(
    `SELECT to_regclass('kms_schema') IS NOT NULL AS s, to_regclass('kms_header') IS NOT NULL AS h,
            (SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = to_regclass('kms_schema')) AS schema`,
  );
  const row = present.rows[0] as { s: boolean; h: boolean; schema: string };
  if (!row.s) return { kind: 'none' };
  const schema = await client.query('SELECT version, generation::text AS generation FROM kms_schema');
  if (schema.rows.length !== 1) throw damagedDb(label, 'kms_schema does not have exactly one row');
  const { version, generation } = schema.rows[0] as { version: number; generation: string };
  if (version > SCHEMA_VERSION) {
    throw configError(
      `the keyring ${label} has schema version ${version}, which this kms cannot use (it knows versions up to ${SCHEMA_VERSION})`,
      'upgrade kms: a newer kms made or migrated this database',
    );
  }
  if (!row.h) throw damagedDb(label, 'kms_header is missing');
  const headers = await client.query('SELECT * FROM kms_header');
  if (headers.rows.length !== 1) throw damagedDb(label, 'kms_header does not have exactly one row');
  return { kind: 'keyring', version, generation, header: parseHeaderRow(headers.rows[0] as Record<string, unknown>, label), schema: row.schema };
}

const damagedDb = (label: string, why: string): LocalError =>
  configError(`the keyring ${label} is damaged (${why})`, 'restore the database from a backup');

export const noDbKeyring = (label: string): LocalError =>
  configError(`no keyring at ${label}`, 'run `kms keyring init` with KMS_KEYRING set to this URL to create one there');

/**
 * Opens a connection's view of the keyring: its state, migrated to SCHEMA_VERSION when it was
 * older (under the schema lock, in one transaction).
 */
export async function openState(pool: pg.Pool, label: string): Promise<SchemaState> {
  return withClient(pool, label, async (client) => {
    const state = await readState(client, label);
    if (state.kind === 'none' || state.version === SCHEMA_VERSION) return state;
    await client.query('BEGIN');
    try {
      await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
      const again = await readState(client, label);
      if (again.kind === 'keyring' && again.version < SCHEMA_VERSION) await client.query(MIGRATIONS.slice(again.version).flat().join(';\n'));
      await client.query('UPDATE kms_schema SET version = $1', [SCHEMA_VERSION]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    return readState(client, label);
  });
}

/**
 * Makes the schema and writes `header` and `rows` (kms keyring copy), a statement per page, in one
 * transaction; false when a keyring is there already (nothing is changed).
 */
export async function createDbKeyring(
  pool: pg.Pool,
  label: string,
  header: Header,
  rows?: AsyncIterable<{ name: string; value: Uint8Array }[]>,
): Promise<boolean> {
  return withClient(pool, label, async (client) => {
    await client.query('BEGIN');
    try {
      await client.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
      const state = await readState(client, label);
      if (state.kind !== 'none') {
        await client.query('ROLLBACK');
        return false;
      }
      await client.query(MIGRATIONS.flat().join(';\n'));
      await client.query('INSERT INTO kms_schema (version, generation) VALUES ($1, 0)', [SCHEMA_VERSION]);
      await client.query(
        `INSERT INTO kms_header (format_version, kdf_name, kdf_log_n, kdf_r, kdf_p, kdf_salt, wrapped_mk, keyring_id, created)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [FORMAT_VERSION, header.kdfName, header.kdf.logN, header.kdf.r, header.kdf.p, Buffer.from(header.salt), Buffer.from(header.wrappedMk), header.keyringId, String(header.created)],
      );
      if (rows) {
        for await (const page of rows) {
          if (page.length === 0) continue;
          await client.query('INSERT INTO kms_records (name, value) SELECT * FROM unnest($1::text[], $2::bytea[])', [
            page.map((r) => r.name),
            page.map((r) => Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength)),
          ]);
        }
      }
      await client.query('COMMIT');
      return true;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
}

/** Replaces the KDF fields and the wrapped MK if the wrapped MK is still `expected` (change-passphrase). */
export async function rewriteDbHeader(pool: pg.Pool, label: string, expected: Uint8Array, h: Header): Promise<boolean> {
  return withClient(pool, label, async (client) => {
    const r = await client.query(
      'UPDATE kms_header SET kdf_log_n = $1, kdf_r = $2, kdf_p = $3, kdf_salt = $4, wrapped_mk = $5 WHERE wrapped_mk = $6',
      [h.kdf.logN, h.kdf.r, h.kdf.p, Buffer.from(h.salt), Buffer.from(h.wrappedMk), Buffer.from(expected)],
    );
    return r.rowCount === 1;
  });
}

/**
 * Every record in name order, `page` at a time, from one snapshot (REPEATABLE READ): what a
 * copy or a backup reads while servers go on writing.
 */
export async function* snapshotRows(pool: pg.Pool, label: string, page = 1000): AsyncGenerator<{ name: string; value: Uint8Array }[]> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (err) {
    throw pgFailure(label, err);
  }
  let failed: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    let after: string | undefined;
    for (;;) {
      const r = await client.query(
        after === undefined
          ? { text: 'SELECT name, value FROM kms_records ORDER BY name LIMIT $1', values: [page] }
          : { text: 'SELECT name, value FROM kms_records WHERE name > $2 ORDER BY name LIMIT $1', values: [page, after] },
      );
      const rows = r.rows as { name: string; value: Buffer }[];
      if (rows.length > 0) yield rows;
      if (rows.length < page) break;
      after = rows[rows.length - 1]!.name;
    }
    await client.query('COMMIT');
  } catch (err) {
    failed = err as Error;
    throw pgFailure(label, err);
  } finally {
    client.release(failed !== undefined && connectionFailed(failed) ? failed : undefined);
  }
}

// --- the rows -----------------------------------------------------------------------------------

/** One statement with its values, prepared under `name` on the connection that runs it. */
export type Query = (text: string, values: unknown[], name: string) => Promise<pg.QueryResult>;

/** The records whose name starts with `prefix`: a range scan of the primary key, as on the file. */
export async function countRecords(query: Query, prefix: string): Promise<number> {
  const hi = prefixUpperBound(prefix);
  const r = await query(SQL.count(hi !== undefined), hi === undefined ? [prefix] : [prefix, hi], `kms_count_${+(hi !== undefined)}`);
  return (r.rows[0] as { n: number }).n;
}

interface Queued {
  fn: (tx: ByteTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * The keyring's rows in PostgreSQL as a ByteStore. A batch: BEGIN, the keyring's advisory lock and
 * the generation (one round trip); the waiting transactions one after another, each in a
 * BufferedTx over the batch's writes so far (a failing one drops its own writes alone); then
 * every write in one statement, and COMMIT. Only then is any of them answered.
 *
 * Rows read by name are remembered (sealed, as stored) for the batches to come. Each commit that
 * writes steps the keyring's generation and logs the names it wrote (kms_changes); a batch that
 * finds the generation moved (another process committed) forgets those names, so a write through
 * one server is seen by the next batch of every other. Reads outside transactions always ask the
 * database.
 */
export class PgByteStore implements ByteStore {
  private readonly mutex = new Mutex();
  private queue: Queued[] = [];
  private scheduled = false;
  private readonly rowCache = new Map<string, Uint8Array | undefined>();
  private generation: string | undefined;
  private closed = false;
  /** Commits made and transactions they held (tests and the bench read it). */
  readonly stats = { commits: 0, transactions: 0 };

  constructor(
    private readonly pool: pg.Pool,
    readonly label: string,
    private readonly lockKey: string,
  ) {}

  transaction<T>(fn: (tx: ByteTx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new LocalError('keyring used after close'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => void this.mutex.run(() => this.batch()));
    });
  }

  read<T>(fn: (reader: ByteReader) => Promise<T>): Promise<T> {
    return scoped((scope) => fn(this.reader(scope, (text, values, name) => withClient(this.pool, this.label, (c) => c.query({ text, values, name })))));
  }

  /** Reads through `query`; `cached`: the batch holds the lock and has checked the generation. */
  private reader(scope: Pick<Scope, 'check'>, query: Query, cached = false): ByteReader {
    return {
      get: async (name) => {
        scope.check();
        if (cached && this.rowCache.has(name)) return this.rowCache.get(name);
        const r = await query(SQL.get, [name], 'kms_get');
        const value = r.rows.length === 0 ? undefined : (r.rows[0] as { value: Buffer }).value;
        if (cached) this.remember(name, value);
        return value;
      },
      list: async (prefix, opts = {}) => {
        scope.check();
        const hi = prefixUpperBound(prefix);
        const strict = opts.after !== undefined && opts.after >= prefix;
        const limit = opts.limit === undefined ? null : Math.max(0, Math.floor(opts.limit));
        const values: unknown[] = [strict ? opts.after : prefix, limit];
        if (hi !== undefined) values.push(hi);
        const r = await query(SQL.list(strict, hi !== undefined), values, `kms_list_${+strict}${+(hi !== undefined)}`);
        return (r.rows as { name: string; value: Buffer }[]).map((row) => ({ name: row.name, value: row.value }));
      },
      count: async (prefix) => {
        scope.check();
        return countRecords(query, prefix);
      },
    };
  }

  private remember(name: string, value: Uint8Array | undefined): void {
    if (this.rowCache.size >= 4096) this.rowCache.clear();
    this.rowCache.set(name, value);
  }

  private async batch(): Promise<void> {
    const taken: Queued[] = [];
    const next = (): void => {
      this.scheduled = this.queue.length > 0;
      if (this.scheduled) void this.mutex.run(() => this.batch());
    };
    let client: pg.PoolClient | undefined;
    let failure: unknown;
    const done: { item: Queued; value: unknown }[] = [];
    /** The transaction a failure of the database stopped, not among `done`. */
    let failing: Queued | undefined;
    let committing = false;
    try {
      client = await this.begin();
      const c = client;
      const query: Query = (text, values, name) => c.query({ text, values, name });
      // the batch's writes so far, over the rows as committed: each transaction reads through it
      const batchRows = new BufferedTx(this.reader(new AlwaysOpen(), query, true));
      while (this.queue.length > 0 && taken.length < BATCH_MAX) {
        const item = this.queue.shift()!;
        taken.push(item);
        const tx = new BufferedTx(batchRows);
        let value: unknown;
        try {
          value = await scoped((scope) => item.fn(guarded(tx, scope)));
        } catch (err) {
          // a failure of the database ends the batch (its transaction is aborted): this call
          // fails with the others, with the database's reason
          if (err instanceof pg.DatabaseError || connectionFailed(err)) {
            failing = item;
            throw err;
          }
          // the call's own failure: its writes go, the batch goes on
          item.reject(err);
          continue;
        }
        for (const [name, v] of tx.writes) batchRows.writes.set(name, v);
        done.push({ item, value });
      }
      next();
      const puts = [...batchRows.writes].filter((w): w is [string, Uint8Array] => w[1] !== null);
      const deletes = [...batchRows.writes].filter(([, v]) => v === null).map(([name]) => name);
      committing = true;
      const following = BigInt(this.generation!) + 1n;
      await c.query(commitText(puts, deletes, following));
      if (puts.length > 0 || deletes.length > 0) this.generation = String(following);
      for (const [name, v] of batchRows.writes) this.remember(name, v ?? undefined);
      this.stats.commits++;
      this.stats.transactions += done.length;
    } catch (err) {
      failure = err;
    } finally {
      if (client !== undefined) {
        // a statement that failed (even in the commit's message) leaves the transaction aborted
        if (failure !== undefined && !connectionFailed(failure)) await client.query('ROLLBACK').catch(() => undefined);
        // a connection that failed is not given back to the pool as healthy
        client.release(failure !== undefined && connectionFailed(failure) ? (failure as Error) : undefined);
      }
    }
    if (failure === undefined) {
      for (const d of done) d.item.resolve(d.value);
      return;
    }
    const reason = pgFailure(this.label, failure, committing);
    this.rowCache.clear();
    this.generation = undefined;
    for (const d of done) d.item.reject(reason);
    failing?.reject(reason);
    if (taken.length === 0) {
      // BEGIN failed: every waiting transaction fails with it (the server is unreachable)
      const waiting = this.queue;
      this.queue = [];
      for (const item of waiting) item.reject(reason);
    }
    next();
  }

  /**
   * BEGIN, the lock and the generation in one round trip, on a connection of the pool; once more
   * on a new connection when the first was dead (nothing has run yet, so nothing runs twice).
   */
  private async begin(): Promise<pg.PoolClient> {
    for (let attempt = 0; ; attempt++) {
      const client = await this.pool.connect();
      try {
        // what other processes wrote since this one's cache was last right (none known: forget all)
        const since = this.generation ?? '-1';
        const results = (await client.query(
          `BEGIN; SELECT pg_advisory_xact_lock(${this.lockKey}); SELECT generation::text AS generation FROM kms_schema;
           SELECT DISTINCT name FROM kms_changes WHERE generation > ${since} AND ${this.generation === undefined ? 'false' : 'true'}`,
        )) as unknown as pg.QueryResult[];
        const generation = (results[2]!.rows[0] as { generation: string }).generation;
        if (generation !== this.generation) {
          // a gap longer than kms_changes keeps, or no generation known: start the cache over
          if (this.generation === undefined || BigInt(generation) - BigInt(this.generation) >= BigInt(CHANGES_KEPT - PRUNE_EVERY)) this.rowCache.clear();
          else for (const row of results[3]!.rows as { name: string }[]) this.rowCache.delete(row.name);
          this.generation = generation;
        }
        return client;
      } catch (err) {
        const dead = connectionFailed(err);
        if (!dead) await client.query('ROLLBACK').catch(() => undefined);
        client.release(dead ? (err as Error) : undefined);
        if (dead && attempt === 0) continue;
        throw err;
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.mutex.run(async () => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

/** A scope that never ends: the batch's own reader lives as long as the batch. */
class AlwaysOpen {
  check(): void {}
}

/** A transaction's rows that throw once its scope ended (a write nobody awaited must not land later). */
function guarded(tx: BufferedTx, scope: Scope): ByteTx {
  return {
    get: (name) => (scope.check(), tx.get(name)),
    list: (prefix, opts) => (scope.check(), tx.list(prefix, opts)),
    count: (prefix) => (scope.check(), tx.count(prefix)),
    put: (name, value) => (scope.check(), tx.put(name, value)),
    delete: (name) => (scope.check(), tx.delete(name)),
  };
}

/** An open team keyring: the barrier over its rows in PostgreSQL. */
export class PgKeyring extends SealedStore implements Keyring {
  readonly readOnly = false;
  readonly writeProtected = undefined;

  constructor(
    /** The URL without its password. */
    readonly path: string,
    private readonly rows: PgByteStore,
    mk: Uint8Array,
    random: RandomSource,
  ) {
    super(rows, mk, random, path);
  }

  get commitStats(): { readonly commits: number; readonly transactions: number } {
    return this.rows.stats;
  }

  /** Ends the pool; the process may exit once its connections are closed. */
  closeAsync(): Promise<void> {
    this.forget();
    return this.rows.close();
  }

  close(): void {
    void this.closeAsync();
  }
}
