#!/usr/bin/env node
// kms encrypt-stream / decrypt-stream against age and `openssl enc -aes-256-ctr`, 1 GiB through pipes
// in the same run: throughput and peak RSS (/usr/bin/time -f %M). Prints Markdown table lines to stdout.
// Needs the built bin/kms (npm run build). Installs age with apt-get when it is missing.
// BENCH_STREAM_MIB (default 1024) and BENCH_STREAM_ROUNDS (default 3, the median is reported).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './lib.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const KMS = join(ROOT, 'bin', 'kms');
const MIB = Number(process.env.BENCH_STREAM_MIB ?? 1024);
const ROUNDS = Number(process.env.BENCH_STREAM_ROUNDS ?? 3);
const BYTES = MIB * 1048576;
const work = mkdtempSync(join(tmpdir(), 'kms-stream-bench-'));
const log = (m) => process.stderr.write(`bench stream: ${m}\n`);
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: work,
  KMS_KEYRING: join(work, 'keyring.db'),
  KMS_CONFIG_DIR: join(work, 'config'),
  KMS_PASSPHRASE: 'bench passphrase',
  XDG_RUNTIME_DIR: work,
  KMS,
};

function sh(script) {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', script], { env, cwd: work, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`failed (${r.status}): ${script}\n${r.stderr}`);
  return r.stdout.trim();
}

/** Ensures age is there: apt-get install age when missing; undefined when that fails. */
function ensureAge() {
  if (has('age') && has('age-keygen')) return true;
  log('age is missing: apt-get install -y age');
  const r = spawnSync('sh', ['-c', 'apt-get install -y age >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y age >/dev/null 2>&1)'], { stdio: 'inherit' });
  return r.status === 0 && has('age');
}

/**
 * The tools, through pipes on both sides: encrypt = `head -c N /dev/zero | tool | dd of=/dev/null`,
 * decrypt = `dd if=ct | tool | dd of=/dev/null` (each tool's ct written and checked once, untimed).
 * Rounds alternate the tools so that load on the shared machine falls on all of them alike. Wall
 * time of the pipeline; peak RSS of the tool process alone.
 */
function measureAll(tools) {
  for (const [i, t] of tools.entries()) {
    sh(`head -c ${BYTES} /dev/zero | ${t.enc} > ct.${i}`);
    sh(`${t.dec} < ct.${i} | cmp -n ${BYTES} - /dev/zero`); // the round trip is right before it is timed
    t.ctBytes = statSync(join(work, `ct.${i}`)).size;
    t.times = { enc: [], dec: [] };
    t.rss = { enc: 0, dec: 0 };
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, t] of tools.entries()) {
      for (const dir of ['enc', 'dec']) {
        const input = dir === 'enc' ? `head -c ${BYTES} /dev/zero` : `dd if=ct.${i} bs=1M status=none`;
        const start = process.hrtime.bigint();
        sh(`${input} | /usr/bin/time -f %M -o rss.${dir} ${dir === 'enc' ? t.enc : t.dec} | dd of=/dev/null bs=1M status=none`);
        t.times[dir].push(Number(process.hrtime.bigint() - start) / 1e9);
        t.rss[dir] = Math.max(t.rss[dir], Number(readFileSync(join(work, `rss.${dir}`), 'utf8').trim().split('\n').pop()));
      }
    }
  }
  for (const [i, t] of tools.entries()) {
    rmSync(join(work, `ct.${i}`));
    t.gbs = { enc: BYTES / median(t.times.enc) / 1e9, dec: BYTES / median(t.times.dec) / 1e9 };
    t.mib = { enc: t.rss.enc / 1024, dec: t.rss.dec / 1024 };
    log(`${t.name}: encrypt ${t.gbs.enc.toFixed(2)} GB/s, decrypt ${t.gbs.dec.toFixed(2)} GB/s, RSS ${t.mib.enc.toFixed(0)}/${t.mib.dec.toFixed(0)} MiB`);
  }
}

try {
  if (!existsSync(join(ROOT, 'dist'))) throw new Error('build first: npm run build');
  sh('"$KMS" keyring init --kdf-cost 10 >/dev/null 2>&1');
  const keyId = sh('"$KMS" create-key --query KeyMetadata.KeyId --output text');
  const kms = { name: 'kms encrypt-stream / decrypt-stream', enc: `"$KMS" encrypt-stream --key-id ${keyId} --encryption-context bench=1`, dec: '"$KMS" decrypt-stream' };
  // the same commands on Node's streams instead of blocking fds and 1 MiB pipes (what the fast path buys)
  const nodeStreams = { name: 'kms with KMS_STREAM_FD=0 (Node streams)', enc: `env KMS_STREAM_FD=0 ${kms.enc}`, dec: `env KMS_STREAM_FD=0 ${kms.dec}` };
  const tools = [kms, nodeStreams];
  let age;
  if (ensureAge()) {
    sh('age-keygen -o age.key 2>/dev/null');
    age = { name: `age ${sh('age --version')}`, enc: `age -r ${sh('age-keygen -y age.key')}`, dec: 'age -d -i age.key' };
    tools.push(age);
  }
  const k = '00'.repeat(32);
  const iv = '00'.repeat(16);
  tools.push({ name: `openssl enc -aes-256-ctr (${sh('openssl version').split(' ').slice(0, 2).join(' ')})`, enc: `openssl enc -aes-256-ctr -K ${k} -iv ${iv}`, dec: `openssl enc -d -aes-256-ctr -K ${k} -iv ${iv}` });
  measureAll(tools);
  console.log(`${MIB} MiB through pipes, median of ${ROUNDS} rounds that alternate the tools (encrypt: \`head -c\` from /dev/zero; decrypt: \`dd\` from the ciphertext file; output piped to \`dd of=/dev/null\`), peak RSS of the tool process.`);
  console.log('');
  console.log('| tool | encrypt GB/s | decrypt GB/s | encrypt peak RSS MiB | decrypt peak RSS MiB | size overhead |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const t of tools) console.log(`| ${t.name} | ${t.gbs.enc.toFixed(2)} | ${t.gbs.dec.toFixed(2)} | ${t.mib.enc.toFixed(0)} | ${t.mib.dec.toFixed(0)} | ${((t.ctBytes / BYTES - 1) * 100).toFixed(3)}% |`);
  if (!age) console.log('| age | not installed (apt-get install age failed) | | | | |');
  console.log('');
  const peak = Math.max(kms.mib.enc, kms.mib.dec).toFixed(0);
  if (age) {
    const r = (dir) => (kms.gbs[dir] / age.gbs[dir]).toFixed(2);
    console.log(`kms / age throughput: encrypt ${r('enc')}×, decrypt ${r('dec')}× (goal ≥ 1); kms peak RSS ${peak} MiB (goal < 100).`);
  } else console.log(`kms peak RSS ${peak} MiB (goal < 100); no age to compare with.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
