// The record store contract (src/engine/store.ts), held by every store the same way: the keyring
// file (SQLite under the barrier), the in-memory store, and the asynchronous store that stands in
// for a networked database (writes gathered by BufferedTx, reads on later event-loop turns), and
// the team keyring in a real PostgreSQL (the run's shared cluster, test/support/postgres.ts).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordStore, RecordTx } from '../../src/engine/store.js';
import { keyringInit, openKeyring, type Keyring } from '../../src/keyring/index.js';
import { BufferedTx } from '../../src/keyring/buffered-tx.js';
import type { ByteReader } from '../../src/keyring/byte-store.js';
import { listRows } from '../../src/keyring/memory-store.js';
import { MemoryStore } from '../../src/keyring/memory-store.js';
import { AsyncMemoryByteStore, AsyncMemoryStore } from '../support/async-store.js';
import { sharedCluster } from '../support/postgres.js';
import { CHEAP, count, get, list, PASS, put, tempDir, testDeps } from './helpers.js';

const t = tempDir();
let n = 0;
const rings: Keyring[] = [];
afterAll(() => {
  for (const r of rings) r.close();
  t.cleanup();
});

const STORES: [string, () => Promise<RecordStore>][] = [
  [
    'keyring file (SQLite)',
    async () => {
      const path = join(t.dir, `k${n++}.db`);
      await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path, kdfLogN: CHEAP });
      const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path, write: true });
      rings.push(ring);
      return ring;
    },
  ],
  [
    'team keyring (PostgreSQL)',
    async () => {
      const cluster = await sharedCluster();
      // no PostgreSQL here: the asynchronous store below stands in for it (and says so)
      if (cluster === undefined) {
        console.log('store contract: PostgreSQL is missing here; the asynchronous store stands in for the team keyring');
        return new AsyncMemoryStore();
      }
      const path = await cluster.createDatabase();
      await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path, kdfLogN: CHEAP });
      const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path, write: true });
      rings.push(ring);
      return ring;
    },
  ],
  ['memory', async () => new MemoryStore()],
  ['asynchronous (a networked database)', async () => new AsyncMemoryStore()],
];

describe.each(STORES)('the store contract: %s', (_name, make) => {
  let store: RecordStore;
  beforeAll(async () => {
    store = await make();
  });

  it('keeps values through the codec, and deletes', async () => {
    const value = { KeyId: 'k', bytes: new Uint8Array([1, 2, 3]), $bytes: 'x', list: [true, null], n: 1.5 };
    await put(store, 'rt/a', value);
    expect(await get(store, 'rt/a')).toEqual(value);
    expect(await get(store, 'rt/missing')).toBeUndefined();
    await store.transaction(async (tx) => tx.delete('rt/a'));
    expect(await get(store, 'rt/a')).toBeUndefined();
  });

  it('lists in name order (UTF-8 byte order) with after and limit, and counts by prefix', async () => {
    for (const name of ['ls/b', 'ls/a', 'ls/c', 'ls/\u{1f511}', 'ls/\ufb01', 'lsz']) await put(store, name, name);
    // U+FB01 sorts before U+1F511 in UTF-8 although its UTF-16 units sort after the surrogates
    expect((await list(store, 'ls/')).map((r) => r.name)).toEqual(['ls/a', 'ls/b', 'ls/c', 'ls/\ufb01', 'ls/\u{1f511}']);
    expect(await list(store, 'ls/', { after: 'ls/a', limit: 2 })).toEqual([
      { name: 'ls/b', value: 'ls/b' },
      { name: 'ls/c', value: 'ls/c' },
    ]);
    expect(await count(store, 'ls/')).toBe(5);
    expect(await count(store, 'ls')).toBe(6);
  });

  it('a transaction reads its own writes: get, list (after a deletion, with a limit) and count', async () => {
    for (const name of ['own/1', 'own/2', 'own/3', 'own/4']) await put(store, name, name);
    await store.transaction(async (tx) => {
      tx.delete('own/1');
      tx.delete('own/2');
      tx.put('own/25', 'new');
      tx.put('own/3', 'changed');
      expect(await tx.get('own/1')).toBeUndefined();
      expect(await tx.get('own/3')).toBe('changed');
      expect(await tx.list('own/', { limit: 2 })).toEqual([
        { name: 'own/25', value: 'new' },
        { name: 'own/3', value: 'changed' },
      ]);
      expect((await tx.list('own/', { after: 'own/25' })).map((r) => r.name)).toEqual(['own/3', 'own/4']);
      expect(await tx.count('own/')).toBe(3);
    });
    expect((await list(store, 'own/')).map((r) => r.value)).toEqual(['new', 'changed', 'own/4']);
  });

  it('all or nothing: a rejected transaction leaves no write behind', async () => {
    await put(store, 'rb/a', 1);
    const failed = store.transaction(async (tx) => {
      tx.put('rb/a', 2);
      await tx.get('rb/a');
      tx.put('rb/b', 1);
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    expect(await get(store, 'rb/a')).toBe(1);
    expect(await get(store, 'rb/b')).toBeUndefined();
  });

  it('serialises concurrent transactions: 25 read-modify-writes, no increment lost', async () => {
    await put(store, 'ctr', 0);
    const bump = () =>
      store.transaction(async (tx) => {
        const v = (await tx.get<number>('ctr'))!;
        await new Promise((resolve) => setImmediate(resolve));
        tx.put('ctr', v + 1);
      });
    await Promise.all(Array.from({ length: 25 }, bump));
    expect(await get(store, 'ctr')).toBe(25);
  });

  it('a read outside transactions sees committed records only, never writes in flight', async () => {
    await put(store, 'iso', 'committed');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let writing!: () => void;
    const written = new Promise<void>((resolve) => (writing = resolve));
    const tx = store.transaction(async (t) => {
      t.put('iso', 'in flight');
      writing();
      await held;
      throw new Error('rolled back');
    });
    await written;
    const seen = store.read((r) => r.get('iso'));
    release();
    await expect(tx).rejects.toThrow('rolled back');
    expect(await seen).toBe('committed');
  });

  it('work between the reads of a read() holds no lock: a transaction runs meanwhile', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const reading = store.read(async (r) => {
      await r.get('idle/a');
      await held; // slow work before the transaction, as prepare's key generation
      return r.get('idle/b');
    });
    await store.transaction(async (tx) => tx.put('idle/b', 'meanwhile'));
    release();
    expect(await reading).toBe('meanwhile');
  });

  it('refuses a transaction used after it ended', async () => {
    let leaked: RecordTx | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
    });
    expect(() => leaked!.put('late', 1)).toThrow(/used after it ended/);
    await expect(leaked!.get('late')).rejects.toThrow(/used after it ended/);
  });

  it('wraps key material bound to its AAD', async () => {
    const material = new Uint8Array(32).fill(9);
    const wrapped = await store.transaction(async (tx) => tx.wrapMaterial('arn#m', material));
    expect(await store.read(async (r) => r.unwrapMaterial('arn#m', wrapped))).toEqual(material);
    await expect(store.read(async (r) => r.unwrapMaterial('arn#other', wrapped))).rejects.toThrow(/integrity check/);
  });
});

