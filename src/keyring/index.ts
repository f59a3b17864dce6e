// The keyring's entry points for the CLI and the server: locate, create, open, describe,
// re-key, unlock and lock. Returns data; never prints. Must not import src/cli or the engine's services.

import { chmodSync, closeSync, constants, copyFileSync, existsSync, linkSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Deps } from '../deps.js';
import { configError, LocalError, usageError } from '../errors.js';
import { initKeyringFile, openKeyringFile, rewriteHeaderKdf, sqliteFailure, type Header } from './file-format.js';
export { writeProtection } from './file-format.js';
import { newHeaderFields, unwrapMasterKey, wrapMasterKey } from './master-key.js';
import { getPassphrase, type Passphrase } from './passphrase.js';
import { createSession, endSessions, openSession, parseDuration, sessionKeyringId } from './session.js';
import { DEFAULT_KDF, KDF_CAPS, type KdfParams } from './seal.js';
import { countPrefix, EmptyKeyring, SqliteKeyring, type Keyring } from './sqlite-store.js';
import type { RecordReader } from '../engine/store.js';
import { keyringCopy, newKeyringFile, notForTeams } from './copy.js';
import { DETERMINISTIC_RECORD, deterministicRecord, type DeterministicRecord } from './deterministic.js';
import { isDatabaseUrl, keyringLabel } from './location.js';
import type { DbPlace } from './pg-place.js';

export { isDatabaseUrl, keyringLabel } from './location.js';
export { keyringCopy, type CopyInfo } from './copy.js';
export type { DeterministicSource } from './barrier.js';

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
  /** Made by `kms keyring init --deterministic`: its new ids, keys and ciphertexts follow from its seed. */
  deterministic: boolean;
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
  if (isDatabaseUrl(opts.path)) return openDbKeyring(deps, opts);
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

/**
 * MK of the keyring whose header is `header`: from the session (KMS_SESSION, when no passphrase
 * file is given), else unwrapped with the passphrase.
 */
async function masterKeyOf(deps: KeyringDeps, header: Header, pass: string | Passphrase | undefined): Promise<Uint8Array> {
  const session = deps.env.KMS_SESSION;
  if (pass === undefined && session) return openSession(deps, session, header.keyringId);
  const p = typeof pass === 'object' ? pass : await getPassphrase(deps, passphraseReq(pass, false));
  return unwrapMasterKey(p.value, header, p.source);
}

/** A new keyring's header and MK: a random MK wrapped under the passphrase's KEK. */
async function newHeader(deps: KeyringDeps, pass: Passphrase, kdf: KdfParams): Promise<{ header: Header; mk: Uint8Array }> {
  const mk = deps.random(32);
  const fields = newHeaderFields(kdf, deps.random, deps.clock.now());
  return { header: { ...fields, wrappedMk: await wrapMasterKey(pass.value, fields, mk, deps.random) }, mk };
}

/** The PostgreSQL database a keyring URL names (pg is loaded here, and only here). */
async function dbPlace(deps: Partial<Pick<KeyringDeps, 'env'>>, url: string): Promise<DbPlace> {
  const { DbPlace } = await import('./pg-place.js');
  const env = deps.env ?? {};
  return DbPlace.of(url, env, env.HOME || homedir());
}

/** Runs `fn` with the database's place, and closes its connections after. */
async function withDb<T>(deps: Partial<Pick<KeyringDeps, 'env'>>, url: string, fn: (place: DbPlace) => Promise<T>): Promise<T> {
  const place = await dbPlace(deps, url);
  try {
    return await fn(place);
  } finally {
    await place.end();
  }
}

/** openKeyring for a team keyring: the same steps as for a file, on the database's header. */
async function openDbKeyring(deps: KeyringDeps, opts: { path: string; passphraseFile?: string; write: boolean; kdfLogN?: number }): Promise<Keyring> {
  const place = await dbPlace(deps, opts.path);
  try {
    let state = await place.state();
    let pass: string | Passphrase | undefined = opts.passphraseFile;
    if (state.kind === 'none') {
      if (!opts.write) {
        await place.end();
        return new EmptyKeyring(place.label);
      }
      const logN = checkLogN(opts.kdfLogN) ?? DEFAULT_KDF.logN;
      pass = await getPassphrase(deps, passphraseReq(opts.passphraseFile, true));
      const made = await newHeader(deps, pass, { ...DEFAULT_KDF, logN });
      const ours = await place.create(made.header);
      // made by us, or by another process first (then opened with the passphrase we were given)
      state = await place.state();
      if (state.kind === 'none') throw new Error('the keyring vanished as it was made');
      if (ours) {
        const ring = place.open(state, made.mk, deps.random);
        made.mk.fill(0);
        return ring;
      }
    }
    const mk = await masterKeyOf(deps, state.header, pass);
    const ring = place.open(state, mk, deps.random);
    mk.fill(0);
    return ring;
  } catch (err) {
    await place.end();
    throw err;
  }
}

