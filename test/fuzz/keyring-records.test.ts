// Fuzzing what the keyring reads back: the record codec (src/keyring/codec.ts), the barrier's unseal
// of altered, moved and foreign rows (src/keyring/barrier.ts), and the keyring file itself (its
// header row and its bytes, src/keyring/file-format.ts). A value reads back exactly as written; any
// other row or file is the one opaque configuration error (exit 253), and nothing changes on disk.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, LocalError } from '../../src/errors.js';
import { SealedStore } from '../../src/keyring/barrier.js';
import { decodeRecord, encodeRecord } from '../../src/keyring/codec.js';
import { openKeyringFile } from '../../src/keyring/file-format.js';
import { keyringInit, openKeyring } from '../../src/keyring/index.js';
import { MemoryByteStore } from '../../src/keyring/memory-store.js';
import { masterKeys, seal, utf8 } from '../../src/keyring/seal.js';
import { CHEAP, PASS, testDeps } from '../keyring/helpers.js';
import { applyByteEdits, byteEdits, errorOf, fuzz, hostileKey, hostileString, junkBytes, mutatedBytes, outcome, outcomeAsync, setOwn } from './support.js';

const random = (n: number) => new Uint8Array(randomBytes(n));

/** What the engine stores: JSON values, bytes, no undefined, no -0, no non-finite numbers. */
const storedValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown; list: unknown[]; map: Record<string, unknown> }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
    hostileString,
    fc.uint8Array({ maxLength: 40 }),
    tie('list'),
    tie('map'),
  ),
  list: fc.array(tie('v'), { maxLength: 4 }),
  map: fc
    .array(fc.tuple(fc.oneof(hostileKey, fc.constantFrom('$bytes', '$$bytes', '$', '$$', '$x')), tie('v')), { maxLength: 4 })
    .map((entries) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of entries) setOwn(o, k, v);
      return o;
    }),
})).v;

/** Own entries at every depth, so that a key that became a prototype cannot compare equal. */
function shape(v: unknown): unknown {
  if (v instanceof Uint8Array) return { bytes: Buffer.from(v).toString('hex') };
  if (Array.isArray(v)) return v.map(shape);
  if (v !== null && typeof v === 'object') {
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    return Object.keys(v).map((k) => [k, shape((v as Record<string, unknown>)[k])]);
  }
  return v;
}

function expectTampered(err: Error, what: RegExp): void {
  expect(err).toBeInstanceOf(LocalError);
  expect((err as LocalError).exitCode).toBe(EXIT.config);
  expect(err.message).toMatch(what);
}

describe('record codec', () => {
  it('any stored value reads back exactly, keys such as "__proto__" and "$bytes" included', async () => {
    await fuzz('keyring: codec round trip', 1500, storedValue, (value) => {
      expect(shape(decodeRecord(encodeRecord(value)))).toEqual(shape(value));
    });
  });

  it('a key named "__proto__" survives the codec (regression: it was dropped, or became the prototype)', () => {
    const ctx: Record<string, unknown> = { a: '1' };
    setOwn(ctx, '__proto__', { KeyId: 'x' });
    const back = decodeRecord<Record<string, Record<string, unknown>>>(encodeRecord({ EncryptionContextEquals: ctx }));
    expect(Object.getPrototypeOf(back.EncryptionContextEquals)).toBe(Object.prototype);
    expect(Object.entries(back.EncryptionContextEquals!)).toEqual([['a', '1'], ['__proto__', { KeyId: 'x' }]]);
    expect((back.EncryptionContextEquals as { KeyId?: unknown }).KeyId).toBeUndefined();
  });
});

