// The keyring file: creation and modes, strict parsing of foreign and damaged files, the KDF
// cap, wrong passphrases (file unchanged), passphrase sources, info and change-passphrase.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalError } from '../../src/errors.js';
import {
  keyringChangePassphrase,
  keyringInfo,
  keyringInit,
  openKeyring,
  resolveKeyringPath,
} from '../../src/keyring/index.js';
import { DEFAULT_KDF } from '../../src/keyring/seal.js';
import { CHEAP, count, failure, get, list, PASS, put, tempDir, testDeps } from './helpers.js';
import { ALL_KEYS_PREFIX } from '../../src/services/kms/records.js';

let t: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  t = tempDir();
  path = join(t.dir, 'sub', 'dir', 'keyring.db');
});
afterEach(() => t.cleanup());

const env = { KMS_PASSPHRASE: PASS };
async function makeRing(records: Record<string, unknown> = { 'key/us-east-1/a': { a: 1 } }): Promise<void> {
  await keyringInit(testDeps(env), { path, kdfLogN: CHEAP });
  const ring = await openKeyring(testDeps(env), { path, write: true });
  for (const [k, v] of Object.entries(records)) await put(ring, k, v);
  ring.close();
}

function expectConfigError(err: unknown, message: RegExp): void {
  expect(err).toBeInstanceOf(LocalError);
  const e = err as LocalError;
  expect(e.exitCode).toBe(253);
  expect(e.message).toMatch(message);
  expect(e.message).not.toMatch(/SQLITE|sqlite3|at .*\.js/);
}

describe('defaults', () => {
  it('scrypt defaults to N=2^17, r=8, p=1', () => {
    expect(DEFAULT_KDF).toEqual({ logN: 17, r: 8, p: 1 });
  });
});

describe('resolveKeyringPath', () => {
  it('follows KMS_KEYRING, the setting, XDG_CONFIG_HOME, then ~/.config', () => {
    expect(resolveKeyringPath({ KMS_KEYRING: '/k' }, '/s', '/h')).toBe('/k');
    expect(resolveKeyringPath({}, '/s', '/h')).toBe('/s');
    expect(resolveKeyringPath({ XDG_CONFIG_HOME: '/x' }, undefined, '/h')).toBe('/x/kms/keyring.db');
    expect(resolveKeyringPath({}, undefined, '/h')).toBe('/h/.config/kms/keyring.db');
  });
});

describe('creation', () => {
  it('creates the file 0600 in a new 0700 folder, leaving existing parents alone', async () => {
    mkdirSync(join(t.dir, 'sub'), { mode: 0o755 });
    chmodSync(join(t.dir, 'sub'), 0o755);
    const info = await keyringInit(testDeps(env), { path, kdfLogN: CHEAP, keyPrefix: ALL_KEYS_PREFIX });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(t.dir, 'sub', 'dir')).mode & 0o777).toBe(0o700);
    expect(statSync(join(t.dir, 'sub')).mode & 0o777).toBe(0o755);
    expect(info).toMatchObject({ path, formatVersion: 1, kdf: { name: 'scrypt', logN: CHEAP, r: 8, p: 1 }, keyCount: 0 });
    expect(info.created).toBe('2026-11-28T12:00:00.000Z');
    expect(info.keyringId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses to init over an existing keyring', async () => {
    await makeRing();
    expectConfigError(await failure(keyringInit(testDeps(env), { path, kdfLogN: CHEAP })), /already exists/);
  });

  it('refuses a KDF cost outside 10..20 at init', async () => {
    const err = await failure(keyringInit(testDeps(env), { path, kdfLogN: 9 }));
    expect(err.exitCode).toBe(252);
  });

  it('a missing file opened read-only is an empty store and asks nothing', async () => {
    const deps = testDeps({});
    const ring = await openKeyring(deps, { path, write: false });
    expect((await get(ring, 'key/a'))).toBeUndefined();
    expect((await list(ring, 'key/'))).toEqual([]);
    expect((await count(ring, ''))).toBe(0);
    expect(deps.prompts).toEqual([]);
    expectConfigError(await failure(put(ring, 'key/a', 1)), /no keyring/);
    expect(existsSync(path)).toBe(false);
  });

  it('a missing file opened for writing is created, asking the passphrase twice', async () => {
    const deps = testDeps({}, ['s3cret', 's3cret']);
    const ring = await openKeyring(deps, { path, write: true, kdfLogN: CHEAP });
    await put(ring, 'key/a', 1);
    ring.close();
    expect(deps.prompts.length).toBe(2);
    const again = await openKeyring(testDeps({ KMS_PASSPHRASE: 's3cret' }), { path, write: false });
    expect((await get(again, 'key/a'))).toBe(1);
    again.close();
  });

  it('refuses mismatched or empty prompted passphrases', async () => {
    expectConfigError(await failure(openKeyring(testDeps({}, ['a', 'b']), { path, write: true })), /did not match/);
    expectConfigError(await failure(openKeyring(testDeps({}, ['']), { path, write: true })), /empty/);
    expect(existsSync(path)).toBe(false);
  });

  it('with no source and no terminal, says how to give a passphrase', async () => {
    const err = await failure(openKeyring(testDeps({}), { path, write: true }));
    expectConfigError(err, /no terminal/);
    expect(err.hints.join('\n')).toMatch(/KMS_PASSPHRASE[\s\S]*--passphrase-file[\s\S]*kms keyring unlock/);
  });
});

