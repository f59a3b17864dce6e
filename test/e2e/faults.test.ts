// Real faults through bin/kms: a small tmpfs that fills up, a read-only bind mount of it, a keyring
// read-only to its user, and reads and writes that fail with EIO. Every refused command prints one
// error:/hint: pair with its exit code and leaves the keyring's rows exactly as they were; after
// space is freed everything works. Mounting needs root (CI runs as root): skipped with the reason
// elsewhere. (Not in a mount namespace of the test's own: SQLite resolves /proc/<pid>/root links
// back into the test's namespace, so kms and the test must see the same mounts.)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, sandbox, type Sandbox } from '../support/cli.js';
import { rowsDigest } from '../keyring/helpers.js';
import { clientEnv, startServer } from './serve-support.js';

const PAGE = 4096;

/** Why a tmpfs cannot be mounted here, or undefined when it can. */
function missing(): string | undefined {
  if (process.getuid?.() !== 0) return 'not running as root (mounting a tmpfs needs it)';
  const probe = spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d"; r=$?; rmdir "$d"; exit $r']);
  if (probe.status !== 0) return `cannot mount a tmpfs here (${String(probe.stderr).trim() || `exit ${probe.status}`})`;
  return undefined;
}
const why = missing();
if (why) console.log(`[faults] skipping the real-fault tests: ${why}`);

let sb: Sandbox;
/** The small tmpfs, and a read-only bind mount of it. */
let R: string;
let RO: string;
let keyring: string;
const mounts: string[] = [];

function mount(...args: string[]): void {
  execFileSync('mount', args, { stdio: 'pipe' });
  mounts.unshift(args[args.length - 1]!);
}

/** Leaves `pages` free pages on the tmpfs at `dir` (a filler file takes the rest). */
function leaveFree(pages: number, dir = R): void {
  const fill = join(dir, 'fill');
  rmSync(fill, { force: true });
  spawnSync('dd', ['if=/dev/zero', `of=${fill}`, `bs=${PAGE}`], { stdio: 'ignore' });
  if (pages > 0) spawnSync('truncate', ['-s', `-${pages * PAGE}`, fill]);
}
const freeAll = (dir = R) => rmSync(join(dir, 'fill'), { force: true });

/** Every row of the keyring, hashed: read with space to spare. */
const rows = (path = keyring): string => rowsDigest(path);

/** One error line and its hints, nothing else (no stack trace, no SQLite text). */
function oneError(stderr: unknown, message: RegExp): void {
  const text = String(stderr).replace(/^warning: .*\n/gm, '');
  expect(text).toMatch(/^error: [^\n]+\n(hint: [^\n]+\n)+$/);
  expect(text.split('\n')[0]).toMatch(message);
  expect(text).not.toMatch(/SQLITE_|SqliteError|    at /);
}

