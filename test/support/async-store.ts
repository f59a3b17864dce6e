// An asynchronous store, as a networked database behaves: every read answers on a later turn of the
// event loop, a transaction's writes are gathered (BufferedTx) and applied together at commit, and
// transactions are serialised by a lock, as a database's would be. The engine suite runs against
// it (KMS_TEST_STORE=async), proving that the 54 handlers need nothing synchronous of a store.
import { randomBytes } from 'node:crypto';
import { SealedStore } from '../../src/keyring/barrier.js';
import { BufferedTx } from '../../src/keyring/buffered-tx.js';
import { Mutex, type ByteReader, type ByteStore, type ByteTx } from '../../src/keyring/byte-store.js';
import { listRows } from '../../src/keyring/memory-store.js';

/** A macrotask: the reply of a server, never the same tick. */
const later = () => new Promise<void>((resolve) => setImmediate(resolve));

export class AsyncMemoryByteStore implements ByteStore {
  readonly rows = new Map<string, Uint8Array>();
  private readonly lock = new Mutex();
  /** Counts, so a test can see the store was really used asynchronously. */
  readonly stats = { reads: 0, commits: 0, rollbacks: 0 };

  private reader(): ByteReader {
    const copy = (v: Uint8Array | undefined) => (v === undefined ? undefined : new Uint8Array(v));
    return {
      get: async (name) => (await later(), this.stats.reads++, copy(this.rows.get(name))),
      list: async (prefix, opts = {}) => (await later(), this.stats.reads++, listRows(this.rows, prefix, opts).map((r) => ({ name: r.name, value: copy(r.value)! }))),
      count: async (prefix) => {
        await later();
        this.stats.reads++;
        return [...this.rows.keys()].filter((n) => n.startsWith(prefix)).length;
      },
    };
  }

  transaction<T>(fn: (tx: ByteTx) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      const tx = new BufferedTx(this.reader());
      let out: T;
      try {
        out = await fn(tx);
      } catch (err) {
        this.stats.rollbacks++;
        throw err;
      }
      await later(); // COMMIT travels too; nothing is applied until it arrives
      for (const [name, value] of tx.writes) {
        if (value === null) this.rows.delete(name);
        else this.rows.set(name, value);
      }
      this.stats.commits++;
      return out;
    });
  }

  read<T>(fn: (reader: ByteReader) => Promise<T>): Promise<T> {
    return fn(this.reader());
  }
}

/** The keyring's barrier over the asynchronous rows, under a master key of its own. */
export class AsyncMemoryStore extends SealedStore {
  constructor(readonly rows = new AsyncMemoryByteStore()) {
    super(rows, randomBytes(32), (n) => new Uint8Array(randomBytes(n)), 'async memory store');
  }
}
