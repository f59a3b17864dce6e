#!/usr/bin/env node
// npm run soak: 16 clients (SOAK_CLIENTS) send a mix of KMS operations to one `kms serve` over
// loopback keep-alive connections for 10 minutes (SOAK_SECONDS), bounded by SOAK_MAX_OPS too.
// Reports operations, server-caused errors (must be 0), the server's RSS after warm-up and at the
// end (growth must stay under 10%), p50/p99 latency and its file descriptors before and after
// (must be equal); writes docs/soak.md (SOAK_REPORT; '-' for none) and prints one SOAK_RESULT
// JSON line. Exits 1 when a check fails. Run after `npm run build` (it loads dist/).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, release, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { OPERATIONS, picker, SoakError } from './ops.mjs';
import { markdown } from './report.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const KMS = join(ROOT, 'bin', 'kms');
const { signRequest } = await import(join(ROOT, 'dist', 'protocol', 'sigv4.js'));

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 16);
const MAX_OPS = Number(process.env.SOAK_MAX_OPS ?? 5_000_000);
/** RSS is compared from the end of warm-up (JIT, caches, pools filled) on. */
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? Math.min(60, SECONDS / 10));
const REPORT = process.env.SOAK_REPORT ?? join(ROOT, 'docs', 'soak.md');
const MAX_KEYS = 2000;
const CREDS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const log = (m) => process.stderr.write(`soak: ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const work = mkdtempSync(join(tmpdir(), 'kms-soak-'));
const env = {
  PATH: process.env.PATH,
  HOME: work,
  KMS_KEYRING: join(work, 'keyring.db'),
  KMS_CONFIG_DIR: join(work, 'config'),
  KMS_PASSPHRASE: 'soak passphrase',
  XDG_RUNTIME_DIR: join(work, 'run'),
  LANG: 'C.UTF-8',
};
mkdirSync(env.XDG_RUNTIME_DIR, { mode: 0o700 });

// --- the server ---------------------------------------------------------------------------------

function startServer() {
  const init = spawnSync(KMS, ['keyring', 'init', '--kdf-cost', '10'], { env, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`keyring init failed: ${init.stderr}`);
  const creds = join(work, 'credentials.json');
  writeFileSync(creds, JSON.stringify(CREDS), { mode: 0o600 });
  const proc = spawn(KMS, ['serve', '--port', '0', '--credentials', creds], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // one log line per request: only 5xx answers and internal errors are kept
  const serverLog = { lines: 0, fivexx: 0, internal: 0, samples: [] };
  let partial = '';
  proc.stderr.on('data', (chunk) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      serverLog.lines++;
      const bad = / 5\d\d( |$)/.test(line) || line.includes('internal error');
      if (/internal error/.test(line)) serverLog.internal++;
      else if (bad) serverLog.fivexx++;
      if (bad && serverLog.samples.length < 5) serverLog.samples.push(line);
    }
  });
  return new Promise((res, rej) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) res({ proc, port: Number(m[1]), serverLog });
    });
    proc.on('exit', (code) => rej(new Error(`kms serve exited (${code})`)));
  });
}

/** The server's resident set (KiB) and open file descriptors, from /proc. */
function usage(pid) {
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return { rssKiB: rss, fds: readdirSync(`/proc/${pid}/fd`).length };
}

/**
 * The fd count once closed connections are noticed: when it reaches `target`, or else once it
 * held still for half a second (at most 10 s; a loaded machine notices late).
 */
async function settledFds(pid, target = 0) {
  let last = -1;
  let still = 0;
  for (let i = 0; i < 100; i++) {
    const now = usage(pid).fds;
    if (now <= target) return now;
    still = now === last ? still + 1 : 0;
    if (still >= 5) return now;
    last = now;
    await sleep(100);
  }
  return last;
}

// --- the clients --------------------------------------------------------------------------------

/** Latencies in a histogram of 0.1 ms buckets (up to 60 s): exact enough, constant memory. */
class Latencies {
  constructor() {
    this.buckets = new Uint32Array(600_000);
    this.count = 0;
    this.max = 0;
  }
  add(ms) {
    this.buckets[Math.min(this.buckets.length - 1, Math.floor(ms * 10))]++;
    this.count++;
    this.max = Math.max(this.max, ms);
  }
  quantile(q) {
    let seen = 0;
    const want = Math.ceil(q * this.count);
    for (let i = 0; i < this.buckets.length; i++) if ((seen += this.buckets[i]) >= want && seen > 0) return (i + 1) / 10;
    return 0;
  }
}

function caller(port, agent, latencies) {
  return (op, input, opts = {}) => {
    const payload = Buffer.from(JSON.stringify(input));
    const headers = { host: `127.0.0.1:${port}`, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${op}` };
    const creds = opts.wrongSecret ? { ...CREDS, secretAccessKey: 'not the secret' } : CREDS;
    Object.assign(headers, signRequest({ method: 'POST', url: '/', headers, body: payload }, creds, { region: 'us-east-1', now: new Date() }));
    headers['content-length'] = String(payload.length);
    const started = performance.now();
    return new Promise((res, rej) => {
      const req = request({ host: '127.0.0.1', port, path: '/', method: 'POST', headers, agent }, (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => {
          latencies.add(performance.now() - started);
          try {
            res({ status: r.statusCode, body: JSON.parse(Buffer.concat(chunks).toString()) });
          } catch {
            rej(new SoakError(`${op}: HTTP ${r.statusCode} with a body that is not JSON`));
          }
        });
        r.on('error', (e) => rej(new SoakError(`${op}: ${e.message}`)));
      });
      req.on('error', (e) => rej(new SoakError(`${op}: ${e.code ?? e.message}`)));
      req.end(payload);
    });
  };
}

