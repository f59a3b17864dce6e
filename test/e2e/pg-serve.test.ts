// Two `kms serve` processes on ONE team keyring in a real PostgreSQL (never a mock): clients of
// both work on the same keys; concurrent writes through both lose nothing (tags), one of several
// racing CreateAlias wins and the quotas hold across servers (the per-keyring advisory lock
// serialises their transactions); a write through one server is seen by the other's next request
// (its row cache follows the generation counter); SIGTERM exits 0 and leaves no connection behind.
// On a private cluster: backends terminated between requests cost no request (the pool drops them),
// nor does one that died unnoticed in the pool (the store retries once); an outage, with requests
// in flight or between them, answers 500 KMSInternalException without ending either server, and
// both recover on their own when the database is back, with every acknowledged key kept.
import { DecryptCommand, EncryptCommand, KMSClient, CreateKeyCommand } from '@aws-sdk/client-kms';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockKeyOf } from '../../src/keyring/pg-store.js';
import { signRequest } from '../../src/protocol/sigv4.js';
import { sandbox, type Sandbox } from '../support/cli.js';
import { postgresMissing, sharedCluster, startCluster, type PgCluster } from '../support/postgres.js';
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, startServer, type Server } from './serve-support.js';

const reason = postgresMissing();
if (reason) console.log(`skipped: ${reason}`);

const CREDS = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY };
const GRANTS_PER_KEY = 5;
const ON_DEMAND_ROTATIONS = 3;

type Answer = { status: number; body: Record<string, any> };

