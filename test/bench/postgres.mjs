#!/usr/bin/env node
// The team keyring (PostgreSQL) against the keyring file: per-call wall time of an unlocked
// `kms encrypt` on each, and `kms serve` Encrypt requests/s with one server and with two servers on
// one database, with the CPU each process spent per request (where the ceiling is). A private
// PostgreSQL cluster in a temporary folder, fsync on, as a team would run it. Prints Markdown;
// progress on stderr. Run after `npm run build` (npm run bench does).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchEnv, freePort, load, median, startServe } from './lib.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const KMS = join(ROOT, 'bin', 'kms');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const REQUESTS = Number(process.env.BENCH_PG_REQUESTS ?? 3000);
const LOAD_ROUNDS = Number(process.env.BENCH_PG_LOAD_ROUNDS ?? 3);
const CONCURRENCY = 8;
const CREDS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const log = (m) => process.stderr.write(`bench postgres: ${m}\n`);

/** initdb's folder: pg_config's, else the newest /usr/lib/postgresql/<v>/bin. */
function pgBin() {
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  try {
    const v = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a))[0];
    return v && join('/usr/lib/postgresql', v, 'bin');
  } catch {
    return undefined;
  }
}

/** A private cluster (fsync on: the durability a team has), run as `postgres` when we are root. */
async function startCluster(dir) {
  const bin = pgBin();
  if (!bin) return undefined;
  const root = process.getuid?.() === 0;
  const as = (cmd, args) => (root ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { encoding: 'utf8' }) : spawnSync(join(bin, cmd), args, { encoding: 'utf8' }));
  const data = join(dir, 'data');
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'bench\n');
  if (root) {
    chownSync(dir, ...ids('postgres'));
    chownSync(pw, ...ids('postgres'));
  }
  chmodSync(dir, 0o755);
  const init = as('initdb', ['-D', data, '-U', 'kms', '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${pw}`, '-E', 'UTF8', '--locale=C.UTF-8']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  // BENCH_PG_OPTIONS: more server settings, to find where the time goes (-c synchronous_commit=off)
  const start = as('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 ${process.env.BENCH_PG_OPTIONS ?? ''}`, '-l', join(dir, 'log'), '-w', 'start']);
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}`);
  return {
    port,
    url: (db) => `postgresql://kms:bench@127.0.0.1:${port}/${db}`,
    psql: (db, sql) => spawnSync('psql', ['-X', '-q', '-h', dir, '-p', String(port), '-U', 'kms', '-d', db, '-c', sql], { encoding: 'utf8' }),
    stop: () => as('pg_ctl', ['-D', data, '-m', 'fast', 'stop']),
  };
}

function ids(user) {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process of the cluster (its backends come and go; the sum over live ones). */
function clusterCpu(port) {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres') && (cmd.includes(`-p\0${port}`) || cmd.includes('postgres: '))) total += cpuOf(pid);
    } catch {
      /* gone */
    }
  }
  return total;
}

