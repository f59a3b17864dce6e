// End to end through bin/kms: a team keyring in a real PostgreSQL (KMS_KEYRING, or the `keyring`
// setting, = postgresql://…). The keyring's own commands, KMS calls and streams on it, sessions
// with and without the agent, `kms keyring copy` between files, databases and schemas, the ways a
// connection fails (each one `error:` line and hints, exit 253, nothing changed), TLS, and that a
// file user never loads `pg`. No output of any command here may show a password: every call goes
// through run(), which checks.
//
// Each test has its own sandbox (HOME, settings, session folder) and its own database, so the
// tests run concurrently: a call costs a Node start and a PostgreSQL login, and one after another
// they would take a minute.
import { execa, type Options, type Result } from 'execa';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KMS, ROOT, json, sandbox, type Sandbox } from '../support/cli.js';
import { freePort, postgresMissing, sharedCluster, startCluster, type PgCluster } from '../support/postgres.js';
import { PREDEFINED_ALIAS_SERVICES } from '../../src/services/kms/keys/aws-managed.js';

const reason = postgresMissing();
if (reason) console.log(`pg-cli tests skipped: ${reason}`);
const agentBuilt = existsSync(join(ROOT, 'build', 'Release', 'kms-client')) && existsSync(join(ROOT, 'build', 'Release', 'agent.node'));
if (!reason && !agentBuilt) console.log('pg-cli: the agent half of the session test is skipped: native/agent.c and kms_client.c were not built');

/** Generous: the calls of the concurrent tests share the machine's CPUs. */
const TIMEOUT = 120_000;

// ---- running kms, and what no output may show ------------------------------------------------

/** Every password a test hands kms (raw and as a URL carries it): no stdout or stderr may show one. */
const secrets = new Set<string>();
function secret(text: string): string {
  secrets.add(text);
  secrets.add(encodeURIComponent(text));
  return text;
}

const txt = (v: unknown): string => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : String(v ?? ''));

function noSecretIn(r: Result, what: string): void {
  for (const s of secrets) {
    expect(txt(r.stdout).includes(s), `${what}: its stdout shows a password`).toBe(false);
    expect(txt(r.stderr).includes(s), `${what}: its stderr shows a password`).toBe(false);
  }
}

/** One code cache for every sandbox's calls (launch.cjs keeps it under XDG_CACHE_HOME). */
let cacheHome = '';

/**
 * How long a call may run before it counts as hung and is killed. Not a speed check: a call takes a
 * few seconds at most even on a busy machine, while a process that leaves a half-made login open
 * cannot exit before the server's authentication_timeout (60 s) closes it.
 */
const HUNG_MS = 30_000;

/** bin/kms with exactly `env` (nothing inherited), killed when hung; its output is checked for passwords. */
async function run(env: Record<string, string>, args: string[], opts: Options = {}): Promise<Result> {
  const r = (await execa(KMS, args, {
    env: { XDG_CACHE_HOME: cacheHome, ...env },
    extendEnv: false,
    reject: false,
    stripFinalNewline: false,
    timeout: HUNG_MS,
    ...opts,
  })) as unknown as Result;
  noSecretIn(r, `kms ${args.join(' ')}`);
  return r;
}

/** A bash pipeline, `$KMS` being bin/kms; its output is checked for passwords. */
async function sh(env: Record<string, string>, script: string, cwd: string): Promise<Result> {
  const r = (await execa('bash', ['-o', 'pipefail', '-c', script], { env: { XDG_CACHE_HOME: cacheHome, ...env, KMS }, extendEnv: false, reject: false, cwd, timeout: HUNG_MS })) as unknown as Result;
  noSecretIn(r, script);
  return r;
}

/** The call ended by itself (ok() and configFailure() check it first). */
function exited(r: Result): void {
  expect(r.timedOut, `${r.command} did not exit within ${HUNG_MS / 1000} s; its stderr: ${txt(r.stderr)}`).toBe(false);
}

function ok(r: Result): Result {
  exited(r);
  expect(r.exitCode, `exit ${r.exitCode}: ${txt(r.stderr)}`).toBe(0);
  return r;
}

const keyIds = (r: Result): string[] => json(ok(r)).Keys.map((k: { KeyId: string }) => k.KeyId).sort();

/**
 * A configuration or keyring problem as the CLI must show it: exit 253, nothing on stdout, on
 * stderr exactly one `error:` line (matching `error`) and after it only `hint:` lines (at least
 * one; one of them matching `hint` when given), no stack trace.
 */
function configFailure(r: Result, error: RegExp, hint?: RegExp): void {
  const err = txt(r.stderr);
  exited(r);
  expect(r.exitCode, err).toBe(253);
  expect(txt(r.stdout)).toBe('');
  const lines = err.replace(/\n$/, '').split('\n');
  expect(lines[0], err).toMatch(/^error: /);
  expect(lines[0], err).toMatch(error);
  expect(lines.length, err).toBeGreaterThan(1);
  for (const line of lines.slice(1)) expect(line, err).toMatch(/^hint: /);
  if (hint) expect(lines.slice(1).some((l) => hint.test(l)), err).toBe(true);
  expect(err).not.toMatch(/^\s+at /m);
}

const without = (env: Record<string, string>, ...names: string[]): Record<string, string> => {
  const e = { ...env };
  for (const n of names) delete e[n];
  return e;
};

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const dbOf = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));
/** What kms prints for a URL: its password as ***. */
const labelOf = (url: string) => url.replace(/^(postgresql:\/\/[^:@/]+):[^@/]*@/, '$1:***@');

// ---- the database as kms left it ------------------------------------------------------------

let cluster: PgCluster;

/**
 * All a keyring in `schema` of `db` holds (schema row, header, every record) as one string, or
 * 'none' where there is no keyring. The same string before and after: nothing was changed.
 */
