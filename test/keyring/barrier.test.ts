// The barrier: records round-trip, tampering and swapping fail, prefix listing uses the index.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalError } from '../../src/errors.js';
import { keyringInit, openKeyring, type Keyring } from '../../src/keyring/index.js';
import { prefixUpperBound, SQL } from '../../src/keyring/sqlite-store.js';
import { CHEAP, failure, PASS, tempDir, testDeps } from './helpers.js';

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
  it('round-trips values through the codec', () => {
    const value = { KeyId: 'k', n: 3, bytes: new Uint8Array([1, 2, 3]), $bytes: 'x', list: [true, null] };
    ring.put('key/us-east-1/a', value);
    expect(ring.get('key/us-east-1/a')).toEqual(value);
    expect(ring.get('key/us-east-1/missing')).toBeUndefined();
    ring.delete('key/us-east-1/a');
    expect(ring.get('key/us-east-1/a')).toBeUndefined();
  });

  it('lists by prefix in name order with after and limit, and counts', () => {
    for (const n of ['key/b', 'key/a', 'key/c', 'keyz', 'alias/x', 'key0']) ring.put(n, n);
    expect(ring.list('key/').map((r) => r.name)).toEqual(['key/a', 'key/b', 'key/c']);
    expect(ring.list('key/', { after: 'key/a', limit: 1 })).toEqual([{ name: 'key/b', value: 'key/b' }]);
    expect(ring.list('key/', { after: 'a' }).length).toBe(3);
    expect(ring.list('').length).toBe(6);
    expect(ring.count('key/')).toBe(3);
    expect(ring.count('key')).toBe(5);
    expect(ring.count('')).toBe(6);
  });

  it('rolls back a failed transaction, nested ones included', () => {
    ring.put('a', 1);
    expect(() =>
      ring.transaction(() => {
        ring.put('a', 2);
        ring.transaction(() => ring.put('b', 1));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(ring.get('a')).toBe(1);
    expect(ring.get('b')).toBeUndefined();
    ring.transaction(() => {
      ring.put('a', 3);
      expect(() => ring.transaction(() => (ring.put('c', 1), fail()))).toThrow();
    });
    expect(ring.get('a')).toBe(3);
    expect(ring.get('c')).toBeUndefined();
  });
});

function fail(): never {
  throw new Error('inner');
}

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
    ring.put('key/a', { secret: 1 });
    ring.close();
    raw((db) => {
      const v = db.prepare('SELECT value FROM records WHERE name = ?').pluck().get('key/a') as Buffer;
      v[20] ^= 1;
      db.prepare('UPDATE records SET value = ? WHERE name = ?').run(v, 'key/a');
    });
    ring = await openKeyring(deps(), { path, write: false });
    const err = await failure(() => ring.get('key/a'));
    expect(err).toBeInstanceOf(LocalError);
    expect(err.exitCode).toBe(253);
    expect(err.message).toMatch(/integrity check/);
  });

  it('a value moved to another record name does not unseal (AAD = name)', async () => {
    ring.put('key/a', { owner: 'a' });
    ring.put('key/b', { owner: 'b' });
    ring.close();
    raw((db) => db.exec(`UPDATE records SET value = (SELECT value FROM records WHERE name = 'key/a') WHERE name = 'key/b'`));
    ring = await openKeyring(deps(), { path, write: false });
    expect(ring.get('key/a')).toEqual({ owner: 'a' });
    expect((await failure(() => ring.get('key/b'))).exitCode).toBe(253);
    expect((await failure(() => ring.list('key/'))).exitCode).toBe(253);
  });

  it('an unknown framing version, or a value that is not a blob, is refused', async () => {
    ring.put('key/a', 1);
    ring.put('key/b', 1);
    ring.close();
    raw((db) => db.exec(`UPDATE records SET value = CAST(X'02' || substr(value, 2) AS BLOB) WHERE name = 'key/a'`));
    raw((db) => db.exec(`UPDATE records SET value = 'text' WHERE name = 'key/b'`));
    ring = await openKeyring(deps(), { path, write: false });
    expect((await failure(() => ring.get('key/a'))).exitCode).toBe(253);
    expect((await failure(() => ring.get('key/b'))).exitCode).toBe(253);
  });
});

describe('material wrapping', () => {
  it('unwraps only with the same AAD and bytes', async () => {
    const material = new Uint8Array(32).fill(7);
    const aad = 'arn:aws:kms:us-east-1:111122223333:key/1234#m1';
    const wrapped = ring.wrapMaterial(aad, material);
    expect(ring.unwrapMaterial(aad, wrapped)).toEqual(material);
    expect(Buffer.from(wrapped).includes(Buffer.from(material))).toBe(false);
    expect((await failure(() => ring.unwrapMaterial(aad + 'x', wrapped))).exitCode).toBe(253);
    const bad = new Uint8Array(wrapped);
    bad[bad.length - 1]! ^= 1;
    expect((await failure(() => ring.unwrapMaterial(aad, bad))).exitCode).toBe(253);
  });

  it('material and record sealing use different keys', async () => {
    const wrapped = ring.wrapMaterial('key/a', new TextEncoder().encode('"x"'));
    ring.close();
    raw((db) => db.prepare('INSERT INTO records VALUES (?, ?)').run('key/a', Buffer.from(wrapped)));
    ring = await openKeyring(deps(), { path, write: false });
    expect((await failure(() => ring.get('key/a'))).exitCode).toBe(253);
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
