#!/usr/bin/env node
// kms encrypt-stream / decrypt-stream against age and `openssl enc -aes-256-ctr` on a random file,
// in four layouts (file -> file by redirection and by flags, pipe -> pipe, file -> pipe), rounds
// alternating the tools: median (min-max) GB/s, peak RSS (/usr/bin/time -f %M) and kms/age per row.
// kms runs in an unlocked session (no KDF); a separate "cold" row pays the default KDF.
// Markdown to stdout (with the commands, to rerun them by hand), progress to stderr.
// Needs the built CLI (npm run build), age and openssl. Knobs: BENCH_STREAM_MIB (default 512),
// BENCH_STREAM_ROUNDS (default 3), BENCH_STREAM_KMS (the kms command, default bin/kms),
// BENCH_STREAM_LAYOUTS (e.g. "a,c"; default all), BENCH_STREAM_GOAL (default 1.2),
// BENCH_STREAM_CIPHER (kms's KMS_STREAM_NATIVE: 0 for node:crypto, sync or async; default unset).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const KMS = process.env.BENCH_STREAM_KMS ?? join(ROOT, 'bin', 'kms');
const MIB = Number(process.env.BENCH_STREAM_MIB ?? 512);
const ROUNDS = Number(process.env.BENCH_STREAM_ROUNDS ?? 5);
const GOAL = Number(process.env.BENCH_STREAM_GOAL ?? 1.2);
const ONLY = (process.env.BENCH_STREAM_LAYOUTS ?? 'a,b,c,d').split(',');
const BYTES = MIB * 1048576;
const work = mkdtempSync(join(tmpdir(), 'kms-stream-bench-'));
const log = (m) => process.stderr.write(`bench stream: ${m}\n`);
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const env = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: work,
  KMS_KEYRING: join(work, 'keyring.db'),
  KMS_CONFIG_DIR: join(work, 'config'),
  KMS_PASSPHRASE: 'bench passphrase',
  XDG_RUNTIME_DIR: work,
  ...(process.env.BENCH_STREAM_CIPHER === undefined ? {} : { KMS_STREAM_NATIVE: process.env.BENCH_STREAM_CIPHER }),
};

function sh(script, withEnv = env) {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', script], { env: withEnv, cwd: work, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`failed (${r.status}): ${script}\n${r.stderr}`);
  return r.stdout.trim();
}