async function fingerprint(db: string, schema = 'public', on: PgCluster = cluster): Promise<string> {
  const [t] = await on.sql<{ t: string | null }>(db, 'SELECT to_regclass($1)::text AS t', [`${schema}.kms_schema`]);
  if (!t?.t) return 'none';
  const [row] = await on.sql<{ f: string }>(
    db,
    `SELECT concat_ws('|', s.version, s.generation, h.keyring_id, encode(h.wrapped_mk, 'hex'), encode(h.kdf_salt, 'hex'),
       (SELECT count(*) FROM "${schema}".kms_records),
       (SELECT md5(coalesce(string_agg(name || '=' || encode(value, 'hex'), ',' ORDER BY name), '')) FROM "${schema}".kms_records)) AS f
     FROM "${schema}".kms_schema s, "${schema}".kms_header h`,
  );
  return row!.f;
}

/** The record names in a schema's kms_records (read with SQL, not kms). */
async function recordNames(db: string, schema = 'public'): Promise<string[]> {
  return (await cluster.sql<{ name: string }>(db, `SELECT name FROM "${schema}".kms_records ORDER BY name`)).map((r) => r.name);
}

// ---- sandboxes and team keyrings -------------------------------------------------------------

const sandboxes: Sandbox[] = [];

/** A sandbox of a test's own (a file keyring made when `init`), removed after the file. */
async function ownSandbox(init = false): Promise<Sandbox> {
  const sb = await sandbox(init);
  sandboxes.push(sb);
  return sb;
}

/** A folder of a sandbox. */
function folder(sb: Sandbox, name: string): string {
  const d = join(sb.dir, name);
  mkdirSync(d, { recursive: true });
  return d;
}

interface Team {
  sb: Sandbox;
  url: string;
  db: string;
  label: string;
  /** The sandbox's env with KMS_KEYRING = url. */
  env: Record<string, string>;
}

/** A new database, and a sandbox whose KMS_KEYRING names it (no keyring made yet). */
async function newTeam(): Promise<Team> {
  const sb = await ownSandbox();
  const url = await cluster.createDatabase();
  return { sb, url, db: dbOf(url), label: labelOf(url), env: { ...sb.env, KMS_KEYRING: url } };
}

// ---- the tests -------------------------------------------------------------------------------