async function main() {
  const machine = {
    cpu: (/model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown').trim(),
    cores: cpus().length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
  };
  log(`${CLIENTS} clients, ${SECONDS} s (at most ${MAX_OPS} operations), warm-up ${WARMUP_SECONDS} s; ${machine.cores} × ${machine.cpu}, Node ${machine.node}`);
  const { proc, port, serverLog } = await startServer();
  const latencies = new Latencies();
  const perOp = new Map(OPERATIONS.map((o) => [o.name, { count: 0, clientErrors: 0, errors: 0, latencies: new Latencies() }]));
  const errors = { count: 0, samples: [] };

  // setup on a connection of its own, closed before the first fd count
  let agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const setupCall = caller(port, agent, new Latencies());
  const created = async (input) => {
    const r = await setupCall('CreateKey', input);
    if (r.status !== 200) throw new Error(`setup CreateKey: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.KeyMetadata.KeyId;
  };
  const shared = {
    signKey: await created({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
    macKey: await created({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
  };
  const keys = [];
  for (let i = 0; i < CLIENTS; i++) keys.push(await created({ Description: `soak client ${i}` }));
  agent.destroy();
  const fdsBefore = await settledFds(proc.pid);

  agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const call = caller(port, agent, latencies);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let ops = 0;
  let stop = false;
  const samples = [];
  // a server that died shows up as errors of every call; the samples just stop
  const sample = () => {
    try {
      samples.push({ t: elapsed(), ...usage(proc.pid) });
    } catch {
      /* gone */
    }
  };
  const sampler = setInterval(sample, 1000);
  const progress = setInterval(() => log(`${Math.round(elapsed())} s: ${ops} operations, ${errors.count} server-caused errors, RSS ${Math.round((samples.at(-1)?.rssKiB ?? 0) / 1024)} MiB`), 30_000);

  const clients = Array.from({ length: CLIENTS }, async (_, id) => {
    const next = picker();
    for (let i = 0; i < id; i++) next();
    const c = { id, key: keys[id], shared, maxKeys: Math.floor(MAX_KEYS / CLIENTS), state: { n: 0, created: 0, ciphertexts: [], tags: new Map() } };
    while (!stop) {
      const op = next();
      const stats = perOp.get(op.name);
      c.call = async (...args) => {
        ops++;
        const t = performance.now();
        try {
          return await call(...args);
        } finally {
          stats.latencies.add(performance.now() - t);
        }
      };
      try {
        const outcome = await op.run(c);
        if (outcome === 'client-error') stats.clientErrors++;
      } catch (err) {
        if (!(err instanceof SoakError)) throw err;
        stats.errors++;
        errors.count++;
        if (errors.samples.length < 10) errors.samples.push(`${op.name}: ${err.message}`);
      }
      stats.count++;
      if (ops >= MAX_OPS || elapsed() >= SECONDS || errors.count >= 1000) stop = true;
    }
  });
  await Promise.all(clients);
  const seconds = elapsed();
  clearInterval(sampler);
  clearInterval(progress);
  const underLoadEnd = usage(proc.pid);
  agent.destroy();
  const fdsAfter = await settledFds(proc.pid, fdsBefore);

  // the drain: SIGTERM with no client left must end the server at once, exit 0
  const stopStarted = performance.now();
  const exit = await new Promise((res) => {
    const timer = setTimeout(() => res('still running after 15 s'), 15_000);
    proc.once('exit', (code, signal) => (clearTimeout(timer), res(code ?? signal)));
    proc.kill('SIGTERM');
  });
  const stopMs = Math.round(performance.now() - stopStarted);
  const keyringBytes = ['keyring.db', 'keyring.db-wal'].reduce((n, f) => n + (statSync(join(work, f), { throwIfNoEntry: false })?.size ?? 0), 0);

  // RSS: the median over a window after warm-up, and over the last window, to step over GC swings
  const window = Math.max(1, Math.min(10, SECONDS / 20));
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rssAt = (from, to) => median(samples.filter((s) => s.t >= from && s.t <= to).map((s) => s.rssKiB)) ?? underLoadEnd.rssKiB;
  const rssWarm = rssAt(WARMUP_SECONDS, WARMUP_SECONDS + window);
  const rssEnd = rssAt(seconds - window, seconds);
  const fdsWarm = samples.find((s) => s.t >= WARMUP_SECONDS)?.fds ?? underLoadEnd.fds;

  const serverErrors = errors.count + serverLog.fivexx + serverLog.internal;
  const result = {
    date: new Date().toISOString(),
    machine,
    clients: CLIENTS,
    seconds: Math.round(seconds * 10) / 10,
    ops,
    opsPerSecond: Math.round(ops / seconds),
    clientErrors: [...perOp.values()].reduce((n, o) => n + o.clientErrors, 0),
    serverErrors,
    errorSamples: [...errors.samples, ...serverLog.samples],
    latencyMs: { p50: latencies.quantile(0.5), p99: latencies.quantile(0.99), max: Math.round(latencies.max) },
    rssMiB: { warm: Math.round(rssWarm / 102.4) / 10, end: Math.round(rssEnd / 102.4) / 10, growthPercent: Math.round(((rssEnd - rssWarm) / rssWarm) * 1000) / 10 },
    fds: { before: fdsBefore, warm: fdsWarm, endUnderLoad: underLoadEnd.fds, after: fdsAfter },
    shutdown: { exit, ms: stopMs },
    keyringMiB: Math.round(keyringBytes / 2 ** 20),
    serverLogLines: serverLog.lines,
    operations: [...perOp].map(([name, o]) => ({ name, count: o.count, clientErrors: o.clientErrors, errors: o.errors, p50: o.latencies.quantile(0.5), p99: o.latencies.quantile(0.99) })),
  };
  result.checks = {
    noServerErrors: serverErrors === 0,
    rssGrowthUnder10Percent: result.rssMiB.growthPercent < 10,
    fdsStable: fdsAfter === fdsBefore,
    cleanShutdown: exit === 0,
  };
  rmSync(work, { recursive: true, force: true });
  log(`${ops} operations in ${result.seconds} s (${result.opsPerSecond}/s), ${serverErrors} server-caused errors, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`);
  log(`RSS ${result.rssMiB.warm} → ${result.rssMiB.end} MiB (${result.rssMiB.growthPercent}%), fds ${fdsBefore} → ${fdsAfter}, SIGTERM: exit ${exit} in ${stopMs} ms`);
  for (const s of result.errorSamples) log(`error: ${s}`);
  if (REPORT !== '-') writeFileSync(REPORT, markdown(result, { SECONDS, CLIENTS, MAX_OPS, WARMUP_SECONDS }));
  process.stdout.write(`SOAK_RESULT ${JSON.stringify(result)}\n`);
  return Object.values(result.checks).every(Boolean) ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    log(`failed: ${err.stack ?? err}`);
    rmSync(work, { recursive: true, force: true });
    process.exitCode = 2;
  },
);
