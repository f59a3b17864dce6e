#!/usr/bin/env node
// npm run bench: per-call wall time of kms (cold: KDF paid; session: KDF skipped) against
// `aws kms` pointed at a moto server on 127.0.0.1, alternated in one run, and keyring scale
// (10 vs 100,000 keys). Writes docs/benchmarks.md with the machine and the date.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync, existsSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, median } from './lib.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const KMS = join(ROOT, 'bin', 'kms');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
// BENCH_BASELINE=<another checkout, built>: its bin/kms runs the same per-call commands on the same
// keyring and session, alternated with this one, so a change is measured against the build before it.
const BASELINE = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;
const work = mkdtempSync(join(tmpdir(), 'kms-bench-'));
const log = (m) => process.stderr.write(`bench: ${m}\n`);

function timed(cmd, args, env, input, status = 0) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, input, encoding: 'utf8', maxBuffer: 1 << 24 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== status) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { ms, out: r.stdout };
}

async function startMoto() {
  const probe = spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url + '/moto-api/');
      if (r.status < 500) return { proc, url };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('moto server did not start');
}

function kmsEnv(dir, extra = {}) {
  const env = { ...process.env, HOME: dir, KMS_CONFIG_DIR: join(dir, 'config'), XDG_RUNTIME_DIR: join(dir, 'run'), XDG_CACHE_HOME: join(dir, '.cache'), ...extra };
  delete env.KMS_SESSION;
  mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
  return env;
}

function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  const aws = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  return {
    cpu: `${cpus().length} × ${cpu}`,
    mem: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    aws: (aws.stdout || aws.stderr || 'not installed').trim(),
  };
}

/** The sections that run as scripts of their own, by the name BENCH_ONLY takes. */
const SECTIONS = { scale: () => scale(), serve: () => serve(), authz: () => authz(), trail: () => trail(), postgresql: () => postgresql() };

/**
 * BENCH_ONLY=<section>: run one section and put it in place of the same section of
 * docs/benchmarks.md (stamped with its own date and machine), leaving the other sections as their
 * last full run measured them.
 */
function only(name) {
  const section = SECTIONS[name];
  if (!section) throw new Error(`BENCH_ONLY: no section ${name} (${Object.keys(SECTIONS).join(', ')})`);
  const m = machine();
  const [heading, ...body] = section();
  const stamped = [heading, '', `Measured alone (\`BENCH_ONLY=${name} npm run bench\`) on ${new Date().toISOString().slice(0, 10)}: ${m.cpu}, ${m.mem}; Node ${m.node}.`, ...body];
  const file = join(ROOT, 'docs', 'benchmarks.md');
  const doc = readFileSync(file, 'utf8');
  const start = doc.indexOf(`${heading}\n`);
  const end = start === -1 ? -1 : doc.indexOf('\n## ', start + heading.length);
  const text = stamped.join('\n');
  writeFileSync(file, start === -1 ? `${doc.trimEnd()}\n\n${text}\n` : `${doc.slice(0, start)}${text}${end === -1 ? '\n' : doc.slice(end)}`);
  log(`wrote the ${name} section of docs/benchmarks.md`);
}

