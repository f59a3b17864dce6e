// Real, private PostgreSQL clusters for tests (never a mock): each in a fresh temp folder, on a
// free port of 127.0.0.1, with a `kms` superuser whose password is random. One shared cluster
// serves a whole vitest run (started by test/support/pg-global-setup.ts); tests that stop,
// restart or reconfigure a server start their own with startCluster().
//
// initdb refuses to run as root, and CI runs the tests as root: there the server's programs run
// as the `postgres` OS user (runuser, else setpriv) over a folder chowned to it.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

export interface PgCluster {
  host: '127.0.0.1';
  port: number;
  user: 'kms';
  password: string;
  /** Where the server's unix socket lives (local connections there are trusted). */
  socketDir: string;
  dataDir: string;
  /** The throwaway CA that signed the server's certificate (clusters started with ssl: true). */
  caFile?: string;
  /** postgresql://kms:PASSWORD@127.0.0.1:PORT/DATABASE?PARAMS; no password when it is false. */
  url(database?: string, extra?: { password?: string | false; params?: Record<string, string> }): string;
  /** Creates a UTF8 database (named t_<hex> when no name is given) and returns its url(). */
  createDatabase(name?: string): Promise<string>;
  /** Runs one statement as the superuser on its own connection, closed afterwards; the rows. */
  sql<R extends object = Record<string, unknown>>(database: string, text: string, params?: unknown[]): Promise<R[]>;
  /** Creates a LOGIN role; `grants` is SQL run next, in the postgres database (e.g. GRANT …). */
  createRole(name: string, password: string, grants?: string): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server (immediate) and removes its folder; calling it again does nothing. */
  destroy(): Promise<void>;
}

/** What the globalSetup hands the test workers about the shared cluster (it must serialize). */
export interface SharedClusterFacts {
  port: number;
  password: string;
  socketDir: string;
  dataDir: string;
}

const isRoot = process.getuid?.() === 0;

// ---- finding and running the server's programs ----

let binDir: { dir: string | undefined } | undefined;

/** The folder holding initdb, pg_ctl and postgres, or undefined. */
function findBinDir(): string | undefined {
  binDir ??= { dir: lookForBinDir() };
  return binDir.dir;
}

function lookForBinDir(): string | undefined {
  const has = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((p) => existsSync(join(dir, p)));
  try {
    // Debian's pg_config names the newest installed server's folder; a client-only install may
    // name /usr/bin, which has no initdb, hence the check.
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (dir && has(dir)) return dir;
  } catch {
    // no pg_config: look where Debian and Ubuntu install servers
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find(has);
}

/** How to run a server program: as the postgres user when we are root, else as ourselves. */
function asServerUser(program: string, args: string[]): [string, string[]] {
  if (!isRoot) return [program, args];
  if (onPath('runuser')) return ['runuser', ['-u', 'postgres', '--', program, ...args]];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--clear-groups', program, ...args]];
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '/usr/bin:/bin').split(':').some((dir) => dir && existsSync(join(dir, command)));
}

let missing: { reason: string | undefined } | undefined;

/** Why real PostgreSQL clusters cannot be started here, or undefined when they can. */
export function postgresMissing(): string | undefined {
  missing ??= { reason: checkPostgres() };
  return missing.reason;
}

function checkPostgres(): string | undefined {
  const bin = findBinDir();
  if (!bin) return 'PostgreSQL server programs (initdb, pg_ctl, postgres) are not installed (apt-get install postgresql)';
  if (isRoot) {
    if (spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status !== 0) {
      return 'running as root, and there is no postgres OS user to run the server as (initdb refuses root)';
    }
    if (!onPath('runuser') && !onPath('setpriv')) return 'running as root, and neither runuser nor setpriv is there to run the server as postgres';
  }
  // Running it (as the user the clusters will use) catches a broken install or a user we cannot switch to.
  const [cmd, args] = asServerUser(join(bin, 'postgres'), ['--version']);
  const run = spawnSync(cmd, args, { encoding: 'utf8', cwd: '/' });
  if (run.status !== 0) return `${join(bin, 'postgres')} --version failed: ${(run.stderr || run.error?.message || '').trim()}`;
  return undefined;
}

