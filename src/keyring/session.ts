// Unlock sessions: a copy of MK wrapped under a key derived from a random token the shell holds
// (KMS_SESSION), in a 0600 file bound to the keyring id and an expiry. Must not prompt or run the KDF.

import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Deps } from '../deps.js';
import { configError, usageError, type LocalError } from '../errors.js';
import { seal, subkey, unseal, utf8 } from './seal.js';

export type SessionDeps = Pick<Deps, 'env' | 'clock' | 'random'>;

export const DEFAULT_SESSION_MS = 15 * 60_000;
export const MAX_SESSION_MS = 24 * 3600_000;
const ID_RE = /^[0-9a-f]{32}$/;
// 32 bytes in unpadded base64url: 43 characters, the last carrying 4 bits and 2 unused zero bits,
// so exactly one spelling is accepted for each token (RFC 4648 §3.5: canonical encoding).
const TOKEN_RE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
const SUFFIX = '.session';

/** `30s`, `15m`, `1h`, `2h30m` (units in h, m, s order); 1s..24h. */
export function parseDuration(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SESSION_MS;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  const ms = m && text.trim() !== '' ? (Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) * 1000 : NaN;
  if (!(ms > 0)) throw usageError(`invalid duration ${JSON.stringify(text)}`, 'use e.g. 30s, 15m, 1h or 2h30m');
  if (ms > MAX_SESSION_MS) throw usageError(`duration ${text} is longer than the 24h maximum`);
  return ms;
}

