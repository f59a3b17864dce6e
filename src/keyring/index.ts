// The keyring's entry points for the CLI and the server: locate, create, open, describe,
// re-key, unlock and lock. Returns data; never prints. Must not import src/cli or the engine's services.

import { chmodSync, closeSync, constants, copyFileSync, existsSync, linkSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Deps } from '../deps.js';
import { configError, usageError } from '../errors.js';
import { initKeyringFile, openKeyringFile, rewriteHeaderKdf, sqliteFailure, type Header } from './file-format.js';
import { newHeaderFields, unwrapMasterKey, wrapMasterKey } from './master-key.js';
import { getPassphrase, type Passphrase } from './passphrase.js';
import { createSession, endSessions, openSession, parseDuration, sessionKeyringId } from './session.js';
import { DEFAULT_KDF, KDF_CAPS, type KdfParams } from './seal.js';
import { countPrefix, EmptyKeyring, SqliteKeyring, type Keyring } from './sqlite-store.js';

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
  const { db, header } = openKeyringFile(path);
  try {
    let mk: Uint8Array;
    const session = deps.env.KMS_SESSION;
    if (pass === undefined && session) {
      mk = openSession(deps, session, header.keyringId);
    } else {
      const p = typeof pass === 'object' ? pass : await getPassphrase(deps, passphraseReq(pass, false));
      mk = await unwrapMasterKey(p.value, header, p.source);
    }
    const ring = new SqliteKeyring(path, db, mk, deps.random);
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
