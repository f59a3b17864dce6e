// The PostgreSQL test harness (test/support/postgres.ts) against real servers: the run's shared
// cluster, and private ones for TLS, stop/start and clean-up.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresMissing, sharedCluster, startCluster, type PgCluster } from '../support/postgres.js';

const reason = postgresMissing();
if (reason) console.log('skipped: ' + reason);

/** One query over a fresh pg connection, closed afterwards. */
async function query<R extends object>(config: pg.ClientConfig, text: string): Promise<R[]> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Whether a process ends within 5 s. pg_ctl stop returns once the server removes its pid file,
 * a moment before the process itself is gone; a zombie awaiting its reaper counts as gone.
 */
async function exits(pid: number): Promise<boolean> {
  for (let waited = 0; waited < 5000; waited += 50) {
    try {
      process.kill(pid, 0);
      if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return true;
    } catch {
      return true; // ESRCH
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

describe.skipIf(reason)('the shared PostgreSQL cluster', () => {
  let shared: PgCluster;
  beforeAll(async () => {
    const cluster = await sharedCluster();
    if (!cluster) throw new Error('postgres is installed, yet there is no shared cluster');
    shared = cluster;
  });

  it('answers SELECT 1, over TCP with its password', async () => {
    expect(await shared.sql('postgres', 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    const rows = await query<{ one: number }>({ connectionString: shared.url() }, 'SELECT 1 AS one');
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('gives each createDatabase() a database of its own, in UTF8', async () => {
    const a = await shared.createDatabase();
    const b = await shared.createDatabase();
    const nameOf = (url: string) => new URL(url).pathname.slice(1);
    expect(nameOf(a)).toMatch(/^t_[0-9a-f]+$/);
    expect(nameOf(a)).not.toBe(nameOf(b));
    await shared.sql(nameOf(a), 'CREATE TABLE only_in_a (v text)');
    await shared.sql(nameOf(a), 'INSERT INTO only_in_a VALUES ($1)', ['é']);
    expect(await query({ connectionString: a }, 'SELECT v FROM only_in_a')).toEqual([{ v: 'é' }]);
    expect(await shared.sql(nameOf(b), "SELECT to_regclass('only_in_a') AS t")).toEqual([{ t: null }]);
    expect(await shared.sql(nameOf(b), 'SHOW server_encoding')).toEqual([{ server_encoding: 'UTF8' }]);
  });

  it('builds URLs: params encoded, the password left out on request', async () => {
    const url = shared.url('postgres', { params: { application_name: 'a b&c=d' } });
    expect(await query({ connectionString: url }, 'SHOW application_name')).toEqual([{ application_name: 'a b&c=d' }]);
    const bare = shared.url('postgres', { password: false });
    expect(bare).toBe(`postgresql://kms@127.0.0.1:${shared.port}/postgres`);
    expect(shared.url('postgres', { password: 'p@ss:w/rd?#%' })).toContain(':p%40ss%3Aw%2Frd%3F%23%25@');
  });

  it('creates LOGIN roles whose password is any text', async () => {
    const role = `r_${Date.now().toString(36)}`;
    const password = "it's p@ss:w/rd?#%";
    const db = new URL(await shared.createDatabase()).pathname.slice(1);
    await shared.createRole(role, password, `GRANT CONNECT ON DATABASE ${db} TO ${role}`);
    const rows = await query({ host: '127.0.0.1', port: shared.port, user: role, password, database: db }, 'SELECT current_user AS u');
    expect(rows).toEqual([{ u: role }]);
  });

  it('refuses to stop, start or destroy the shared cluster', async () => {
    await expect(shared.stop()).rejects.toThrow(/shared/);
    await expect(shared.start()).rejects.toThrow(/shared/);
    await expect(shared.destroy()).rejects.toThrow(/shared/);
  });
});

describe.skipIf(reason)('a private PostgreSQL cluster with TLS', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    const started = Date.now();
    cluster = await startCluster({ ssl: true });
    console.log(`a private cluster with TLS started in ${Date.now() - started} ms`);
  });
  afterAll(() => cluster?.destroy());

  const sslInUse = 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()';

  it('verifies the server against its CA (verify-full)', async () => {
    const { caFile, port, user, password } = cluster;
    expect(caFile && existsSync(caFile)).toBeTruthy();
    const ca = readFileSync(caFile!, 'utf8');
    expect(await query({ host: 'localhost', port, user, password, database: 'postgres', ssl: { ca } }, sslInUse)).toEqual([{ ssl: true }]);
    const url = cluster.url('postgres', { params: { sslmode: 'verify-full', sslrootcert: caFile! } });
    expect(await query({ connectionString: url }, sslInUse)).toEqual([{ ssl: true }]);
  });

  it('keeps plain connections working', async () => {
    expect(await cluster.sql('postgres', sslInUse)).toEqual([{ ssl: false }]);
  });

  it('is not trusted by a client that lacks its CA', async () => {
    // ssl: true verifies against the system's CAs, which never signed the throwaway one
    const { port, user, password } = cluster;
    await expect(query({ host: 'localhost', port, user, password, database: 'postgres', ssl: true }, 'SELECT 1')).rejects.toThrow(/certificate/);
  });

  it.skipIf(spawnSync('psql', ['--version']).status !== 0)('satisfies libpq (psql) with sslmode=verify-full', () => {
    const url = cluster.url('postgres', { params: { sslmode: 'verify-full', sslrootcert: cluster.caFile! } }).replace('127.0.0.1', 'localhost');
    const out = spawnSync('psql', [url, '-Atc', sslInUse], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.stdout.trim()).toBe('t');
  });
});

describe.skipIf(reason)('a private PostgreSQL cluster', () => {
  it('stops and starts again, keeping its data; destroy() ends it and removes its folder', async () => {
    const started = Date.now();
    const cluster = await startCluster();
    console.log(`a private cluster started in ${Date.now() - started} ms`);
    try {
      expect(await cluster.sql('postgres', 'SHOW fsync')).toEqual([{ fsync: 'off' }]);
      expect(await cluster.sql('postgres', 'SHOW max_connections')).toEqual([{ max_connections: '200' }]);
      await cluster.sql('postgres', 'CREATE TABLE kept (v int)');
      await cluster.sql('postgres', 'INSERT INTO kept VALUES (7)');

      await cluster.stop();
      await expect(cluster.sql('postgres', 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
      await cluster.start();
      expect(await cluster.sql('postgres', 'SELECT v FROM kept')).toEqual([{ v: 7 }]);
      await cluster.restart();
      expect(await cluster.sql('postgres', 'SELECT v FROM kept')).toEqual([{ v: 7 }]);

      const pid = Number(readFileSync(`${cluster.dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
      await cluster.destroy();
      expect(existsSync(cluster.socketDir)).toBe(false);
      expect(await exits(pid)).toBe(true);
      await cluster.destroy(); // a second time does nothing
    } finally {
      await cluster.destroy();
    }
  });
});