/** Runs a command to completion; a failure's message carries its output. */
function run(cmd: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd, encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`.trim()));
      else resolve(stdout);
    });
  });
}

// ---- folders, ports, certificates ----

/**
 * A temp folder base that suits a cluster: the server's unix socket path must stay under the
 * 107 bytes the kernel allows, and as root the postgres user must be able to reach into it.
 */
function tempBase(): string {
  const fits = (dir: string) => {
    if (dir.length + '/kms-pg-XXXXXX/.s.PGSQL.65535'.length > 100) return false;
    if (!isRoot) return true;
    for (let d = dir; ; d = dirname(d)) {
      if ((statSync(d).mode & 0o001) === 0) return false; // others may not traverse it
      if (d === dirname(d)) return true;
    }
  };
  return [tmpdir(), '/tmp'].find(fits) ?? tmpdir();
}

/** A port nothing listens on now: the kernel's pick for port 0. The server may still lose a race for it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A throwaway CA and a server certificate it signs for localhost and 127.0.0.1; the CA's key is deleted. */
async function makeCertificates(dir: string): Promise<{ caFile: string; certFile: string; keyFile: string }> {
  // Our own openssl config, so the system one cannot add a second basicConstraints or prompt.
  writeFileSync(
    join(dir, 'ca.cnf'),
    '[req]\ndistinguished_name = dn\nprompt = no\nx509_extensions = v3_ca\n[dn]\nCN = kms test CA\n' +
      '[v3_ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n',
  );
  writeFileSync(
    join(dir, 'server.cnf'),
    '[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = localhost\n' +
      '[v3_srv]\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\n' +
      'extendedKeyUsage = serverAuth\nsubjectAltName = DNS:localhost,IP:127.0.0.1\nauthorityKeyIdentifier = keyid\n',
  );
  // P-256 keys: as good as RSA for a test and far quicker to generate.
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '3', '-config', 'ca.cnf'], dir);
  await run('openssl', ['req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-config', 'server.cnf'], dir);
  await run('openssl', ['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.crt', '-days', '3', '-extfile', 'server.cnf', '-extensions', 'v3_srv'], dir);
  rmSync(join(dir, 'ca.key'));
  return { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'server.crt'), keyFile: join(dir, 'server.key') };
}

/** Gives a path to the postgres user when we are root (the server reads and writes as it). */
function handToServer(path: string, mode?: number): void {
  if (isRoot) {
    const [uid, gid] = postgresIds();
    chownSync(path, uid, gid);
  }
  if (mode !== undefined) chmodSync(path, mode);
}

let ids: [number, number] | undefined;
function postgresIds(): [number, number] {
  ids ??= [Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }))];
  return ids;
}

// ---- clusters that must not outlive this process ----

// Keyed on globalThis: vitest may load this file more than once in one process.
const liveKey = Symbol.for('kms.test.postgres.live');
const g = globalThis as { [liveKey]?: Set<string> };

/** Best effort, synchronously (exit handlers cannot wait): stop a cluster at once and remove its folder. */
function destroyNow(dir: string): void {
  const bin = findBinDir();
  if (bin && existsSync(join(dir, 'data', 'postmaster.pid'))) {
    const [cmd, args] = asServerUser(join(bin, 'pg_ctl'), ['stop', '-D', join(dir, 'data'), '-m', 'immediate', '-w', '-t', '30']);
    if (spawnSync(cmd, args, { cwd: '/', stdio: 'ignore' }).status !== 0) quitPostmaster(join(dir, 'data'));
  }
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** Where pg_ctl failed to stop a server: SIGQUIT to its postmaster, which is an immediate shutdown. */
function quitPostmaster(dataDir: string): void {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    if (pid > 0) process.kill(pid, 'SIGQUIT');
  } catch {
    // no pid file, or the process is gone already
  }
}

/** Remembers a cluster's folder so that the process's end stops it, however the end comes. */
function track(dir: string): void {
  if (!g[liveKey]) {
    const live = (g[liveKey] = new Set());
    const cleanUp = () => {
      for (const d of live) destroyNow(d);
      live.clear();
    };
    process.on('exit', cleanUp);
    // Vitest ends its fork workers with SIGTERM, which skips 'exit' handlers. Where nobody else
    // handles the signal (a worker does not; vitest's main process does, and exits), clean up
    // and then let the signal take its default course.
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      if (process.listenerCount(signal) > 0) continue;
      const onSignal = () => {
        cleanUp();
        process.off(signal, onSignal);
        process.kill(process.pid, signal);
      };
      process.on(signal, onSignal);
    }
  }
  g[liveKey].add(dir);
}

function untrack(dir: string): void {
  g[liveKey]?.delete(dir);
}

// ---- the cluster ----

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A PgCluster object over a running (or stopped) cluster whose folder is `dir`. */
function clusterObject(dir: string, port: number, password: string, caFile: string | undefined, owned: boolean): PgCluster {
  const bin = findBinDir();
  if (!bin) throw new Error(postgresMissing() ?? 'PostgreSQL is missing');
  const dataDir = join(dir, 'data');
  const pgCtl = (args: string[]) => {
    const [cmd, full] = asServerUser(join(bin, 'pg_ctl'), args);
    return run(cmd, full, dir);
  };
  const refuse = (what: string) => () => Promise.reject(new Error(`the shared PostgreSQL cluster cannot be ${what}: start your own with startCluster()`));
  let destroyed = false;

  const cluster: PgCluster = {
    host: '127.0.0.1',
    port,
    user: 'kms',
    password,
    socketDir: dir,
    dataDir,
    ...(caFile ? { caFile } : {}),
    url(database = 'postgres', extra = {}) {
      const secret = extra.password === false ? '' : `:${encodeURIComponent(extra.password ?? password)}`;
      const query = extra.params ? new URLSearchParams(extra.params).toString() : '';
      return `postgresql://kms${secret}@127.0.0.1:${port}/${encodeURIComponent(database)}${query ? `?${query}` : ''}`;
    },
    async createDatabase(name = `t_${randomBytes(6).toString('hex')}`) {
      // template0, so a stray connection to template1 cannot make concurrent creates fail
      await cluster.sql('postgres', `CREATE DATABASE ${quoteIdent(name)} ENCODING 'UTF8' TEMPLATE template0`);
      return cluster.url(name);
    },
    async sql<R extends object = Record<string, unknown>>(database: string, text: string, params?: unknown[]) {
      const client = new pg.Client({ host: '127.0.0.1', port, user: 'kms', password, database });
      await client.connect();
      try {
        return (await client.query(text, params)).rows as R[];
      } finally {
        await client.end();
      }
    },
    async createRole(name, rolePassword, grants) {
      // CREATE ROLE takes no bind parameters: the password goes in as an escaped literal.
      const literal = `'${rolePassword.replace(/'/g, "''")}'`;
      await cluster.sql('postgres', `CREATE ROLE ${quoteIdent(name)} LOGIN PASSWORD ${literal}`);
      if (grants) await cluster.sql('postgres', grants);
    },
    stop: owned ? (mode = 'fast') => pgCtl(['stop', '-D', dataDir, '-m', mode, '-w', '-t', '60']).then(() => undefined) : refuse('stopped'),
    start: owned ? () => pgCtl(['start', '-D', dataDir, '-l', join(dir, 'log'), '-w', '-t', '60']).then(() => undefined) : refuse('started'),
    restart: owned ? async () => { await cluster.stop('fast'); await cluster.start(); } : refuse('restarted'),
    destroy: owned
      ? async () => {
          if (destroyed) return;
          destroyed = true;
          if (existsSync(join(dataDir, 'postmaster.pid'))) await cluster.stop('immediate').catch(() => quitPostmaster(dataDir));
          rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
          untrack(dir);
        }
      : refuse('destroyed'),
  };
  return cluster;
}