/** One signed KMS call through `server`; a lost connection is status 0. */
async function call(server: Server, op: string, input: Record<string, unknown>): Promise<Answer> {
  const body = JSON.stringify(input);
  const headers = { host: `127.0.0.1:${server.port}`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` };
  const { host: _host, ...send } = { ...headers, ...signRequest({ method: 'POST', url: '/', headers, body }, CREDS, { region: 'us-east-1', now: new Date() }) };
  try {
    const res = await fetch(`${server.url}/`, { method: 'POST', headers: send, body });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  } catch (err) {
    return { status: 0, body: { error: String(err) } };
  }
}

/** The call's answer, which must be a success. */
async function ok(server: Server, op: string, input: Record<string, unknown>): Promise<Record<string, any>> {
  const r = await call(server, op, input);
  expect(r.status, `${op}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

/** Every key id `server` lists, page by page. */
async function listKeys(server: Server): Promise<Set<string>> {
  const ids = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await ok(server, 'ListKeys', marker ? { Limit: 1000, Marker: marker } : { Limit: 1000 });
    for (const k of page.Keys as { KeyId: string }[]) ids.add(k.KeyId);
    marker = page.Truncated ? (page.NextMarker as string) : undefined;
  } while (marker);
  return ids;
}

/** Polls `cond` every 100 ms until it holds or `ms` passed; whether it held. */
async function eventually(cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<boolean> {
  for (const end = Date.now() + ms; ; ) {
    if (await cond()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The exit code (or signal) of a server once it exits; undefined after `ms`. */
function exitOf(server: Server, ms = 10_000): Promise<number | string | undefined> {
  return new Promise((resolve) => {
    if (server.proc.exitCode !== null || server.proc.signalCode !== null) return resolve(server.proc.exitCode ?? server.proc.signalCode ?? undefined);
    const timer = setTimeout(() => resolve(undefined), ms);
    server.proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? signal ?? undefined);
    });
  });
}

const alive = (s: Server) => s.proc.exitCode === null && s.proc.signalCode === null;
/** The servers that exited, with their exit and the end of their stderr (empty when all live). */
const deaths = (servers: Server[]) =>
  servers.filter((s) => !alive(s)).map((s) => `kms serve on port ${s.port} exited (${s.proc.exitCode ?? s.proc.signalCode}): ${s.log().slice(-1500)}`);
const dbName = (url: string) => new URL(url).pathname.slice(1);

/** The connections kms holds to `db` (application_name 'kms'). */
async function kmsConnections(cluster: PgCluster, db: string): Promise<number> {
  const rows = await cluster.sql<{ n: number }>('postgres', `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'kms' AND datname = $1`, [db]);
  return rows[0]!.n;
}

/** Starts two servers on the sandbox's keyring; should one fail, the other is stopped. */
async function startBoth(sb: Sandbox): Promise<[Server, Server]> {
  const started = await Promise.allSettled([startServer(sb), startServer(sb)]);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw (failed as PromiseRejectedResult).reason;
  }
  return started.map((r) => (r as PromiseFulfilledResult<Server>).value) as [Server, Server];
}

/** A sandbox whose keyring is the database at `url`, initialised with a cheap KDF. */
async function pgSandbox(url: string, settings: Record<string, string> = {}): Promise<Sandbox> {
  const sb = await sandbox(false);
  try {
    sb.env.KMS_KEYRING = url;
    const init = await sb.kms(['keyring', 'init', '--kdf-cost', '10']);
    expect(init.exitCode, String(init.stderr)).toBe(0);
    for (const [k, v] of Object.entries(settings)) {
      const r = await sb.kms(['configure', 'set', k, v]);
      expect(r.exitCode, String(r.stderr)).toBe(0);
    }
    return sb;
  } catch (err) {
    sb.cleanup();
    throw err;
  }
}

describe.skipIf(reason)('two kms serve on one PostgreSQL keyring', () => {
  let cluster: PgCluster;
  let url: string;
  let sb: Sandbox | undefined;
  let a: Server | undefined;
  let b: Server | undefined;

  beforeAll(async () => {
    const shared = await sharedCluster();
    if (!shared) throw new Error('PostgreSQL is installed, yet there is no shared cluster');
    cluster = shared;
    url = await cluster.createDatabase();
    sb = await pgSandbox(url, { grants_per_key: String(GRANTS_PER_KEY), on_demand_rotation_limit: String(ON_DEMAND_ROTATIONS) });
    [a, b] = await startBoth(sb);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    sb?.cleanup();
    // the shared cluster outlives this file: leave no database behind (best effort)
    if (url) await cluster.sql('postgres', `DROP DATABASE IF EXISTS "${dbName(url)}"`).catch(() => undefined);
  });

  it('8 SDK clients, half on each server: CreateKey, Encrypt through one, Decrypt through the other', async () => {
    const servers = [a!, b!];
    const clients = servers.map((s) => new KMSClient({ endpoint: s.url, region: 'us-east-1', credentials: CREDS, maxAttempts: 1 }));
    try {
      const made = await Promise.all(
        Array.from({ length: 8 }, async (_, n) => {
          const mine = clients[n % 2]!;
          const other = clients[(n + 1) % 2]!;
          const out: { keyId: string; blob: Uint8Array; plaintext: string; context: Record<string, string> }[] = [];
          for (let round = 0; round < 3; round++) {
            const key = await mine.send(new CreateKeyCommand({ Description: `client ${n} round ${round}` }));
            const keyId = key.KeyMetadata!.KeyId!;
            const plaintext = `client ${n} round ${round}`;
            const context = { client: String(n), round: String(round) };
            const enc = await mine.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from(plaintext), EncryptionContext: context }));
            expect(enc.KeyId).toBe(key.KeyMetadata!.Arn);
            const dec = await other.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: context }));
            expect(Buffer.from(dec.Plaintext!).toString()).toBe(plaintext);
            expect(dec.KeyId).toBe(key.KeyMetadata!.Arn);
            out.push({ keyId, blob: enc.CiphertextBlob!, plaintext, context });
          }
          return out;
        }),
      );
      const all = made.flat();
      expect(new Set(all.map((m) => m.keyId)).size).toBe(24);
      // every key is listed through both servers
      for (const s of servers) {
        const listed = await listKeys(s);
        expect(all.filter((m) => !listed.has(m.keyId))).toEqual([]);
      }
      // and each ciphertext also decrypts through the server that made it
      const again = await Promise.all(all.map((m, i) => clients[i % 2]!.send(new DecryptCommand({ CiphertextBlob: m.blob, EncryptionContext: m.context }))));
      expect(again.map((d) => Buffer.from(d.Plaintext!).toString())).toEqual(all.map((m) => m.plaintext));
    } finally {
      for (const c of clients) c.destroy();
    }
  });

  it('no lost update: 40 concurrent TagResource calls on one key through both servers all land', async () => {
    const keyId = (await ok(a!, 'CreateKey', { Description: 'tags' })).KeyMetadata.KeyId as string;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call(i % 2 ? b! : a!, 'TagResource', { KeyId: keyId, Tags: [{ TagKey: `t${i}`, TagValue: `v${i}` }] })),
    );
    expect(answers.filter((r) => r.status !== 200)).toEqual([]);
    const want = Array.from({ length: 40 }, (_, i) => ({ TagKey: `t${i}`, TagValue: `v${i}` })).sort((x, y) => x.TagKey.localeCompare(y.TagKey));
    for (const s of [a!, b!]) {
      const tags = (await ok(s, 'ListResourceTags', { KeyId: keyId, Limit: 50 })).Tags as { TagKey: string; TagValue: string }[];
      expect([...tags].sort((x, y) => x.TagKey.localeCompare(y.TagKey))).toEqual(want);
    }
  });

  it('concurrent CreateAlias of one name through both servers: exactly one wins, the rest AlreadyExistsException', async () => {
    const keys = await Promise.all(Array.from({ length: 6 }, (_, i) => ok(i % 2 ? b! : a!, 'CreateKey', { Description: `alias ${i}` })));
    const ids = keys.map((k) => k.KeyMetadata.KeyId as string);
    const answers = await Promise.all(ids.map((id, i) => call(i % 2 ? b! : a!, 'CreateAlias', { AliasName: 'alias/raced', TargetKeyId: id })));
    const winners = answers.flatMap((r, i) => (r.status === 200 ? [ids[i]!] : []));
    expect(winners).toHaveLength(1);
    expect(answers.filter((r) => r.status !== 200).map((r) => [r.status, r.body.__type])).toEqual(Array(5).fill([400, 'AlreadyExistsException']));
    for (const s of [a!, b!]) {
      const aliases = (await ok(s, 'ListAliases', {})).Aliases as { AliasName: string; TargetKeyId?: string }[];
      expect(aliases.filter((x) => x.AliasName === 'alias/raced').map((x) => x.TargetKeyId)).toEqual(winners);
      expect((await ok(s, 'DescribeKey', { KeyId: 'alias/raced' })).KeyMetadata.KeyId).toBe(winners[0]);
    }
  });

  it('a write through one server is seen by the other at once: DisableKey through B, Encrypt through A fails; EnableKey through A, B encrypts', async () => {
    const keyId = (await ok(a!, 'CreateKey', { Description: 'visibility' })).KeyMetadata.KeyId as string;
    // A uses the key (its row cache holds the key's record), B too
    const blob = (await ok(a!, 'Encrypt', { KeyId: keyId, Plaintext: Buffer.from('x').toString('base64') })).CiphertextBlob as string;
    expect((await ok(b!, 'Decrypt', { CiphertextBlob: blob })).KeyId).toContain(keyId);
    await ok(b!, 'DisableKey', { KeyId: keyId });
    const refused = await call(a!, 'Encrypt', { KeyId: keyId, Plaintext: Buffer.from('y').toString('base64') });
    expect([refused.status, refused.body.__type]).toEqual([400, 'DisabledException']);
    expect((await ok(a!, 'DescribeKey', { KeyId: keyId })).KeyMetadata).toMatchObject({ Enabled: false, KeyState: 'Disabled' });
    const refusedDecrypt = await call(a!, 'Decrypt', { CiphertextBlob: blob });
    expect([refusedDecrypt.status, refusedDecrypt.body.__type]).toEqual([400, 'DisabledException']);
    await ok(a!, 'EnableKey', { KeyId: keyId });
    await ok(b!, 'Encrypt', { KeyId: keyId, Plaintext: Buffer.from('z').toString('base64') });
    expect((await ok(b!, 'Decrypt', { CiphertextBlob: blob })).Plaintext).toBe(Buffer.from('x').toString('base64'));
  });

  it(`quotas hold across servers: 12 concurrent CreateGrant, ${GRANTS_PER_KEY} succeed; 8 concurrent RotateKeyOnDemand, ${ON_DEMAND_ROTATIONS} succeed`, async () => {
    const keyId = (await ok(a!, 'CreateKey', { Description: 'quotas' })).KeyMetadata.KeyId as string;
    const grants = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(i % 2 ? b! : a!, 'CreateGrant', { KeyId: keyId, GranteePrincipal: `arn:aws:iam::111122223333:role/g${i}`, Operations: ['Decrypt'] }),
      ),
    );
    expect(grants.filter((r) => r.status === 200)).toHaveLength(GRANTS_PER_KEY);
    expect(grants.filter((r) => r.status !== 200).map((r) => [r.status, r.body.__type])).toEqual(Array(12 - GRANTS_PER_KEY).fill([400, 'LimitExceededException']));
    for (const s of [a!, b!]) {
      const listed = (await ok(s, 'ListGrants', { KeyId: keyId })).Grants as { GrantId: string }[];
      expect(listed.map((g) => g.GrantId).sort()).toEqual(grants.filter((r) => r.status === 200).map((r) => r.body.GrantId as string).sort());
    }

    const rotations = await Promise.all(Array.from({ length: 8 }, (_, i) => call(i % 2 ? b! : a!, 'RotateKeyOnDemand', { KeyId: keyId })));
    expect(rotations.filter((r) => r.status === 200)).toHaveLength(ON_DEMAND_ROTATIONS);
    expect(rotations.filter((r) => r.status !== 200).map((r) => [r.status, r.body.__type])).toEqual(Array(8 - ON_DEMAND_ROTATIONS).fill([400, 'LimitExceededException']));
    for (const s of [a!, b!]) {
      const listed = (await ok(s, 'ListKeyRotations', { KeyId: keyId })).Rotations as { RotationType: string }[];
      expect(listed.filter((r) => r.RotationType === 'ON_DEMAND')).toHaveLength(ON_DEMAND_ROTATIONS);
    }
  });

  it('SIGTERM stops each server with exit 0, and no kms connection stays in pg_stat_activity', async () => {
    const db = dbName(url);
    expect(await kmsConnections(cluster, db)).toBeGreaterThan(0);
    for (const s of [a!, b!]) {
      s.proc.kill('SIGTERM');
      expect(await exitOf(s)).toBe(0);
      expect(s.log()).toContain('SIGTERM: stopping');
      expect(s.log()).not.toMatch(/\n\s+at /);
    }
    expect(await eventually(async () => (await kmsConnections(cluster, db)) === 0, 5000)).toBe(true);
  });
});

