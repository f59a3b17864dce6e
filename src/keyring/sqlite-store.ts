// The keyring file: SQLite rows (a ByteStore) under the barrier (barrier.ts), which seals every
// value under the master key with the record name as AAD. Must not import the CLI, the engine's
// services, or ask for passphrases.

import type Database from 'better-sqlite3';
import type { RandomSource } from '../deps.js';
import type { RecordReader, RecordStore, RecordTx } from '../engine/store.js';
import { configError, LocalError } from '../errors.js';
import { SealedStore, tampered, type DeterministicSource } from './barrier.js';
import { Mutex, prefixUpperBound, scoped, type ByteReader, type ByteStore, type ByteTx, type Scope } from './byte-store.js';
import { sqliteFailure } from './file-format.js';

export { prefixUpperBound } from './byte-store.js';

/** An open keyring: the engine's RecordStore plus close(). */
export interface Keyring extends RecordStore {
  readonly path: string;
  /**
   * True for the empty stand-in returned when no keyring file exists and write=false, and for a
   * keyring file that cannot be written (writeProtected): a write through it fails with a clear error.
   */
  readonly readOnly: boolean;
  /**
   * Why an existing keyring file cannot be written: read-only media (EROFS) or its permissions
   * (EACCES); it answers reads, and keeps no trail. Undefined for a writable file.
   */
  readonly writeProtected: 'EROFS' | 'EACCES' | undefined;
  /** A deterministic keyring's engine random source (`kms keyring init --deterministic`); undefined for every other. */
  readonly deterministic?: DeterministicSource;
  close(): void;
}

/** The statements, exported so a test can EXPLAIN them. */
export const SQL = {
  get: 'SELECT value FROM records WHERE name = ?',
  put: 'INSERT INTO records (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  delete: 'DELETE FROM records WHERE name = ?',
  /** `after` (strict) or the prefix (inclusive) is the lower bound; `hi` is absent for prefix ''. */
  list: (strict: boolean, bounded: boolean): string =>
    `SELECT name, value FROM records WHERE name ${strict ? '>' : '>='} @lo${bounded ? ' AND name < @hi' : ''}
     ORDER BY name LIMIT @limit`,
  count: (bounded: boolean): string =>
    `SELECT count(*) FROM records WHERE name >= @lo${bounded ? ' AND name < @hi' : ''}`,
} as const;

/**
 * The number of records whose name starts with `prefix` (a range scan of the primary key);
 * `prepare` is the connection's, or a cache of its statements.
 */
export function countPrefix(prepare: (sql: string) => Database.Statement, prefix: string): number {
  const hi = prefixUpperBound(prefix);
  return prepare(SQL.count(hi !== undefined)).pluck().get(hi === undefined ? { lo: prefix } : { lo: prefix, hi }) as number;
}

/** How many rows the transaction row cache keeps before it starts over. */
const ROW_CACHE_MAX = 4096;

/**
 * How many transactions one commit may hold at most: the batch keeps the file's write lock while it
 * runs, and another process waits for it (busy_timeout).
 */
export const GROUP_COMMIT_MAX = 64;

