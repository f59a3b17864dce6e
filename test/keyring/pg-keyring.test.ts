// The team keyring (a postgresql:// URL) in process, against a real PostgreSQL: the keyring's own
// functions, what the database sees (names and sealed bytes only), several processes on one
// database (each a pool of its own, as two servers have), copies between a file and a database,
// the schema's version, and a connection lost or a server gone mid-work. The CLI and `kms serve`
// on a team keyring: test/e2e/pg-cli.test.ts, test/e2e/pg-serve.test.ts.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsError, LocalError } from '../../src/errors.js';
import {
  keyringChangePassphrase,
  keyringCopy,
  keyringInfo,
  keyringInit,
  keyringLock,
  keyringUnlock,
  keyringVerify,
  openKeyring,
  type Keyring,
} from '../../src/keyring/index.js';
import { keyringLabel } from '../../src/keyring/location.js';
import { connectionOf } from '../../src/keyring/pg-connection.js';
import type { PgKeyring } from '../../src/keyring/pg-store.js';
import { trailRecorder } from '../../src/services/cloudtrail/recorder.js';
import { verifyKeyRecord } from '../../src/services/kms/verify.js';
import { expectKmsError, makeEnv } from '../engine/helpers.js';
import { externalKey, importMaterial } from '../engine/import-helpers.js';
import { postgresMissing, sharedCluster, startCluster, type PgCluster } from '../support/postgres.js';
import { CHEAP, PASS, tempDir, testDeps } from './helpers.js';

const missing = postgresMissing();
if (missing) console.log(`skipped: the PostgreSQL keyring tests need PostgreSQL (${missing})`);

const t = tempDir();
const opened: Keyring[] = [];
let cluster: PgCluster;

beforeAll(async () => {
  if (missing) return;
  cluster = (await sharedCluster())!;
});
afterAll(async () => {
  for (const ring of opened) await ((ring as Partial<PgKeyring>).closeAsync?.() ?? ring.close());
  t.cleanup();
});

const deps = (env: Record<string, string | undefined> = {}) => testDeps({ KMS_PASSPHRASE: PASS, HOME: t.dir, ...env });

/** A new database holding a new keyring; its URL. */
async function newKeyring(): Promise<string> {
  const url = await cluster.createDatabase();
  await keyringInit(deps(), { path: url, kdfLogN: CHEAP });
  return url;
}

async function open(url: string, env: Record<string, string | undefined> = {}): Promise<Keyring> {
  const ring = await openKeyring(deps(env), { path: url, write: true });
  opened.push(ring);
  return ring;
}

/** Every row of the keyring's tables, as PostgreSQL returns them to any client. */
async function rawRows(url: string): Promise<{ name: string; value: Buffer }[]> {
  const db = new URL(url).pathname.slice(1);
  const header = await cluster.sql<Record<string, unknown>>(db, 'SELECT * FROM kms_header');
  const rows = await cluster.sql<{ name: string; value: Buffer }>(db, 'SELECT name, value FROM kms_records ORDER BY name');
  return [{ name: 'header', value: Buffer.from(JSON.stringify(header, (_k, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v))) }, ...rows];
}