let agentPid;
/** The session agent's resident set (VmRSS) or its peak since the last reset (VmHWM), MiB. */
function agentRss(field) {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${agentPid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
/** Starts the agent's peak RSS over (Linux: `echo 5 > /proc/PID/clear_refs`), so each run's peak is its own. */
function resetAgentPeak() {
  if (agentPid) writeFileSync(`/proc/${agentPid}/clear_refs`, '5');
}

/** Wall time of `script` (seconds) and the peak RSS (MiB) that /usr/bin/time wrote to `rss`. */
function timed(script, withEnv = env) {
  const start = process.hrtime.bigint();
  sh(script, withEnv);
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  const kib = Number(readFileSync(join(work, 'rss'), 'utf8').trim().split('\n').pop());
  return { secs, mib: kib / 1024 };
}

/**
 * The four layouts. `run(cmd, input, output)` wraps the tool's command (with its own input and
 * output flags already in it for layout b) in /usr/bin/time and the layout's redirections.
 */
const T = '/usr/bin/time -f %M -o rss';
const LAYOUTS = [
  { id: 'a', name: 'file -> file (< in > out)', toFile: true, run: (c, i, o) => `${T} ${c} < ${i} > ${o}` },
  { id: 'b', name: 'file -> file (--in/--out flags)', toFile: true, flags: true, run: (c) => `${T} ${c}` },
  { id: 'c', name: 'pipe -> pipe (cat | tool | cat)', run: (c, i) => `cat ${i} | ${T} ${c} | cat > /dev/null` },
  { id: 'd', name: 'file -> pipe (< in | cat)', run: (c, i) => `${T} ${c} < ${i} | cat > /dev/null` },
].filter((l) => ONLY.includes(l.id));

/** A tool: its encrypt / decrypt commands, without (plain) or with (flags) input and output flags. */
function tools(keyId, agePub) {
  const k = '00'.repeat(32);
  const iv = '00'.repeat(16);
  const ossl = `openssl enc -aes-256-ctr -K ${k} -iv ${iv}`;
  return [
    {
      name: 'kms',
      enc: `${KMS} encrypt-stream --key-id ${keyId}`,
      dec: `${KMS} decrypt-stream`,
      encFlags: (i, o) => `${KMS} encrypt-stream --key-id ${keyId} --in ${i} --out ${o}`,
      decFlags: (i, o) => `${KMS} decrypt-stream --in ${i} --out ${o}`,
    },
    {
      name: `age ${sh('age --version')}`,
      enc: `age -r ${agePub}`,
      dec: 'age -d -i age.key',
      encFlags: (i, o) => `age -r ${agePub} -o ${o} ${i}`,
      decFlags: (i, o) => `age -d -i age.key -o ${o} ${i}`,
    },
    {
      name: `openssl enc -aes-256-ctr (${sh('openssl version').split(' ').slice(0, 2).join(' ')})`,
      enc: ossl,
      dec: `${ossl} -d`,
      encFlags: (i, o) => `${ossl} -in ${i} -out ${o}`,
      decFlags: (i, o) => `${ossl} -d -in ${i} -out ${o}`,
    },
  ];
}

/** The timed command of `tool` for one layout and direction (input: plain or the tool's ciphertext). */
function command(tool, ti, layout, dir) {
  const input = dir === 'enc' ? 'plain' : `ct.${ti}`;
  const output = `out.${ti}`;
  const cmd = layout.flags ? tool[`${dir}Flags`](input, output) : tool[dir];
  return { script: layout.run(cmd, input, output), output };
}

const gbs = (secs) => BYTES / secs / 1e9;
const fmt = (xs) => `${gbs(median(xs)).toFixed(2)} (${gbs(Math.max(...xs)).toFixed(2)}-${gbs(Math.min(...xs)).toFixed(2)})`;

try {
  if (!existsSync(join(ROOT, 'dist'))) throw new Error('build first: npm run build');
  if (!has('age') || !has('age-keygen')) throw new Error('age is not installed (apt-get install age)');
  log(`${MIB} MiB of random data, ${ROUNDS} rounds, work dir ${work}, KMS_STREAM_NATIVE=${env.KMS_STREAM_NATIVE ?? '(unset)'}`);
  sh(`head -c ${BYTES} /dev/urandom > plain`);
  sh('cat plain > /dev/null'); // in the page cache before the first timed read
  sh(`${KMS} keyring init >/dev/null 2>&1`); // the default KDF: what the cold row pays
  const keyId = sh(`${KMS} create-key --query KeyMetadata.KeyId --output text`);
  // the unlocked session: eval what `keyring unlock` prints, then no passphrase in the environment
  // --debug names the session's agent (docs/agent.md): the process that runs kms's streams in a
  // session, whose memory is what kms's peak RSS is (the client /usr/bin/time sees holds none)
  const unlocked = spawnSync('sh', ['-c', `${KMS} keyring unlock --duration 2h --debug`], { env, cwd: work, encoding: 'utf8' });
  const session = /KMS_SESSION='?([^'\s]+)'?/.exec(unlocked.stdout)?.[1];
  if (!session) throw new Error('kms keyring unlock printed no KMS_SESSION');
  agentPid = Number(/kms agent (\d+) listens/.exec(unlocked.stderr)?.[1]) || undefined;
  log(agentPid ? `session agent pid ${agentPid}, RSS ${agentRss('VmRSS').toFixed(0)} MiB` : 'no session agent: kms runs as processes of their own');
  delete env.KMS_PASSPHRASE;
  env.KMS_SESSION = session;
  sh('age-keygen -o age.key 2>/dev/null');
  const all = tools(keyId, sh('age-keygen -y age.key'));
  for (const [i, t] of all.entries()) {
    sh(`${t.enc} < plain > ct.${i}`);
    sh(`${t.dec} < ct.${i} | cmp - plain`); // the round trip is right before anything is timed
    t.overhead = statSync(join(work, `ct.${i}`)).size / BYTES - 1;
  }

  const results = new Map(); // `${layout}.${dir}.${tool}` -> { secs: [], mib: 0 }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const layout of LAYOUTS) {
      for (const dir of ['enc', 'dec']) {
        for (const [ti, tool] of all.entries()) {
          const { script, output } = command(tool, ti, layout, dir);
          if (layout.toFile) sh(`rm -f ${output}; sync`); // every tool writes a new file onto a quiet disk
          if (ti === 0) resetAgentPeak();
          const t = timed(script);
          const secs = t.secs;
          const mib = ti === 0 && agentPid ? Math.max(t.mib, agentRss('VmHWM')) : t.mib;
          if (layout.toFile) rmSync(join(work, output));
          const key = `${layout.id}.${dir}.${ti}`;
          const r = results.get(key) ?? { secs: [], mib: 0 };
          r.secs.push(secs);
          r.mib = Math.max(r.mib, mib);
          results.set(key, r);
          log(`round ${round} ${layout.id} ${dir} ${tool.name.split(' ')[0]}: ${gbs(secs).toFixed(2)} GB/s, ${mib.toFixed(0)} MiB`);
        }
      }
    }
  }

  // cold: no session, the passphrase through the default KDF (once per run: the key schedule is the cost)
  const cold = { enc: [], dec: [], mib: 0 };
  const { KMS_SESSION: _, ...rest } = env;
  const coldEnv = { ...rest, KMS_PASSPHRASE: 'bench passphrase' };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const dir of ['enc', 'dec']) {
      sh('rm -f out.cold; sync');
      const { secs, mib } = timed(`${T} ${dir === 'enc' ? all[0].enc : all[0].dec} < ${dir === 'enc' ? 'plain' : 'ct.0'} > out.cold`, coldEnv);
      cold[dir].push(secs);
      cold.mib = Math.max(cold.mib, mib);
    }
  }

  // the session's calls as processes of their own (KMS_AGENT=0): Node's start and the keyring open paid per run
  const own = { enc: [], dec: [], mib: 0 };
  for (let round = 1; round <= ROUNDS; round++) {
    for (const dir of ['enc', 'dec']) {
      sh('rm -f out.own; sync');
      const { secs, mib } = timed(`${T} ${dir === 'enc' ? all[0].enc : all[0].dec} < ${dir === 'enc' ? 'plain' : 'ct.0'} > out.own`, { ...env, KMS_AGENT: '0' });
      own[dir].push(secs);
      own.mib = Math.max(own.mib, mib);
    }
  }

  const out = [];
  const say = (s = '') => out.push(s);
  say(`## kms encrypt-stream / decrypt-stream vs age and openssl: ${MIB} MiB of random data`);
  say();
  say(`Median of ${ROUNDS} rounds, GB/s (slowest-fastest round in parentheses); rounds alternate the tools so that load on the shared machine falls on all of them alike. A file output is removed and \`sync\` run before each timed run (untimed). Peak RSS is the tool process's, /usr/bin/time -f %M, the largest over the rounds; for kms in the session it is the larger of the client's and the session agent's (the process that runs the stream: its VmHWM, reset before each run with \`echo 5 > /proc/PID/clear_refs\`). kms runs in an unlocked session (\`eval "$(kms keyring unlock)"\`, KMS_PASSPHRASE unset), so no KDF; frame cipher: ${env.KMS_STREAM_NATIVE === undefined ? 'the default' : `KMS_STREAM_NATIVE=${env.KMS_STREAM_NATIVE}`}. Goal: kms ≥ ${GOAL}× age in each row, kms peak RSS < 100 MiB.`);
  say();
  say('| layout | direction | kms GB/s | age GB/s | openssl GB/s | kms / age | goal | kms peak RSS MiB | age peak RSS MiB |');
  say('| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |');
  let met = 0;
  let rows = 0;
  for (const layout of LAYOUTS) {
    for (const dir of ['enc', 'dec']) {
      const [k, a, o] = all.map((_, ti) => results.get(`${layout.id}.${dir}.${ti}`));
      const ratio = median(a.secs) / median(k.secs);
      const ok = ratio >= GOAL && k.mib < 100;
      rows++;
      if (ok) met++;
      const why = ok ? 'met' : `NOT met${ratio < GOAL ? ` (< ${GOAL}×)` : ''}${k.mib >= 100 ? ' (RSS ≥ 100 MiB)' : ''}`;
      say(`| (${layout.id}) ${layout.name} | ${dir === 'enc' ? 'encrypt' : 'decrypt'} | ${fmt(k.secs)} | ${fmt(a.secs)} | ${fmt(o.secs)} | ${ratio.toFixed(2)}× | ${why} | ${k.mib.toFixed(0)} | ${a.mib.toFixed(0)} |`);
    }
  }
  say();
  say(`Goal met in ${met} of ${rows} rows.`);
  say();
  say(`The same session without its agent (\`KMS_AGENT=0\`: each run a process of its own; layout (a); not in the rows above): encrypt ${fmt(own.enc)} GB/s, decrypt ${fmt(own.dec)} GB/s, peak RSS ${own.mib.toFixed(0)} MiB.`);
  say();
  say(`Cold (no session: KMS_PASSPHRASE through the default KDF on every run; layout (a); not in the rows above): encrypt ${fmt(cold.enc)} GB/s (median ${median(cold.enc).toFixed(2)} s), decrypt ${fmt(cold.dec)} GB/s (median ${median(cold.dec).toFixed(2)} s), peak RSS ${cold.mib.toFixed(0)} MiB.`);
  say();
  say(`Ciphertext size overhead: ${all.map((t) => `${t.name.split(' ')[0]} ${(t.overhead * 100).toFixed(3)}%`).join(', ')}.`);
  say();
  say('Commands (run in the work dir; `plain` is the random file, `ct.N` tool N\'s ciphertext of it, `$KMS` the kms command):');
  say();
  say('```sh');
  say(`head -c ${BYTES} /dev/urandom > plain`);
  say('$KMS keyring init   # default KDF; KMS_PASSPHRASE set');
  say('eval "$($KMS keyring unlock)"; unset KMS_PASSPHRASE');
  say('age-keygen -o age.key');
  for (const layout of LAYOUTS) {
    for (const dir of ['enc', 'dec']) {
      for (const [ti, tool] of all.entries()) say(command(tool, ti, layout, dir).script.replaceAll(KMS, '$KMS'));
    }
  }
  say('```');
  console.log(out.join('\n'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