async function main() {
  if (process.env.BENCH_ONLY) return only(process.env.BENCH_ONLY);
  const lines = [];
  const m = machine();
  const date = new Date().toISOString().slice(0, 10);
  log(`machine ${m.cpu}, ${m.mem}, node ${m.node}`);

  // kms: a keyring with the default KDF (scrypt N=2^17), so a cold call pays it as users do.
  const kdir = join(work, 'kms');
  mkdirSync(kdir);
  const kenv = kmsEnv(kdir, { KMS_KEYRING: join(kdir, 'keyring.db'), KMS_PASSPHRASE: 'bench passphrase' });
  timed(KMS, ['keyring', 'init'], kenv);
  const keyId = JSON.parse(timed(KMS, ['create-key'], kenv).out).KeyMetadata.KeyId;
  const unlock = timed(KMS, ['keyring', 'unlock', '--duration', '1h'], kenv).out;
  const session = /KMS_SESSION='?([^'\s;]+)/.exec(unlock)[1];
  const senv = { ...kenv, KMS_SESSION: session };
  delete senv.KMS_PASSPHRASE;
  const blob = JSON.parse(timed(KMS, ['encrypt', '--key-id', keyId, '--plaintext', 'aGVsbG8='], senv).out).CiphertextBlob;

  const moto = await startMoto();
  let aenv, awsKey, awsBlob;
  if (moto) {
    aenv = { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };
    const ep = ['--endpoint-url', moto.url];
    awsKey = JSON.parse(timed('aws', ['kms', 'create-key', ...ep], aenv).out).KeyMetadata.KeyId;
    // AWS CLI v1 sends blob text as is (v2 would base64-decode it), so hand it raw bytes.
    const b64 = JSON.parse(timed('aws', ['kms', 'encrypt', '--key-id', awsKey, '--plaintext', 'aGVsbG8=', ...ep], aenv).out).CiphertextBlob;
    writeFileSync(join(work, 'aws-blob.bin'), Buffer.from(b64, 'base64'));
    awsBlob = `fileb://${join(work, 'aws-blob.bin')}`;
  } else {
    log('moto server unavailable (python3 -m moto.server): aws kms columns skipped');
  }

  const commands = {
    encrypt: (k) => ['encrypt', '--key-id', k, '--plaintext', 'aGVsbG8='],
    decrypt: (_k, b) => ['decrypt', '--ciphertext-blob', b],
    'generate-data-key': (k) => ['generate-data-key', '--key-id', k, '--key-spec', 'AES_256'],
  };
  // own: the session's call as a process of its own (KMS_AGENT=0); agent: the same call through
  // bin/kms's thin client to the session's agent (docs/agent.md), what a session does by default.
  const ownEnv = { ...senv, KMS_AGENT: '0' };
  const results = {};
  for (const name of Object.keys(commands)) results[name] = { aws: [], cold: [], own: [], agent: [], baseline: [] };
  const node0 = [];
  const baselineKms = BASELINE ? join(BASELINE, 'bin', 'kms') : undefined;
  if (baselineKms && !existsSync(join(BASELINE, 'dist', 'launch.cjs'))) throw new Error(`BENCH_BASELINE ${BASELINE} is not built (npm run build there)`);
  // bin/kms starts node without NODE_EXTRA_CA_CERTS; measure the same bare start.
  const bare = { ...kenv };
  delete bare.NODE_EXTRA_CA_CERTS;
  if (baselineKms) {
    // bin/kms keeps V8's code cache of the first command it ran (here `keyring init`); give both
    // builds a cache made the same way, by an encrypt, before comparing them.
    rmSync(join(kdir, '.cache'), { recursive: true, force: true });
    for (const bin of [KMS, baselineKms]) timed(bin, commands.encrypt(keyId), ownEnv);
  }
  // where a call's time goes: Node's start, loading kms (`kms` alone), then the command
  const timeline = { node: node0, ownVersion: [], agentVersion: [] };
  for (let round = 0; round < ROUNDS; round++) {
    node0.push(timed('node', ['-e', '0'], bare).ms);
    // `kms` alone: loads kms, prints its usage line, exits 252 (the least a call can do)
    timeline.ownVersion.push(timed(KMS, [], ownEnv, undefined, 252).ms);
    timeline.agentVersion.push(timed(KMS, [], senv, undefined, 252).ms);
    for (const [name, args] of Object.entries(commands)) {
      if (moto) results[name].aws.push(timed('aws', ['kms', ...args(awsKey, awsBlob), '--endpoint-url', moto.url], aenv).ms);
      results[name].cold.push(timed(KMS, args(keyId, blob), kenv).ms);
      // the variants go first in turn, so none gains from another's warm caches
      const runs = [
        () => results[name].own.push(timed(KMS, args(keyId, blob), ownEnv).ms),
        () => results[name].agent.push(timed(KMS, args(keyId, blob), senv).ms),
      ];
      if (baselineKms) runs.push(() => results[name].baseline.push(timed(baselineKms, args(keyId, blob), ownEnv).ms));
      for (let i = 0; i < runs.length; i++) runs[(i + round) % runs.length]();
    }
    log(`round ${round + 1}/${ROUNDS}`);
  }
  moto?.proc.kill();
  results.node = median(node0);

  const spread = (xs) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
  lines.push(`# Benchmarks`, '', `Measured by \`npm run bench\` (test/bench/run.mjs) on ${date}.`, '');
  lines.push(`Machine: ${m.cpu}, ${m.mem}; Node ${m.node}; ${m.aws}. Shared machine: figures are medians of ${ROUNDS} alternated rounds, with the minimum and maximum in brackets where shown.`, '');
  lines.push('## Per-call wall time (ms)', '');
  lines.push(
    '`aws kms` runs against a moto server on 127.0.0.1. kms cold opens the keyring with the default KDF (scrypt N=2^17) at every call. ' +
      'kms session runs inside `eval "$(kms keyring unlock)"`: through the session\'s agent (the default, docs/agent.md), and as a process of its own (`KMS_AGENT=0`). ' +
      'Each call is one `spawnSync` of the command with the output to a pipe, timed from spawn to exit.',
    '',
  );
  lines.push('| command | aws kms (moto) | kms cold | kms session, own process | kms session, agent | agent ÷ aws | agent ÷ `node -e 0` |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const name of Object.keys(commands)) {
    const r = results[name];
    const a = moto ? median(r.aws) : NaN;
    const g = median(r.agent);
    lines.push(
      `| ${name} | ${moto ? spread(r.aws) : 'n/a'} | ${spread(r.cold)} | ${spread(r.own)} | ${spread(r.agent)} | ${Number.isNaN(a) ? 'n/a' : (g / a).toFixed(3) + '×'} | ${(g / results.node).toFixed(2)}× |`,
    );
  }
  const enc = results.encrypt;
  const goalNode = median(enc.agent) / results.node;
  const goalAws = moto ? median(enc.agent) / median(enc.aws) : NaN;
  lines.push(
    '',
    `\`node -e 0\` takes ${spread(node0)} ms here. Goals for an unlocked \`kms encrypt\`: ≤ 1.6× \`node -e 0\` (this run: ${goalNode.toFixed(2)}×, ${goalNode <= 1.6 ? 'met' : 'not met'}) ` +
      `and ≤ 0.08× \`aws kms encrypt\` against moto (this run: ${Number.isNaN(goalAws) ? 'n/a, no moto' : `${goalAws.toFixed(3)}×, ${goalAws <= 0.08 ? 'met' : 'not met'}`}).`,
    '',
  );
  lines.push('### Where the time of a call goes', '');
  lines.push('Medians of the same rounds; each step is the difference between two rows.', '');
  lines.push('| what runs | ms | step |', '| --- | ---: | --- |');
  const tl = [
    ['`node -e 0` (Node starting, no NODE_EXTRA_CA_CERTS as bin/kms)', median(node0), 'Node itself'],
    ['`KMS_AGENT=0 kms` (sh + Node + loading the bundle with its code cache; prints the usage line)', median(timeline.ownVersion), `+${(median(timeline.ownVersion) - median(node0)).toFixed(0)} ms: loading kms`],
    ['`KMS_AGENT=0 kms encrypt` in the session', median(enc.own), `+${(median(enc.own) - median(timeline.ownVersion)).toFixed(0)} ms: settings, better-sqlite3, keyring open, the command`],
    ['`kms` through the agent (sh + kms-client + the agent)', median(timeline.agentVersion), 'no Node start, nothing loaded'],
    ['`kms encrypt` through the agent', median(enc.agent), `+${(median(enc.agent) - median(timeline.agentVersion)).toFixed(0)} ms: the command on the open keyring`],
  ];
  for (const [what, ms, step] of tl) lines.push(`| ${what} | ${ms.toFixed(1)} | ${step} |`);
  lines.push('');
  if (baselineKms) {
    const rev = spawnSync('git', ['-C', BASELINE, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).stdout.trim() || BASELINE;
    const dirty = spawnSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout.trim() !== '';
    const here = spawnSync('git', ['-C', ROOT, 'log', '-1', '--format=%h %s'], { encoding: 'utf8' }).stdout.trim() + (dirty ? ' with uncommitted changes' : '');
    lines.push('### Against the build before this change (session as a process of its own, same keyring, alternated)', '');
    lines.push(`This build: \`${here}\`; baseline: \`${rev}\` (\`BENCH_BASELINE\`).`, '');
    lines.push('| command | baseline ms | this build ms | this ÷ baseline |', '| --- | ---: | ---: | ---: |');
    for (const name of Object.keys(commands)) {
      const b = median(results[name].baseline);
      const s = median(results[name].own);
      lines.push(`| ${name} | ${b.toFixed(1)} | ${s.toFixed(1)} | ${(s / b).toFixed(3)}× |`);
    }
    lines.push('');
    lines.push(...instructionCounts(commands.encrypt(keyId), ownEnv, baselineKms, commands.encrypt('<key id>')));
  }

  lines.push(...scale());
  lines.push(...serve());
  lines.push(...authz());
  lines.push(...trail());
  lines.push(...postgresql());
  lines.push(...stream());
  lines.push(...primitives());
  writeFileSync(join(ROOT, 'docs', 'benchmarks.md'), lines.join('\n') + '\n');
  log('wrote docs/benchmarks.md');
  rmSync(work, { recursive: true, force: true });
}

