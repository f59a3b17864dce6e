// `kms keyring backup` and `kms keyring verify` in process: a backup of a keyring that another
// process writes all the while is one committed state (the writer's counter equals its records),
// opens with the same passphrase and verifies; verify names the first record whose seal or key
// material fails, and SQLite's own check catches a damaged page.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalError } from '../../src/errors.js';
import { openKeyringFile } from '../../src/keyring/file-format.js';
import { keyringBackup, keyringInit, keyringVerify, openKeyring } from '../../src/keyring/index.js';
import { unwrapMasterKey } from '../../src/keyring/master-key.js';
import { SqliteKeyring } from '../../src/keyring/sqlite-store.js';
import { verifyKeyRecord } from '../../src/services/kms/verify.js';
import { CHEAP, failure, PASS, tempDir, testDeps } from './helpers.js';

const DIST = resolve(import.meta.dirname, '../../dist/keyring/index.js');
const WRITER = resolve(import.meta.dirname, 'writer.mjs');
const t = tempDir();
afterAll(() => t.cleanup());
const deps = () => testDeps({ KMS_PASSPHRASE: PASS });
let n = 0;

async function newKeyring(): Promise<string> {
  const path = join(t.dir, `k${n++}.db`);
  await keyringInit(deps(), { path, kdfLogN: CHEAP });
  return path;
}

/** A key record as the KMS service writes it, with `materials` wrapped under `<Arn>#<id>`. */
async function plantKey(path: string, id: string): Promise<void> {
  const ring = await openKeyring(deps(), { path, write: true });
  try {
    await ring.transaction(async (tx) => {
      const Arn = `arn:aws:kms:us-east-1:111122223333:key/${id}`;
      const materials = ['m1', 'm2'].map((m) => ({ id: m, wrapped: tx.wrapMaterial(`${Arn}#${m}`, new Uint8Array(32).fill(7)), state: 'CURRENT' }));
      tx.put(`key/us-east-1/${id}`, { Arn, KeyId: id, materials });
      tx.put(`alias/us-east-1/alias/${id}`, { target: id });
    });
  } finally {
    ring.close();
  }
}

/** Runs `fn` on the keyring's rows with its real master key (to plant what only kms could write). */
async function withMasterKey(path: string, fn: (ring: SqliteKeyring) => Promise<void>): Promise<void> {
  const { db, header } = openKeyringFile(path);
  const mk = await unwrapMasterKey(PASS, header, 'KMS_PASSPHRASE');
  const ring = new SqliteKeyring(path, db, mk, deps().random);
  try {
    await fn(ring);
  } finally {
    ring.close();
  }
}

const verify = (path: string) => keyringVerify(deps(), { path, checkRecord: verifyKeyRecord });