describe.skipIf(missing)('a team keyring: the keyring commands on a database', () => {
  it('init, info, a second init refused, opening with a wrong passphrase refused', async () => {
    const url = await newKeyring();
    const info = await keyringInfo(deps(), { path: url, keyPrefix: 'key/' });
    expect(info.path).toBe(keyringLabel(url));
    expect(info.path).not.toContain(cluster.password);
    expect(info).toMatchObject({ formatVersion: 1, kdf: { name: 'scrypt', logN: CHEAP }, keyCount: 0 });
    expect(info.keyringId).toMatch(/^[0-9a-f]{32}$/);
    await expect(keyringInit(deps(), { path: url, kdfLogN: CHEAP })).rejects.toThrow(/a keyring already exists at postgresql:\/\/kms:\*\*\*@/);
    await expect(openKeyring(deps({ KMS_PASSPHRASE: 'wrong' }), { path: url, write: false })).rejects.toThrow('incorrect passphrase');
  });

  it('a database without a keyring reads as empty, is made on the first write, and says so to info', async () => {
    const url = await cluster.createDatabase();
    const empty = await openKeyring(deps(), { path: url, write: false });
    expect(empty.readOnly).toBe(true);
    expect(await empty.read((r) => r.list(''))).toEqual([]);
    await expect(keyringInfo(deps(), { path: url })).rejects.toThrow(/^no keyring at postgresql:/);
    const ring = await open(url);
    await ring.transaction(async (tx) => tx.put('made/by', 'first write'));
    expect((await keyringInfo(deps(), { path: url, keyPrefix: 'made/' })).keyCount).toBe(1);
  });

  it('change-passphrase re-wraps MK only; unlock gives a session that opens it; lock --all ends it', async () => {
    const url = await newKeyring();
    const before = await open(url);
    await before.transaction(async (tx) => tx.put('kept', 'across the change'));
    const id = (await keyringInfo(deps(), { path: url })).keyringId;
    await keyringChangePassphrase(deps({ KMS_NEW_PASSPHRASE: 'new passphrase' }), { path: url });
    await expect(openKeyring(deps(), { path: url, write: false })).rejects.toThrow('incorrect passphrase');
    const after = await open(url, { KMS_PASSPHRASE: 'new passphrase' });
    expect(await after.read((r) => r.get('kept'))).toBe('across the change');
    expect((await keyringInfo(deps(), { path: url })).keyringId).toBe(id);

    const runtime = join(t.dir, `run-${randomBytes(4).toString('hex')}`);
    const env = { KMS_PASSPHRASE: 'new passphrase', XDG_RUNTIME_DIR: undefined, TMPDIR: runtime };
    mkdirSync(runtime, { mode: 0o700 });
    const text = await keyringUnlock(deps(env), { path: url, duration: '5m' });
    const session = /KMS_SESSION='([^']+)'/.exec(text)![1]!;
    const viaSession = await open(url, { ...env, KMS_PASSPHRASE: undefined, KMS_SESSION: session });
    expect(await viaSession.read((r) => r.get('kept'))).toBe('across the change');
    expect(await keyringLock(deps({ TMPDIR: runtime }), { all: true, path: url })).toBe(1);
    await expect(openKeyring(deps({ KMS_PASSPHRASE: undefined, KMS_SESSION: session, TMPDIR: runtime }), { path: url, write: false })).rejects.toThrow(/session/);
  });

  it('PostgreSQL sees record names and sealed bytes only: no description, tag, policy, alias target or key material in clear', async () => {
    const url = await newKeyring();
    const ring = await open(url);
    const env = makeEnv('us-east-1', 'clear-text', { store: ring, trail: trailRecorder({ retentionDays: 90 }) });
    const secrets = {
      description: `description-${randomBytes(8).toString('hex')}`,
      tagValue: `tag-value-${randomBytes(8).toString('hex')}`,
      tagKey: `tag-key-${randomBytes(8).toString('hex')}`,
      policySid: `policy-sid-${randomBytes(8).toString('hex')}`,
      grantName: `grant-name-${randomBytes(8).toString('hex')}`,
    };
    const material = randomBytes(32);
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: secrets.policySid, Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
    });
    const key = await env.newKey({ Description: secrets.description, Tags: [{ TagKey: secrets.tagKey, TagValue: secrets.tagValue }], Policy: policy });
    await env.run('CreateGrant', { KeyId: key.KeyId, GranteePrincipal: 'arn:aws:iam::111122223333:role/r', Operations: ['Decrypt'], Name: secrets.grantName });
    const ext = await externalKey(env, { Description: secrets.description });
    await importMaterial(env, ext.KeyId as string, material);
    const sealed = await env.run('Encrypt', { KeyId: ext.KeyId, Plaintext: new TextEncoder().encode('hello') });
    // the material is the key's: what it encrypted, openssl-free, decrypts through the store
    expect(new TextDecoder().decode((await env.run('Decrypt', { CiphertextBlob: sealed.CiphertextBlob })).Plaintext as Uint8Array)).toBe('hello');
    // and the records do hold the secrets: read back through the barrier
    expect((await env.run('DescribeKey', { KeyId: key.KeyId })).KeyMetadata).toMatchObject({ Description: secrets.description });

    const rows = await rawRows(url);
    expect(rows.length).toBeGreaterThan(6);
    const dump = Buffer.concat(rows.flatMap((r) => [Buffer.from(r.name), r.value]));
    const forms = (s: string | Buffer) => {
      const b = Buffer.isBuffer(s) ? s : Buffer.from(s);
      return [b, Buffer.from(b.toString('hex')), Buffer.from(b.toString('base64')), Buffer.from(b.toString('base64url'))];
    };
    for (const [what, secret] of [...Object.entries(secrets), ['material', material] as const]) {
      for (const form of forms(secret)) expect(dump.includes(form), `${what} in clear`).toBe(false);
    }
    // names are not secret: keys, aliases, grants and the trail are found by them
    expect(rows.some((r) => r.name.includes(key.KeyId as string))).toBe(true);
    expect(rows.some((r) => r.name.startsWith('trail/'))).toBe(true);
  });

  it('verify opens every record and unwraps every key material', async () => {
    const url = await newKeyring();
    const env = makeEnv('us-east-1', 'verify', { store: await open(url) });
    await env.newKey();
    await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const v = await keyringVerify(deps(), { path: url, checkRecord: verifyKeyRecord });
    expect(v).toMatchObject({ path: keyringLabel(url), checked: 2 });
    expect(v.records).toBeGreaterThanOrEqual(2);
  });
});

