// The keyring's entry points for the CLI and the server: locate, create, open, describe,
// re-key, unlock and lock. Returns data; never prints. Must not import src/cli or the engine's services.

import { chmodSync, closeSync, constants, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Deps } from '../deps.js';
import { configError, LocalError, usageError } from '../errors.js';
import { damaged, initKeyringFile, openKeyringFile, rewriteHeaderKdf, sqliteFailure, type Header } from './file-format.js';
export { writeProtection } from './file-format.js';
import { newHeaderFields, unwrapMasterKey, wrapMasterKey } from './master-key.js';
import { getPassphrase, type Passphrase } from './passphrase.js';
import { createSession, endSessions, openSession, parseDuration, sessionKeyringId } from './session.js';
import { DEFAULT_KDF, KDF_CAPS, type KdfParams } from './seal.js';
import { countPrefix, EmptyKeyring, SqliteKeyring, type Keyring } from './sqlite-store.js';
import type { RecordReader } from '../engine/store.js';

export type { Keyring } from './sqlite-store.js';
export type { KdfParams } from './seal.js';
export { parseDuration } from './session.js';
export { promptSecretFromTty } from './prompt.js';

/** What the keyring functions need from the outside world. */
export type KeyringDeps = Pick<Deps, 'env' | 'clock' | 'random' | 'promptSecret'>;

/** What `kms keyring info` shows: no secrets. */
export interface KeyringInfo {
  path: string;
  formatVersion: number;
  kdf: { name: 'scrypt' } & KdfParams;
  keyringId: string;
  /**
   * Count of records under the `keyPrefix` asked for (KMS's keys: src/services/kms/records.ts);
   * names are not secret, so no passphrase is needed. Absent when no prefix was asked for.
   */
  keyCount?: number;
  /** ISO 8601 */
  created: string;
}

/** DESIGN §2: $KMS_KEYRING, else the `keyring` setting, else $XDG_CONFIG_HOME/kms, else ~/.config/kms. */
export function resolveKeyringPath(env: Deps['env'], settingPath: string | undefined, homedir: string): string {
  if (env.KMS_KEYRING) return env.KMS_KEYRING;
  if (settingPath) return settingPath;
  const config = env.XDG_CONFIG_HOME || join(homedir, '.config');
  return join(config, 'kms', 'keyring.db');
}

const passphraseReq = (file: string | undefined, confirm: boolean) =>
  ({ file, envName: 'KMS_PASSPHRASE', prompt: 'Passphrase: ', confirm, flag: '--passphrase-file' }) as const;

/**
 * Opens the keyring at `path`. With KMS_SESSION set (and no --passphrase-file) the KDF is skipped.
 * A missing file is created when `write` (asking for the passphrase twice); otherwise an empty,
 * read-only store is returned without asking for anything. `kdfLogN` is the cost of a created file.
 */
export async function openKeyring(
  deps: KeyringDeps,
  opts: { path: string; passphraseFile?: string; write: boolean; kdfLogN?: number },
): Promise<Keyring> {
  if (!existsSync(opts.path)) {
    if (!opts.write) return new EmptyKeyring(opts.path);
    const logN = checkLogN(opts.kdfLogN) ?? DEFAULT_KDF.logN;
    const pass = await getPassphrase(deps, passphraseReq(opts.passphraseFile, true));
    const created = await createKeyringFile(deps, opts.path, pass, { ...DEFAULT_KDF, logN });
    if (created) return withFile(opts.path, (db) => new SqliteKeyring(opts.path, db, created, deps.random));
    // Another process created it first: open theirs, with the passphrase we were given.
    return openExisting(deps, opts.path, pass);
  }
  return openExisting(deps, opts.path, opts.passphraseFile);
}

async function openExisting(deps: KeyringDeps, path: string, pass: string | Passphrase | undefined): Promise<Keyring> {
  const { db, header, writeProtected } = openKeyringFile(path);
  try {
    let mk: Uint8Array;
    const session = deps.env.KMS_SESSION;
    if (pass === undefined && session) {
      mk = openSession(deps, session, header.keyringId);
    } else {
      const p = typeof pass === 'object' ? pass : await getPassphrase(deps, passphraseReq(pass, false));
      mk = await unwrapMasterKey(p.value, header, p.source);
    }
    const ring = new SqliteKeyring(path, db, mk, deps.random, writeProtected);
    mk.fill(0);
    return ring;
  } catch (err) {
    db.close();
    throw err;
  }
}