/** A transaction waiting for its turn in a batch. */
interface Queued {
  fn: (tx: ByteTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * The keyring file's rows: SQLite as a ByteStore. Statements run synchronously; transactions are
 * serialised, and those that queue up while one runs share its commit (group commit, below).
 * Rows read by name are remembered across transactions (sealed, as stored) while no other
 * connection has committed: `PRAGMA data_version` changes when one has, and then the cache starts
 * over. So a request that reads the same records again (the key, the caller's IAM user —
 * authorization reads them before the handler does) pays SQLite once.
 */
export class SqliteByteStore implements ByteStore {
  private readonly stmt: Record<'get' | 'put' | 'delete' | 'dataVersion' | 'begin' | 'commit' | 'savepoint' | 'release' | 'rollbackTo', Database.Statement>;
  private readonly cache = new Map<string, Database.Statement>();
  private readonly mutex = new Mutex();
  private closed = false;
  /** Committed rows by name (undefined: known absent), valid while `dataVersion` holds. */
  private readonly rowCache = new Map<string, Uint8Array | undefined>();
  private dataVersion = -1;
  /** Transactions waiting for the next batch; `scheduled` once a batch will take them. */
  private queue: Queued[] = [];
  private scheduled = false;
  /** The writes of the batch's finished transactions, not yet committed (undefined: deleted). */
  private batchWrites = new Map<string, Uint8Array | undefined>();
  /** Commits made, and transactions they held: how well group commit groups (tests, bench). */
  readonly stats = { commits: 0, transactions: 0 };

  /** `readOnly`: the file cannot be written; a transaction begins deferred, and only its first write fails. */
  constructor(
    readonly path: string,
    private readonly db: Database.Database,
    readOnly = false,
  ) {
    this.stmt = {
      get: db.prepare(SQL.get),
      put: db.prepare(SQL.put),
      delete: db.prepare(SQL.delete),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      begin: db.prepare(readOnly ? 'BEGIN' : 'BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      savepoint: db.prepare('SAVEPOINT tx'),
      release: db.prepare('RELEASE tx'),
      rollbackTo: db.prepare('ROLLBACK TO tx'),
    };
  }

  private run<T>(fn: () => T): T {
    if (this.closed) throw new LocalError('keyring used after close');
    try {
      return fn();
    } catch (err) {
      if (err instanceof LocalError || !isSqliteError(err)) throw err;
      throw sqliteFailure(this.path, err);
    }
  }

  private prepared(sql: string): Database.Statement {
    let st = this.cache.get(sql);
    if (st === undefined) this.cache.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** Starts the row cache over when another connection committed since it was filled. */
  private checkDataVersion(): void {
    const version = this.run(() => this.stmt.dataVersion.get() as number);
    if (version !== this.dataVersion) {
      this.rowCache.clear();
      this.dataVersion = version;
    }
  }

  private remember(name: string, value: Uint8Array | undefined): void {
    if (this.rowCache.size >= ROW_CACHE_MAX) this.rowCache.clear();
    this.rowCache.set(name, value);
  }

  /**
   * The rows of one transaction (`writes` given: its own writes, which reach the row cache when its
   * batch commits) or of reads outside one (`writes` absent: each statement sees the file as last
   * committed, and must not run while a batch is open on the connection).
   */
  private rows(scope: Scope, writes?: Map<string, Uint8Array | undefined>): ByteTx {
    const row = (name: string, value: unknown): Uint8Array => {
      // a value SQLite holds as text or a number was not written by kms
      if (!(value instanceof Uint8Array)) throw tampered(this.path, `record ${name}`);
      return value;
    };
    const fetch = (name: string): Uint8Array | undefined => {
      const r = this.run(() => this.stmt.get.get(name) as { value: unknown } | undefined);
      return r === undefined ? undefined : row(name, r.value);
    };
    return {
      get: async (name) => {
        scope.check();
        if (writes === undefined) {
          // outside a batch: what SQLite returns is committed, and may be remembered
          this.checkDataVersion();
          if (this.rowCache.has(name)) return this.rowCache.get(name);
          const value = fetch(name);
          this.remember(name, value);
          return value;
        }
        if (writes.has(name)) return writes.get(name);
        if (this.batchWrites.has(name)) return this.batchWrites.get(name);
        if (this.rowCache.has(name)) return this.rowCache.get(name);
        // written by no transaction of this batch: what SQLite returns is committed
        const value = fetch(name);
        this.remember(name, value);
        return value;
      },
      list: async (prefix, opts = {}) => {
        scope.check();
        const limit = opts.limit === undefined ? -1 : Math.max(0, Math.floor(opts.limit));
        const hi = prefixUpperBound(prefix);
        const strict = opts.after !== undefined && opts.after >= prefix;
        const lo = strict ? opts.after! : prefix;
        const params = hi === undefined ? { lo, limit } : { lo, hi, limit };
        const rows = this.run(() => this.prepared(SQL.list(strict, hi !== undefined)).all(params) as { name: string; value: unknown }[]);
        return rows.map((r) => ({ name: r.name, value: row(r.name, r.value) }));
      },
      count: async (prefix) => {
        scope.check();
        return this.run(() => countPrefix((sql) => this.prepared(sql), prefix));
      },
      put: (name, value) => {
        scope.check();
        this.run(() => this.stmt.put.run(name, Buffer.from(value.buffer, value.byteOffset, value.byteLength)));
        writes?.set(name, value);
      },
      delete: (name) => {
        scope.check();
        this.run(() => this.stmt.delete.run(name));
        writes?.set(name, undefined);
      },
    };
  }

  /**
   * Runs `fn` once, atomically, serialised with every other transaction. Group commit: the
   * transactions that are waiting when a batch starts, and those that arrive while it runs (up to
   * GROUP_COMMIT_MAX), run one after another inside one SQLite transaction, each in a savepoint of
   * its own, and share its COMMIT. A transaction that fails is rolled back to its savepoint alone
   * and rejects at once; the others resolve only after the COMMIT that holds their writes
   * returned, so an answer is never given for writes that are not committed.
   */
  transaction<T>(fn: (tx: ByteTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // the batch starts once the event loop has taken every request that is ready (setImmediate
      // runs after the poll phase): the transactions those requests open join it
      setImmediate(() => void this.mutex.run(() => this.batch()));
    });
  }

  /**
   * One batch: BEGIN IMMEDIATE takes the file's write lock up front (busy_timeout waits for another
   * process's), so two writers never deadlock upgrading a read; the mutex keeps this process's
   * batches and its reads outside transactions from interleaving on the one connection.
   */
  private async batch(): Promise<void> {
    const done: { item: Queued; value: unknown }[] = [];
    /** The transaction whose own SAVEPOINT or RELEASE is running: not yet among `done`. */
    let current: Queued | undefined;
    let taken = 0;
    let next = false;
    // the queue left after this batch's last transaction starts the next batch
    const scheduleNext = (): void => {
      if (next) return;
      next = true;
      this.scheduled = this.queue.length > 0;
      if (this.scheduled) void this.mutex.run(() => this.batch());
    };
    try {
      this.run(() => this.stmt.begin.run());
    } catch (err) {
      this.failAll(this.takeQueue(), err);
      return;
    }
    try {
      // another connection (a CLI process, another server) committed since: start over
      this.checkDataVersion();
      while (this.queue.length > 0 && taken < GROUP_COMMIT_MAX) {
        const item = this.queue.shift()!;
        taken++;
        const writes = new Map<string, Uint8Array | undefined>();
        // a SAVEPOINT that fails (a full disk) fails this transaction with the batch's others
        current = item;
        this.run(() => this.stmt.savepoint.run());
        current = undefined;
        let value: unknown;
        try {
          value = await scoped((scope) => item.fn(this.rows(scope, writes)));
        } catch (err) {
          item.reject(err);
          // its writes go, the batch's earlier transactions stay (undo throws when SQLite rolled
          // back the whole transaction itself, a full disk: then the batch is lost, and its calls
          // fail with this one's reason when it was the store's)
          try {
            this.undo();
          } catch (lost) {
            throw err instanceof LocalError ? err : lost;
          }
          continue;
        }
        current = item;
        this.run(() => this.stmt.release.run());
        current = undefined;
        for (const [name, v] of writes) this.batchWrites.set(name, v);
        done.push({ item, value });
      }
      scheduleNext();
      this.run(() => this.stmt.commit.run());
    } catch (err) {
      this.batchWrites.clear();
      try {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
      } catch {
        // the connection is past rolling back (SQLite rolled back itself): report the first error
      }
      this.failAll([...done.map((d) => d.item), ...(current ? [current] : [])], err);
      scheduleNext();
      return;
    }
    this.stats.commits++;
    this.stats.transactions += done.length;
    for (const [name, v] of this.batchWrites) this.remember(name, v);
    this.batchWrites.clear();
    for (const d of done) d.item.resolve(d.value);
  }

  /** Rolls the running transaction back to its savepoint; throws when the whole batch is gone. */
  private undo(): void {
    if (!this.db.inTransaction) throw configError(`the keyring ${this.path}: SQLite rolled a transaction back`, 'nothing was changed; run the command again');
    this.run(() => this.stmt.rollbackTo.run());
    this.run(() => this.stmt.release.run());
  }

  private takeQueue(): Queued[] {
    const all = this.queue;
    this.queue = [];
    this.scheduled = false;
    return all;
  }

  private failAll(items: readonly Queued[], err: unknown): void {
    for (const item of items) item.reject(err);
  }

  /**
   * Reads outside a transaction: each statement sees the file as last committed. While no batch is
   * open on the connection a read runs at once (and may answer from the row cache, which holds
   * committed rows only); while one is open, a row the cache holds is answered from it (the batch
   * holds the file's write lock, so no other connection can have changed it) and any other read
   * waits for the batch, which would show it uncommitted writes.
   */
  read<T>(fn: (reader: ByteReader) => Promise<T>): Promise<T> {
    return scoped((scope) => {
      const rows = this.rows(scope);
      const queued = this.mutex.queued(rows);
      return fn({
        get: (name) => {
          if (!this.db.inTransaction) return rows.get(name);
          if (this.rowCache.has(name)) {
            scope.check();
            return Promise.resolve(this.rowCache.get(name));
          }
          return queued.get(name);
        },
        list: (prefix, opts) => (this.db.inTransaction ? queued.list(prefix, opts) : rows.list(prefix, opts)),
        count: (prefix) => (this.db.inTransaction ? queued.count(prefix) : rows.count(prefix)),
      });
    });
  }

  /** SQLite's own check of the file's structure (pages, indexes): [] when it finds nothing wrong. */
  structureProblems(): string[] {
    const rows = this.run(() => this.db.pragma('integrity_check') as { integrity_check: string }[]);
    return rows.map((r) => r.integrity_check).filter((line) => line !== 'ok');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

/** An open keyring file: the barrier over its rows. */
export class SqliteKeyring extends SealedStore implements Keyring {
  private readonly rowsStore: SqliteByteStore;
  get readOnly(): boolean {
    return this.protection !== undefined;
  }

  constructor(
    readonly path: string,
    db: Database.Database,
    mk: Uint8Array,
    random: RandomSource,
    private readonly protection?: 'EROFS' | 'EACCES',
  ) {
    const rows = new SqliteByteStore(path, db, protection !== undefined);
    super(rows, mk, random, path);
    this.rowsStore = rows;
  }

  get writeProtected(): 'EROFS' | 'EACCES' | undefined {
    return this.protection;
  }

  /** SQLite's check of the file's structure: [] when it finds nothing wrong (`kms keyring verify`). */
  structureProblems(): string[] {
    return this.rowsStore.structureProblems();
  }

  /** Commits made and transactions they held (group commit; tests and the bench read it). */
  get commitStats(): { readonly commits: number; readonly transactions: number } {
    return this.rowsStore.stats;
  }

  close(): void {
    this.forget();
    this.rowsStore.close();
  }
}

/** Stand-in for a keyring file that does not exist yet (write=false): empty, never asks for a passphrase. */
export class EmptyKeyring implements Keyring {
  readonly readOnly = true;
  readonly writeProtected = undefined;
  constructor(readonly path: string) {}
  private refuse(): never {
    throw configError(`no keyring at ${this.path}`, 'run `kms keyring init` to create one, or set KMS_KEYRING to its path');
  }
  private view(): RecordTx {
    return {
      get: async () => undefined,
      list: async () => [],
      count: async () => 0,
      put: () => this.refuse(),
      delete: () => undefined,
      wrapMaterial: () => this.refuse(),
      unwrapMaterial: () => this.refuse(),
    };
  }
  transaction<T>(fn: (tx: RecordTx) => Promise<T>): Promise<T> {
    return fn(this.view());
  }
  read<T>(fn: (reader: RecordReader) => Promise<T>): Promise<T> {
    return fn(this.view());
  }
  close(): void {}
}

function isSqliteError(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('SQLITE_');
}