describe('the asynchronous store behaves as a remote database does', () => {
  it('answers reads on later event-loop turns and applies writes only at commit', async () => {
    const rows = new AsyncMemoryByteStore();
    const store = new AsyncMemoryStore(rows);
    const order: string[] = [];
    await store.transaction(async (tx) => {
      tx.put('x', 1);
      expect(rows.rows.size).toBe(0); // gathered, not applied
      const read = tx.get('y').then(() => order.push('read'));
      order.push('same turn');
      await read;
    });
    expect(order).toEqual(['same turn', 'read']);
    expect(rows.rows.size).toBe(1);
    expect(rows.stats).toMatchObject({ commits: 1, rollbacks: 0 });
  });
});

describe('BufferedTx', () => {
  /** A reader over fixed rows, counting its calls. */
  function base(names: string[]): ByteReader & { calls: number } {
    const rows = new Map(names.map((n) => [n, new TextEncoder().encode(n)]));
    const r = {
      calls: 0,
      get: async (name: string) => (r.calls++, rows.get(name)),
      list: async (prefix: string, opts: { after?: string; limit?: number } = {}) => (r.calls++, listRows(rows, prefix, opts)),
      count: async (prefix: string) => (r.calls++, [...rows.keys()].filter((k) => k.startsWith(prefix)).length),
    };
    return r;
  }
  const text = (v: Uint8Array | undefined) => (v === undefined ? undefined : new TextDecoder().decode(v));

  it('pages correctly however many of a page its own deletions remove', async () => {
    const tx = new BufferedTx(base(['p/1', 'p/2', 'p/3', 'p/4', 'p/5', 'p/6']));
    for (const name of ['p/1', 'p/2', 'p/3']) tx.delete(name);
    expect((await tx.list('p/', { limit: 2 })).map((r) => r.name)).toEqual(['p/4', 'p/5']);
    expect((await tx.list('p/', { after: 'p/4', limit: 5 })).map((r) => r.name)).toEqual(['p/5', 'p/6']);
    tx.put('p/0', new Uint8Array([0]));
    expect((await tx.list('p/', { limit: 1 })).map((r) => r.name)).toEqual(['p/0']);
    expect(await tx.count('p/')).toBe(4);
  });

  it('a later write of a name replaces an earlier one; a deletion of a new name leaves nothing', async () => {
    const tx = new BufferedTx(base(['q/a']));
    tx.put('q/b', new TextEncoder().encode('one'));
    tx.put('q/b', new TextEncoder().encode('two'));
    expect(text(await tx.get('q/b'))).toBe('two');
    tx.put('q/c', new Uint8Array([1]));
    tx.delete('q/c');
    expect(await tx.get('q/c')).toBeUndefined();
    expect(await tx.count('q/')).toBe(2);
    expect([...tx.writes.keys()]).toEqual(['q/b', 'q/c']);
  });
});
