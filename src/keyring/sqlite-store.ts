// The barrier over SQLite: a RecordStore whose every value is sealed under the master key with
// the record name as AAD. Must not import the CLI, the engine's operations, or ask for passphrases.

import type Database from 'better-sqlite3';
import type { RandomSource } from '../deps.js';
import type { RecordStore, StoredRecord, StoredValue } from '../engine/context.js';
import { configError, LocalError } from '../errors.js';
import { decodeRecord, encodeRecord } from './codec.js';
import { sqliteFailure } from './file-format.js';
import { masterKeys, seal, unseal, utf8, type MasterKeys } from './seal.js';

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

/** The number of records whose name starts with `prefix` (a range scan of the primary key). */
export function countPrefix(db: Database.Database, prefix: string): number {
  const hi = prefixUpperBound(prefix);
  return db.prepare(SQL.count(hi !== undefined)).pluck().get(hi === undefined ? { lo: prefix } : { lo: prefix, hi }) as number;
}

export class SqliteKeyring implements Keyring {
  readonly readOnly = false;
  private readonly keys: MasterKeys;
  private readonly stmt: { get: Database.Statement; put: Database.Statement; delete: Database.Statement };
  private readonly cache = new Map<string, Database.Statement>();
  private readonly tx: Database.Transaction<(fn: () => unknown) => unknown>;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly db: Database.Database,
    mk: Uint8Array,
    private readonly random: RandomSource,
  ) {
    this.keys = masterKeys(mk);
    this.stmt = {
      get: db.prepare(SQL.get),
      put: db.prepare(SQL.put),
      delete: db.prepare(SQL.delete),
    };
    // better-sqlite3 turns nested calls into SAVEPOINTs; the outermost one is BEGIN IMMEDIATE,
    // which takes the write lock up front so two processes never deadlock upgrading a read.
    this.tx = db.transaction((fn: () => unknown) => {
      const out = fn();
      if (out instanceof Promise) throw new TypeError('keyring transaction: fn must be synchronous');
      return out;
    });
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

  private open<T>(name: string, value: unknown): T {
    if (!(value instanceof Uint8Array)) throw tampered(this.path, `record ${name}`);
    // Barrier: AAD = record name, so a value moved to another name does not unseal.
    const plain = unseal(this.keys.records, utf8(name), value);
    if (plain === undefined) throw tampered(this.path, `record ${name}`);
    return decodeRecord<T>(plain);
  }

  get<T = StoredValue>(name: string): T | undefined {
    const row = this.run(() => this.stmt.get.get(name) as { value: Buffer } | undefined);
    return row === undefined ? undefined : this.open<T>(name, row.value);
  }

  put(name: string, value: StoredValue): void {
    const sealed = seal(this.keys.records, utf8(name), encodeRecord(value), this.random);
    this.run(() => this.stmt.put.run(name, Buffer.from(sealed)));
  }

  delete(name: string): void {
    this.run(() => this.stmt.delete.run(name));
  }

  list<T = StoredValue>(prefix: string, opts: { after?: string; limit?: number } = {}): StoredRecord<T>[] {
    const limit = opts.limit === undefined ? -1 : Math.max(0, Math.floor(opts.limit));
    const hi = prefixUpperBound(prefix);
    const strict = opts.after !== undefined && opts.after >= prefix;
    const lo = strict ? opts.after! : prefix;
    const params = hi === undefined ? { lo, limit } : { lo, hi, limit };
    const rows = this.run(
      () => this.prepared(SQL.list(strict, hi !== undefined)).all(params) as { name: string; value: Buffer }[],
    );
    return rows.map((r) => ({ name: r.name, value: this.open<T>(r.name, r.value) }));
  }

  count(prefix: string): number {
    const hi = prefixUpperBound(prefix);
    const params = hi === undefined ? { lo: prefix } : { lo: prefix, hi };
    return this.run(() => this.prepared(SQL.count(hi !== undefined)).pluck().get(params) as number);
  }

  transaction<T>(fn: () => T): T {
    return this.run(() => this.tx.immediate(fn) as T);
  }

  wrapMaterial(aad: string, plaintext: Uint8Array): Uint8Array {
    return seal(this.keys.material, utf8(aad), plaintext, this.random);
  }

  unwrapMaterial(aad: string, wrapped: Uint8Array): Uint8Array {
    const plain = unseal(this.keys.material, utf8(aad), wrapped);
    if (plain === undefined) throw tampered(this.path, 'key material');
    return plain;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.keys.records.fill(0);
    this.keys.material.fill(0);
    this.db.close();
  }
}

/** Stand-in for a keyring file that does not exist yet (write=false): empty, never asks for a passphrase. */
export class EmptyKeyring implements Keyring {
  readonly readOnly = true;
  constructor(readonly path: string) {}
  private refuse(): never {
    throw configError(`no keyring at ${this.path}`, 'run `kms keyring init` to create one, or set KMS_KEYRING to its path');
  }
  get<T>(): T | undefined {
    return undefined;
  }
  put(): void {
    this.refuse();
  }
  delete(): void {}
  list<T>(): StoredRecord<T>[] {
    return [];
  }
  count(): number {
    return 0;
  }
  transaction<T>(fn: () => T): T {
    return fn();
  }
  wrapMaterial(): Uint8Array {
    this.refuse();
  }
  unwrapMaterial(): Uint8Array {
    this.refuse();
  }
  close(): void {}
}

function isSqliteError(err: unknown): boolean {
  return typeof (err as { code?: unknown })?.code === 'string' && (err as { code: string }).code.startsWith('SQLITE_');
}

/** One opaque error for any failed seal check: never says which byte or check failed. */
function tampered(path: string, what: string): LocalError {
  return configError(
    `the keyring ${path} failed an integrity check (${what})`,
    'the file was altered or damaged; restore it from a backup',
  );
}
