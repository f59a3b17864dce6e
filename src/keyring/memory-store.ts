// An in-memory RecordStore: the engine's tests use it, and so can `kms serve --ephemeral`.
// Values go through the same codec as the keyring, so tests catch values the codec cannot keep.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { RecordStore, StoredRecord } from '../engine/context.js';
import { decodeRecord, encodeRecord } from './codec.js';

export class MemoryStore implements RecordStore {
  private readonly rows = new Map<string, Uint8Array>();
  private readonly mk = randomBytes(32);

  get<T>(name: string): T | undefined {
    const row = this.rows.get(name);
    return row === undefined ? undefined : decodeRecord<T>(row);
  }

  put(name: string, value: unknown): void {
    this.rows.set(name, encodeRecord(value));
  }

  delete(name: string): void {
    this.rows.delete(name);
  }

  list<T>(prefix: string, opts: { after?: string; limit?: number } = {}): StoredRecord<T>[] {
    const names = [...this.rows.keys()]
      .filter((n) => n.startsWith(prefix) && (opts.after === undefined || n > opts.after))
      .sort();
    const picked = opts.limit === undefined ? names : names.slice(0, opts.limit);
    return picked.map((name) => ({ name, value: decodeRecord<T>(this.rows.get(name)!) }));
  }

  count(prefix: string): number {
    let n = 0;
    for (const name of this.rows.keys()) if (name.startsWith(prefix)) n++;
    return n;
  }

  transaction<T>(fn: () => T): T {
    const saved = new Map(this.rows);
    try {
      return fn();
    } catch (err) {
      this.rows.clear();
      for (const [k, v] of saved) this.rows.set(k, v);
      throw err;
    }
  }

  wrapMaterial(aad: string, plaintext: Uint8Array): Uint8Array {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.mk, iv).setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([c.update(plaintext), c.final()]);
    return new Uint8Array(Buffer.concat([iv, body, c.getAuthTag()]));
  }

  unwrapMaterial(aad: string, wrapped: Uint8Array): Uint8Array {
    const w = Buffer.from(wrapped);
    const d = createDecipheriv('aes-256-gcm', this.mk, w.subarray(0, 12)).setAAD(Buffer.from(aad, 'utf8'));
    d.setAuthTag(w.subarray(w.length - 16));
    return new Uint8Array(Buffer.concat([d.update(w.subarray(12, w.length - 16)), d.final()]));
  }
}
