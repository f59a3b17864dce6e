// A transaction's rows for a store whose reads are remote (a database over the network): reads go
// to the store, writes are gathered here and read back by the transaction itself, and the store
// applies them all at commit in one statement batch. Imports nothing but the byte-store types.

import type { ByteReader, ByteRecord, ByteTx } from './byte-store.js';
import { byName } from './memory-store.js';

export class BufferedTx implements ByteTx {
  /** name → new bytes, or null for a deletion; later writes replace earlier ones. */
  readonly writes = new Map<string, Uint8Array | null>();

  constructor(private readonly base: ByteReader) {}

  async get(name: string): Promise<Uint8Array | undefined> {
    if (this.writes.has(name)) return this.writes.get(name) ?? undefined;
    return this.base.get(name);
  }

  /**
   * The store's rows merged with this transaction's writes. The store is asked for `limit` rows
   * more than this transaction deleted under the prefix, so that after the deleted ones drop out
   * the first `limit` merged rows are still exactly the right ones.
   */
  async list(prefix: string, opts: { after?: string; limit?: number } = {}): Promise<ByteRecord[]> {
    const mine = [...this.writes].filter(([n]) => n.startsWith(prefix) && (opts.after === undefined || byName(n, opts.after) > 0));
    const deleted = mine.filter(([, v]) => v === null).length;
    const rows = await this.base.list(prefix, opts.limit === undefined ? opts : { ...opts, limit: opts.limit + deleted });
    const merged = new Map(rows.map((r) => [r.name, r.value]));
    for (const [name, value] of mine) {
      if (value === null) merged.delete(name);
      else merged.set(name, value);
    }
    const names = [...merged.keys()].sort(byName);
    const picked = opts.limit === undefined ? names : names.slice(0, Math.max(0, opts.limit));
    return picked.map((name) => ({ name, value: merged.get(name)! }));
  }

  async count(prefix: string): Promise<number> {
    let n = await this.base.count(prefix);
    for (const [name, value] of this.writes) {
      if (!name.startsWith(prefix)) continue;
      const existed = (await this.base.get(name)) !== undefined;
      if (value === null && existed) n--;
      if (value !== null && !existed) n++;
    }
    return n;
  }

  put(name: string, value: Uint8Array): void {
    this.writes.set(name, new Uint8Array(value));
  }

  delete(name: string): void {
    this.writes.set(name, null);
  }
}