describe('the barrier', () => {
  const mk = random(32);
  const rows = new MemoryByteStore();
  const store = new SealedStore(rows, mk, random, '/tmp/keyring.db');
  const keys = masterKeys(mk);
  const putRow = (name: string, bytes: Uint8Array) => rows.transaction(async (tx) => tx.put(name, bytes));
  const getRow = (name: string) => rows.read((r) => r.get(name));
  const read = (name: string) => outcomeAsync(() => store.read((r) => r.get(name)));

  it('any edit of a sealed row, or a row moved to another name, is the integrity error; the row as sealed reads back', async () => {
    let n = 0;
    const input = fc.record({ value: storedValue, edit: fc.option(byteEdits, { nil: undefined }), move: fc.boolean() });
    await fuzz('keyring: barrier tampering', 600, input, async ({ value, edit, move }) => {
      const name = `key/us-east-1/${n++}`;
      await store.transaction(async (tx) => tx.put(name, value as never));
      const sealed = (await getRow(name))!;
      let target = name;
      let bytes = sealed;
      if (edit) bytes = applyByteEdits(sealed, edit);
      if (move) target = `${name}/moved`;
      if (edit || move) await putRow(target, bytes);
      const r = await read(target);
      if (!move && Buffer.from(bytes).equals(Buffer.from(sealed))) {
        expect(r.ok && shape(r.value)).toEqual(shape(value));
        return 'intact';
      }
      expect(r.ok).toBe(false);
      expectTampered(errorOf(r), new RegExp(`^the keyring /tmp/keyring.db failed an integrity check \\(record ${target.replace(/[/.]/g, '\\$&')}\\)$`));
      return 'tampered';
    });
  });

  it('a row sealed under the master key whose plaintext is not a record is the integrity error (regression: SyntaxError)', async () => {
    let n = 0;
    await fuzz('keyring: sealed junk', 600, fc.oneof(junkBytes(200), hostileString.map((s) => utf8(s))), async (plain) => {
      const name = `junk/${n++}`;
      await putRow(name, seal(keys.records, utf8(name), plain, random));
      const r = await read(name);
      if (r.ok) {
        // only text that is a record: JSON as the codec writes it
        expect(() => JSON.parse(Buffer.from(plain).toString('utf8'))).not.toThrow();
        return 'a record';
      }
      expectTampered(r.error, /failed an integrity check \(record junk\/\d+\)$/);
      return 'refused';
    });
  });

  it('wrapped key material with any edit does not unwrap', async () => {
    const material = random(32);
    const wrapped = await store.transaction(async (tx) => tx.wrapMaterial('arn:aws:kms:us-east-1:1:key/k/v1', material));
    await fuzz('keyring: wrapped material', 600, mutatedBytes(wrapped), async (bytes) => {
      const r = await outcomeAsync(() => store.read(async (v) => v.unwrapMaterial('arn:aws:kms:us-east-1:1:key/k/v1', bytes)));
      if (Buffer.from(bytes).equals(Buffer.from(wrapped))) return expect(r.ok && Buffer.from(r.value).equals(material)).toBe(true);
      expectTampered(errorOf(r), /failed an integrity check \(key material\)$/);
    });
  });
});

describe('the keyring file', () => {
  let dir: string;
  let template: string;
  let original: Buffer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kms-fuzz-keyring-'));
    template = join(dir, 'template.db');
    await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path: template, kdfLogN: CHEAP });
    const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path: template, write: true });
    await ring.transaction(async (tx) => tx.put('key/us-east-1/a', { KeyId: 'a', bytes: random(32) }));
    ring.close();
    original = readFileSync(template);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const HEADER_COLUMNS = ['format_version', 'kdf_name', 'kdf_log_n', 'kdf_r', 'kdf_p', 'kdf_salt', 'wrapped_mk', 'keyring_id', 'created'];
  const sqlValue = fc.oneof(fc.constant(null), fc.integer({ min: -5, max: 40 }), fc.constantFrom(2 ** 53, -1, 1e300, 0.5), hostileString, fc.uint8Array({ maxLength: 70 }).map((b) => Buffer.from(b)));

  it('any header row value (of any SQL type) opens or is one configuration error, and leaves the file as it was', async () => {
    let n = 0;
    const input = fc.tuple(fc.array(fc.tuple(fc.constantFrom(...HEADER_COLUMNS), sqlValue), { minLength: 1, maxLength: 3 }), fc.constantFrom('one', 'one', 'none', 'two'));
    await fuzz('keyring: header row', 40, input, ([edits, rows]) => {
      const path = join(dir, `h${n++}.db`);
      copyFileSync(template, path);
      const db = new Database(path);
      // the table as a hostile file may hold it: no NOT NULL, so a column may hold any type or none
      db.exec('CREATE TABLE h2 AS SELECT * FROM header; DROP TABLE header; ALTER TABLE h2 RENAME TO header');
      if (rows === 'none') db.exec('DELETE FROM header');
      if (rows === 'two') db.exec('INSERT INTO header SELECT * FROM header');
      for (const [column, value] of edits) db.prepare(`UPDATE header SET ${column} = ?`).run(value);
      db.close();
      const before = readFileSync(path);
      const r = outcome(() => openKeyringFile(path));
      if (r.ok) {
        r.value.db.close();
        return 'opened';
      }
      expect((r.error as LocalError).exitCode).toBe(EXIT.config);
      expect(readFileSync(path).equals(before)).toBe(true);
      return 'refused';
    });
  });

  it('any edit of the file\'s bytes opens and reads, or is one configuration error, and leaves the file as it was', async () => {
    let n = 0;
    await fuzz('keyring: file bytes', 8, mutatedBytes(original), async (bytes) => {
      const path = join(dir, `f${n++}.db`);
      writeFileSync(path, bytes);
      const r = await outcomeAsync(async () => {
        const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path, write: false });
        try {
          return await ring.read((v) => v.list(''));
        } finally {
          ring.close();
        }
      });
      if (!r.ok) {
        expect((r.error as LocalError).exitCode).toBe(EXIT.config);
        expect(readFileSync(path).equals(Buffer.from(bytes))).toBe(true);
        return 'refused';
      }
      return 'read';
    });
  });
});