describe.skipIf(missing)('several processes on one database (a pool each, as two servers)', () => {
  let url: string;
  let a: ReturnType<typeof makeEnv>;
  let b: ReturnType<typeof makeEnv>;
  beforeAll(async () => {
    if (missing) return;
    url = await newKeyring();
    a = makeEnv('us-east-1', 'process-a', { store: await open(url), limits: { grantsPerKey: 5 } });
    b = makeEnv('us-east-1', 'process-b', { store: await open(url), limits: { grantsPerKey: 5 } });
  });

  it('no update is lost: 20 concurrent TagResource calls on one key, half through each, all stay', async () => {
    const { KeyId } = await a.newKey();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).run('TagResource', { KeyId, Tags: [{ TagKey: `t${i}`, TagValue: String(i) }] })),
    );
    const tags = (await b.run('ListResourceTags', { KeyId })).Tags as { TagKey: string }[];
    expect(tags.map((x) => x.TagKey).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `t${i}`).sort());
  });

  it('a quota holds across them: 12 concurrent CreateGrant calls with a limit of 5, exactly 5 made', async () => {
    const { KeyId } = await a.newKey();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).run('CreateGrant', { KeyId, GranteePrincipal: `arn:aws:iam::111122223333:role/r${i}`, Operations: ['Decrypt'] }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected')) {
      expect(r.reason).toBeInstanceOf(KmsError);
      expect((r.reason as KmsError).code).toBe('LimitExceededException');
    }
  });

  it('of concurrent CreateAlias calls for one name through both, exactly one wins', async () => {
    const keys = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).newKey()));
    const results = await Promise.allSettled(keys.map((k, i) => (i % 2 ? b : a).run('CreateAlias', { AliasName: 'alias/race', TargetKeyId: k.KeyId })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('a write through one is seen by the other at once, though the other had the key cached', async () => {
    const { KeyId } = await a.newKey();
    const plain = new Uint8Array([1, 2, 3]);
    await a.run('Encrypt', { KeyId, Plaintext: plain });
    await a.run('Encrypt', { KeyId, Plaintext: plain }); // the key's row is in a's cache now
    await b.run('DisableKey', { KeyId });
    await expectKmsError(a.run('Encrypt', { KeyId, Plaintext: plain }), 'DisabledException');
    await b.run('EnableKey', { KeyId });
    const blob = (await a.run('Encrypt', { KeyId, Plaintext: plain })).CiphertextBlob;
    expect((await b.run('Decrypt', { CiphertextBlob: blob })).Plaintext).toEqual(plain);
  });
});

