// The keyring file: SQLite rows (a ByteStore) under the barrier (barrier.ts), which seals every
// value under the master key with the record name as AAD. Must not import the CLI, the engine's
// services, or ask for passphrases.

import type Database from 'better-sqlite3';
import type { RandomSource } from '../deps.js';
import type { RecordReader, RecordStore, RecordTx } from '../engine/store.js';
import { configError, LocalError } from '../errors.js';
import { SealedStore, tampered } from './barrier.js';
import { Mutex, scoped, type ByteReader, type ByteStore, type ByteTx, type Scope } from './byte-store.js';
import { sqliteFailure } from './file-format.js';

/** An open keyring: the engine's RecordStore plus close(). */
export interface Keyring extends RecordStore {
  readonly path: string;
  /** True for the empty stand-in returned when no keyring file exists and write=false. */
  readonly readOnly: boolean;
  close(): void;
}

/**
 * The smallest string greater than every string that starts with `prefix`: the prefix with
 * its last code point incremented. UTF-8 byte order (SQLite's BINARY collation) equals code
 * point order, so `name >= prefix AND name < upper` is exactly "starts with prefix" and
 * SQLite answers it with a range scan of the primary key.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const cps = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (cps.length > 0) {
    let last = cps.pop()!;
    if (last === 0x10ffff) continue;
    last = last === 0xd7ff ? 0xe000 : last + 1;
    cps.push(last);
    return String.fromCodePoint(...cps);
  }
  return undefined;
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
 * The keyring file's rows: SQLite as a ByteStore. Statements run synchronously; transactions are
 * serialised. Inside transactions, rows read by name are remembered across transactions (sealed,
 * as stored) while no other connection has committed: `PRAGMA data_version` changes when one has,
 * and then the cache starts over. So a request that reads the same records again (the key, the
 * caller's IAM user — authorization reads them before the handler does) pays SQLite once.
 */
export class SqliteByteStore implements ByteStore {
  private readonly stmt: { get: Database.Statement; put: Database.Statement; delete: Database.Statement; dataVersion: Database.Statement };
  private readonly cache = new Map<string, Database.Statement>();
  private readonly mutex = new Mutex();
  private closed = false;
  /** Committed rows by name (undefined: known absent), valid while `dataVersion` holds. */
  private readonly rowCache = new Map<string, Uint8Array | undefined>();
  private dataVersion = -1;

  constructor(
    readonly path: string,
    private readonly db: Database.Database,
  ) {
    this.stmt = {
      get: db.prepare(SQL.get),
      put: db.prepare(SQL.put),
      delete: db.prepare(SQL.delete),
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
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

  /**
   * The rows of one transaction (`writes` given: its own writes, which reach the row cache when it
   * commits) or of reads outside one (no cache: each statement sees the file as last committed).
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
        if (writes === undefined) return fetch(name);
        if (writes.has(name)) return writes.get(name);
        if (this.rowCache.has(name)) return this.rowCache.get(name);
        // not written by this transaction: what SQLite returns is committed
        const value = fetch(name);
        if (this.rowCache.size >= ROW_CACHE_MAX) this.rowCache.clear();
        this.rowCache.set(name, value);
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
   * BEGIN IMMEDIATE takes the write lock up front (busy_timeout waits for another process's), so
   * two writers never deadlock upgrading a read; the mutex keeps this process's own transactions
   * (kms serve's concurrent requests) from interleaving on the one connection.
   */
  transaction<T>(fn: (tx: ByteTx) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      this.run(() => this.db.exec('BEGIN IMMEDIATE'));
      const writes = new Map<string, Uint8Array | undefined>();
      try {
        // another connection (a CLI process, another server) committed since: start over
        const version = this.run(() => this.stmt.dataVersion.get() as number);
        if (version !== this.dataVersion) {
          this.rowCache.clear();
          this.dataVersion = version;
        }
        const out = await scoped((scope) => fn(this.rows(scope, writes)));
        this.run(() => this.db.exec('COMMIT'));
        for (const [name, value] of writes) this.rowCache.set(name, value);
        return out;
      } catch (err) {
        try {
          if (this.db.inTransaction) this.db.exec('ROLLBACK');
        } catch {
          // the connection is past rolling back (SQLite rolled back itself): report the first error
        }
        throw err;
      }
    });
  }

  /**
   * Reads outside a transaction: each statement sees the file as last committed. Each read waits
   * for this process's transactions, which share the connection and would show it their
   * uncommitted writes.
   */
  read<T>(fn: (reader: ByteReader) => Promise<T>): Promise<T> {
    return scoped((scope) => fn(this.mutex.queued(this.rows(scope))));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

/** An open keyring file: the barrier over its rows. */
export class SqliteKeyring extends SealedStore implements Keyring {
  readonly readOnly = false;
  private readonly rowsStore: SqliteByteStore;

  constructor(
    readonly path: string,
    db: Database.Database,
    mk: Uint8Array,
    random: RandomSource,
  ) {
    const rows = new SqliteByteStore(path, db);
    super(rows, mk, random, path);
    this.rowsStore = rows;
  }

  close(): void {
    this.forget();
    this.rowsStore.close();
  }
}

/** Stand-in for a keyring file that does not exist yet (write=false): empty, never asks for a passphrase. */
export class EmptyKeyring implements Keyring {
  readonly readOnly = true;
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