describe('passphrase sources', () => {
  it('prefers --passphrase-file (first line, CR/LF stripped) over KMS_PASSPHRASE', async () => {
    await makeRing();
    const file = join(t.dir, 'pass.txt');
    writeFileSync(file, `${PASS}\r\nsecond line\n`);
    const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: 'wrong' }), { path, passphraseFile: file, write: false });
    expect((await get(ring, 'key/us-east-1/a'))).toEqual({ a: 1 });
    ring.close();
  });

  it('falls back to the prompt, asked once when opening', async () => {
    await makeRing();
    const deps = testDeps({}, [PASS]);
    (await openKeyring(deps, { path, write: false })).close();
    expect(deps.prompts).toEqual(['Passphrase: ']);
  });
});

describe('wrong passphrase', () => {
  it('is one exit-253 "incorrect passphrase" error and leaves the file byte for byte', async () => {
    await makeRing();
    const before = readFileSync(path);
    const err = await failure(openKeyring(testDeps({ KMS_PASSPHRASE: 'nope' }), { path, write: true }));
    expectConfigError(err, /^incorrect passphrase$/);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(existsSync(`${path}-wal`)).toBe(false);
    const err2 = await failure(keyringChangePassphrase(testDeps({ KMS_PASSPHRASE: 'nope', KMS_NEW_PASSPHRASE: 'x' }), { path }));
    expectConfigError(err2, /^incorrect passphrase$/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('an altered header field gives the same error (the MK wrap binds the header)', async () => {
    await makeRing();
    const db = new Database(path);
    db.exec('UPDATE header SET created = created + 1');
    db.close();
    expectConfigError(await failure(openKeyring(testDeps(env), { path, write: false })), /^incorrect passphrase$/);
  });
});

describe('foreign and damaged files', () => {
  const cases: [string, () => void, RegExp][] = [
    ['random bytes', () => writeFileSync(path, randomBytes(4096)), /not a kms keyring/],
    ['an empty file', () => writeFileSync(path, ''), /not a kms keyring/],
    ['a text file', () => writeFileSync(path, 'hello\n'), /not a kms keyring/],
    [
      'another SQLite database',
      () => {
        const db = new Database(path);
        db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)');
        db.close();
      },
      /not a kms keyring/,
    ],
  ];
  for (const [what, make, message] of cases) {
    it(`refuses ${what} cleanly and leaves it unchanged`, async () => {
      mkdirSync(join(t.dir, 'sub', 'dir'), { recursive: true });
      make();
      const before = readFileSync(path);
      for (const write of [true, false]) {
        const err = await failure(openKeyring(testDeps(env), { path, write }));
        expectConfigError(err, message);
        expect(err.hints.length).toBeGreaterThan(0);
      }
      expectConfigError(await failure(keyringInfo({}, { path })), message);
      expect(readFileSync(path).equals(before)).toBe(true);
    });
  }

  it('refuses an unknown format version', async () => {
    await makeRing();
    const db = new Database(path);
    db.exec('UPDATE header SET format_version = 2');
    db.close();
    const err = await failure(openKeyring(testDeps(env), { path, write: false }));
    expectConfigError(err, /format version 2/);
    expect(err.hints[0]).toMatch(/upgrade/);
  });

  it('refuses a truncated file', async () => {
    const records: Record<string, unknown> = {};
    for (let i = 0; i < 300; i++) records[`key/us-east-1/${i}`] = { pad: 'x'.repeat(200) };
    await makeRing(records);
    const size = statSync(path).size;
    truncateSync(path, Math.floor(size / 2));
    expectConfigError(await failure(openKeyring(testDeps(env), { path, write: false })), /damaged/);
    truncateSync(path, 50);
    expectConfigError(await failure(openKeyring(testDeps(env), { path, write: false })), /not a kms keyring/);
  });

  it('caps the KDF parameters read from a file', async () => {
    await makeRing();
    for (const [col, value, message] of [
      ['kdf_log_n', 21, /log2 N must be 10..20, found 21/],
      ['kdf_log_n', 9, /log2 N/],
      ['kdf_r', 33, /r must be 1..32/],
      ['kdf_p', 17, /p must be 1..16/],
      ['kdf_p', 0, /p must be/],
      ['kdf_r', 8.5, /r must be/],
    ] as const) {
      const copy = join(t.dir, `cap-${col}-${value}.db`);
      writeFileSync(copy, readFileSync(path));
      const db = new Database(copy);
      db.prepare(`UPDATE header SET ${col} = ?`).run(value);
      db.close();
      const started = Date.now();
      const err = await failure(openKeyring(testDeps(env), { path: copy, write: false }));
      expectConfigError(err, message);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });
});

describe('info and change-passphrase', () => {
  it('info counts key/ records without a passphrase', async () => {
    await makeRing({ 'key/us-east-1/a': 1, 'key/eu-west-1/b': 2, 'alias/us-east-1/alias/x': 3 });
    const deps = testDeps({});
    const info = await keyringInfo(deps, { path, keyPrefix: ALL_KEYS_PREFIX });
    expect(info.keyCount).toBe(2);
    expect(deps.prompts).toEqual([]);
    expectConfigError(await failure(keyringInfo(deps, { path: join(t.dir, 'none.db') })), /no keyring/);
  });

  it('rewraps MK only, keeps the KDF cost unless told, and the old passphrase stops working', async () => {
    await makeRing();
    const info = await keyringChangePassphrase(testDeps({ ...env, KMS_NEW_PASSPHRASE: 'new one' }), { path });
    expect(info.kdf.logN).toBe(CHEAP);
    expectConfigError(await failure(openKeyring(testDeps(env), { path, write: false })), /incorrect passphrase/);
    const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: 'new one' }), { path, write: false });
    expect((await get(ring, 'key/us-east-1/a'))).toEqual({ a: 1 });
    ring.close();
    const newFile = join(t.dir, 'new.txt');
    writeFileSync(newFile, 'third\n');
    const deps = testDeps({ KMS_PASSPHRASE: 'new one' });
    const info2 = await keyringChangePassphrase(deps, { path, newPassphraseFile: newFile, kdfLogN: 11 });
    expect(info2.kdf.logN).toBe(11);
    expect(info2.keyringId).toBe(info.keyringId);
    expect(await get(await openKeyring(testDeps({ KMS_PASSPHRASE: 'third' }), { path, write: false }), 'key/us-east-1/a')).toEqual({ a: 1 });
  });

  it('asks for a new passphrase twice on the terminal', async () => {
    await makeRing();
    const deps = testDeps(env, ['n1', 'n2']);
    expectConfigError(await failure(keyringChangePassphrase(deps, { path })), /did not match/);
    expect(deps.prompts).toEqual(['New passphrase: ', 'Confirm passphrase: ']);
  });
});
