// Sessions: unlock pays the KDF once, KMS_SESSION opens without it until expiry or lock;
// wrong tokens, other keyrings and unsafe folders are refused; files and folders are private.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyringInit, keyringLock, keyringUnlock, openKeyring, parseDuration } from '../../src/keyring/index.js';
import { CHEAP, failure, get, PASS, put, tempDir, testDeps } from './helpers.js';

let t: ReturnType<typeof tempDir>;
let path: string;
let runtime: string;
beforeEach(async () => {
  t = tempDir();
  path = join(t.dir, 'keyring.db');
  runtime = join(t.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path, kdfLogN: CHEAP });
  const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path, write: true });
  await put(ring, 'key/us-east-1/a', { a: 1 });
  ring.close();
});
afterEach(() => t.cleanup());

async function unlock(duration?: string) {
  const deps = testDeps({ KMS_PASSPHRASE: PASS, XDG_RUNTIME_DIR: runtime });
  const text = await keyringUnlock(deps, { path, duration });
  const m = /^export KMS_SESSION='([0-9a-f]{32}\.[A-Za-z0-9_-]{43})'$/.exec(text);
  expect(m, text).not.toBeNull();
  return { session: m![1]!, now: deps.now };
}

const sessionDeps = (session: string, now?: number) => {
  const d = testDeps({ KMS_SESSION: session, XDG_RUNTIME_DIR: runtime });
  if (now !== undefined) d.now = now;
  return d;
};

describe('parseDuration', () => {
  it('reads h/m/s forms, defaults to 15m and caps at 24h', () => {
    expect(parseDuration(undefined)).toBe(15 * 60_000);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('2h30m')).toBe(9_000_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    for (const bad of ['', '0s', '25h', '1d', '15', 'm', '30m2h', '-1h']) {
      expect(() => parseDuration(bad), bad).toThrow();
    }
  });
});