async function openExisting(deps: KeyringDeps, path: string, pass: string | Passphrase | undefined): Promise<Keyring> {
  const { db, header, writeProtected } = openKeyringFile(path);
  try {
    const mk = await masterKeyOf(deps, header, pass);
    const ring = new SqliteKeyring(path, db, mk, deps.random, writeProtected);
    mk.fill(0);
    await ring.loadDeterministic(deps.random);
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
async function createKeyringFile(
  deps: KeyringDeps,
  path: string,
  pass: Passphrase,
  kdf: KdfParams,
  deterministic?: DeterministicRecord,
): Promise<Uint8Array | undefined> {
  const dir = dirname(path);
  if (!existsSync(dir)) {
    // The folder is created 0700 (DESIGN §2); existing parent folders are left as they are.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
  }
  const tmp = join(dir, `.${basename(path)}.${Buffer.from(deps.random(8)).toString('hex')}.tmp`);
  const { header, mk } = await newHeader(deps, pass, kdf);
  try {
    closeSync(openSync(tmp, 'wx', 0o600));
    chmodSync(tmp, 0o600);
    initKeyringFile(tmp, header);
    // a deterministic keyring is one from its first record: no process ever sees it without it
    if (deterministic) await withFile(tmp, (db) => putRecord(new SqliteKeyring(tmp, db, mk, deps.random), DETERMINISTIC_RECORD, deterministic));
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

/** Writes one record into a keyring being made, and closes it. */
async function putRecord(ring: SqliteKeyring, name: string, value: unknown): Promise<void> {
  try {
    await ring.transaction(async (tx) => tx.put(name, value));
  } finally {
    ring.close();
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
  opts: { path: string; passphraseFile?: string; kdfLogN?: number; keyPrefix?: string; deterministic?: string },
): Promise<KeyringInfo> {
  const logN = checkLogN(opts.kdfLogN) ?? DEFAULT_KDF.logN;
  if (opts.deterministic !== undefined) {
    if (isDatabaseUrl(opts.path)) throw notForTeams(keyringLabel(opts.path));
    if (opts.deterministic === '') throw usageError('--deterministic needs a seed: a non-empty string', 'any string will do, e.g. --deterministic my-test-suite');
  }
  if (isDatabaseUrl(opts.path)) {
    await withDb(deps, opts.path, async (place) => {
      if ((await place.state()).kind !== 'none') throw alreadyExists(place.label);
      const pass = await getPassphrase(deps, passphraseReq(opts.passphraseFile, true));
      const made = await newHeader(deps, pass, { ...DEFAULT_KDF, logN });
      made.mk.fill(0);
      if (!(await place.create(made.header))) throw alreadyExists(place.label);
    });
    return keyringInfo(deps, { path: opts.path, keyPrefix: opts.keyPrefix });
  }
  if (existsSync(opts.path)) throw alreadyExists(opts.path);
  const pass = await getPassphrase(deps, passphraseReq(opts.passphraseFile, true));
  const det = opts.deterministic === undefined ? undefined : deterministicRecord(opts.deterministic);
  const mk = await createKeyringFile(deps, opts.path, pass, { ...DEFAULT_KDF, logN }, det);
  if (mk === undefined) throw alreadyExists(opts.path);
  mk.fill(0);
  return keyringInfo(deps, { path: opts.path, keyPrefix: opts.keyPrefix });
}

const alreadyExists = (path: string) =>
  configError(`a keyring already exists at ${path}`, 'use `kms keyring change-passphrase` to change its passphrase');

const noKeyring = (path: string) =>
  configError(`no keyring at ${path}`, 'run `kms keyring init` to create one, or set KMS_KEYRING to its path');

/** `kms keyring info`: header facts and the count of records under `keyPrefix`; needs no passphrase. */
export async function keyringInfo(deps: Partial<KeyringDeps>, opts: { path: string; keyPrefix?: string }): Promise<KeyringInfo> {
  if (isDatabaseUrl(opts.path)) {
    return withDb(deps, opts.path, async (place) => {
      const h = await place.header();
      // a team keyring is never deterministic (init and copy refuse to make one)
      return infoOf(place.label, h, opts.keyPrefix === undefined ? undefined : await place.count(opts.keyPrefix), false);
    });
  }
  if (!existsSync(opts.path)) throw noKeyring(opts.path);
  return withFile(opts.path, (db, h) => {
    try {
      const count = (prefix: string) => countPrefix((sql) => db.prepare(sql), prefix);
      return infoOf(opts.path, h, opts.keyPrefix === undefined ? undefined : count(opts.keyPrefix), count(DETERMINISTIC_RECORD) > 0);
    } catch (err) {
      throw sqliteFailure(opts.path, err);
    } finally {
      db.close();
    }
  });
}

function infoOf(path: string, h: Header, keyCount: number | undefined, deterministic: boolean): KeyringInfo {
  return {
    path,
    formatVersion: h.formatVersion,
    kdf: { name: h.kdfName, ...h.kdf },
    keyringId: h.keyringId,
    keyCount,
    created: new Date(h.created).toISOString(),
    deterministic,
  };
}

/** `kms keyring change-passphrase`: rewraps MK only; KDF cost kept unless kdfLogN is given. */
export async function keyringChangePassphrase(
  deps: KeyringDeps,
  opts: { path: string; passphraseFile?: string; newPassphraseFile?: string; kdfLogN?: number; keyPrefix?: string },
): Promise<KeyringInfo> {
  const logN = checkLogN(opts.kdfLogN);
  /** The header with MK re-wrapped under the new passphrase (asked for after the old one opened it). */
  const rewrapped = async (header: Header): Promise<Header> => {
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
    const wrappedMk = await wrapMasterKey(next.value, fields, mk, deps.random);
    mk.fill(0);
    return { ...fields, wrappedMk };
  };
  if (isDatabaseUrl(opts.path)) {
    await withDb(deps, opts.path, async (place) => {
      const header = await place.header();
      if (!(await place.rewriteHeader(header.wrappedMk, await rewrapped(header)))) throw changedMeanwhile();
    });
    return keyringInfo(deps, { path: opts.path, keyPrefix: opts.keyPrefix });
  }
  if (!existsSync(opts.path)) throw noKeyring(opts.path);
  const { db, header } = openKeyringFile(opts.path);
  try {
    const next = await rewrapped(header);
    try {
      db.transaction(() => {
        const now = db.prepare('SELECT wrapped_mk FROM header').pluck().get() as Buffer;
        if (!now.equals(Buffer.from(header.wrappedMk))) throw changedMeanwhile();
        rewriteHeaderKdf(db, next.kdf, next.salt, next.wrappedMk);
      }).immediate();
    } catch (err) {
      throw sqliteFailure(opts.path, err);
    }
  } finally {
    db.close();
  }
  return keyringInfo(deps, { path: opts.path, keyPrefix: opts.keyPrefix });
}

const changedMeanwhile = () => configError('the keyring passphrase was changed by another process meanwhile', 'run the command again');

/** `kms keyring unlock`: pays the KDF once; returns POSIX sh text that sets KMS_SESSION. */
export async function keyringUnlock(
  deps: KeyringDeps,
  opts: { path: string; passphraseFile?: string; duration?: string },
): Promise<string> {
  const ms = parseDuration(opts.duration);
  const session = async (header: Header): Promise<string> => {
    const pass = await getPassphrase(deps, passphraseReq(opts.passphraseFile, false));
    const mk = await unwrapMasterKey(pass.value, header, pass.source);
    const value = createSession(deps, header.keyringId, mk, ms);
    mk.fill(0);
    return `export KMS_SESSION='${value}'`;
  };
  if (isDatabaseUrl(opts.path)) return withDb(deps, opts.path, async (place) => session(await place.header()));
  if (!existsSync(opts.path)) throw noKeyring(opts.path);
  const { db, header } = openKeyringFile(opts.path);
  try {
    return await session(header);
  } finally {
    db.close();
  }
}

/** `kms keyring lock`: ends the current session, or with `all` every session of its keyring. */
export async function keyringLock(
  deps: KeyringDeps,
  opts: { all?: boolean; path?: string },
): Promise<number> {
  const value = deps.env.KMS_SESSION || undefined;
  if (!opts.all) return value === undefined ? 0 : endSessions(deps, { value });
  let keyringId = value === undefined ? undefined : sessionKeyringId(deps, value);
  if (keyringId === undefined && opts.path !== undefined && isDatabaseUrl(opts.path)) {
    keyringId = await withDb(deps, opts.path, async (place) => {
      const state = await place.state();
      return state.kind === 'none' ? undefined : state.header.keyringId;
    });
  } else if (keyringId === undefined && opts.path !== undefined && existsSync(opts.path)) {
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
export async function keyringBackup(deps: Pick<Deps, 'env' | 'random'>, opts: { path: string; to: string }): Promise<BackupInfo> {
  if (isDatabaseUrl(opts.path)) {
    // a team keyring's backup is a copy into a new file, from one snapshot of the database
    const c = await keyringCopy(deps, { from: opts.path, to: opts.to, noun: 'backup' });
    return { path: opts.to, keyringId: c.keyringId, records: c.records, bytes: statSync(opts.to).size };
  }
  if (!existsSync(opts.path)) throw noKeyring(opts.path);
  const { db, header } = openKeyringFile(opts.path);
  try {
    const made = await newKeyringFile(deps, opts.to, 'backup', header.keyringId, async (tmp) => void (await db.backup(tmp)));
    return { path: opts.to, keyringId: header.keyringId, ...made };
  } finally {
    db.close();
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
  if (!isDatabaseUrl(opts.path) && !existsSync(opts.path)) throw noKeyring(opts.path);
  const ring = await openKeyring(deps, { path: opts.path, passphraseFile: opts.passphraseFile, write: false });
  try {
    if (ring instanceof EmptyKeyring) throw noKeyring(ring.path);
    // PostgreSQL checks its own pages; its rows are checked below as the file's are
    const problems = ring instanceof SqliteKeyring ? ring.structureProblems() : [];
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
              `the keyring ${ring.path} failed verification: key material inside record ${r.name} does not open`,
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
    return { path: ring.path, records, checked };
  } finally {
    ring.close();
  }
}