describe.skipIf(missing)('kms keyring copy between a file and a database', () => {
  it('file → database → file: the same rows byte for byte, read back; a destination holding a keyring is refused', async () => {
    const file = join(t.dir, `src-${randomBytes(4).toString('hex')}.db`);
    await keyringInit(deps(), { path: file, kdfLogN: CHEAP });
    const env = makeEnv('us-east-1', 'copy', { store: await openKeyring(deps(), { path: file, write: true }) });
    const { KeyId } = await env.newKey({ Description: 'copied' });
    const blob = (await env.run('Encrypt', { KeyId, Plaintext: new Uint8Array([7]) })).CiphertextBlob as Uint8Array;
    (env.store as Keyring).close();

    const url = await cluster.createDatabase();
    const there = await keyringCopy(deps(), { from: file, to: url });
    expect(there.records).toBeGreaterThan(0);
    const back = join(t.dir, `back-${randomBytes(4).toString('hex')}.db`);
    const again = await keyringCopy(deps(), { from: url, to: back });
    expect(again).toMatchObject({ records: there.records, digest: there.digest, keyringId: there.keyringId });

    // each copy opens with the same passphrase and decrypts what the original encrypted
    for (const path of [url, back]) {
      const copyEnv = makeEnv('us-east-1', 'copy-check', { store: await open(path) });
      expect((await copyEnv.run('Decrypt', { CiphertextBlob: blob })).Plaintext).toEqual(new Uint8Array([7]));
      expect((await copyEnv.run('DescribeKey', { KeyId })).KeyMetadata).toMatchObject({ Description: 'copied' });
    }
    const refused = (await keyringCopy(deps(), { from: file, to: url }).catch((e: unknown) => e)) as LocalError;
    expect(refused.message).toBe(`a keyring already exists at ${keyringLabel(url)}`);
    expect(refused.hints.join('\n')).toMatch(/a copy never overwrites one/);
    await expect(keyringCopy(deps(), { from: url, to: back })).rejects.toThrow(/already exists/);
    // a refused copy leaves no temporary file behind
    expect(readdirSync(t.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe.skipIf(missing)("the database's schema", () => {
  it('a newer schema version is refused with a clear error; a half-made one is called damaged', async () => {
    const url = await newKeyring();
    const db = new URL(url).pathname.slice(1);
    await cluster.sql(db, 'UPDATE kms_schema SET version = 99');
    const err = await keyringInfo(deps(), { path: url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalError);
    expect((err as LocalError).message).toMatch(/has schema version 99, which this kms cannot use \(it knows versions up to 1\)/);
    expect((err as LocalError).exitCode).toBe(253);
    await cluster.sql(db, 'UPDATE kms_schema SET version = 1');
    await cluster.sql(db, 'DELETE FROM kms_header');
    await expect(keyringInfo(deps(), { path: url })).rejects.toThrow(/is damaged \(kms_header does not have exactly one row\)/);
  });
});

describe.skipIf(missing)('a role that may only read', () => {
  it('reads; a write fails with the database\'s reason and leaves no aborted transaction on the connection', async () => {
    const url = await newKeyring();
    const db = new URL(url).pathname.slice(1);
    const owner = await open(url);
    await owner.transaction(async (tx) => tx.put('shared', 'by the owner'));
    const role = `reader_${randomBytes(4).toString('hex')}`;
    await cluster.createRole(role, 'reader pw');
    await cluster.sql(db, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
    const reader = await open(cluster.url(db).replace(/\/\/[^@]*@/, `//${role}:reader%20pw@`));
    expect(await reader.read((r) => r.get('shared'))).toBe('by the owner');
    for (let i = 0; i < 2; i++) {
      const err = (await reader.transaction(async (tx) => tx.put('mine', i)).catch((e: unknown) => e)) as LocalError;
      expect(err).toBeInstanceOf(LocalError);
      expect(err.message).toMatch(/^PostgreSQL denied a statement on the keyring .* \(permission denied for table kms_records\)$/);
      expect(err.exitCode).toBe(253);
    }
    // the same connections go on: a transaction that only reads, and reads outside one
    expect(await reader.transaction(async (tx) => tx.get('shared'))).toBe('by the owner');
    expect(await reader.read((r) => r.get('mine'))).toBeUndefined();
  });
});

describe.skipIf(missing)('faults: a connection lost mid-transaction, a server gone and back', () => {
  let own: PgCluster;
  let url: string;
  let ring: Keyring;
  beforeAll(async () => {
    if (missing) return;
    own = await startCluster();
    url = await own.createDatabase();
    await keyringInit(deps(), { path: url, kdfLogN: CHEAP });
    ring = await open(url);
    await ring.transaction(async (tx) => tx.put('base', 1));
  }, 60_000);
  afterAll(async () => {
    await own?.destroy();
  });

  it('a connection killed while a transaction runs fails that transaction alone, with nothing written; the next one works', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const doomed = ring.transaction(async (tx) => {
      tx.put('base', 2);
      tx.put('doomed', 'never');
      await gate;
    });
    // the batch holds its connection "idle in transaction" while the handler waits
    const db = new URL(url).pathname.slice(1);
    let killed = 0;
    for (let i = 0; i < 100 && killed === 0; i++) {
      const rows = await own.sql<{ pg_terminate_backend: boolean }>(
        db,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'kms' AND state LIKE 'idle in transaction%'`,
      );
      killed = rows.length;
      if (killed === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(killed).toBe(1);
    release();
    const err = await doomed.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalError);
    expect((err as LocalError).message).toMatch(/the connection to the PostgreSQL server of the keyring postgresql:\/\/kms:\*\*\*@.* was (lost|lost while committing)/);
    expect((err as LocalError).exitCode).toBe(253);
    expect(await ring.read((r) => r.get('base'))).toBe(1);
    expect(await ring.read((r) => r.get('doomed'))).toBeUndefined();
    await ring.transaction(async (tx) => tx.put('after', 'works'));
    expect(await ring.read((r) => r.get('after'))).toBe('works');
  });

  it('a server that stops: every call fails clearly (exit 253) and nothing is written; once it is back the same store works', async () => {
    await own.stop('immediate');
    const err = await ring.transaction(async (tx) => tx.put('during', 'outage')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalError);
    expect((err as LocalError).message).toMatch(/cannot reach the PostgreSQL server|connection to the PostgreSQL server .* was lost/);
    expect((err as LocalError).exitCode).toBe(253);
    await expect(ring.read((r) => r.get('base'))).rejects.toBeInstanceOf(LocalError);
    await own.start();
    // the pool's connections died with the server: the first use finds that out and connects again
    await ring.transaction(async (tx) => tx.put('recovered', true));
    expect(await ring.read((r) => r.get('recovered'))).toBe(true);
    expect(await ring.read((r) => r.get('during'))).toBeUndefined();
  });
});

describe('reading a keyring URL as libpq does (no server needed)', () => {
  const home = () => t.dir;
  it('takes what the URL leaves out from PG* variables and defaults', () => {
    const c = connectionOf('postgresql:///team', { PGHOST: 'db.example', PGPORT: '6543', PGUSER: 'ci', PGPASSWORD: 'pw' }, home());
    expect(c.config).toMatchObject({ host: 'db.example', port: 6543, user: 'ci', database: 'team', ssl: false, application_name: 'kms' });
    expect((c.config.password as () => string)()).toBe('pw');
    expect(c.passwordFrom).toBe('PGPASSWORD');
    const u = connectionOf('postgres://alice:s%40cret@h:1234/db?application_name=x&connect_timeout=0', { PGPASSWORD: 'other' }, home());
    expect(u.config).toMatchObject({ host: 'h', port: 1234, user: 'alice', database: 'db', application_name: 'x', connectionTimeoutMillis: 0 });
    expect((u.config.password as () => string)()).toBe('s@cret');
    expect(u.label).toBe('postgres://alice:***@h:1234/db?application_name=x&connect_timeout=0');
  });

  it('finds the password in ~/.pgpass (wildcards, escapes), and ignores a file others may read, saying why', () => {
    const file = join(t.dir, `pgpass-${randomBytes(4).toString('hex')}`);
    writeFileSync(file, '# comment\nother:5432:*:ci:nope\ndb.example:*:team:ci:pa\\:ss\\\\word\n*:*:*:*:fallback\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    const c = connectionOf('postgresql://ci@db.example/team', { PGPASSFILE: file }, home());
    expect((c.config.password as () => string)()).toBe('pa:ss\\word');
    expect(c.passwordFrom).toBe(file);
    expect((connectionOf('postgresql://x@y/z', { PGPASSFILE: file }, home()).config.password as () => string)()).toBe('fallback');
    chmodSync(file, 0o644);
    const open = connectionOf('postgresql://ci@db.example/team', { PGPASSFILE: file }, home());
    expect(open.passwordFrom).toBeUndefined();
    expect(open.warnings).toEqual([`password file "${file}" has group or world access; permissions should be u=rw (0600) or less`]);
  });

  it('reads sslmode as libpq does', () => {
    const ca = join(t.dir, 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n');
    const ssl = (q: string) => connectionOf(`postgresql://u@db.example/d?${q}`, {}, home()).config.ssl;
    expect(ssl('sslmode=disable')).toBe(false);
    expect(ssl('sslmode=require')).toMatchObject({ rejectUnauthorized: false });
    expect(ssl(`sslmode=require&sslrootcert=${ca}`)).toMatchObject({ ca: expect.stringContaining('CERTIFICATE') });
    expect(ssl(`sslmode=verify-full&sslrootcert=${ca}`)).toMatchObject({ servername: 'db.example', ca: expect.stringContaining('CERTIFICATE') });
    expect(() => ssl('sslmode=verify-ca')).toThrow(/needs the CA's certificate/);
    expect(() => ssl('sslmode=maybe')).toThrow(/sslmode "maybe" is not one of disable, allow, prefer, require, verify-ca, verify-full/);
    expect(() => ssl('sslmode=require&sslrootcert=/no/such/file')).toThrow(/cannot read sslrootcert \/no\/such\/file/);
  });

  it('refuses what it cannot use, naming it, without showing the password', () => {
    const bad: [string, RegExp][] = [
      ['postgresql://u:hunter2@h:99999/d', /its port "99999" is not a number from 1 to 65535/],
      ['postgresql://u:hunter2@h/d?foo=1', /the parameter "foo", which kms does not know/],
      ['postgresql://u:hunter2@h/d%zz', /its database name is not valid percent-encoding/],
      ['postgresql://u:hunter2@h1,h2/d', /does not parse as a URL|names several hosts/],
      ['postgresql://u:hunter2@h/d?host=a,b', /names several hosts/],
      ['postgresql://u:hunter2@h/d#frag', /has a #fragment/],
    ];
    for (const [url, why] of bad) {
      const err = (() => {
        try {
          connectionOf(url, {}, home());
        } catch (e) {
          return e as LocalError;
        }
        throw new Error(`accepted ${url}`);
      })();
      expect(err.message).toMatch(why);
      expect(err.exitCode).toBe(253);
      expect(err.message + err.hints.join('')).not.toContain('hunter2');
    }
  });

  it('shows a URL without its password, wherever the URL carries it', () => {
    expect(keyringLabel('postgresql://u:p%40ss@h:5/d?sslmode=require')).toBe('postgresql://u:***@h:5/d?sslmode=require');
    expect(keyringLabel('postgresql://u@h/d?password=secret&x=1')).toBe('postgresql://u@h/d?password=***&x=1');
    expect(keyringLabel('postgresql://h/d')).toBe('postgresql://h/d');
    expect(keyringLabel('/home/me/keyring.db')).toBe('/home/me/keyring.db');
  });
});
