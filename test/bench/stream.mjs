#!/usr/bin/env node
// kms encrypt-stream / decrypt-stream against age and `openssl enc -aes-256-ctr`, 1 GiB through pipes
// in the same run: throughput and peak RSS (/usr/bin/time -f %M). Prints Markdown table lines to stdout.
// Needs the built bin/kms (npm run build). Installs age with apt-get when it is missing.
// BENCH_STREAM_MIB (default 1024) and BENCH_STREAM_ROUNDS (default 3, the median is reported).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Ensures age is there: apt-get install age when missing; undefined when that fails. */
function ensureAge() {
  if (has('age') && has('age-keygen')) return true;
  log('age is missing: apt-get install -y age');
  const r = spawnSync('sh', ['-c', 'apt-get install -y age >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y age >/dev/null 2>&1)'], { stdio: 'inherit' });
  return r.status === 0 && has('age');
}

/**
 * One tool, through pipes on both sides: encrypt = `head -c N /dev/zero | tool | dd of=/dev/null`,
 * decrypt = `dd if=ct | tool | dd of=/dev/null` (ct written and checked once, untimed). Wall time of
 * the pipeline; peak RSS of the tool process alone.
 */
function measure(name, enc, dec) {
  sh(`head -c ${BYTES} /dev/zero | ${enc} > ct`);
  sh(`${dec} < ct | cmp -n ${BYTES} - /dev/zero`); // the round trip is right before it is timed
  const ctBytes = statSync(join(work, 'ct')).size;
  const times = { enc: [], dec: [] };
  const rss = { enc: 0, dec: 0 };
  for (let i = 0; i < ROUNDS; i++) {
    for (const dir of ['enc', 'dec']) {
      const input = dir === 'enc' ? `head -c ${BYTES} /dev/zero` : 'dd if=ct bs=1M status=none';
      const t = process.hrtime.bigint();
      sh(`${input} | /usr/bin/time -f %M -o rss.${dir} ${dir === 'enc' ? enc : dec} | dd of=/dev/null bs=1M status=none`);
      times[dir].push(Number(process.hrtime.bigint() - t) / 1e9);
      rss[dir] = Math.max(rss[dir], Number(readFileSync(join(work, `rss.${dir}`), 'utf8').trim().split('\n').pop()));
    }
  }
  rmSync(join(work, 'ct'));
  const gbs = (s) => (BYTES / s / 1e9).toFixed(2);
  const mib = (kib) => (kib / 1024).toFixed(0);
  log(`${name}: encrypt ${gbs(median(times.enc))} GB/s, decrypt ${gbs(median(times.dec))} GB/s, RSS ${mib(rss.enc)}/${mib(rss.dec)} MiB`);
  return `| ${name} | ${gbs(median(times.enc))} | ${gbs(median(times.dec))} | ${mib(rss.enc)} | ${mib(rss.dec)} | ${((ctBytes / BYTES - 1) * 100).toFixed(3)}% |`;
}

try {
  if (!existsSync(join(ROOT, 'dist'))) throw new Error('build first: npm run build');
  sh('"$KMS" keyring init --kdf-cost 10 >/dev/null 2>&1');
  const keyId = sh('"$KMS" create-key --query KeyMetadata.KeyId --output text');
  const rows = [];
  rows.push(measure('kms encrypt-stream / decrypt-stream', `"$KMS" encrypt-stream --key-id ${keyId} --encryption-context bench=1`, '"$KMS" decrypt-stream'));
  if (ensureAge()) {
    sh('age-keygen -o age.key 2>/dev/null');
    const recipient = sh('age-keygen -y age.key');
    rows.push(measure(`age ${sh('age --version')}`, `age -r ${recipient}`, 'age -d -i age.key'));
  } else rows.push('| age | not installed (apt-get install age failed) | | | | |');
  const k = '00'.repeat(32);
  const iv = '00'.repeat(16);
  rows.push(measure(`openssl enc -aes-256-ctr (${sh('openssl version').split(' ').slice(0, 2).join(' ')})`, `openssl enc -aes-256-ctr -K ${k} -iv ${iv}`, `openssl enc -d -aes-256-ctr -K ${k} -iv ${iv}`));
  console.log(`${MIB} MiB through pipes, median of ${ROUNDS} (encrypt: \`head -c\` from /dev/zero; decrypt: \`dd\` from the ciphertext file; output piped to \`dd of=/dev/null\`), peak RSS of the tool process.`);
  console.log('');
  console.log('| tool | encrypt GB/s | decrypt GB/s | encrypt peak RSS MiB | decrypt peak RSS MiB | size overhead |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
} finally {
  rmSync(work, { recursive: true, force: true });
}