describe.skipIf(reason)('a team keyring in PostgreSQL, through bin/kms', () => {
  beforeAll(async () => {
    const shared = await sharedCluster();
    if (!shared) throw new Error('PostgreSQL is installed, yet there is no shared cluster');
    cluster = shared;
    secret(cluster.password);
    cacheHome = mkdtempSync(join(tmpdir(), 'kms-pg-cli-cache-'));
  });
  afterAll(() => {
    // an agent still running (a failed test) ends within a second of its session file's removal
    for (const sb of sandboxes) sb.cleanup();
    if (cacheHome) rmSync(cacheHome, { recursive: true, force: true });
  });

  it.concurrent('keyring init / info, keys, aliases, tags, encrypt, data keys, streams, change-passphrase, verify, backup, the keyring setting', async () => {
    const team = await newTeam();
    const { env, label, db } = team;
    expect(label).toBe(`postgresql://kms:***@127.0.0.1:${cluster.port}/${db}`);
    const init = ok(await run(env, ['keyring', 'init', '--kdf-cost', '10']));
    expect(txt(init.stderr)).toBe(`created keyring ${label}\n`);
    const made = await fingerprint(db);
    expect(made).not.toBe('none');
    configFailure(await run(env, ['keyring', 'init', '--kdf-cost', '10']), new RegExp(`^error: a keyring already exists at ${escapeRe(label)}$`));
    expect(await fingerprint(db)).toBe(made);

    // info: no passphrase needed; the URL without its password
    const info = json(ok(await run(without(env, 'KMS_PASSPHRASE'), ['keyring', 'info'])));
    expect(info).toMatchObject({ Path: label, FormatVersion: 1, Kdf: { Name: 'scrypt', LogN: 10, R: 8, P: 1 }, KeyCount: 0 });
    expect(info.KeyringId).toBe((await cluster.sql<{ id: string }>(db, 'SELECT keyring_id AS id FROM kms_header'))[0]!.id);

    // a key, an alias, tags: rows in kms_records
    const created = json(ok(await run(env, ['create-key', '--description', 'team key', '--tags', 'TagKey=team,TagValue=core']))).KeyMetadata;
    const keyId: string = created.KeyId;
    expect(created).toMatchObject({ Description: 'team key', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' });
    expect(await recordNames(db)).toContain(`key/us-east-1/${keyId}`);
    const [alias, tagged] = await Promise.all([
      run(env, ['create-alias', '--alias-name', 'alias/team', '--target-key-id', keyId]),
      run(env, ['tag-resource', '--key-id', keyId, '--tags', 'TagKey=stage,TagValue=prod']),
    ]);
    ok(alias);
    ok(tagged);

    // reads and cryptography, side by side
    const work = folder(team.sb, 'streams');
    writeFileSync(join(work, 'plain'), randomBytes(300_000));
    const [tags, aliases, enc, dk, pipe] = await Promise.all([
      run(env, ['list-resource-tags', '--key-id', keyId]),
      run(env, ['list-aliases', '--key-id', keyId]),
      run(env, ['encrypt', '--key-id', 'alias/team', '--plaintext', Buffer.from('team secret').toString('base64'), '--encryption-context', 'app=pg']),
      run(env, ['generate-data-key', '--key-id', 'alias/team', '--key-spec', 'AES_256']),
      // a file piped through both stream commands: --in, stdin → stdout, --out
      sh(env, '"$KMS" encrypt-stream --key-id alias/team --in plain | tee plain.kms | "$KMS" decrypt-stream --out round && cmp plain round', work),
    ]);
    expect(json(ok(tags)).Tags).toEqual([
      { TagKey: 'stage', TagValue: 'prod' },
      { TagKey: 'team', TagValue: 'core' },
    ]);
    expect(json(ok(aliases)).Aliases.map((a: { AliasName: string }) => a.AliasName)).toEqual(['alias/team']);
    const ciphertext: string = json(ok(enc)).CiphertextBlob;
    const dataKey = json(ok(dk));
    expect(Buffer.from(dataKey.Plaintext, 'base64')).toHaveLength(32);
    ok(pipe);
    expect(readFileSync(join(work, 'plain.kms')).includes(readFileSync(join(work, 'plain')).subarray(0, 64))).toBe(false);
    const [dec, dkDec] = await Promise.all([
      run(env, ['decrypt', '--ciphertext-blob', ciphertext, '--encryption-context', 'app=pg']),
      run(env, ['decrypt', '--ciphertext-blob', dataKey.CiphertextBlob]),
    ]);
    expect(Buffer.from(json(ok(dec)).Plaintext, 'base64').toString()).toBe('team secret');
    expect(json(dec).KeyId).toBe(created.Arn);
    expect(json(ok(dkDec)).Plaintext).toBe(dataKey.Plaintext);

    // change-passphrase: the old passphrase is refused afterwards; the new one opens the same keys
    const wrapped = async () => (await cluster.sql<{ w: Buffer }>(db, 'SELECT wrapped_mk AS w FROM kms_header'))[0]!.w;
    const before = await wrapped();
    expect(txt(ok(await run({ ...env, KMS_NEW_PASSPHRASE: 'a new team passphrase' }, ['keyring', 'change-passphrase'])).stderr)).toBe('passphrase changed\n');
    expect((await wrapped()).equals(before)).toBe(false);
    const renewed = { ...env, KMS_PASSPHRASE: 'a new team passphrase' };
    const [old, fresh, again] = await Promise.all([
      run(env, ['list-keys']),
      run(renewed, ['list-keys']),
      run(renewed, ['decrypt', '--ciphertext-blob', ciphertext, '--encryption-context', 'app=pg']),
    ]);
    configFailure(old, /passphrase/);
    expect(keyIds(fresh)).toEqual([keyId]);
    expect(Buffer.from(json(ok(again)).Plaintext, 'base64').toString()).toBe('team secret');

    // verify: every record opens, the key material too
    expect(txt(ok(await run(renewed, ['keyring', 'verify'])).stderr)).toMatch(new RegExp(`^${escapeRe(label)}: \\d+ records and 1 key material verified\\n$`));

    // backup: a new SQLite file (0600) that opens with the passphrase and lists the keys; an existing file is refused and kept
    const backup = join(folder(team.sb, 'backup'), 'team.db');
    expect(txt(ok(await run(renewed, ['keyring', 'backup', backup])).stderr)).toMatch(
      new RegExp(`^backed up \\d+ records of ${escapeRe(label)} to ${escapeRe(backup)}\\n$`),
    );
    expect(readFileSync(backup).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(statSync(backup).mode & 0o777).toBe(0o600);
    const kept = readFileSync(backup);
    configFailure(await run(renewed, ['keyring', 'backup', backup]), new RegExp(`^error: ${escapeRe(backup)} already exists$`));
    expect(readFileSync(backup).equals(kept)).toBe(true);
    // (calls on the backup write their trail into it)
    const [fromBackup, backupInfo, backupKeys] = await Promise.all([
      run({ ...renewed, KMS_KEYRING: backup }, ['decrypt', '--ciphertext-blob', ciphertext, '--encryption-context', 'app=pg']),
      run({ ...without(renewed, 'KMS_PASSPHRASE'), KMS_KEYRING: backup }, ['keyring', 'info']),
      run({ ...renewed, KMS_KEYRING: backup }, ['list-keys']),
    ]);
    expect(json(ok(fromBackup)).KeyId).toBe(created.Arn);
    expect(json(ok(backupInfo))).toMatchObject({ Path: backup, KeyringId: info.KeyringId, KeyCount: 1 });
    expect(keyIds(backupKeys)).toEqual([keyId]);

    // the `keyring` setting instead of KMS_KEYRING
    const bySetting = without(renewed, 'KMS_KEYRING');
    ok(await run(bySetting, ['configure', 'set', 'keyring', team.url]));
    const [list, listed, settingInfo] = await Promise.all([
      run(bySetting, ['configure', 'list']),
      run(bySetting, ['list-keys']),
      run(without(bySetting, 'KMS_PASSPHRASE'), ['keyring', 'info']),
    ]);
    expect(txt(ok(list).stdout)).toMatch(new RegExp(`keyring\\s+${escapeRe(label)}\\s+config-file`));
    expect(keyIds(listed)).toEqual([keyId]);
    expect(json(ok(settingInfo))).toMatchObject({ Path: label, KeyringId: info.KeyringId, KeyCount: 1 });
  }, TIMEOUT);

  it.concurrent('sessions: unlock → KMS_SESSION, calls without KMS_PASSPHRASE (KMS_AGENT=0 and through the agent), lock ends them', async () => {
    const team = await newTeam();
    const env = team.env;
    ok(await run(env, ['keyring', 'init', '--kdf-cost', '10']));
    const keyId = json(ok(await run(env, ['create-key']))).KeyMetadata.KeyId;
    ok(await run(env, ['create-alias', '--alias-name', 'alias/team', '--target-key-id', keyId]));
    const sessionEnv = (r: Result) => {
      const m = /^export KMS_SESSION='([^']+)'\n$/.exec(txt(r.stdout));
      expect(m, txt(r.stdout)).not.toBeNull();
      return { ...without(env, 'KMS_PASSPHRASE'), KMS_SESSION: m![1]! };
    };
    const sessionDir = join(team.sb.env.XDG_RUNTIME_DIR!, 'kms');
    const sockets = () => (existsSync(sessionDir) ? readdirSync(sessionDir).filter((f) => f.endsWith('.sock')) : []);

    // KMS_AGENT=0: no agent; each call opens the database itself, with the session's key
    const plain = sessionEnv(ok(await run({ ...env, KMS_AGENT: '0' }, ['keyring', 'unlock', '--duration', '10m'])));
    expect(sockets()).toEqual([]);
    const [listed, enc] = await Promise.all([
      run(plain, ['--debug', 'list-keys']),
      run(plain, ['encrypt', '--key-id', 'alias/team', '--plaintext', Buffer.from('in a session').toString('base64')]),
    ]);
    expect(keyIds(listed)).toEqual([keyId]);
    expect(txt(listed.stderr)).toContain('keyring open');
    expect(txt(listed.stderr)).not.toContain('kms agent');
    const dec = await run(plain, ['decrypt', '--ciphertext-blob', json(ok(enc)).CiphertextBlob]);
    expect(Buffer.from(json(ok(dec)).Plaintext, 'base64').toString()).toBe('in a session');
    expect(txt(ok(await run(plain, ['keyring', 'lock'])).stderr)).toBe('1 session ended\n');
    configFailure(await run(plain, ['list-keys']), /session .*ended/);

    if (!agentBuilt) return;
    // the agent (the default): it holds the database's connections and runs the session's calls
    const u = ok(await run(env, ['--debug', 'keyring', 'unlock', '--duration', '10m']));
    const pid = Number(/kms agent (\d+) listens on /.exec(txt(u.stderr))?.[1]);
    expect(pid, txt(u.stderr)).toBeGreaterThan(0);
    // the URL (and any PG* variable) may hold the password: the agent got them on its pipe, and
    // its environment, which other processes of the user can read, holds neither
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    expect(environ).not.toMatch(/(^|\0)(KMS_KEYRING|PGPASSWORD|KMS_PASSPHRASE|KMS_SESSION)=/);
    expect(environ).not.toContain(cluster.password);
    const agent = sessionEnv(u);
    try {
      expect(sockets()).toEqual([`${agent.KMS_SESSION.split('.')[0]}.sock`]);
      const viaAgent = ok(await run(agent, ['--debug', 'list-keys']));
      expect(txt(viaAgent.stderr)).toContain('keyring held open by the kms agent');
      expect(keyIds(viaAgent)).toEqual([keyId]);
      // a key made in the agent, one made by a process of its own: each sees the other's
      const byAgent = json(ok(await run(agent, ['create-key', '--description', 'made in the agent']))).KeyMetadata.KeyId;
      const byOwn = json(ok(await run({ ...agent, KMS_AGENT: '0' }, ['create-key', '--description', 'made beside it']))).KeyMetadata.KeyId;
      const seen = ok(await run(agent, ['--debug', 'describe-key', '--key-id', byOwn]));
      expect(txt(seen.stderr)).toContain('keyring held open by the kms agent');
      expect(json(seen).KeyMetadata.Description).toBe('made beside it');
      expect(json(ok(await run({ ...agent, KMS_AGENT: '0' }, ['describe-key', '--key-id', byAgent]))).KeyMetadata.Description).toBe('made in the agent');
      expect((await recordNames(team.db)).filter((n) => n.startsWith('key/'))).toHaveLength(3);
      // two stream calls piped in the session (one runs in the agent, the other as a process of its own); verify on the session's key
      const work = folder(team.sb, 'agent-streams');
      writeFileSync(join(work, 'plain'), randomBytes(200_000));
      const [pipe, verify] = await Promise.all([
        sh(agent, '"$KMS" encrypt-stream --key-id alias/team < plain | "$KMS" decrypt-stream > round && cmp plain round', work),
        run(agent, ['keyring', 'verify']),
      ]);
      ok(pipe);
      expect(txt(ok(verify).stderr)).toMatch(/: \d+ records and 3 key materials verified\n$/);
    } finally {
      // lock --all ends the session; its agent leaves with it
      expect(txt(ok(await run(agent, ['keyring', 'lock', '--all'])).stderr)).toMatch(/^[1-9]\d* sessions? ended\n$/);
    }
    configFailure(await run(agent, ['list-keys']), /session .*ended/);
    let alive = true;
    for (let waited = 0; alive && waited < 10_000; waited += 50) {
      try {
        process.kill(pid, 0);
        await new Promise((r) => setTimeout(r, 50));
      } catch {
        alive = false;
      }
    }
    expect(alive, `the agent ${pid} outlived its session`).toBe(false);
    expect(sockets()).toEqual([]);
  }, TIMEOUT);

  it.concurrent('kms keyring copy: file → database → file, and into a schema; every copy verifies and decrypts; a copy onto a keyring is refused', async () => {
    const fileSb = await ownSandbox(true);
    const fileEnv = fileSb.env;
    // a symmetric key and an RSA key, and what they encrypted before any copy
    const [symR, rsaR] = await Promise.all([
      run(fileEnv, ['create-key', '--description', 'copied']),
      run(fileEnv, ['create-key', '--key-spec', 'RSA_2048', '--key-usage', 'ENCRYPT_DECRYPT']),
    ]);
    const sym: string = json(ok(symR)).KeyMetadata.KeyId;
    const rsa: string = json(ok(rsaR)).KeyMetadata.KeyId;
    const [aliasR, symEnc, rsaEnc] = await Promise.all([
      run(fileEnv, ['create-alias', '--alias-name', 'alias/copied', '--target-key-id', sym]),
      run(fileEnv, ['encrypt', '--key-id', sym, '--plaintext', Buffer.from('sym before').toString('base64')]),
      run(fileEnv, ['encrypt', '--key-id', rsa, '--encryption-algorithm', 'RSAES_OAEP_SHA_256', '--plaintext', Buffer.from('rsa before').toString('base64')]),
    ]);
    ok(aliasR);
    const symCt: string = json(ok(symEnc)).CiphertextBlob;
    const rsaCt: string = json(ok(rsaEnc)).CiphertextBlob;

    /** The keyring at `where` verifies, and opens both old ciphertexts and the alias. */
    const check = async (where: string) => {
      const env = { ...fileEnv, KMS_KEYRING: where };
      const [v, s, r] = await Promise.all([
        run(env, ['keyring', 'verify']),
        run(env, ['decrypt', '--ciphertext-blob', symCt]),
        run(env, ['decrypt', '--key-id', rsa, '--encryption-algorithm', 'RSAES_OAEP_SHA_256', '--ciphertext-blob', rsaCt]),
      ]);
      expect(txt(ok(v).stderr)).toMatch(/: \d+ records and 2 key materials verified\n$/);
      expect(Buffer.from(json(ok(s)).Plaintext, 'base64').toString()).toBe('sym before');
      expect(json(s).KeyId).toContain(sym);
      expect(Buffer.from(json(ok(r)).Plaintext, 'base64').toString()).toBe('rsa before');
    };
    let keyringId = '';
    /** A copy's line: records, keyring id, both ends (URLs without passwords), read back and compared. */
    const copied = (r: Result, from: string, to: string) => {
      const m = new RegExp(`^copied \\d+ records of keyring ([0-9a-f]{32}) from ${escapeRe(from)} to ${escapeRe(to)}; read back and compared \\(sha256 [0-9a-f]{16}…\\)\\n$`).exec(txt(ok(r).stderr));
      expect(m, txt(r.stderr)).not.toBeNull();
      keyringId ||= m![1]!;
      expect(m![1]).toBe(keyringId);
    };

    // file → database
    const dbUrl = await cluster.createDatabase();
    const db = dbOf(dbUrl);
    copied(await run(fileEnv, ['keyring', 'copy', '--from', fileSb.keyring, '--to', dbUrl]), fileSb.keyring, labelOf(dbUrl));
    expect((await cluster.sql<{ id: string }>(db, 'SELECT keyring_id AS id FROM kms_header'))[0]!.id).toBe(keyringId);
    await check(dbUrl);

    // onto a database that holds a keyring: refused, nothing changed
    const inDb = await fingerprint(db);
    configFailure(
      await run(fileEnv, ['keyring', 'copy', '--from', fileSb.keyring, '--to', dbUrl]),
      new RegExp(`^error: a keyring already exists at ${escapeRe(labelOf(dbUrl))}$`),
      /never overwrites/,
    );
    expect(await fingerprint(db)).toBe(inDb);

    // database → file; onto an existing file: refused, the file unchanged
    const back = join(fileSb.dir, 'back.db');
    copied(await run(fileEnv, ['keyring', 'copy', '--from', dbUrl, '--to', back]), labelOf(dbUrl), back);
    const backBytes = readFileSync(back);
    configFailure(await run(fileEnv, ['keyring', 'copy', '--from', dbUrl, '--to', back]), new RegExp(`^error: ${escapeRe(back)} already exists$`));
    expect(readFileSync(back).equals(backBytes)).toBe(true);
    await check(back); // (its calls write their trail into the file)

    // into a schema of its own in the same database: a keyring of its own, isolated from public's
    await cluster.sql(db, 'CREATE SCHEMA team2');
    const schemaUrl = `${dbUrl}?options=-csearch_path=team2`;
    const publicBefore = await fingerprint(db, 'public');
    copied(await run(fileEnv, ['keyring', 'copy', '--from', back, '--to', schemaUrl]), back, labelOf(schemaUrl));
    await check(schemaUrl);
    const schemaEnv = { ...fileEnv, KMS_KEYRING: schemaUrl };
    const onlyThere = json(ok(await run(schemaEnv, ['create-key', '--description', 'only in team2']))).KeyMetadata.KeyId;
    expect(await fingerprint(db, 'public')).toBe(publicBefore);
    expect(await recordNames(db, 'team2')).toContain(`key/us-east-1/${onlyThere}`);
    expect(await recordNames(db, 'public')).not.toContain(`key/us-east-1/${onlyThere}`);
    const [inSchema, inPublic, missing, aliasThere] = await Promise.all([
      run(schemaEnv, ['keyring', 'info']),
      run({ ...fileEnv, KMS_KEYRING: dbUrl }, ['keyring', 'info']),
      run({ ...fileEnv, KMS_KEYRING: dbUrl }, ['describe-key', '--key-id', onlyThere]),
      run(schemaEnv, ['describe-key', '--key-id', 'alias/copied']),
    ]);
    expect(json(ok(inSchema))).toMatchObject({ Path: labelOf(schemaUrl), KeyringId: keyringId, KeyCount: 3 });
    expect(json(ok(inPublic))).toMatchObject({ Path: labelOf(dbUrl), KeyringId: keyringId, KeyCount: 2 });
    expect(missing.exitCode).toBe(254);
    expect(txt(missing.stderr)).toMatch(/^\nAn error occurred \(NotFoundException\) when calling the DescribeKey operation: /);
    expect(json(ok(aliasThere)).KeyMetadata.KeyId).toBe(sym);
  }, TIMEOUT);

  it.concurrent('never shows a password: --debug, errors, keyring info, configure list, a password= parameter, an odd password', async () => {
    const team = await newTeam();
    const { env, label, db } = team;
    ok(await run(env, ['--debug', 'keyring', 'init', '--kdf-cost', '10']));
    const role = `kms_shown_${randomBytes(4).toString('hex')}`;
    const odd = secret(`p@ss:w/rd?#% ${randomBytes(6).toString('hex')}`);
    await cluster.createRole(role, odd); // no grants: its calls are denied
    const oddUrl = `postgresql://${role}:${encodeURIComponent(odd)}@127.0.0.1:${cluster.port}/${db}`;
    const param = `postgresql://kms@127.0.0.1:${cluster.port}/${db}?password=${cluster.password}`;
    const bySetting = { ...without(env, 'KMS_KEYRING'), KMS_CONFIG_DIR: join(team.sb.dir, 'setting') };
    ok(await run(bySetting, ['configure', 'set', 'keyring', oddUrl]));
    const [created, info, verify, list, settingList, byParam, ...failed] = await Promise.all([
      run(env, ['--debug', 'create-key']),
      run(env, ['--debug', 'keyring', 'info', '--output', 'text']),
      run(env, ['--debug', 'keyring', 'verify']),
      run(env, ['configure', 'list']),
      run(bySetting, ['configure', 'list']),
      run({ ...env, KMS_KEYRING: param }, ['--debug', 'keyring', 'info']),
      run({ ...env, KMS_KEYRING: oddUrl }, ['--debug', 'list-keys']),
      run(bySetting, ['--debug', 'keyring', 'info']),
      run({ ...env, KMS_KEYRING: cluster.url(db, { password: secret(`wrong-${randomBytes(6).toString('hex')}`) }) }, ['--debug', 'create-key']),
      run({ ...env, KMS_KEYRING: `${team.url}?sslmode=verify-full` }, ['--debug', 'list-keys']), // this server has no TLS
      run({ ...env, KMS_KEYRING: cluster.url('kms_no_such_db') }, ['--debug', 'list-keys']),
      run({ ...env, KMS_KEYRING: `postgresql://kms:${cluster.password}@127.0.0.1:99999/${db}` }, ['--debug', 'list-keys']),
    ]);
    expect(txt(ok(created).stderr)).toContain(`kms debug`);
    expect(txt(created.stderr)).toContain(`keyring ${label} (account`);
    expect(txt(ok(info).stdout)).toContain(label);
    expect(txt(ok(verify).stderr)).toContain(`${label}: `);
    expect(txt(ok(list).stdout)).toMatch(new RegExp(`keyring\\s+${escapeRe(label)}\\s+env KMS_KEYRING`));
    expect(txt(ok(settingList).stdout)).toMatch(new RegExp(`keyring\\s+${escapeRe(`postgresql://${role}:***@127.0.0.1:${cluster.port}/${db}`)}\\s+config-file`));
    expect(json(ok(byParam)).Path).toBe(`postgresql://kms@127.0.0.1:${cluster.port}/${db}?password=***`);
    for (const r of failed) {
      expect(r.exitCode, txt(r.stderr)).toBe(253);
      expect(txt(r.stderr)).toMatch(/^(kms debug .*\n)*error: .*:\*\*\*@/);
    }
  }, TIMEOUT);

  it.concurrent('errors: one error line and hints, exit 253, no stack trace, nothing changed', async () => {
    const team = await newTeam();
    const { env, url, db } = team;
    ok(await run(env, ['keyring', 'init', '--kdf-cost', '10']));
    const keyId = json(ok(await run(env, ['create-key']))).KeyMetadata.KeyId;
    const cwd = folder(team.sb, 'errors-cwd'); // no command may leave a file here (a URL taken for a path)
    const bare = cluster.url(db, { password: false });
    const pw = cluster.password;
    const port = cluster.port;
    const at = (keyring: string, extra: Record<string, string> = {}) => ({ ...env, KMS_KEYRING: keyring, ...extra });
    const wrong = secret(`not-the-password-${randomBytes(6).toString('hex')}`);
    const wrongFile = join(folder(team.sb, 'pgpassfile'), 'pgpass');
    writeFileSync(wrongFile, `127.0.0.1:${port}:${db}:kms:${wrong}\n`, { mode: 0o600 });
    const noPassHome = folder(team.sb, 'home-nopass');
    // a ~/.pgpass others may read: ignored, with a warning
    const looseHome = folder(team.sb, 'home-loose');
    writeFileSync(join(looseHome, '.pgpass'), `127.0.0.1:${port}:${db}:kms:${pw}\n`);
    chmodSync(join(looseHome, '.pgpass'), 0o644);
    const role = `kms_noperm_${randomBytes(4).toString('hex')}`;
    const rolePw = secret(`role-${randomBytes(6).toString('hex')}`);
    await cluster.createRole(role, rolePw); // LOGIN, no grants on kms's tables
    const roleUrl = `postgresql://${role}:${rolePw}@127.0.0.1:${port}/${db}`;
    const closed = await freePort(); // nothing listens there
    const before = await fingerprint(db);

    const urlHint = /write it as postgresql:\/\/user\[:password\]@host/;
    const cases: [string, Record<string, string>, string[], RegExp, RegExp][] = [
      ['a port out of range', at(`postgresql://kms:${pw}@127.0.0.1:99999/${db}`), ['create-key'], /^error: the keyring URL postgresql:\/\/kms:\*\*\*@127\.0\.0\.1:99999\/\w+ is not a PostgreSQL connection URL kms can use: its port "99999" is not a number from 1 to 65535$/, urlHint],
      ['an unknown parameter', at(`${url}?foo=1`), ['create-key'], /: it has the parameter "foo", which kms does not know/, urlHint],
      ['broken percent-encoding', at(`postgresql://kms:${pw}%zz@127.0.0.1:${port}/${db}`), ['create-key'], /: its password is not valid percent-encoding$/, urlHint],
      ['several hosts', at(`postgresql://kms:${pw}@127.0.0.1,localhost:${port}/${db}`), ['create-key'], /: it names several hosts/, urlHint],
      ['several hosts, each with its port', at(`postgresql://kms:${pw}@127.0.0.1:${port},localhost:${port}/${db}`), ['create-key'], /: it names several hosts/, urlHint],
      ['an unreachable server', at(`postgresql://kms:${pw}@127.0.0.1:${closed}/${db}`), ['create-key'], /^error: cannot reach the PostgreSQL server of the keyring postgresql:\/\/kms:\*\*\*@127\.0\.0\.1:\d+\/\w+ \(ECONNREFUSED\)$/, /nothing was changed/],
      ['a database that does not exist', at(cluster.url('kms_no_such_db')), ['create-key'], /^error: the database of the keyring postgresql:\/\/kms:\*\*\*@127\.0\.0\.1:\d+\/kms_no_such_db does not exist/, /createdb/],
      ['a wrong password in the URL', at(cluster.url(db, { password: wrong })), ['create-key'], /^error: PostgreSQL refused the login for the keyring .*password authentication failed for user "kms"/, /the password was taken from the URL/],
      ['a wrong PGPASSWORD', at(bare, { PGPASSWORD: wrong }), ['create-key'], /^error: PostgreSQL refused the login/, /the password was taken from PGPASSWORD/],
      ['a wrong password in PGPASSFILE', at(bare, { PGPASSFILE: wrongFile }), ['create-key'], /^error: PostgreSQL refused the login/, new RegExp(`the password was taken from ${escapeRe(wrongFile)}`)],
      ['no password at all', at(bare, { HOME: noPassHome }), ['create-key'], /^error: PostgreSQL asked for a password for the keyring postgresql:\/\/kms@127\.0\.0\.1:\d+\/\w+, and kms found none$/, /PGPASSWORD.*~\/\.pgpass/],
      ['a ~/.pgpass others may read', at(bare, { HOME: looseHome }), ['create-key'], /^error: PostgreSQL asked for a password .* and kms found none$/, new RegExp(`ignored: password file "${escapeRe(join(looseHome, '.pgpass'))}" has group or world access`)],
      ['a role without privileges', at(roleUrl), ['create-key'], /^error: PostgreSQL denied a statement on the keyring postgresql:\/\/kms_noperm_\w+:\*\*\*@.*permission denied for table kms_schema/, /grant the role SELECT, INSERT, UPDATE and DELETE/],
      ['a role without privileges (init)', at(roleUrl), ['keyring', 'init', '--kdf-cost', '10'], /^error: PostgreSQL denied a statement/, /grant/],
    ];
    const results = await Promise.all(cases.map(([, e, args]) => run(e, args, { cwd })));
    const failures: string[] = [];
    cases.forEach(([what, , , error, hint], i) => {
      try {
        configFailure(results[i]!, error, hint);
      } catch (err) {
        failures.push(`${what}: ${(err as Error).message.split('\n')[0]}\n    stderr: ${txt(results[i]!.stderr).trim().replace(/\n/g, '\n            ')}`);
      }
    });
    expect(failures, `\n${failures.join('\n')}`).toEqual([]);
    expect(await fingerprint(db)).toBe(before);
    expect(readdirSync(cwd)).toEqual([]);

    // what works: ~/.pgpass 0600, PGPASSWORD
    const goodHome = folder(team.sb, 'home-pgpass');
    writeFileSync(join(goodHome, '.pgpass'), `# kms test\n127.0.0.1:${port}:${db}:kms:${pw}\n`, { mode: 0o600 });
    // a database without a keyring reads as an empty keyring, as a missing file does; info and verify refuse it
    const emptyUrl = await cluster.createDatabase();
    const empty = at(emptyUrl);
    // a schema version newer than this kms (a copy of the keyring, then its version raised)
    const newerUrl = await cluster.createDatabase();
    const [viaPgpass, viaEnv, listed, aliases, missingFile, info, verify] = await Promise.all([
      run(at(bare, { HOME: goodHome }), ['list-keys']),
      run(at(bare, { PGPASSWORD: pw }), ['list-keys']),
      run(empty, ['list-keys']),
      run(empty, ['list-aliases']),
      run(at(join(cwd, 'no-such-keyring.db')), ['list-keys']),
      run(empty, ['keyring', 'info']),
      run(empty, ['keyring', 'verify']),
      run(env, ['keyring', 'copy', '--from', url, '--to', newerUrl]).then(ok),
    ]);
    expect(keyIds(viaPgpass)).toEqual([keyId]);
    expect(keyIds(viaEnv)).toEqual([keyId]);
    expect(json(ok(listed))).toEqual({ Keys: [] });
    expect(txt(listed.stdout)).toBe(txt(ok(missingFile).stdout));
    // an empty keyring lists only the predefined alias/aws/* names (no TargetKeyId)
    expect(json(ok(aliases))).toEqual({ Aliases: PREDEFINED_ALIAS_SERVICES.map((s) => ({ AliasName: `alias/aws/${s}`, AliasArn: expect.stringMatching(`:alias/aws/${s}$`) })) });
    configFailure(info, new RegExp(`^error: no keyring at ${escapeRe(labelOf(emptyUrl))}$`), /kms keyring init/);
    configFailure(verify, new RegExp(`^error: no keyring at ${escapeRe(labelOf(emptyUrl))}$`));
    expect(await fingerprint(dbOf(emptyUrl))).toBe('none');

    await cluster.sql(dbOf(newerUrl), 'UPDATE kms_schema SET version = 99');
    const newer = await fingerprint(dbOf(newerUrl));
    const refused = await Promise.all([
      run(at(newerUrl), ['create-key'], { cwd }),
      run(at(newerUrl), ['keyring', 'info'], { cwd }),
      run(at(newerUrl), ['keyring', 'copy', '--from', newerUrl, '--to', join(cwd, 'copy.db')], { cwd }),
    ]);
    for (const r of refused) {
      configFailure(r, new RegExp(`^error: the keyring ${escapeRe(labelOf(newerUrl))} has schema version 99, which this kms cannot use \\(it knows versions up to 1\\)$`), /upgrade kms/);
    }
    expect(await fingerprint(dbOf(newerUrl))).toBe(newer);
    expect(readdirSync(cwd)).toEqual([]);
  }, TIMEOUT);

  it.concurrent('TLS: verify-full with the CA works, and the connection is TLS; without the CA it fails; require works', async () => {
    const tls = await startCluster({ ssl: true });
    try {
      secret(tls.password);
      await tls.sql('postgres', 'ALTER SYSTEM SET log_connections = on');
      await tls.sql('postgres', 'SELECT pg_reload_conf()');
      // a new connection reads the reloaded setting once the postmaster has it
      for (let i = 0; i < 100 && (await tls.sql<{ v: string }>('postgres', 'SELECT current_setting($1) AS v', ['log_connections']))[0]!.v !== 'on'; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const sb = await ownSandbox();
      const db = dbOf(await tls.createDatabase());
      const at = (host: string, params: Record<string, string>) =>
        `postgresql://kms:${tls.password}@${host}:${tls.port}/${db}?${Object.entries(params).map(([k, v]) => `${k}=${v}`).join('&')}`;
      const verifyFull = at('localhost', { sslmode: 'verify-full', sslrootcert: tls.caFile!, application_name: 'kms-tls-verify-full' });
      const env = { ...sb.env, KMS_KEYRING: verifyFull };
      ok(await run(env, ['keyring', 'init', '--kdf-cost', '10']));
      const keyId = json(ok(await run(env, ['create-key']))).KeyMetadata.KeyId;
      const before = await fingerprint(db, 'public', tls);
      const [byIp, required, plain, noCa] = await Promise.all([
        run({ ...env, KMS_KEYRING: at('127.0.0.1', { sslmode: 'verify-full', sslrootcert: tls.caFile!, application_name: 'kms-tls-verify-ip' }) }, ['list-keys']),
        run({ ...env, KMS_KEYRING: at('localhost', { sslmode: 'require', application_name: 'kms-tls-require' }) }, ['list-keys']),
        run({ ...env, KMS_KEYRING: at('127.0.0.1', { sslmode: 'disable', application_name: 'kms-plain' }) }, ['list-keys']),
        run({ ...env, KMS_KEYRING: at('localhost', { sslmode: 'verify-full', application_name: 'kms-tls-no-ca' }) }, ['create-key']),
      ]);
      for (const r of [byIp, required, plain]) expect(keyIds(r)).toEqual([keyId]);
      configFailure(
        noCa,
        /^error: TLS to the PostgreSQL server of the keyring postgresql:\/\/kms:\*\*\*@localhost:\d+\/\w+\?sslmode=verify-full&application_name=kms-tls-no-ca failed \(.+\)$/,
        /sslrootcert/,
      );
      // the calls that worked wrote their trail; the refused one wrote nothing (no new key)
      expect(await fingerprint(db, 'public', tls)).not.toBe(before);
      expect((await tls.sql<{ n: number }>(db, "SELECT count(*)::int AS n FROM kms_records WHERE starts_with(name, 'key/')"))).toEqual([{ n: 1 }]);
      // the server's log of connections: kms's were TLS where it asked for TLS, plain where not
      const log = readFileSync(join(tls.socketDir, 'log'), 'utf8').split('\n').filter((l) => l.includes('connection authorized'));
      const of = (app: string) => log.filter((l) => l.includes(`application_name=${app}`));
      for (const app of ['kms-tls-verify-full', 'kms-tls-verify-ip', 'kms-tls-require']) {
        expect(of(app).length, `${app} in the log:\n${log.join('\n')}`).toBeGreaterThan(0);
        for (const l of of(app)) expect(l).toMatch(/ SSL enabled \(protocol=TLSv1\.[23]/);
      }
      expect(of('kms-plain').length, log.join('\n')).toBeGreaterThan(0);
      for (const l of of('kms-plain')) expect(l).not.toContain('SSL enabled');
      expect(of('kms-tls-no-ca')).toEqual([]); // refused before it logged in
    } finally {
      await tls.destroy();
    }
  }, TIMEOUT);

  it.concurrent('file users never load pg; a postgresql:// keyring does (so the check can see it)', async () => {
    const fileSb = await ownSandbox(true);
    // at the process's exit, every module it loaded (the bundle requires its packages through Node's require)
    const hook = join(fileSb.dir, 'modules-hook.cjs');
    writeFileSync(hook, "process.on('exit', () => require('fs').writeFileSync(process.env.KMS_TEST_MODULES_OUT, Object.keys(require.cache).join('\\n') + '\\n'));\n");
    const loaded = async (env: Record<string, string>, args: string[], name: string) => {
      const out = join(fileSb.dir, `${name}.modules`);
      ok(await run({ ...env, NODE_OPTIONS: `--require ${hook}`, KMS_TEST_MODULES_OUT: out }, args));
      return readFileSync(out, 'utf8').split('\n').filter(Boolean);
    };
    const pgModule = /\/node_modules\/pg(-[a-z-]+)?\//;
    const teamUrl = await cluster.createDatabase();
    ok(await run({ ...fileSb.env, KMS_KEYRING: teamUrl }, ['keyring', 'init', '--kdf-cost', '10']));
    const [list, create, info, db] = await Promise.all([
      loaded(fileSb.env, ['list-keys'], 'list'),
      loaded(fileSb.env, ['create-key'], 'create'),
      loaded(fileSb.env, ['keyring', 'info'], 'info'),
      loaded({ ...fileSb.env, KMS_KEYRING: teamUrl }, ['list-keys'], 'db'),
    ]);
    for (const mods of [list, create, info]) {
      expect(mods.some((m) => m.endsWith('/dist/launch.cjs'))).toBe(true);
      expect(mods.filter((m) => pgModule.test(m))).toEqual([]);
    }
    // the hook sees what the bundle requires: SQLite for a file, pg for a database
    expect(list.some((m) => m.includes('/node_modules/better-sqlite3/'))).toBe(true);
    expect(db.some((m) => /\/node_modules\/pg\/lib\/index\.js$/.test(m)), db.join('\n')).toBe(true);
  }, TIMEOUT);
});
