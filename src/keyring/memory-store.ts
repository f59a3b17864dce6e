// An in-memory store: the same barrier as the keyring file over rows in a Map, under a random
// master key. The engine's tests use it, and the CLI for calls that need no keyring.

import { randomBytes } from 'node:crypto';
import { SealedStore } from './barrier.js';
import { Mutex, scoped, type ByteReader, type ByteRecord, type ByteStore, type ByteTx, type Scope } from './byte-store.js';

/** Rows in a Map; a transaction writes at once and puts everything back when it rejects. */
export class MemoryByteStore implements ByteStore {
  private readonly rows = new Map<string, Uint8Array>();
  private readonly mutex = new Mutex();

  private view(scope: Scope): ByteTx {
    return {
      get: async (name) => (scope.check(), this.rows.get(name)),
      list: async (prefix, opts = {}) => (scope.check(), listRows(this.rows, prefix, opts)),
      count: async (prefix) => {
        scope.check();
        let n = 0;
        for (const name of this.rows.keys()) if (name.startsWith(prefix)) n++;
        return n;
      },
      put: (name, value) => (scope.check(), void this.rows.set(name, new Uint8Array(value))),
      delete: (name) => (scope.check(), void this.rows.delete(name)),
    };
  }

  transaction<T>(fn: (tx: ByteTx) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      const saved = new Map(this.rows);
      try {
        return await scoped((scope) => fn(this.view(scope)));
      } catch (err) {
        this.rows.clear();
        for (const [k, v] of saved) this.rows.set(k, v);
        throw err;
      }
    });
  }

  /** Each read waits for transactions, whose writes are in the Map until they commit or roll back. */
  read<T>(fn: (reader: ByteReader) => Promise<T>): Promise<T> {
    return scoped((scope) => fn(this.mutex.queued(this.view(scope))));
  }
}

/** Rows of `rows` under `prefix` after `after`, in name order (code point order, as SQLite's UTF-8). */
export function listRows(rows: ReadonlyMap<string, Uint8Array>, prefix: string, opts: { after?: string; limit?: number }): ByteRecord[] {
  const names = [...rows.keys()].filter((n) => n.startsWith(prefix) && (opts.after === undefined || byName(n, opts.after) > 0)).sort(byName);
  const picked = opts.limit === undefined ? names : names.slice(0, Math.max(0, opts.limit));
  return picked.map((name) => ({ name, value: rows.get(name)! }));
}

/**
 * UTF-8 byte order, which is code point order. JavaScript's < compares UTF-16 units, which agrees
 * unless a string holds a surrogate or a character from U+E000 up.
 */
export function byName(a: string, b: string): number {
  if (/[\ud800-\uffff]/.test(a) || /[\ud800-\uffff]/.test(b)) return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The barrier over memory rows, under a master key of its own. */
export class MemoryStore extends SealedStore {
  constructor() {
    super(new MemoryByteStore(), randomBytes(32), (n) => new Uint8Array(randomBytes(n)), 'in memory');
  }
}
