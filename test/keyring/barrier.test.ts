// The barrier: records round-trip, tampering and swapping fail, prefix listing uses the index.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalError } from '../../src/errors.js';
import { keyringInit, openKeyring, type Keyring } from '../../src/keyring/index.js';
import { prefixUpperBound, SQL } from '../../src/keyring/sqlite-store.js';
import { CHEAP, count, del, failure, get, list, PASS, put, tempDir, testDeps, unwrap, wrap } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let path: string;
let ring: Keyring;
const deps = () => testDeps({ KMS_PASSPHRASE: PASS });

beforeEach(async () => {
  t = tempDir();
  path = join(t.dir, 'keyring.db');
  await keyringInit(deps(), { path, kdfLogN: CHEAP });
  ring = await openKeyring(deps(), { path, write: true });
});
afterEach(() => {
  ring.close();
  t.cleanup();
});

describe('records', () => {
  it('round-trips values through the codec', async () => {
    const value = { KeyId: 'k', n: 3, bytes: new Uint8Array([1, 2, 3]), $bytes: 'x', list: [true, null] };
    await put(ring, 'key/us-east-1/a', value);
    expect(await get(ring, 'key/us-east-1/a')).toEqual(value);
    expect(await get(ring, 'key/us-east-1/missing')).toBeUndefined();
    await del(ring, 'key/us-east-1/a');
    expect(await get(ring, 'key/us-east-1/a')).toBeUndefined();
  });

  it('lists by prefix in name order with after and limit, and counts', async () => {
    for (const n of ['key/b', 'key/a', 'key/c', 'keyz', 'alias/x', 'key0']) await put(ring, n, n);
    expect((await list(ring, 'key/')).map((r) => r.name)).toEqual(['key/a', 'key/b', 'key/c']);
    expect(await list(ring, 'key/', { after: 'key/a', limit: 1 })).toEqual([{ name: 'key/b', value: 'key/b' }]);
    expect((await list(ring, 'key/', { after: 'a' })).length).toBe(3);
    expect((await list(ring, '')).length).toBe(6);
    expect(await count(ring, 'key/')).toBe(3);
    expect(await count(ring, 'key')).toBe(5);
    expect(await count(ring, '')).toBe(6);
  });

  // Transactions (rollback, concurrency, a view used after its end) are the store contract's, which
  // holds this file's store to it with the others: test/keyring/store-contract.test.ts.
});

function raw(fn: (db: Database.Database) => void): void {
  const db = new Database(path);
  try {
    fn(db);
  } finally {
    db.close();
  }
}

describe('tampering', () => {
  it('a changed byte in a sealed value fails with one opaque exit-253 error', async () => {
    await put(ring, 'key/a', { secret: 1 });
    ring.close();
    raw((db) => {
      const v = db.prepare('SELECT value FROM records WHERE name = ?').pluck().get('key/a') as Buffer;
      v[20] ^= 1;
      db.prepare('UPDATE records SET value = ? WHERE name = ?').run(v, 'key/a');
    });
    ring = await openKeyring(deps(), { path, write: false });
    const err = await failure(get(ring, 'key/a'));
    expect(err).toBeInstanceOf(LocalError);
    expect(err.exitCode).toBe(253);
    expect(err.message).toMatch(/integrity check/);
  });

  it('a value moved to another record name does not unseal (AAD = name)', async () => {
    await put(ring, 'key/a', { owner: 'a' });
    await put(ring, 'key/b', { owner: 'b' });
    ring.close();
    raw((db) => db.exec(`UPDATE records SET value = (SELECT value FROM records WHERE name = 'key/a') WHERE name = 'key/b'`));
    ring = await openKeyring(deps(), { path, write: false });
    expect(await get(ring, 'key/a')).toEqual({ owner: 'a' });
    expect((await failure(get(ring, 'key/b'))).exitCode).toBe(253);
    expect((await failure(list(ring, 'key/'))).exitCode).toBe(253);
  });

  it('an unknown framing version, or a value that is not a blob, is refused', async () => {
    await put(ring, 'key/a', 1);
    await put(ring, 'key/b', 1);
    ring.close();
    raw((db) => db.exec(`UPDATE records SET value = CAST(X'02' || substr(value, 2) AS BLOB) WHERE name = 'key/a'`));
    raw((db) => db.exec(`UPDATE records SET value = 'text' WHERE name = 'key/b'`));
    ring = await openKeyring(deps(), { path, write: false });
    expect((await failure(get(ring, 'key/a'))).exitCode).toBe(253);
    expect((await failure(get(ring, 'key/b'))).exitCode).toBe(253);
  });
});

describe('material wrapping', () => {
  it('unwraps only with the same AAD and bytes', async () => {
    const material = new Uint8Array(32).fill(7);
    const aad = 'arn:aws:kms:us-east-1:111122223333:key/1234#m1';
    const wrapped = await wrap(ring, aad, material);
    expect(await unwrap(ring, aad, wrapped)).toEqual(material);
    expect(Buffer.from(wrapped).includes(Buffer.from(material))).toBe(false);
    expect((await failure(unwrap(ring, aad + 'x', wrapped))).exitCode).toBe(253);
    const bad = new Uint8Array(wrapped);
    bad[bad.length - 1]! ^= 1;
    expect((await failure(unwrap(ring, aad, bad))).exitCode).toBe(253);
  });

  it('material and record sealing use different keys', async () => {
    const wrapped = await wrap(ring, 'key/a', new TextEncoder().encode('"x"'));
    ring.close();
    raw((db) => db.prepare('INSERT INTO records VALUES (?, ?)').run('key/a', Buffer.from(wrapped)));
    ring = await openKeyring(deps(), { path, write: false });
    expect((await failure(get(ring, 'key/a'))).exitCode).toBe(253);
  });
});

describe('prefix scans', () => {
  it('computes the exclusive upper bound of a prefix', () => {
    expect(prefixUpperBound('key/')).toBe('key0');
    expect(prefixUpperBound('')).toBeUndefined();
    expect(prefixUpperBound('a\u{10ffff}')).toBe('b');
    expect(prefixUpperBound('\ud7ff')).toBe('\ue000');
  });

  it('list and count are range scans of the primary key', () => {
    raw((db) => {
      for (const sql of [SQL.list(true, true), SQL.list(false, true), SQL.count(true), SQL.get]) {
        const st = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
        const plan = (sql === SQL.get ? st.all('a') : st.all({ lo: 'a', hi: 'b', ...(sql.includes('LIMIT') ? { limit: 10 } : {}) }))
          .map((r: any) => r.detail)
          .join(' ');
        expect(plan, sql).toMatch(/SEARCH records USING PRIMARY KEY/);
        expect(plan, sql).not.toMatch(/TEMP B-TREE/);
      }
    });
  });
});