function withFile<T>(path: string, fn: (db: ReturnType<typeof openKeyringFile>['db'], h: Header) => T): T {
  const { db, header } = openKeyringFile(path);
  try {
    return fn(db, header);
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Builds the keyring in a 0600 temporary file beside `path`, then links it into place, so no
 * process ever sees a half-made keyring. Returns MK, or undefined when `path` appeared meanwhile.
 */
async function createKeyringFile(deps: KeyringDeps, path: string, pass: Passphrase, kdf: KdfParams): Promise<Uint8Array | undefined> {
  const dir = dirname(path);
  if (!existsSync(dir)) {
    // The folder is created 0700 (DESIGN §2); existing parent folders are left as they are.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
  const tmp = join(dir, `.${basename(path)}.${Buffer.from(deps.random(8)).toString('hex')}.tmp`);
  const mk = deps.random(32);
  const fields = newHeaderFields(kdf, deps.random, deps.clock.now());
  const header: Header = { ...fields, wrappedMk: await wrapMasterKey(pass.value, fields, mk, deps.random) };
  try {
    closeSync(openSync(tmp, 'wx', 0o600));
    chmodSync(tmp, 0o600);
    initKeyringFile(tmp, header);
    try {
      linkSync(tmp, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return undefined;
      copyFileSync(tmp, path, constants.COPYFILE_EXCL); // filesystems without hard links
      chmodSync(path, 0o600);
    }
    return mk;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw sqliteOrFs(path, err);
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
}

function sqliteOrFs(path: string, err: unknown) {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && !code.startsWith('SQLITE_')) {
    return configError(`cannot create the keyring ${path} (${code})`, 'check that you may write to its folder');
  }
  return sqliteFailure(path, err);
}

function checkLogN(logN: number | undefined): KdfParams['logN'] | undefined {
  if (logN === undefined) return undefined;
  if (!Number.isInteger(logN) || logN < KDF_CAPS.minLogN || logN > KDF_CAPS.maxLogN) {
    throw usageError(`the KDF cost (log2 N) must be an integer from ${KDF_CAPS.minLogN} to ${KDF_CAPS.maxLogN}, not ${logN}`);
  }
  return logN;
}

/** `kms keyring init`: creates a new keyring; refuses if one exists. */
export async function keyringInit(
  deps: KeyringDeps,
  opts: { path: string; passphraseFile?: string; kdfLogN?: number; keyPrefix?: string },
): Promise<KeyringInfo> {
  const logN = checkLogN(opts.kdfLogN) ?? DEFAULT_KDF.logN;
  if (existsSync(opts.path)) throw alreadyExists(opts.path);
  const pass = await getPassphrase(deps, passphraseReq(opts.passphraseFile, true));
  const mk = await createKeyringFile(deps, opts.path, pass, { ...DEFAULT_KDF, logN });
  if (mk === undefined) throw alreadyExists(opts.path);
  mk.fill(0);
  return keyringInfo(deps, { path: opts.path, keyPrefix: opts.keyPrefix });
}

const alreadyExists = (path: string) =>
  configError(`a keyring already exists at ${path}`, 'use `kms keyring change-passphrase` to change its passphrase');

const noKeyring = (path: string) =>
  configError(`no keyring at ${path}`, 'run `kms keyring init` to create one, or set KMS_KEYRING to its path');

/** `kms keyring info`: header facts and the count of records under `keyPrefix`; needs no passphrase. */
export async function keyringInfo(_deps: Partial<KeyringDeps>, opts: { path: string; keyPrefix?: string }): Promise<KeyringInfo> {
  if (!existsSync(opts.path)) throw noKeyring(opts.path);
  return withFile(opts.path, (db, h) => {
    try {
      const keyCount = opts.keyPrefix === undefined ? undefined : countPrefix((sql) => db.prepare(sql), opts.keyPrefix);
      return {
        path: opts.path,
        formatVersion: h.formatVersion,
        kdf: { name: h.kdfName, ...h.kdf },
        keyringId: h.keyringId,
        keyCount,
        created: new Date(h.created).toISOString(),
      };
    } catch (err) {
      throw sqliteFailure(opts.path, err);
    } finally {
      db.close();
    }
  });
}

/** `kms keyring change-passphrase`: rewraps MK only; KDF cost kept unless kdfLogN is given. */
export async function keyringChangePassphrase(
  deps: KeyringDeps,
  opts: { path: string; passphraseFile?: string; newPassphraseFile?: string; kdfLogN?: number; keyPrefix?: string },
): Promise<KeyringInfo> {
  const logN = checkLogN(opts.kdfLogN);
  if (!existsSync(opts.path)) throw noKeyring(opts.path);
  const { db, header } = openKeyringFile(opts.path);
  try {
    const old = await getPassphrase(deps, passphraseReq(opts.passphraseFile, false));
    const mk = await unwrapMasterKey(old.value, header, old.source);
    const next = await getPassphrase(deps, {
      file: opts.newPassphraseFile,
      envName: 'KMS_NEW_PASSPHRASE',
      prompt: 'New passphrase: ',
      confirm: true,
      flag: '--new-passphrase-file',
    });
    const fields = { ...header, kdf: { ...header.kdf, logN: logN ?? header.kdf.logN }, salt: deps.random(32) };
    const wrapped = await wrapMasterKey(next.value, fields, mk, deps.random);
    mk.fill(0);
    try {
      db.transaction(() => {
        const now = db.prepare('SELECT wrapped_mk FROM header').pluck().get() as Buffer;
        if (!now.equals(Buffer.from(header.wrappedMk))) {
          throw configError('the keyring passphrase was changed by another process meanwhile', 'run the command again');
        }
        rewriteHeaderKdf(db, fields.kdf, fields.salt, wrapped);
      }).immediate();
    } catch (err) {
      throw sqliteFailure(opts.path, err);
    }
  } finally {
    db.close();
  }
  return keyringInfo(deps, { path: opts.path, keyPrefix: opts.keyPrefix });
}

/** `kms keyring unlock`: pays the KDF once; returns POSIX sh text that sets KMS_SESSION. */
export async function keyringUnlock(
  deps: KeyringDeps,
  opts: { path: string; passphraseFile?: string; duration?: string },
): Promise<string> {
  const ms = parseDuration(opts.duration);
  if (!existsSync(opts.path)) throw noKeyring(opts.path);
  const { db, header } = openKeyringFile(opts.path);
  try {
    const pass = await getPassphrase(deps, passphraseReq(opts.passphraseFile, false));
    const mk = await unwrapMasterKey(pass.value, header, pass.source);
    const value = createSession(deps, header.keyringId, mk, ms);
    mk.fill(0);
    return `export KMS_SESSION='${value}'`;
  } finally {
    db.close();
  }
}

/** `kms keyring lock`: ends the current session, or with `all` every session of its keyring. */
export async function keyringLock(
  deps: Pick<Deps, 'env' | 'clock' | 'random'>,
  opts: { all?: boolean; path?: string },
): Promise<number> {
  const value = deps.env.KMS_SESSION || undefined;
  if (!opts.all) return value === undefined ? 0 : endSessions(deps, { value });
  let keyringId = value === undefined ? undefined : sessionKeyringId(deps, value);
  if (keyringId === undefined && opts.path !== undefined && existsSync(opts.path)) {
    keyringId = withFile(opts.path, (db, h) => (db.close(), h.keyringId));
  }
  return endSessions(deps, { value, keyringId });
}

/** What `kms keyring backup` made. */
export interface BackupInfo {
  path: string;
  keyringId: string;
  records: number;
  bytes: number;
}

/**
 * `kms keyring backup`: SQLite's online backup of the live file into a 0600 temporary file beside
 * `to` (other processes go on reading and writing; a write between two steps makes SQLite start
 * the copy over, so the copy is one committed state), checked (structure, header, records), made
 * durable, then linked to `to`. Sealed bytes are copied as they are: no passphrase is needed, and
 * the copy opens with the keyring's passphrase. A failure (a full disk) leaves no file behind.
 */
export async function keyringBackup(deps: Pick<Deps, 'random'>, opts: { path: string; to: string }): Promise<BackupInfo> {
  if (!existsSync(opts.path)) throw noKeyring(opts.path);
  const taken = () => configError(`${opts.to} already exists`, 'name a new file: a backup never overwrites one');
  if (existsSync(opts.to)) throw taken();
  const dir = dirname(opts.to);
  if (!existsSync(dir)) throw configError(`no folder ${dir} for the backup`, 'create the folder first');
  const tmp = join(dir, `.${basename(opts.to)}.${Buffer.from(deps.random(8)).toString('hex')}.tmp`);
  const { db, header } = openKeyringFile(opts.path);
  const fail = (err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
      return configError(`cannot write the backup ${opts.to}: no space left on its file system`, 'nothing was written; free some space, then run the backup again');
    }
    if (typeof code === 'string' && !code.startsWith('SQLITE_')) return configError(`cannot write the backup ${opts.to} (${code})`, 'check that you may write to its folder');
    return sqliteFailure(opts.to, err);
  };
  try {
    try {
      closeSync(openSync(tmp, 'wx', 0o600));
      chmodSync(tmp, 0o600);
      await db.backup(tmp);
    } catch (err) {
      throw fail(err);
    }
    const copy = openKeyringFile(tmp);
    let records: number;
    try {
      if (copy.header.keyringId !== header.keyringId) throw damaged(opts.to);
      const problems = copy.db.pragma('integrity_check', { simple: true });
      if (problems !== 'ok') throw damaged(opts.to);
      records = copy.db.prepare('SELECT count(*) FROM records').pluck().get() as number;
      // the copy as one file, no WAL beside it, before it takes its name
      copy.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (err) {
      throw err instanceof LocalError ? err : fail(err);
    } finally {
      copy.db.close();
    }
    try {
      const fd = openSync(tmp, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      linkSync(tmp, opts.to);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
      throw fail(err);
    }
    return { path: opts.to, keyringId: header.keyringId, records, bytes: statSync(opts.to).size };
  } finally {
    db.close();
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  }
}

/** Records `kms keyring verify` opens per read: a page, so a large keyring is never held whole. */
const VERIFY_PAGE = 500;

/** What `kms keyring verify` checked. */
export interface VerifyInfo {
  path: string;
  /** records whose seal opened under their own name */
  records: number;
  /** what `checkRecord` counted (the engine's key materials, for instance) */
  checked: number;
}

/**
 * `kms keyring verify`: SQLite's integrity check of the file, then every record opened through the
 * barrier (its seal, with its name as AAD), page by page; `checkRecord` may look further into a
 * record (unwrap its key material) and returns how many things it checked. The first record that
 * fails is named in the error (exit 253). Needs the passphrase or a session, as opening needs MK.
 */
export async function keyringVerify(
  deps: KeyringDeps,
  opts: { path: string; passphraseFile?: string; checkRecord?: (name: string, value: unknown, reader: RecordReader) => number },
): Promise<VerifyInfo> {
  if (!existsSync(opts.path)) throw noKeyring(opts.path);
  const ring = await openKeyring(deps, { path: opts.path, passphraseFile: opts.passphraseFile, write: false });
  try {
    const sqlite = ring as SqliteKeyring;
    const problems = sqlite.structureProblems();
    if (problems.length > 0) {
      throw configError(`the keyring ${opts.path} is damaged: SQLite's integrity check failed (${problems[0]})`, 'restore the file from a backup');
    }
    let records = 0;
    let checked = 0;
    let after: string | undefined;
    for (;;) {
      const page = await ring.read(async (reader) => {
        const rows = await reader.list('', { after, limit: VERIFY_PAGE });
        for (const r of rows) {
          try {
            checked += opts.checkRecord?.(r.name, r.value, reader) ?? 0;
          } catch (err) {
            if (!(err instanceof LocalError)) throw err;
            throw configError(
              `the keyring ${opts.path} failed verification: key material inside record ${r.name} does not open`,
              'the file was altered or damaged; restore it from a backup',
            );
          }
        }
        return rows;
      });
      records += page.length;
      if (page.length < VERIFY_PAGE) break;
      after = page[page.length - 1]!.name;
    }
    return { path: opts.path, records, checked };
  } finally {
    ring.close();
  }
}
