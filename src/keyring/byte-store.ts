// What a storage backend gives the barrier: named byte strings in transactions. Nothing here is
// sealed or decoded (barrier.ts does that); a backend sees ciphertext and record names only.
// Backends: SQLite (sqlite-store.ts), memory (memory-store.ts); a networked database gathers a
// transaction's writes with BufferedTx (buffered-tx.ts). Imports nothing of kms's.

/**
 * The smallest string greater than every string that starts with `prefix`: the prefix with
 * its last code point incremented. UTF-8 byte order (SQLite's BINARY collation, PostgreSQL's "C") equals code
 * point order, so `name >= prefix AND name < upper` is exactly "starts with prefix" and
 * the database answers it with a range scan of the primary key.
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

/** One row: a record's name and its sealed bytes. */
export interface ByteRecord {
  name: string;
  value: Uint8Array;
}

export interface ByteReader {
  get(name: string): Promise<Uint8Array | undefined>;
  /** Rows whose name starts with `prefix`, ordered by name (UTF-8 byte order), names strictly after `after`. */
  list(prefix: string, opts?: { after?: string; limit?: number }): Promise<ByteRecord[]>;
  count(prefix: string): Promise<number>;
}

/** One transaction's rows: reads see its own writes; writes take effect at commit. */
export interface ByteTx extends ByteReader {
  put(name: string, value: Uint8Array): void;
  delete(name: string): void;
}

/** The contract of src/engine/store.ts's RecordStore, for bytes: serialised, atomic transactions. */
export interface ByteStore {
  transaction<T>(fn: (tx: ByteTx) => Promise<T>): Promise<T>;
  read<T>(fn: (reader: ByteReader) => Promise<T>): Promise<T>;
}

/**
 * Runs asynchronous sections one at a time, in call order: a store's transactions in one process
 * (kms serve answers requests concurrently, and one connection holds one transaction at a time).
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * `rows` with each read taking its turn behind the transactions of this mutex: a store whose
   * transactions write in place must not let a read see their writes in flight. Each read queues
   * alone, so work between reads (a key generated in prepare) holds nothing.
   */
  queued(rows: ByteReader): ByteReader {
    return {
      get: (name) => this.run(() => rows.get(name)),
      list: (prefix, opts) => this.run(() => rows.list(prefix, opts)),
      count: (prefix) => this.run(() => rows.count(prefix)),
    };
  }
}

/**
 * A view usable only while its transaction runs: after `end()`, every call throws. A write made
 * after commit (a promise nobody awaited) must fail loudly, never land in the next transaction.
 */
export class Scope {
  private open = true;

  check(): void {
    if (!this.open) throw new Error('store: a transaction was used after it ended (a promise not awaited?)');
  }

  end(): void {
    this.open = false;
  }
}

/** Runs `fn` with a fresh scope, ended however `fn` settles. */
export async function scoped<T>(fn: (scope: Scope) => Promise<T>): Promise<T> {
  const scope = new Scope();
  try {
    return await fn(scope);
  } finally {
    scope.end();
  }
}