describe('kms keyring backup', () => {
  it('copies a keyring that another process writes meanwhile into one committed state that opens with the same passphrase', async () => {
    const path = await newKeyring();
    const writer = spawn(process.execPath, [WRITER, DIST, path, 'w', 'forever'], { env: { ...process.env, KMS_PASSPHRASE: PASS }, stdio: ['ignore', 'pipe', 'inherit'] });
    // wait until the writer is well under way, then take backups while it writes
    let progress = '';
    await new Promise<void>((ok) => writer.stdout.on('data', (d: Buffer) => ((progress += String(d)), /(^|\n)20\n/.test(progress) ? ok() : undefined)));
    const copies: string[] = [];
    for (let i = 0; i < 3; i++) {
      const to = join(t.dir, `copy-${n}-${i}.db`);
      const info = await keyringBackup(deps(), { path, to });
      expect(info.path).toBe(to);
      copies.push(to);
    }
    writer.kill('SIGKILL');
    await new Promise((ok) => writer.once('exit', ok));
    let last = 0;
    for (const to of copies) {
      const ring = await openKeyring(deps(), { path: to, write: false });
      try {
        const counter = await ring.read((r) => r.get<number>('counter'));
        const records = await ring.read((r) => r.count('key/w/'));
        // one committed state: every transaction of the writer is in it whole, or not at all
        expect(counter).toBe(records);
        expect(records).toBeGreaterThanOrEqual(last);
        last = records;
      } finally {
        ring.close();
      }
      expect((await verify(to)).records).toBeGreaterThan(0);
      expect(readFileSync(to).length).toBeGreaterThan(0);
    }
    expect(last).toBeGreaterThanOrEqual(20);
  });

  it('refuses a file that exists and leaves it as it was', async () => {
    const path = await newKeyring();
    const to = join(t.dir, 'taken.db');
    writeFileSync(to, 'mine');
    const err = await failure(keyringBackup(deps(), { path, to }));
    expect(err).toBeInstanceOf(LocalError);
    expect(err.exitCode).toBe(253);
    expect(err.message).toBe(`${to} already exists`);
    expect(readFileSync(to, 'utf8')).toBe('mine');
  });

  it('leaves no temporary file behind when it fails (no folder to write in)', async () => {
    const path = await newKeyring();
    const err = await failure(keyringBackup(deps(), { path, to: join(t.dir, 'no-such-folder', 'b.db') }));
    expect(err.exitCode).toBe(253);
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('kms keyring verify', () => {
  it('opens every record under its name and unwraps every key material', async () => {
    const path = await newKeyring();
    await plantKey(path, 'k1');
    await plantKey(path, 'k2');
    expect(await verify(path)).toEqual({ path, records: 4, checked: 4 });
  });

  it('names the record whose sealed value was altered', async () => {
    const path = await newKeyring();
    await plantKey(path, 'k1');
    const db = new Database(path);
    const row = db.prepare("SELECT value FROM records WHERE name = 'alias/us-east-1/alias/k1'").get() as { value: Buffer };
    row.value[row.value.length - 1] ^= 1;
    db.prepare("UPDATE records SET value = ? WHERE name = 'alias/us-east-1/alias/k1'").run(row.value);
    db.close();
    const err = await failure(verify(path));
    expect(err.exitCode).toBe(253);
    expect(err.message).toBe(`the keyring ${path} failed an integrity check (record alias/us-east-1/alias/k1)`);
  });

  it('names a record moved to another name (its name is the seal\'s AAD)', async () => {
    const path = await newKeyring();
    await plantKey(path, 'k1');
    const db = new Database(path);
    db.prepare("UPDATE records SET name = 'alias/us-east-1/alias/zz' WHERE name = 'alias/us-east-1/alias/k1'").run();
    db.close();
    expect((await failure(verify(path))).message).toMatch(/\(record alias\/us-east-1\/alias\/zz\)$/);
  });

  it('names the key record whose wrapped material does not unwrap, though its own seal opens', async () => {
    const path = await newKeyring();
    await plantKey(path, 'k1');
    await withMasterKey(path, (ring) =>
      ring.transaction(async (tx) => {
        const key = (await tx.get<{ materials: { wrapped: Uint8Array }[] }>('key/us-east-1/k1'))!;
        key.materials[1]!.wrapped[20]! ^= 1;
        tx.put('key/us-east-1/k1', key as never);
      }),
    );
    const err = await failure(verify(path));
    expect(err.exitCode).toBe(253);
    expect(err.message).toBe(`the keyring ${path} failed verification: key material inside record key/us-east-1/k1 does not open`);
  });

  it('reports SQLite\'s integrity check when a page of the file is damaged', async () => {
    const path = await newKeyring();
    for (let i = 0; i < 30; i++) await plantKey(path, `key-${i}`);
    // the records table's index pages hold the names: damage one in the middle of the file
    const bytes = readFileSync(path);
    const page = 4096;
    const at = page * 3 + 200;
    bytes.fill(0x41, at, at + 64);
    writeFileSync(path, bytes);
    const err = await failure(verify(path));
    expect(err.exitCode).toBe(253);
    expect(err.message).toMatch(/damaged|integrity check/);
  });

  it('needs the passphrase: a wrong one is refused before anything is read', async () => {
    const path = await newKeyring();
    const err = await failure(keyringVerify(testDeps({ KMS_PASSPHRASE: 'wrong' }), { path }));
    expect(err.exitCode).toBe(253);
    expect(existsSync(path)).toBe(true);
  });
});