/**
 * Wall time on a shared machine moves by several percent between rounds; instruction counts
 * (valgrind's callgrind) do not, whatever else runs. Counts one call of each build, alternated.
 */
function instructionCounts(args, env, baselineKms, shown) {
  const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) return ['(valgrind is not installed: instruction counts skipped)', ''];
  const rounds = Number(process.env.BENCH_CALLGRIND_ROUNDS ?? 5);
  const count = (kms) => {
    const launch = join(kms, '..', '..', 'dist', 'launch.cjs');
    const bare = { ...env };
    delete bare.NODE_EXTRA_CA_CERTS; // as bin/kms runs node
    const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', 'node', '--expose-gc', launch, ...args], { env: bare, encoding: 'utf8' });
    const m = /Collected : (\d+)/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`callgrind failed (${r.status}): ${r.stderr.slice(-300)}`);
    return Number(m[1]);
  };
  const counts = { here: [], baseline: [] };
  for (let i = 0; i < rounds; i++) {
    const pair = [() => counts.here.push(count(KMS)), () => counts.baseline.push(count(baselineKms))];
    for (const run of i % 2 ? pair.reverse() : pair) run();
    log(`callgrind ${i + 1}/${rounds}`);
  }
  const [h, b] = [median(counts.here), median(counts.baseline)];
  const fmt = (n) => `${(n / 1e6).toFixed(1)} M`;
  return [
    `Instructions of one \`${['kms', ...shown].join(' ')}\` in the session (valgrind --tool=callgrind, median of ${rounds}, alternated): baseline ${fmt(b)}, this build ${fmt(h)}, ratio ${(h / b).toFixed(3)}×.`,
    '',
  ];
}

