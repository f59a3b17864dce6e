// The keyring file, format version 1: an SQLite database with a one-row header table and a
// records table; strict parsing of foreign or damaged files. No cryptography and no passphrases here.

import { accessSync, closeSync, constants, existsSync, fstatSync, openSync, readSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { configError, LocalError } from '../errors.js';
import { kdfParamsProblem, type KdfParams } from './seal.js';

// better-sqlite3 reads this once, when its addon loads (at the first `new Database`): URI file
// names let a keyring on read-only media open `immutable` (openKeyringFile). A relative keyring
// path that starts with `file:` is kept a plain path by sqlitePath().
process.env.SQLITE_USE_URI ??= '1';
const sqlitePath = (path: string): string => (path.startsWith('file:') ? `./${path}` : path);

export const FORMAT_VERSION = 1;
/** PRAGMA application_id marking a kms keyring ("KMSk"). */
export const APPLICATION_ID = 0x4b4d536b;
export const SALT_LEN = 32;
/** version(1) | iv(12) | MK(32) | tag(16) */
export const WRAPPED_MK_LEN = 61;
export const BUSY_TIMEOUT_MS = 10_000;

export const SCHEMA = [
  `CREATE TABLE header (
     format_version INTEGER NOT NULL, kdf_name TEXT NOT NULL, kdf_log_n INTEGER NOT NULL,
     kdf_r INTEGER NOT NULL, kdf_p INTEGER NOT NULL, kdf_salt BLOB NOT NULL,
     wrapped_mk BLOB NOT NULL, keyring_id TEXT NOT NULL, created INTEGER NOT NULL)`,
  `CREATE TABLE records (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID`,
];

export interface Header {
  formatVersion: number;
  kdfName: 'scrypt';
  kdf: KdfParams;
  salt: Uint8Array;
  wrappedMk: Uint8Array;
  /** 32 lowercase hex digits, random at creation; sessions are bound to it. */
  keyringId: string;
  /** epoch milliseconds */
  created: number;
}

const notKeyring = (path: string, why: string): LocalError =>
  configError(
    `${path} is not a kms keyring (${why})`,
    'point KMS_KEYRING or the `keyring` setting at a kms keyring file',
    'or move this file away and run `kms keyring init` to create a new keyring',
  );

export const damaged = (path: string): LocalError =>
  configError(`the keyring ${path} is damaged (truncated or corrupt)`, 'restore the file from a backup');

/**
 * Why a write to `path` cannot happen, as the system says it: 'EROFS' (read-only media), 'EACCES'
 * (permissions), or undefined when the file is writable.
 */
export function unwritable(path: string): 'EROFS' | 'EACCES' | undefined {
  const why = (file: string): 'EROFS' | 'EACCES' | undefined => {
    try {
      accessSync(file, constants.W_OK);
      return undefined;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      return code === 'EROFS' ? 'EROFS' : code === 'EACCES' || code === 'EPERM' || code === 'ENOENT' ? 'EACCES' : undefined;
    }
  };
  // a writer also needs the WAL and its index beside the file: made in the folder, or there already
  return why(path) ?? (why(dirname(path)) && (why(`${path}-wal`) ?? why(`${path}-shm`)));
}

/**
 * True when the file system holding `path` has no room left for the keyring's next pages. SQLite
 * reports a full disk as SQLITE_FULL when a write fails, but as an I/O error when the WAL index
 * (`-shm`) cannot grow, so the file system is asked.
 */
function diskFull(path: string): boolean {
  try {
    const fs = statfsSync(dirname(path));
    return fs.bavail * fs.bsize < 64 * 1024;
  } catch {
    return false;
  }
}

/** `opening`: SQLite could not even make the WAL index it needs to read. */
const noSpace = (path: string, opening = false): LocalError =>
  configError(
    opening
      ? `the keyring ${path} cannot be opened: no space left on its file system (SQLite needs a few KiB beside it, even to read)`
      : `the keyring ${path} could not be written: no space left on its file system`,
    'nothing was changed; free some space, then run the command again',
  );

/** Why a keyring cannot be written, as the CLI and kms serve say it: "the keyring … is <this>". */
export function writeProtection(why: 'EROFS' | 'EACCES'): string {
  return why === 'EROFS' ? 'on a read-only file system' : 'read-only to you (its permissions)';
}

const cannotChange = (path: string, why: 'EROFS' | 'EACCES'): LocalError =>
  configError(
    `the keyring ${path} is ${writeProtection(why)}, so this command cannot change it`,
    why === 'EROFS'
      ? 'commands that only read keys work; remount the file system read-write to change keys'
      : 'commands that only read keys work; run as the keyring\'s owner to change keys',
  );

/** Maps an SQLite failure to a clean error: never a raw SQLite message or stack trace. */
export function sqliteFailure(path: string, err: unknown): LocalError {
  if (err instanceof LocalError) return err;
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB') return notKeyring(path, 'not an SQLite database');
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_IOERR_SHORT_READ') return damaged(path);
  if (code === 'SQLITE_FULL') return noSpace(path);
  if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) {
    return configError(`the keyring ${path} stayed busy for ${BUSY_TIMEOUT_MS / 1000}s`, 'another kms process holds it; try again');
  }
  if (typeof code === 'string' && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM')) {
    const why = unwritable(path);
    if (why === 'EROFS' || (why === 'EACCES' && existsSync(path))) return cannotChange(path, why);
    if (code.startsWith('SQLITE_CANTOPEN') && diskFull(path)) return noSpace(path, true);
    return configError(`cannot open the keyring ${path} for writing`, 'check the permissions of the file and its folder');
  }
  if (typeof code === 'string' && code.startsWith('SQLITE_IOERR')) {
    if (diskFull(path)) return noSpace(path, code === 'SQLITE_IOERR_SHMSIZE' || code === 'SQLITE_IOERR_SHMOPEN');
    return configError(
      `an I/O error stopped kms on the keyring ${path} (${code})`,
      'nothing was changed; check the disk (dmesg shows what the system saw), then run `kms keyring verify`',
    );
  }
  return configError(`the keyring ${path} could not be read`, 'restore the file from a backup if this persists');
}