describe('sessions', () => {
  it('open the keyring without a passphrase, files 0600 in a 0700 folder', async () => {
    const { session } = await unlock();
    const deps = sessionDeps(session);
    const ring = await openKeyring(deps, { path, write: false });
    expect((await get(ring, 'key/us-east-1/a'))).toEqual({ a: 1 });
    ring.close();
    expect(deps.prompts).toEqual([]);
    const dir = join(runtime, 'kms');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files.length).toBe(1);
    expect(statSync(join(dir, files[0]!)).mode & 0o777).toBe(0o600);
  });

  it('expire by the injected clock, and the expired file is deleted when seen', async () => {
    const { session, now } = await unlock('30s');
    (await openKeyring(sessionDeps(session, now + 29_000), { path, write: false })).close();
    const err = await failure(openKeyring(sessionDeps(session, now + 30_000), { path, write: false }));
    expect(err.exitCode).toBe(253);
    expect(err.message).toMatch(/expired/);
    expect(err.hints.join(' ')).toMatch(/kms keyring unlock/);
    expect(readdirSync(join(runtime, 'kms'))).toEqual([]);
  });

  it('lock ends the current session; lock --all every session of the keyring', async () => {
    const a = await unlock();
    const b = await unlock();
    const c = await unlock();
    expect(await keyringLock(sessionDeps(a.session), {})).toBe(1);
    const err = await failure(openKeyring(sessionDeps(a.session), { path, write: false }));
    expect(err.exitCode).toBe(253);
    expect(err.message).toMatch(/ended/);
    (await openKeyring(sessionDeps(b.session), { path, write: false })).close();
    expect(await keyringLock(sessionDeps(b.session), { all: true, path })).toBe(2);
    expect((await failure(openKeyring(sessionDeps(c.session), { path, write: false }))).exitCode).toBe(253);
    expect(await keyringLock(testDeps({ XDG_RUNTIME_DIR: runtime }), {})).toBe(0);
  });

  it('lock --all with no session uses the keyring path', async () => {
    await unlock();
    await unlock();
    expect(await keyringLock(testDeps({ XDG_RUNTIME_DIR: runtime }), { all: true, path })).toBe(2);
  });

  it('a wrong token or a garbled value fails with a hint', async () => {
    const { session } = await unlock();
    const [id, token] = session.split('.');
    const other = token!.startsWith('A') ? 'B' + token!.slice(1) : 'A' + token!.slice(1);
    for (const bad of [`${id}.${other}`, 'garbage', `${id}`, `${id}.${token}.x`, `../../etc.${token}`]) {
      const err = await failure(openKeyring(sessionDeps(bad), { path, write: false }));
      expect(err.exitCode, bad).toBe(253);
      expect(err.message, bad).toMatch(/not a valid kms session/);
      expect(err.hints.length).toBeGreaterThan(0);
    }
  });

  it('a token spelled with the unused low bits of its last character set is refused, not decoded to the same bytes', async () => {
    const { session } = await unlock();
    const [id, token] = session.split('.');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token!.at(-1)!);
    expect(last % 4).toBe(0); // the canonical spelling
    const twin = `${id}.${token!.slice(0, -1)}${alphabet[last + 1]}`;
    expect(Buffer.from(twin.split('.')[1]!, 'base64url').equals(Buffer.from(token!, 'base64url'))).toBe(true);
    const err = await failure(openKeyring(sessionDeps(twin), { path, write: false }));
    expect(err.exitCode).toBe(253);
    expect(err.message).toMatch(/not a valid kms session/);
  });

  it('a session of another keyring is refused', async () => {
    const { session } = await unlock();
    const other = join(t.dir, 'other.db');
    await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path: other, kdfLogN: CHEAP });
    const err = await failure(openKeyring(sessionDeps(session), { path: other, write: false }));
    expect(err.message).toMatch(/another keyring/);
  });

  it('an extended expiry written into the file does not verify', async () => {
    const { session, now } = await unlock('30s');
    const dir = join(runtime, 'kms');
    const file = join(dir, readdirSync(dir)[0]!);
    const f = JSON.parse(readFileSync(file, 'utf8'));
    f.expires += 3600_000;
    writeFileSync(file, JSON.stringify(f));
    const err = await failure(openKeyring(sessionDeps(session, now + 60_000), { path, write: false }));
    expect(err.message).toMatch(/not a valid kms session/);
  });

  it('refuses a session folder others can write', async () => {
    const { session } = await unlock();
    chmodSync(join(runtime, 'kms'), 0o777);
    const err = await failure(openKeyring(sessionDeps(session), { path, write: false }));
    expect(err.message).toMatch(/not safe/);
  });

  it('falls back to <tmpdir>/kms-<uid> without XDG_RUNTIME_DIR', async () => {
    const tmp = join(t.dir, 'tmp');
    mkdirSync(tmp);
    const deps = testDeps({ KMS_PASSPHRASE: PASS, TMPDIR: tmp });
    const text = await keyringUnlock(deps, { path });
    const dir = join(tmp, `kms-${process.getuid!()}`);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const session = text.split("'")[1]!;
    (await openKeyring(testDeps({ KMS_SESSION: session, TMPDIR: tmp }), { path, write: false })).close();
  });

  it('skips the KDF: opening with a session is much faster than scrypt N=2^14', async () => {
    const slow = join(t.dir, 'slow.db');
    await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path: slow, kdfLogN: 14 });
    const text = await keyringUnlock(testDeps({ KMS_PASSPHRASE: PASS, XDG_RUNTIME_DIR: runtime }), { path: slow });
    const session = text.split("'")[1]!;
    const time = async (env: Record<string, string>) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        (await openKeyring(testDeps(env), { path: slow, write: false })).close();
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const withScrypt = await time({ KMS_PASSPHRASE: PASS });
    const withSession = await time({ KMS_SESSION: session, XDG_RUNTIME_DIR: runtime });
    expect(withSession).toBeLessThan(withScrypt / 3);
  });
});