describe.skipIf(reason)('kms serve through a PostgreSQL outage (a private cluster)', () => {
  let cluster: PgCluster | undefined;
  let url: string;
  let sb: Sandbox | undefined;
  let a: Server | undefined;
  let b: Server | undefined;

  beforeAll(async () => {
    cluster = await startCluster();
    url = await cluster.createDatabase();
    sb = await pgSandbox(url);
    [a, b] = await startBoth(sb);
  });

  afterAll(async () => {
    for (const s of [a, b]) if (s && alive(s)) s.proc.kill('SIGCONT');
    await Promise.all([a?.stop(), b?.stop()]);
    sb?.cleanup();
    await cluster?.destroy();
  });

  it('backends terminated between requests (pg_terminate_backend): every next request succeeds, none fails', async () => {
    // What happens: the terminated backend sends FATAL 57P01 to its idle connection, and pg.Pool
    // drops that connection at once, so the next request opens a new one.
    const keyId = (await ok(a!, 'CreateKey', { Description: 'terminated' })).KeyMetadata.KeyId as string;
    const statuses: number[] = [];
    for (let round = 0; round < 3; round++) {
      // both pools hold live connections (several: concurrent requests)
      await Promise.all([a!, b!, a!, b!].map((s) => ok(s, 'DescribeKey', { KeyId: keyId })));
      const killed = await cluster!.sql('postgres', `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'kms'`);
      expect(killed.length).toBeGreaterThanOrEqual(2);
      for (const s of [a!, b!]) {
        // a write (the batch's BEGIN on a pooled connection) and a read outside a transaction
        statuses.push((await call(s, 'TagResource', { KeyId: keyId, Tags: [{ TagKey: `r${round}`, TagValue: s === a ? 'a' : 'b' }] })).status);
        statuses.push((await call(s, 'ListKeys', {})).status);
      }
    }
    expect(statuses).toEqual(Array(12).fill(200));
    expect(a!.log() + b!.log()).not.toContain('internal error');
  });

  it('a pooled connection that died unnoticed (backend terminated while kms serve was frozen): the store retries it once, no request fails', async () => {
    // SIGSTOP holds the server while its request arrives and its backends are terminated; on
    // SIGCONT it may hand the request a pooled connection before reading that connection's FATAL:
    // the store's retry on a new connection (withClient, PgByteStore.begin) must absorb it.
    const keyId = (await ok(a!, 'CreateKey', { Description: 'frozen' })).KeyMetadata.KeyId as string;
    const servers = [a!, b!];
    const answers: string[] = [];
    const ops: [string, Record<string, unknown>][] = [
      ['DescribeKey', { KeyId: keyId }], // a read outside a transaction, then the call's transaction
      ['ListKeys', {}],
      ['Encrypt', { KeyId: keyId, Plaintext: 'eA==' }],
      ['TagResource', { KeyId: keyId, Tags: [{ TagKey: 'frozen', TagValue: 'yes' }] }],
    ];
    try {
      for (let round = 0; round < 2; round++) {
        for (const [op, input] of ops) {
          await Promise.all(servers.map((s) => ok(s, 'DescribeKey', { KeyId: keyId })));
          for (const s of servers) s.proc.kill('SIGSTOP');
          const pending = servers.map((s) => call(s, op, input));
          await new Promise((r) => setTimeout(r, 50)); // the requests reach the frozen servers' sockets
          const killed = await cluster!.sql('postgres', `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'kms'`);
          expect(killed.length).toBeGreaterThanOrEqual(2);
          await new Promise((r) => setTimeout(r, 50)); // the FATALs reach them too
          for (const s of servers) s.proc.kill('SIGCONT');
          for (const r of await Promise.all(pending)) answers.push(`${op} ${r.status} ${r.body.__type ?? ''}`.trim());
        }
      }
    } finally {
      for (const s of servers) if (alive(s)) s.proc.kill('SIGCONT');
    }
    expect(answers).toEqual([...ops, ...ops].flatMap(([op]) => [`${op} 200`, `${op} 200`]));
    expect(a!.log() + b!.log()).not.toContain('internal error');
  });

  it('database down under load, with batches in flight: every answer is 200 or 500 KMSInternalException, both servers live through it and recover; acknowledged keys survive', async () => {
    // 8 clients, 4 on each server, create keys without pause. An outside session takes the
    // keyring's advisory lock, so that each server's next batch waits on it holding a pooled
    // connection; then the cluster stops at once: those connections die while checked out.
    const servers = [a!, b!];
    const logLength = servers.map((s) => s.log().length);
    const acked = new Set<string>();
    const answers: { server: number; phase: string; status: number; type?: string }[] = [];
    let phase = 'before';
    let done = false;
    let down = false;
    const [{ keyring_id: keyringId }] = await cluster!.sql<{ keyring_id: string }>(dbName(url), 'SELECT keyring_id FROM kms_header');
    const locker = new pg.Client({ host: '127.0.0.1', port: cluster!.port, user: 'kms', password: cluster!.password, database: dbName(url) });
    locker.on('error', () => undefined); // its server is about to stop
    await locker.connect();
    const clients = Array.from({ length: 8 }, async (_, n) => {
      for (let i = 0; !done; i++) {
        const r = await call(servers[n % 2]!, 'CreateKey', { Description: `load ${n} ${i}` });
        answers.push({ server: n % 2, phase, status: r.status, type: r.body.__type });
        if (r.status === 200) acked.add(r.body.KeyMetadata.KeyId as string);
        else await new Promise((res) => setTimeout(res, 20)); // no busy loop while the database is away
      }
    });
    try {
      expect(await eventually(() => acked.size >= 40, 10_000)).toBe(true);
      await locker.query('SELECT pg_advisory_lock($1::bigint)', [lockKeyOf(keyringId, 'public')]);
      // each server has one batch at a time: two waiting on the lock are one of each
      const waiting = () => cluster!.sql<{ n: number }>('postgres', `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'kms' AND wait_event = 'advisory'`);
      expect(await eventually(async () => (await waiting())[0]!.n >= 2, 10_000)).toBe(true);
      phase = 'down';
      down = true;
      await cluster!.stop('immediate');
      await eventually(() => deaths(servers).length > 0 || answers.filter((x) => x.phase === 'down' && x.status !== 200).length >= 16, 3000);
      expect(deaths(servers)).toEqual([]);
      phase = 'up';
      await cluster!.start();
      down = false;
      // each server answers a client of its own again, without a restart
      for (const server of [0, 1]) {
        await eventually(() => !alive(servers[server]!) || answers.some((x) => x.phase === 'up' && x.server === server && x.status === 200));
        expect(deaths(servers)).toEqual([]);
        expect(answers.some((x) => x.phase === 'up' && x.server === server && x.status === 200)).toBe(true);
      }
    } finally {
      done = true;
      await Promise.all(clients);
      await locker.end().catch(() => undefined);
      if (down) await cluster!.start(); // for the tests after this one
    }
    // never a lost connection (a crashed server), only success or AWS's internal error
    const kinds = new Set(answers.map((x) => `${x.status} ${x.type ?? ''}`.trim()));
    expect([...kinds].sort()).toEqual(['200', '500 KMSInternalException']);
    // the requests that waited on the lock were answered, with the error
    expect(answers.filter((x) => x.phase === 'down' && x.status === 500).length).toBeGreaterThanOrEqual(2);
    expect(deaths(servers)).toEqual([]);
    for (const [i, s] of servers.entries()) {
      const log = s.log().slice(logLength[i]);
      expect(log).toMatch(/internal error: the connection to the PostgreSQL server of the keyring postgresql:\/\/kms:\*\*\*@\S+ was lost/);
      expect(log).not.toMatch(/\n\s+at /);
    }
    // every key acknowledged, before the outage or after it, is in the keyring
    for (const s of servers) {
      const listed = await listKeys(s);
      expect([...acked].filter((id) => !listed.has(id))).toEqual([]);
    }
  });

  it('database down: 500 KMSInternalException, the servers stay up; back up: both recover without a restart, keys intact', async () => {
    const before = await Promise.all(Array.from({ length: 6 }, (_, i) => ok(i % 2 ? b! : a!, 'CreateKey', { Description: `before ${i}` })));
    const ids = before.map((k) => k.KeyMetadata.KeyId as string);
    const blob = (await ok(a!, 'Encrypt', { KeyId: ids[0], Plaintext: Buffer.from('kept').toString('base64') })).CiphertextBlob as string;
    const logLength = [a!.log().length, b!.log().length];

    await cluster!.stop('immediate');
    try {
      for (const s of [a!, b!]) {
        for (const [op, input] of [
          ['CreateKey', {}],
          ['Encrypt', { KeyId: ids[0], Plaintext: 'eA==' }],
          ['Decrypt', { CiphertextBlob: blob }],
          ['ListKeys', {}],
        ] as const) {
          const r = await call(s, op, input);
          expect([op, r.status, r.body.__type]).toEqual([op, 500, 'KMSInternalException']);
        }
      }
      // the CLI on the same keyring: a configuration error (253), saying why
      const cli = await sb!.kms(['list-keys']);
      expect(cli.exitCode).toBe(253);
      expect(String(cli.stderr)).toMatch(/cannot reach the PostgreSQL server of the keyring postgresql:\/\/kms:\*\*\*@127\.0\.0\.1:\d+\//);
      expect(String(cli.stderr)).not.toContain(cluster!.password);
      expect(deaths([a!, b!])).toEqual([]);
      for (const [i, s] of [a!, b!].entries()) {
        const log = s.log().slice(logLength[i]);
        expect(log).toMatch(/internal error: cannot reach the PostgreSQL server of the keyring postgresql:\/\/kms:\*\*\*@/);
        expect(log).toMatch(/ 500 KMSInternalException /);
        expect(log).not.toMatch(/\n\s+at /);
        expect(log).not.toContain(cluster!.password);
      }
    } finally {
      await cluster!.start();
    }

    // back: both servers answer again on their own, within a generous wait
    for (const s of [a!, b!]) {
      expect(await eventually(async () => (await call(s, 'ListKeys', { Limit: 1000 })).status === 200)).toBe(true);
    }
    for (const s of [a!, b!]) {
      const listed = await listKeys(s);
      expect(ids.filter((id) => !listed.has(id))).toEqual([]);
      expect((await ok(s, 'Decrypt', { CiphertextBlob: blob })).Plaintext).toBe(Buffer.from('kept').toString('base64'));
      const created = (await ok(s, 'CreateKey', { Description: 'after' })).KeyMetadata.KeyId as string;
      await ok(s === a ? b! : a!, 'DescribeKey', { KeyId: created });
    }
    expect(deaths([a!, b!])).toEqual([]);
  });
});