/** $XDG_RUNTIME_DIR/kms, else <tmpdir>/kms-<uid>; created 0700, refused if anyone else could write it. */
export function sessionDir(env: SessionDeps['env'], create: boolean): string | undefined {
  const uid = userInfo().uid;
  const runtime = env.XDG_RUNTIME_DIR;
  const dir = runtime && isDir(runtime) ? join(runtime, 'kms') : join(env.TMPDIR || tmpdir(), `kms-${uid}`);
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    if (!create) return undefined;
    try {
      mkdirSync(dir, { mode: 0o700 });
    } catch (err) {
      throw configError(`cannot create the session folder ${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, 'no session was started; point XDG_RUNTIME_DIR or TMPDIR at a writable folder');
    }
    st = lstatSync(dir);
  }
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o022) !== 0) {
    throw configError(
      `the session folder ${dir} is not safe to use (it must be a folder you own that only you can write)`,
      `remove it or fix its owner and mode (chmod 700 ${dir})`,
    );
  }
  return dir;
}

function isDir(p: string): boolean {
  try {
    return lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

interface SessionFile {
  v: 1;
  keyringId: string;
  /** epoch ms */
  expires: number;
  /** base64 of the sealed MK */
  wrapped: string;
}

const aad = (id: string, f: Pick<SessionFile, 'keyringId' | 'expires'>) =>
  utf8(['kms session', id, f.keyringId, String(f.expires)].join('\n'));
const sessionKey = (id: string, token: Buffer) => subkey(token, Buffer.from(id, 'hex'), 'kms session v1');

/** Stores MK for `durationMs`; returns the KMS_SESSION value `<id>.<token>`. */
export function createSession(deps: SessionDeps, keyringId: string, mk: Uint8Array, durationMs: number): string {
  const dir = sessionDir(deps.env, true)!;
  sweepExpired(deps, dir);
  const id = Buffer.from(deps.random(16)).toString('hex');
  const token = Buffer.from(deps.random(32));
  const f = { keyringId, expires: deps.clock.now().getTime() + durationMs };
  const key = sessionKey(id, token);
  const wrapped = seal(key, aad(id, f), mk, deps.random);
  key.fill(0);
  const file: SessionFile = { v: 1, ...f, wrapped: Buffer.from(wrapped).toString('base64') };
  const path = join(dir, id + SUFFIX);
  try {
    writeFileSync(path, JSON.stringify(file), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // a full or failing disk can leave the file created but short: a session never half exists
    rmSync(path, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw configError(
      `cannot write the session file ${path} (${code}${code === 'ENOSPC' ? ': no space left on its file system' : ''})`,
      'no session was started; free some space there (or point XDG_RUNTIME_DIR elsewhere), then unlock again',
    );
  }
  return `${id}.${token.toString('base64url')}`;
}

const sessionHints = ['unlock again with: eval "$(kms keyring unlock)"', 'or unset KMS_SESSION to use a passphrase'];

function parseValue(value: string): { id: string; token: Buffer } {
  const [id, token, extra] = value.split('.');
  if (extra !== undefined || !id || !token || !ID_RE.test(id) || !TOKEN_RE.test(token)) {
    throw configError('KMS_SESSION is not a valid kms session', ...sessionHints);
  }
  return { id, token: Buffer.from(token, 'base64url') };
}

function readSessionFile(path: string): SessionFile | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const f = JSON.parse(text) as SessionFile;
    if (f.v === 1 && typeof f.keyringId === 'string' && Number.isSafeInteger(f.expires) && typeof f.wrapped === 'string') return f;
  } catch {
    /* fall through: garbled */
  }
  throw configError('the kms session file is damaged', ...sessionHints);
}

/** MK from a valid session of keyring `keyringId`; a configError with hints otherwise. */
export function openSession(deps: SessionDeps, value: string, keyringId: string): Uint8Array {
  const { id, token } = parseValue(value);
  const dir = sessionDir(deps.env, false);
  const path = dir === undefined ? undefined : join(dir, id + SUFFIX);
  const f = path === undefined ? undefined : readSessionFile(path);
  if (f === undefined || path === undefined) throw configError('the kms session in KMS_SESSION has ended (locked or expired)', ...sessionHints);
  if (f.expires <= deps.clock.now().getTime()) {
    rmSync(path, { force: true });
    throw configError('the kms session in KMS_SESSION has expired', ...sessionHints);
  }
  if (f.keyringId !== keyringId) {
    throw configError('KMS_SESSION was opened for another keyring', 'unset KMS_SESSION, or set KMS_KEYRING to the keyring it unlocked');
  }
  const key = sessionKey(id, token);
  const mk = unseal(key, aad(id, f), Buffer.from(f.wrapped, 'base64'));
  key.fill(0);
  if (mk === undefined) throw configError('KMS_SESSION is not a valid kms session', ...sessionHints);
  return mk;
}

/** Keyring id of the session named by `value` (for `lock --all`), if its file still exists. */
export function sessionKeyringId(deps: SessionDeps, value: string): string | undefined {
  const { id } = parseValue(value);
  const dir = sessionDir(deps.env, false);
  return dir === undefined ? undefined : readSessionFile(join(dir, id + SUFFIX))?.keyringId;
}

/**
 * The session file `value` names and its expiry (epoch ms), if it still exists: the kms agent
 * (src/cli/agent) serves only while this holds, and ends when it no longer does.
 */
export function sessionFileOf(deps: Pick<SessionDeps, 'env'>, value: string): { path: string; socket: string; expires: number } | undefined {
  const { id } = parseValue(value);
  const dir = sessionDir(deps.env, false);
  if (dir === undefined) return undefined;
  const path = join(dir, id + SUFFIX);
  let f: SessionFile | undefined;
  try {
    f = readSessionFile(path);
  } catch {
    return undefined;
  }
  return f && { path, socket: join(dir, id + '.sock'), expires: f.expires };
}

/** Deletes the session `value` names, or every session of `keyringId`; returns how many ended. */
export function endSessions(deps: SessionDeps, opts: { value?: string; keyringId?: string }): number {
  const dir = sessionDir(deps.env, false);
  if (dir === undefined) return 0;
  let ended = 0;
  if (opts.value !== undefined) {
    const path = join(dir, parseValue(opts.value).id + SUFFIX);
    if (readSessionFileQuiet(path) !== undefined) {
      rmSync(path, { force: true });
      ended++;
    }
  }
  if (opts.keyringId !== undefined) {
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(SUFFIX)) continue;
      const f = readSessionFileQuiet(join(dir, name));
      if (f?.keyringId === opts.keyringId) {
        rmSync(join(dir, name), { force: true });
        ended++;
      }
    }
  }
  sweepExpired(deps, dir);
  return ended;
}

function readSessionFileQuiet(path: string): SessionFile | undefined {
  try {
    return readSessionFile(path);
  } catch (err) {
    if ((err as LocalError).exitCode !== undefined) return undefined;
    throw err;
  }
}

/** Expired session files are deleted whenever they are seen. */
function sweepExpired(deps: SessionDeps, dir: string): void {
  const now = deps.clock.now().getTime();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith(SUFFIX)) continue;
    const f = readSessionFileQuiet(join(dir, name));
    if (f !== undefined && f.expires <= now) rmSync(join(dir, name), { force: true });
  }
}