function run(env, args) {
  const r = spawnSync(KMS, args, { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`kms ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

function timed(env, args) {
  const t = process.hrtime.bigint();
  run(env, args);
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'kms-bench-pg-'));
  const lines = [];
  const cluster = await startCluster(work).catch((err) => {
    log(String(err));
    return undefined;
  });
  if (!cluster) {
    process.stdout.write('PostgreSQL is not installed here: no team keyring figures.\n');
    rmSync(work, { recursive: true, force: true });
    return;
  }
  const servers = [];
  try {
    cluster.psql('postgres', 'CREATE DATABASE bench');
    const kinds = {
      file: benchEnv(join(work, 'file-home'), {}),
      postgresql: benchEnv(join(work, 'pg-home'), { KMS_KEYRING: cluster.url('bench') }),
    };
    const keyOf = {};
    const sessions = {};
    for (const [kind, env] of Object.entries(kinds)) {
      run(env, ['keyring', 'init', '--kdf-cost', '17']);
      keyOf[kind] = JSON.parse(run(env, ['create-key'])).KeyMetadata.KeyId;
      sessions[kind] = /KMS_SESSION='([^']+)'/.exec(run(env, ['keyring', 'unlock', '--duration', '1h']))[1];
    }
    const plain = join(work, 'plain.bin');
    writeFileSync(plain, 'x'.repeat(64));

    // per call, alternated: file and database, through the agent and as a process of its own
    const rows = [];
    for (const kind of Object.keys(kinds)) for (const agent of [true, false]) rows.push({ kind, agent, ms: [] });
    const envOf = (row) => ({ ...kinds[row.kind], KMS_SESSION: sessions[row.kind], KMS_PASSPHRASE: '', ...(row.agent ? {} : { KMS_AGENT: '0' }) });
    const args = (row) => ['encrypt', '--key-id', keyOf[row.kind], '--plaintext', `fileb://${plain}`];
    for (const row of rows) timed(envOf(row), args(row)); // warm
    log(`per-call encrypt, ${ROUNDS} alternated rounds`);
    for (let i = 0; i < ROUNDS; i++) for (const row of rows) row.ms.push(timed(envOf(row), args(row)));
    lines.push(`### Per-call wall time of an unlocked \`kms encrypt\` (ms, median of ${ROUNDS} alternated rounds)`, '');
    lines.push('| keyring | through the session agent | a process of its own (`KMS_AGENT=0`) |', '| --- | ---: | ---: |');
    const med = (kind, agent) => median(rows.find((r) => r.kind === kind && r.agent === agent).ms);
    for (const kind of Object.keys(kinds)) lines.push(`| ${kind === 'file' ? 'file (SQLite)' : 'PostgreSQL (127.0.0.1, scram-sha-256)'} | ${med(kind, true).toFixed(1)} | ${med(kind, false).toFixed(1)} |`);
    lines.push(
      '',
      `PostgreSQL ÷ file: ${(med('postgresql', true) / med('file', true)).toFixed(2)}× through the agent, ${(med('postgresql', false) / med('file', false)).toFixed(2)}× as a process of its own ` +
        '(which connects and logs in at every call; the agent keeps its connection).',
      '',
    );

    // serve: one server, then two on the same database, the same 8 concurrent clients in all
    const credFile = join(work, 'credentials.json');
    writeFileSync(credFile, JSON.stringify(CREDS), { mode: 0o600 });
    const pgEnv = { ...kinds.postgresql, KMS_SESSION: sessions.postgresql };
    const fileEnv = { ...kinds.file, KMS_SESSION: sessions.file };
    for (let i = 0; i < 2; i++) servers.push(await startServe(KMS, ['--credentials', credFile], pgEnv));
    const fileServer = await startServe(KMS, ['--credentials', credFile], fileEnv);
    servers.push(fileServer);
    const body = (kind) => ({ KeyId: keyOf[kind], Plaintext: Buffer.alloc(64, 'x').toString('base64') });
    /** req/s of REQUESTS Encrypts spread over `targets`, and the CPU each side spent per request. */
    const measure = async (targets, kind) => {
      const before = { servers: targets.map((s) => cpuOf(s.proc.pid)), pg: clusterCpu(cluster.port), client: process.cpuUsage() };
      const started = performance.now();
      const per = Math.floor(CONCURRENCY / targets.length);
      await Promise.all(targets.map((s) => load(s.url, CREDS, 'Encrypt', body(kind), Math.floor(REQUESTS / targets.length), per)));
      const secs = (performance.now() - started) / 1000;
      const n = Math.floor(REQUESTS / targets.length) * targets.length;
      const client = process.cpuUsage(before.client);
      return {
        rps: n / secs,
        serverUs: (targets.reduce((sum, s, i) => sum + cpuOf(s.proc.pid) - before.servers[i], 0) * 1e6) / n,
        pgUs: ((clusterCpu(cluster.port) - before.pg) * 1e6) / n,
        clientUs: (client.user + client.system) / n,
      };
    };
    const configs = [
      ['file, one server', [fileServer], 'file'],
      ['PostgreSQL, one server', [servers[0]], 'postgresql'],
      ['PostgreSQL, two servers on one database', [servers[0], servers[1]], 'postgresql'],
    ];
    for (const [, targets, kind] of configs) await measure(targets, kind); // warm: connections, caches, JIT
    const results = Object.fromEntries(configs.map(([name]) => [name, []]));
    log(`serve Encrypt, ${LOAD_ROUNDS} alternated rounds of ${REQUESTS} requests`);
    for (let i = 0; i < LOAD_ROUNDS; i++) for (const [name, targets, kind] of configs) results[name].push(await measure(targets, kind));
    const mid = (name, field) => median(results[name].map((r) => r[field]));
    lines.push(`### \`kms serve\` Encrypt, ${CONCURRENCY} concurrent keep-alive clients (median of ${LOAD_ROUNDS} alternated rounds of ${REQUESTS} requests)`, '');
    lines.push('| keyring and servers | req/s | server CPU µs/request (all servers) | PostgreSQL CPU µs/request | load client CPU µs/request |', '| --- | ---: | ---: | ---: | ---: |');
    for (const [name] of configs) {
      lines.push(`| ${name} | ${mid(name, 'rps').toFixed(0)} | ${mid(name, 'serverUs').toFixed(0)} | ${name.startsWith('file') ? '-' : mid(name, 'pgUs').toFixed(0)} | ${mid(name, 'clientUs').toFixed(0)} |`);
    }
    const one = mid('PostgreSQL, one server', 'rps');
    const two = mid('PostgreSQL, two servers on one database', 'rps');
    const cpu = (name) => mid(name, 'serverUs') + mid(name, 'pgUs') + mid(name, 'clientUs');
    const cpuOne = cpu('PostgreSQL, one server');
    const cpuTwo = cpu('PostgreSQL, two servers on one database');
    const cores = cpus().length;
    const most = (cores * 1e6) / cpuOne;
    lines.push(
      '',
      `Two servers ÷ one: ${(two / one).toFixed(2)}× (goal 1.6×: ${two / one >= 1.6 ? 'met' : 'not met'}). ` +
        `Where the ceiling is: with one server a request costs ${cpuOne.toFixed(0)} µs of CPU in all (server, PostgreSQL and the load client, which share this machine's ${cores} cores), ` +
        `so one server's ${one.toFixed(0)} requests/s keep ${((one * cpuOne) / 1e6).toFixed(2)} cores busy, and ${cores} cores allow at most ${most.toFixed(0)} requests/s at that cost: ` +
        `${(most / one).toFixed(2)}× one server, the most any number of servers could reach here. ` +
        `With two servers a request costs ${cpuTwo.toFixed(0)} µs (smaller batches under the keyring's one lock: more round trips, commits and fixed costs per request), ` +
        `which allows at most ${((cores * 1e6) / cpuTwo).toFixed(0)} requests/s.`,
      '',
    );
  } finally {
    for (const s of servers) s.proc.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    cluster.stop();
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