/** Checks the raw SQLite file header before SQLite sees the file: magic, and truncation. */
function precheckFile(path: string): void {
  for (let attempt = 0; ; attempt++) {
    const verdict = inspectFile(path);
    if (verdict === 'ok') return;
    if (verdict !== 'short' || attempt === 2) throw verdict === 'short' ? damaged(path) : verdict;
    // A checkpoint in another process may have written page 1 before growing the file: look again.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
}

function inspectFile(path: string): 'ok' | 'short' | LocalError {
  const walBefore = existsSync(`${path}-wal`);
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(100);
    const n = readSync(fd, head, 0, 100, 0);
    const size = fstatSync(fd).size; // after the header: a growing file only makes this larger
    if (size === 0) return notKeyring(path, 'the file is empty');
    if (n < 100 || head.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0') {
      return notKeyring(path, 'not an SQLite database');
    }
    // SQLite file format §1.3: page size at 16 (1 means 65536); page count at 28, valid when
    // the change counter (24) equals version-valid-for (92). Only trusted with no WAL beside it.
    const raw = head.readUInt16BE(16);
    const pageSize = raw === 1 ? 65536 : raw;
    const pages = head.readUInt32BE(28);
    const valid = head.readUInt32BE(24) === head.readUInt32BE(92);
    const wal = walBefore || existsSync(`${path}-wal`);
    return valid && !wal && pages * pageSize > size ? 'short' : 'ok';
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens an existing file and validates it as a kms keyring; returns the database and its header.
 * A file that cannot be written opens read-only, and `writeProtected` says why: on read-only media
 * (EROFS) without the WAL index SQLite cannot make there (openReadOnlyMedia); one that is read-only
 * to this user (EACCES) as any reader, while its owner may go on writing it.
 */
export function openKeyringFile(path: string): { db: Database.Database; header: Header; writeProtected: 'EROFS' | 'EACCES' | undefined } {
  try {
    precheckFile(path);
  } catch (err) {
    if (err instanceof LocalError) throw err;
    throw configError(`cannot read the keyring ${path}`, 'check that the file exists and that you may read it');
  }
  const writeProtected = unwritable(path);
  const readOnly = writeProtected !== undefined;
  let db: Database.Database | undefined;
  try {
    db =
      writeProtected === 'EROFS'
        ? openReadOnlyMedia(path)
        : new Database(sqlitePath(path), { readonly: readOnly, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
    // Read-only checks first: a foreign database must be left exactly as it was.
    if (db.pragma('application_id', { simple: true }) !== APPLICATION_ID) throw notKeyring(path, 'not made by kms');
    const header = readHeader(db, path);
    if (!readOnly) {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      // what an answered call promises (README, "Durability"): its commit is in the WAL, written to
      // the OS at COMMIT; SQLite syncs the WAL to disk at each checkpoint, not at each commit
      db.pragma('synchronous = NORMAL');
    }
    return { db, header, writeProtected };
  } catch (err) {
    db?.close();
    const code = (err as { code?: unknown }).code;
    if (writeProtected === 'EACCES' && typeof code === 'string' && code.startsWith('SQLITE_CANTOPEN') && !existsSync(`${path}-shm`)) {
      throw configError(
        `cannot read the keyring ${path}: SQLite must create ${path}-shm beside it, and its folder is not writable to you`,
        'run it once as the keyring\'s owner (who can), or make the folder writable',
      );
    }
    throw sqliteFailure(path, err);
  }
}

/**
 * A keyring on read-only media. Commits still in its WAL (the file system went read-only before a
 * checkpoint) are read through the WAL and its index, which must both be there; with no WAL the
 * file alone is the keyring, and `immutable` lets SQLite read it without making an index.
 */
function openReadOnlyMedia(path: string): Database.Database {
  if (existsSync(`${path}-wal`)) return new Database(sqlitePath(path), { readonly: true, fileMustExist: true });
  return new Database(`file:${encodeURI(path).replace(/[?#]/g, encodeURIComponent)}?immutable=1`, { readonly: true, fileMustExist: true });
}

function readHeader(db: Database.Database, path: string): Header {
  const tables = db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('header', 'records')`)
    .pluck()
    .all();
  if (tables.length !== 2) throw notKeyring(path, 'its header or records table is missing');
  const versions = db.prepare('SELECT format_version FROM header').pluck().all();
  if (versions.length !== 1) throw damaged(path);
  return parseHeaderRow(db.prepare('SELECT * FROM header').get() as Record<string, unknown>, path);
}

/**
 * A header row as a keyring's store holds it (the file's header table, or PostgreSQL's kms_header,
 * whose integers may arrive as text), checked field by field: the trust boundary of every keyring.
 */
export function parseHeaderRow(raw: Record<string, unknown>, path: string): Header {
  const version = raw.format_version;
  if (version !== FORMAT_VERSION) {
    throw configError(
      `the keyring ${path} has format version ${String(version)}, which this kms cannot read (it reads version ${FORMAT_VERSION})`,
      'upgrade kms to a release that reads this format',
    );
  }
  // PostgreSQL's bigint arrives as a decimal string
  const row: Record<string, unknown> = { ...raw, created: typeof raw.created === 'string' && /^\d{1,16}$/.test(raw.created) ? Number(raw.created) : raw.created };
  const bad = (field: string): LocalError =>
    configError(`the keyring ${path} has an invalid header (${field})`, 'restore the file from a backup');
  // Trust boundary: every header field is checked by name before use.
  if (row.kdf_name !== 'scrypt') throw bad(`kdf_name ${JSON.stringify(row.kdf_name)} is not scrypt`);
  const kdf = { logN: row.kdf_log_n, r: row.kdf_r, p: row.kdf_p } as KdfParams;
  const problem = kdfParamsProblem(kdf);
  if (problem) {
    throw configError(
      `the keyring ${path} asks for scrypt parameters kms refuses: ${problem}`,
      'the file may have been altered; restore it from a backup',
    );
  }
  if (!(row.kdf_salt instanceof Uint8Array) || row.kdf_salt.length !== SALT_LEN) throw bad('kdf_salt');
  if (!(row.wrapped_mk instanceof Uint8Array) || row.wrapped_mk.length !== WRAPPED_MK_LEN) throw bad('wrapped_mk');
  if (typeof row.keyring_id !== 'string' || !/^[0-9a-f]{32}$/.test(row.keyring_id)) throw bad('keyring_id');
  if (typeof row.created !== 'number' || !Number.isSafeInteger(row.created) || row.created < 0) throw bad('created');
  return {
    formatVersion: FORMAT_VERSION,
    kdfName: 'scrypt',
    kdf,
    salt: new Uint8Array(row.kdf_salt),
    wrappedMk: new Uint8Array(row.wrapped_mk),
    keyringId: row.keyring_id,
    created: row.created,
  };
}

/** Writes the schema and header into a new, empty database file (the caller made it 0600). */
export function initKeyringFile(path: string, header: Header): void {
  const db = new Database(sqlitePath(path), { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.transaction(() => {
      for (const sql of SCHEMA) db.exec(sql);
      db.prepare('INSERT INTO header VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        header.formatVersion,
        header.kdfName,
        header.kdf.logN,
        header.kdf.r,
        header.kdf.p,
        Buffer.from(header.salt),
        Buffer.from(header.wrappedMk),
        header.keyringId,
        header.created,
      );
    }).immediate();
  } finally {
    db.close();
  }
}

/** Replaces the KDF fields and wrapped MK (change-passphrase); the rest of the header stays. */
export function rewriteHeaderKdf(db: Database.Database, kdf: KdfParams, salt: Uint8Array, wrappedMk: Uint8Array): void {
  const info = db
    .prepare('UPDATE header SET kdf_log_n = ?, kdf_r = ?, kdf_p = ?, kdf_salt = ?, wrapped_mk = ?')
    .run(kdf.logN, kdf.r, kdf.p, Buffer.from(salt), Buffer.from(wrappedMk));
  if (info.changes !== 1) throw new Error('header row missing');
}