describe.skipIf(why !== undefined)('real faults', () => {
  beforeAll(async () => {
    sb = await sandbox(false);
    R = join(sb.dir, 'small');
    RO = join(sb.dir, 'small-ro');
    mkdirSync(R);
    mkdirSync(RO);
    mount('-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', R);
    mount('--bind', R, RO);
    mount('-o', 'remount,bind,ro', RO);
    keyring = join(R, 'kr', 'keyring.db');
    sb.env.KMS_KEYRING = keyring;
    sb.env.KMS_AGENT = '0';
    const init = await sb.kms(['keyring', 'init', '--kdf-cost', '10']);
    expect(init.exitCode, String(init.stderr)).toBe(0);
  });
  afterAll(() => {
    for (const m of mounts) spawnSync('umount', ['-l', m]);
    sb?.cleanup();
  });

  it('a full disk at each amount of free space: create-key and encrypt commit whole or fail with one error (253) and change nothing, trail included', async () => {
    const key = json(await sb.kms(['create-key'])).KeyMetadata.KeyId as string;
    const outcomes = { committed: 0, refused: 0 };
    for (const pages of [0, 1, 2, 3, 4, 6, 8, 12, 24]) {
      for (const args of [
        ['create-key', '--description', 'x'.repeat(3000), '--tags', 'TagKey=k,TagValue=v'],
        ['encrypt', '--key-id', key, '--plaintext', 'aGVsbG8='],
      ]) {
        const before = rows();
        leaveFree(pages);
        const r = await sb.kms(args);
        freeAll();
        if (r.exitCode === 0) {
          outcomes.committed++;
          expect(rows(), `${args[0]} with ${pages} free pages answered, so it is in the keyring`).not.toBe(before);
        } else {
          outcomes.refused++;
          expect(r.exitCode, String(r.stderr)).toBe(253);
          oneError(r.stderr, /no space left on its file system/);
          // the call, its last-usage record and its trail record: none of them, as if never made
          expect(rows(), `${args[0]} with ${pages} free pages was refused, so nothing changed`).toBe(before);
        }
      }
    }
    console.log(`[faults] disk full: ${outcomes.committed} committed, ${outcomes.refused} refused`);
    expect(outcomes.refused).toBeGreaterThan(2);
    expect(outcomes.committed).toBeGreaterThan(2);
  });

  it('after space is freed everything works, and every record and key material verifies', async () => {
    freeAll();
    const key = json(await sb.kms(['create-key'])).KeyMetadata.KeyId as string;
    const enc = await sb.kms(['encrypt', '--key-id', key, '--plaintext', 'aGVsbG8=', '--query', 'CiphertextBlob', '--output', 'text']);
    const dec = await sb.kms(['decrypt', '--ciphertext-blob', String(enc.stdout).trim(), '--query', 'Plaintext', '--output', 'text']);
    expect(String(dec.stdout)).toBe('aGVsbG8=\n');
    const v = await sb.kms(['keyring', 'verify']);
    expect(v.exitCode, String(v.stderr)).toBe(0);
    expect(String(v.stderr)).toMatch(/records and \d+ key materials verified\n$/);
  });

  it('a stream whose --out fills the disk at any frame fails (255) and its partly written file is removed', async () => {
    const key = json(await sb.kms(['create-key'])).KeyMetadata.KeyId as string;
    const input = join(sb.dir, 'big');
    writeFileSync(input, Buffer.alloc(600 * 1024, 7));
    const sealed = join(sb.dir, 'big.enc');
    // 64 KiB frames: ten of them, so that the disk fills at the header, at one frame or another
    const frames = ['--frame-size', '65536'];
    expect((await sb.kms(['encrypt-stream', '--key-id', key, '--in', input, '--out', sealed, ...frames])).exitCode).toBe(0);
    // the output's own small disk: the keyring (and its trail) keeps room to record the calls
    const O = join(sb.dir, 'out');
    mkdirSync(O);
    mount('-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', O);
    let refused = 0;
    for (const pages of [0, 1, 20, 60, 100, 140, 200]) {
      for (const [args, out] of [
        [['encrypt-stream', '--key-id', key, '--in', input, '--out', join(O, 'out.enc'), ...frames], join(O, 'out.enc')],
        [['decrypt-stream', '--in', sealed, '--out', join(O, 'out.dec')], join(O, 'out.dec')],
      ] as const) {
        leaveFree(pages, O);
        const r = await sb.kms([...args]);
        freeAll(O);
        if (r.exitCode === 0) {
          // it fitted: whole, and right
          expect(out.endsWith('.dec') ? readFileSync(out).equals(readFileSync(input)) : readFileSync(out).length).toBeTruthy();
          rmSync(out);
          continue;
        }
        refused++;
        expect(r.exitCode, String(r.stderr)).toBe(255);
        expect(String(r.stderr)).toBe('error: writing the output failed: ENOSPC\nhint: the partly written --out file was removed\n');
        expect(existsSync(out), `${args[0]} with ${pages} pages free`).toBe(false);
      }
    }
    expect(refused).toBeGreaterThanOrEqual(8);
  });

  it('keyring init on a full disk fails (253) and leaves no file, not even its temporary one', async () => {
    const dir = join(R, 'new');
    mkdirSync(dir);
    leaveFree(0);
    const r = await sb.kms(['keyring', 'init', '--kdf-cost', '10'], { env: { ...sb.env, KMS_KEYRING: join(dir, 'keyring.db') } });
    freeAll();
    expect(r.exitCode, String(r.stderr)).toBe(253);
    oneError(r.stderr, /^error: (cannot create the keyring .* \(ENOSPC\)|the keyring .* could not be written: no space left on its file system)$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('unlock whose session folder is on a full disk fails (253), leaves no session file, and works once space is freed', async () => {
    const run = join(sb.dir, 'run-small');
    mkdirSync(run, { mode: 0o700 });
    mount('-t', 'tmpfs', '-o', 'size=16k,mode=0700', 'tmpfs', run);
    mkdirSync(join(run, 'kms'), { mode: 0o700 });
    const env = { ...sb.env, XDG_RUNTIME_DIR: run };
    spawnSync('dd', ['if=/dev/zero', `of=${join(run, 'fill')}`, `bs=${PAGE}`], { stdio: 'ignore' });
    const r = await sb.kms(['keyring', 'unlock', '--no-agent'], { env });
    expect(r.exitCode, String(r.stderr)).toBe(253);
    oneError(r.stderr, /^error: cannot write the session file .*\.session \(ENOSPC: no space left on its file system\)$/);
    expect(readdirSync(join(run, 'kms'))).toEqual([]);
    rmSync(join(run, 'fill'));
    const ok = await sb.kms(['keyring', 'unlock', '--no-agent'], { env });
    expect(ok.exitCode, String(ok.stderr)).toBe(0);
    const session = /KMS_SESSION='([^']+)'/.exec(String(ok.stdout))![1]!;
    const envS: Record<string, string> = { ...env, KMS_SESSION: session };
    delete envS.KMS_PASSPHRASE;
    expect((await sb.kms(['list-keys'], { env: envS })).exitCode).toBe(0);
  });

  it('a backup onto a disk too small for it fails (253) and leaves no file there', async () => {
    const T = join(sb.dir, 'tiny');
    mkdirSync(T);
    mount('-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', T);
    const r = await sb.kms(['keyring', 'backup', join(T, 'b.db')]);
    expect(r.exitCode, String(r.stderr)).toBe(253);
    oneError(r.stderr, /^error: cannot write the backup .* no space left on its file system$/);
    expect(readdirSync(T)).toEqual([]);
  });

  it('a keyring on read-only media answers reads (with a warning: no trail) and refuses changes (253) without changing a byte', async () => {
    const key = json(await sb.kms(['create-key'])).KeyMetadata.KeyId as string;
    const blob = String((await sb.kms(['encrypt', '--key-id', key, '--plaintext', 'aGk=', '--query', 'CiphertextBlob', '--output', 'text'])).stdout).trim();
    // a commit still in the WAL when the media went read-only is read too: hold a connection so
    // that the CLI's last close does not checkpoint, then add a key
    const hold = new Database(keyring, { readonly: true });
    hold.prepare('SELECT count(*) FROM records').get();
    const late = json(await sb.kms(['create-key', '--description', 'in the WAL'])).KeyMetadata.KeyId as string;
    expect(existsSync(`${keyring}-wal`)).toBe(true);
    const before = rows();
    const env = { ...sb.env, KMS_KEYRING: join(RO, 'kr', 'keyring.db') };
    const warning = `warning: the keyring ${env.KMS_KEYRING} is on a read-only file system: this call is not on its audit trail\n`;
    try {
      const list = await sb.kms(['list-keys', '--query', 'Keys[].KeyId', '--output', 'text'], { env });
      expect(list.exitCode, String(list.stderr)).toBe(0);
      expect(String(list.stderr)).toBe(warning);
      expect(String(list.stdout)).toContain(late);
      const dec = await sb.kms(['decrypt', '--ciphertext-blob', blob, '--query', 'Plaintext', '--output', 'text'], { env });
      expect([dec.exitCode, String(dec.stdout)]).toEqual([0, 'aGk=\n']);
      expect((await sb.kms(['describe-key', '--key-id', late], { env })).exitCode).toBe(0);
      expect((await sb.kms(['keyring', 'info'], { env })).exitCode).toBe(0);
      expect((await sb.kms(['keyring', 'verify'], { env })).exitCode).toBe(0);
      const copy = join(sb.dir, 'from-ro.db');
      expect((await sb.kms(['keyring', 'backup', copy], { env })).exitCode).toBe(0);
      for (const args of [['create-key'], ['tag-resource', '--key-id', key, '--tags', 'TagKey=a,TagValue=b'], ['schedule-key-deletion', '--key-id', key]]) {
        const r = await sb.kms(args, { env });
        expect(r.exitCode, String(r.stderr)).toBe(253);
        oneError(r.stderr, /^error: the keyring .* is on a read-only file system, so this command cannot change it$/);
      }
      expect(rows()).toBe(before);
    } finally {
      hold.close();
    }
  });

  it('kms serve on read-only media answers reads, refuses changes with a 500 (the outage, logged) and keeps serving', async () => {
    expect((await sb.kms(['create-key'])).exitCode).toBe(0);
    const roEnv = { ...sb.env, KMS_KEYRING: join(RO, 'kr', 'keyring.db') };
    const server = await startServer({ ...sb, env: roEnv }, ['--no-auth']);
    try {
      for (let i = 0; i < 100 && !server.log().includes('warning: the keyring'); i++) await new Promise((r) => setTimeout(r, 20));
      expect(server.log()).toContain('warning: the keyring is on a read-only file system: calls that change keys fail, and no call is on the audit trail');
      const env = { ...clientEnv(sb), KMS_KEYRING: roEnv.KMS_KEYRING };
      const list = await sb.kms(['--endpoint-url', server.url, 'list-keys'], { env });
      expect(list.exitCode, String(list.stderr)).toBe(0);
      expect(json(list).Keys.length).toBeGreaterThan(0);
      const create = await sb.kms(['--endpoint-url', server.url, 'create-key'], { env });
      expect(create.exitCode).toBe(254);
      expect(String(create.stderr)).toContain('(KMSInternalException)');
      expect(server.log()).toMatch(/internal error: the keyring .* is on a read-only file system, so this command cannot change it/);
      expect((await sb.kms(['--endpoint-url', server.url, 'list-aliases'], { env })).exitCode).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('a keyring read-only to its user (permissions) answers reads and refuses changes (253); an unreadable one is one clear error', async () => {
    if (spawnSync('sh', ['-c', 'command -v setpriv']).status !== 0) {
      console.log('[faults] skipping the permission case: setpriv (util-linux) is not installed');
      return;
    }
    // kms runs as nobody here: its checkout must be one that nobody may read (a clone inside a
    // 0700 folder, as `mktemp -d` makes, is not)
    const launch = join(import.meta.dirname, '..', '..', 'dist', 'launch.cjs');
    if (spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-r', launch]).status !== 0) {
      console.log(`[faults] skipping the permission case: user nobody cannot read ${launch} (a folder above the checkout is private)`);
      return;
    }
    const dir = join(sb.dir, 'perm');
    mkdirSync(dir);
    const path = join(dir, 'keyring.db');
    const env = { ...sb.env, KMS_KEYRING: path, HOME: dir };
    expect((await sb.kms(['keyring', 'init', '--kdf-cost', '10'], { env })).exitCode).toBe(0);
    const key = json(await sb.kms(['create-key'], { env })).KeyMetadata.KeyId as string;
    for (const d of [sb.dir, dir]) chmodSync(d, 0o755);
    const asNobody = (args: string[]) =>
      new Promise<{ code: number; stderr: string; stdout: string }>((ok) => {
        const p = spawn('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', join(import.meta.dirname, '..', '..', 'bin', 'kms'), ...args], { env: { ...env, HOME: '/tmp' } });
        let stdout = '';
        let stderr = '';
        p.stdout.on('data', (d) => (stdout += String(d)));
        p.stderr.on('data', (d) => (stderr += String(d)));
        p.on('close', (code) => ok({ code: code ?? -1, stdout, stderr }));
      });
    // root's 0600 keyring: nobody may not even read it
    const denied = await asNobody(['list-keys']);
    expect(denied.code, denied.stderr).toBe(253);
    oneError(denied.stderr, /^error: cannot read the keyring /);
    // nobody's own keyring, made read-only (0400) in a folder nobody may write
    chownSync(path, 65534, 65534);
    chownSync(dir, 65534, 65534);
    chmodSync(path, 0o400);
    const before = rows(path);
    const read = await asNobody(['describe-key', '--key-id', key, '--query', 'KeyMetadata.KeyId', '--output', 'text']);
    expect([read.code, read.stdout], read.stderr).toEqual([0, `${key}\n`]);
    expect(read.stderr).toBe(`warning: the keyring ${path} is read-only to you (its permissions): this call is not on its audit trail\n`);
    const write = await asNobody(['create-key']);
    expect(write.code, write.stderr).toBe(253);
    oneError(write.stderr, /^error: the keyring .* is read-only to you \(its permissions\), so this command cannot change it$/);
    expect(rows(path)).toBe(before);
    chmodSync(sb.dir, 0o700);
  });

  it('EIO reading a stream\'s input or writing its output: one error line (255), the partial --out removed', async () => {
    const key = json(await sb.kms(['create-key'])).KeyMetadata.KeyId as string;
    // /proc/self/mem is the kms process's own memory: reading or writing it at offset 0 is EIO
    const out = join(sb.dir, 'eio.enc');
    const r = await sb.kms(['encrypt-stream', '--key-id', key, '--in', '/proc/self/mem', '--out', out]);
    expect(r.exitCode).toBe(255);
    expect(String(r.stderr)).toBe('error: reading the input failed: EIO\nhint: the partly written --out file was removed\n');
    expect(existsSync(out)).toBe(false);
    const input = join(sb.dir, 'small-input');
    writeFileSync(input, 'some bytes');
    const w = await sb.kms(['encrypt-stream', '--key-id', key, '--in', input, '--out', '/proc/self/mem']);
    expect(w.exitCode).toBe(255);
    // not a file kms made, so kms does not remove it, and says so
    expect(String(w.stderr)).toBe('error: writing the output failed: EIO\nhint: /proc/self/mem could not be removed (EPERM), so kms left it; what it received is incomplete\n');
  });
});