/**
 * Starts a private cluster in a fresh temp folder: superuser kms with a random password,
 * scram-sha-256 over TCP, trust over its unix socket, UTF8 and C.UTF-8. fsync is off unless asked
 * for (a test server need not survive a power cut). ssl: true adds a throwaway CA (caFile) and
 * TLS, while plain connections keep working.
 */
export async function startCluster(opts: { ssl?: boolean; fsync?: boolean } = {}): Promise<PgCluster> {
  const bin = findBinDir();
  const reason = postgresMissing();
  if (!bin || reason) throw new Error(`cannot start PostgreSQL: ${reason ?? 'not installed'}`);
  const dir = mkdtempSync(join(tempBase(), 'kms-pg-'));
  track(dir); // from here on, a failure or an early exit still removes it
  try {
    handToServer(dir, 0o700);
    const password = randomBytes(18).toString('hex');
    const pwfile = join(dir, 'pwfile');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    handToServer(pwfile);
    const [initdb, initArgs] = asServerUser(join(bin, 'initdb'), [
      '-D', join(dir, 'data'), '-U', 'kms', '--auth-local=trust', '--auth-host=scram-sha-256',
      `--pwfile=${pwfile}`, '-E', 'UTF8', '--locale=C.UTF-8', ...(opts.fsync ? [] : ['--no-sync']),
    ]);
    await run(initdb, initArgs, dir);
    rmSync(pwfile);

    const dataDir = join(dir, 'data');
    const settings = [
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      `max_connections = 200`,
      `fsync = ${opts.fsync ? 'on' : 'off'}`,
    ];
    let caFile: string | undefined;
    if (opts.ssl) {
      const tls = join(dir, 'tls');
      mkdirSync(tls);
      const certs = await makeCertificates(tls);
      for (const f of [tls, certs.certFile, certs.keyFile]) handToServer(f);
      handToServer(certs.keyFile, 0o600); // the server refuses a key others can read
      caFile = certs.caFile;
      settings.push(`ssl = on`, `ssl_cert_file = '${certs.certFile}'`, `ssl_key_file = '${certs.keyFile}'`);
      // hostssl lines first, for TLS connections; initdb's host lines still take plain ones.
      const hba = join(dataDir, 'pg_hba.conf');
      const tlsLines = 'hostssl all all 127.0.0.1/32 scram-sha-256\nhostssl all all ::1/128 scram-sha-256\n';
      writeFileSync(hba, tlsLines + readFileSync(hba, 'utf8'));
    }
    // Our settings live in their own file, so that a new port after a lost race is one rewrite.
    writeFileSync(join(dataDir, 'postgresql.conf'), `${readFileSync(join(dataDir, 'postgresql.conf'), 'utf8')}\ninclude 'kms-harness.conf'\n`);

    // Another process may take the free port before the server binds it: then try another.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const conf = join(dataDir, 'kms-harness.conf');
      writeFileSync(conf, [...settings, `port = ${port}`, ''].join('\n'));
      handToServer(conf);
      const cluster = clusterObject(dir, port, password, caFile, true);
      const logFile = join(dir, 'log');
      const logBefore = existsSync(logFile) ? statSync(logFile).size : 0;
      try {
        await cluster.start();
        return cluster;
      } catch (err) {
        // this attempt's part of the log: did the server lose the race for its port?
        const log = existsSync(logFile) ? readFileSync(logFile).subarray(logBefore).toString('utf8') : '';
        if (attempt < 5 && /could not bind|already in use/i.test(log)) continue;
        throw new Error(`${(err as Error).message}\nserver log:\n${log.slice(-2000)}`);
      }
    }
  } catch (err) {
    destroyNow(dir);
    untrack(dir);
    throw err;
  }
}

