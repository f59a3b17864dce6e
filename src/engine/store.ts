// The engine's contract with a store of named records: asynchronous reads, writes that belong to
// one transaction, and key material wrapped under the master key. Types only. The keyring's
// barrier (src/keyring/barrier.ts) implements it over SQLite or any other byte store.

/**
 * Values stored are JSON-like: objects, arrays, strings, finite numbers, booleans, null,
 * and Uint8Array (the store's codec keeps them as bytes). Never Date: store epoch ms numbers.
 */
export type StoredValue = unknown;

/** One named record as `list` returns it. */
export interface StoredRecord<T = StoredValue> {
  name: string;
  value: T;
}

/** Reading records: a snapshot before a transaction, or a transaction's own view. */
export interface RecordReader {
  get<T = StoredValue>(name: string): Promise<T | undefined>;
  /** Records whose name starts with `prefix`, ordered by name, names strictly after `after`. */
  list<T = StoredValue>(prefix: string, opts?: { after?: string; limit?: number }): Promise<StoredRecord<T>[]>;
  count(prefix: string): Promise<number>;
  /** Inverse of wrapMaterial; throws if the wrapped bytes or the AAD do not match. */
  unwrapMaterial(aad: string, wrapped: Uint8Array): Uint8Array;
}

/**
 * The records inside one transaction. Reads see the transaction's own writes. Writes are
 * synchronous calls that take effect when the transaction commits (a store may apply them at
 * once under its lock, or gather them and apply them together): there is nothing to await, so a
 * write can never be left behind unawaited. Using a transaction's view after it ended throws.
 */
export interface RecordTx extends RecordReader {
  put(name: string, value: StoredValue): void;
  delete(name: string): void;
  /** Wrap key material a second time under the master key; `aad` is `<key ARN>#<material id>`. */
  wrapMaterial(aad: string, plaintext: Uint8Array): Uint8Array;
}

/**
 * Named records, sealed by the keyring's barrier. Names are `key/<region>/<key-id>`,
 * `alias/<region>/<alias-name>`, `grant/…` (each service's records module).
 */
export interface RecordStore {
  /**
   * Runs `fn` exactly once, atomically and serialised against every other transaction on the same
   * records, in this process and in others: all its writes happen, or (when `fn` rejects) none
   * do. Never re-run: a handler may act outside the store (a CloudHSM key store's token). SQLite
   * takes its write lock up front (BEGIN IMMEDIATE); a networked database takes a lock of its own
   * (PostgreSQL: an advisory transaction lock) before the first read.
   */
  transaction<T>(fn: (tx: RecordTx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` with read access outside any transaction (work before one: an operation's
   * prepare). It sees committed records only, never another transaction's writes in flight.
   */
  read<T>(fn: (reader: RecordReader) => Promise<T>): Promise<T>;
  /**
   * True when an operation's prepare must run inside the operation's transaction rather than in
   * `read` before it: a deterministic keyring, whose random stream moves on only in transactions.
   */
  readonly prepareInTransaction?: boolean;
}