/** Keyring scale: encrypt with 10 vs 100,000 keys, and list paging linearity (test/bench/scale.mjs). */
function scale() {
  log('running scale.mjs');
  const r = spawnSync('node', [join(ROOT, 'test', 'bench', 'scale.mjs')], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  return ['## Keyring scale', '', (r.stdout || `scale.mjs failed (exit ${r.status})`).trim(), ''];
}

/** `kms serve` against moto server (test/bench/serve.mjs prints its own Markdown tables). */
function serve() {
  log('running serve.mjs');
  const r = spawnSync('node', [join(ROOT, 'test', 'bench', 'serve.mjs')], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  return ['## kms serve', '', (r.stdout || `serve.mjs failed (exit ${r.status})`).trim(), ''];
}

/** The cost of the audit trail: this build against the release before it (test/bench/trail.mjs). */
function trail() {
  log('running trail.mjs');
  const r = spawnSync('node', [join(ROOT, 'test', 'bench', 'trail.mjs')], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  return ['## Audit trail', '', (r.stdout || `trail.mjs failed (exit ${r.status})`).trim(), ''];
}

/** The team keyring: file against PostgreSQL per call, and one against two servers (test/bench/postgres.mjs). */
function postgresql() {
  log('running postgres.mjs');
  const r = spawnSync('node', [join(ROOT, 'test', 'bench', 'postgres.mjs')], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  return ['## Team keyring: PostgreSQL against the file', '', (r.stdout || `postgres.mjs failed (exit ${r.status})`).trim(), ''];
}

/** The cost of authorization: enforce vs off, per CLI call and per serve request (test/bench/authz.mjs). */
function authz() {
  log('running authz.mjs');
  const r = spawnSync('node', [join(ROOT, 'test', 'bench', 'authz.mjs')], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  return ['## Authorization', '', (r.stdout || `authz.mjs failed (exit ${r.status})`).trim(), ''];
}

/** encrypt-stream / decrypt-stream against age and openssl enc (test/bench/stream.mjs). */
function stream() {
  log('running stream.mjs');
  const r = spawnSync('node', [join(ROOT, 'test', 'bench', 'stream.mjs')], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] });
  return [(r.stdout || `## Streams\n\nstream.mjs failed (exit ${r.status})`).trim(), ''];
}

/** The per-family primitive benchmarks (test/bench/crypto-*.mjs), each in a child process. */
function primitives() {
  const out = ['## Primitives', '', 'Output of test/bench/crypto-*.mjs in this run (library choices: docs/crypto.md). RSA-4096 key generation is compared with `openssl genpkey` (goal: ≤ 1.5×).', ''];
  for (const name of ['crypto-rsa.mjs', 'crypto-ecc.mjs', 'crypto-mldsa.mjs', 'crypto-sm2.mjs']) {
    log(`running ${name}`);
    const r = spawnSync('node', [join(ROOT, 'test', 'bench', name)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    out.push(`### ${name}`, '', '```', (r.stdout || r.stderr || '').trim(), '```', '');
  }
  return out;
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err.stack ?? err}\n`);
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