// ---- the shared cluster ----

/** The PgCluster for the facts the globalSetup provided: usable, but not to stop or destroy. */
export function sharedClusterFrom(facts: SharedClusterFacts): PgCluster {
  return clusterObject(dirname(facts.dataDir), facts.port, facts.password, undefined, false);
}

const fallbackKey = Symbol.for('kms.test.postgres.fallback');
const gf = globalThis as { [fallbackKey]?: Promise<PgCluster> };

/**
 * The run's shared cluster, or undefined when PostgreSQL is missing (the caller skips). Where
 * the globalSetup did not run (a file run alone under another config), this worker starts a
 * private one instead, destroyed when the worker ends.
 */
export async function sharedCluster(): Promise<PgCluster | undefined> {
  // Imported here, not above: the globalSetup imports this file outside any test worker.
  const { inject } = await import('vitest');
  const facts = inject('kmsPostgres');
  if (facts) return sharedClusterFrom(facts);
  if (inject('kmsPostgresMissing') !== undefined || postgresMissing()) return undefined;
  gf[fallbackKey] ??= startCluster();
  const own = await gf[fallbackKey];
  // Hand out the shared kind, so tests behave the same with or without the globalSetup.
  return sharedClusterFrom({ port: own.port, password: own.password, socketDir: own.socketDir, dataDir: own.dataDir });
}
