#!/usr/bin/env node
// Keyring scale (run after `npm run build`): `kms encrypt` in a session with 10 keys vs
// BENCH_SCALE_KEYS keys (default 100,000), and paging `kms list-keys` / `kms list-aliases` through
// every key at 1,000, 10,000 and BENCH_SCALE_KEYS keys, as ms per 1,000 keys. Markdown to stdout,
// progress to stderr; run.mjs runs it as a child process.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchEnv, median } from './lib.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const KMS = join(ROOT, 'bin', 'kms');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const SCALE_KEYS = Number(process.env.BENCH_SCALE_KEYS ?? 100_000);
/** Keyring sizes the listings are timed at (each a copy of one keyring as it grew). */
const SIZES = [...new Set([1_000, 10_000, SCALE_KEYS])].filter((n) => n <= SCALE_KEYS).sort((a, b) => a - b);
/** Keys created per store transaction while building the keyrings (not what is measured). */
const BATCH = 500;
const work = mkdtempSync(join(tmpdir(), 'kms-bench-scale-'));
const log = (m) => process.stderr.write(`scale: ${m}\n`);
const fmtN = (n) => n.toLocaleString('en');

const { openKeyring, keyringInit, keyringUnlock } = await import(join(ROOT, 'dist/keyring/index.js'));
const { runOperation } = await import(join(ROOT, 'dist/engine/index.js'));
const { service } = await import(join(ROOT, 'dist/services/kms/index.js'));
const { nodeDeps } = await import(join(ROOT, 'dist/cli/node-deps.js'));
const { PREDEFINED_ALIAS_SERVICES } = await import(join(ROOT, 'dist/services/kms/keys/aws-managed.js'));

const aliasOf = (i) => `alias/bench-${String(i).padStart(6, '0')}`;

/**
 * Grows the keyring at `path` to `to` keys, key i with alias aliasOf(i), through the engine:
 * CreateKey and CreateAlias, BATCH of each sharing one store transaction (building is not measured).
 */
async function grow(deps, path, from, to) {
  const store = await openKeyring(deps, { path, write: true });
  const scope = { region: 'us-east-1', account: '111122223333', partition: 'aws', clock: deps.clock, random: deps.random };
  const t = process.hrtime.bigint();
  let last;
  for (let i = from; i < to; ) {
    const end = Math.min(to, i + BATCH);
    await store.transaction(async (tx) => {
      // every operation of the batch runs in this one transaction
      const shared = { transaction: (fn) => fn(tx), read: (fn) => fn(tx) };
      const ctx = { ...scope, store: shared };
      for (; i < end; i++) {
        last = (await runOperation(ctx, service, 'CreateKey', {})).KeyMetadata.KeyId;
        await runOperation(ctx, service, 'CreateAlias', { AliasName: aliasOf(i), TargetKeyId: last });
      }
    });
    if (i % 10_000 === 0 || i === to) log(`${fmtN(i)} keys`);
  }
  log(`grew ${path} to ${fmtN(to)} keys in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s`);
  await store.close?.();
  return last;
}

/** A session (kms keyring unlock) on a copy of the keyring as it is now. */
async function snapshot(dir, source, deps, count, key) {
  const path = join(dir, `keyring-${count}.db`);
  copyFileSync(source, path);
  const home = join(dir, `home-${count}`);
  const env = benchEnv(home, { KMS_KEYRING: path });
  const text = await keyringUnlock({ ...deps, env, homedir: home }, { path, duration: '2h' });
  const session = /KMS_SESSION='?([^'\s;]+)/.exec(text)[1];
  const senv = { ...env, KMS_SESSION: session };
  delete senv.KMS_PASSPHRASE;
  return { count, key, env: senv, encrypt: [], keys: [], aliases: [] };
}

/**
 * The engine alone, in this process: every page of `op` (Limit `limit`) over the keyring at `path`,
 * walked once to warm the JIT, then walked again until at least 30 pages were timed; the median ms of a page.
 */
async function enginePage(deps, path, op, limit) {
  const store = await openKeyring(deps, { path, write: true });
  const ctx = { region: 'us-east-1', account: '111122223333', partition: 'aws', clock: deps.clock, random: deps.random, store };
  const times = [];
  for (let walk = 0; walk < 2 || times.length < 30; walk++) {
    let marker;
    do {
      const t = process.hrtime.bigint();
      const res = await runOperation(ctx, service, op, { Limit: limit, ...(marker ? { Marker: marker } : {}) });
      if (walk > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      marker = res.NextMarker;
    } while (marker);
  }
  await store.close?.();
  return median(times);
}

function timed(script, env) {
  const t = process.hrtime.bigint();
  const r = spawnSync('sh', ['-c', script], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}): ${r.stderr}`);
  return { ms, out: r.stdout.trim() };
}

const LIST_KEYS = `"$KMS" list-keys --page-size 1000 --output text | wc -l`;
const LIST_ALIASES = `"$KMS" list-aliases --page-size 1000 --output text | wc -l`;
const encryptCmd = (key) => `"$KMS" encrypt --key-id ${key} --plaintext aGVsbG8= --output text --query KeyId >/dev/null`;

async function main() {
  const dir = join(work, 'rings');
  mkdirSync(dir);
  const base = benchEnv(join(work, 'build'));
  const deps = { ...nodeDeps(), env: base, homedir: join(work, 'build') };
  const path = base.KMS_KEYRING;
  await keyringInit(deps, { path, kdfLogN: 14 });
  const sets = [];
  let have = 0;
  for (const count of [10, ...SIZES]) {
    const key = await grow(deps, path, have, count);
    have = count;
    const s = await snapshot(dir, path, deps, count, key);
    // ms per 1,000 keys: one ListKeys page of 1,000, ten ListAliases pages of 100
    s.engine = { keys: await enginePage(deps, path, 'ListKeys', 1000), aliases: 10 * (await enginePage(deps, path, 'ListAliases', 100)) };
    sets.push(s);
  }
  const small = sets[0];
  const big = sets[sets.length - 1];
  for (const s of sets) s.env.KMS = KMS;
  // sanity: every key listed, and every alias (and the predefined alias/aws/* names ListAliases adds)
  for (const s of sets) {
    const k = Number(timed(LIST_KEYS, s.env).out);
    const a = Number(timed(LIST_ALIASES, s.env).out);
    if (k !== s.count || a !== s.count + PREDEFINED_ALIAS_SERVICES.length) throw new Error(`${s.count} keys: list-keys printed ${k} lines, list-aliases ${a}`);
  }
  for (let round = 0; round < ROUNDS; round++) {
    // alternated: each round runs every keyring, the order turned round every other round
    const order = round % 2 ? [...sets].reverse() : sets;
    for (const s of round % 2 ? [big, small] : [small, big]) s.encrypt.push(timed(encryptCmd(s.key), s.env).ms);
    for (const s of order) {
      s.keys.push(timed(LIST_KEYS, s.env).ms);
      s.aliases.push(timed(LIST_ALIASES, s.env).ms);
    }
    log(`round ${round + 1}/${ROUNDS}`);
  }
  report(sets, small, big);
}

function report(sets, small, big) {
  const stats = (xs) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
  const out = [];
  const [es, eb] = [median(small.encrypt), median(big.encrypt)];
  out.push(`Keyrings built through the engine (CreateKey + CreateAlias per key, region us-east-1), each used in its own \`kms keyring unlock\` session. ${ROUNDS} alternated rounds; ms as median (min–max).`, '');
  out.push('### encrypt', '', '```', encryptCmd('<the last key created>').replace('"$KMS"', 'kms'), '```', '');
  out.push('| keys in keyring | ms |', '| ---: | ---: |');
  out.push(`| ${fmtN(small.count)} | ${stats(small.encrypt)} |`, `| ${fmtN(big.count)} | ${stats(big.encrypt)} |`, '');
  out.push(`Ratio ${(eb / es).toFixed(3)}× (goal ≤ 1.2×).`, '');
  out.push('### Paging through every key', '', '```', LIST_KEYS.replace('"$KMS"', 'kms'), LIST_ALIASES.replace('"$KMS"', 'kms'), '```', '');
  out.push(
    'The CLI pages on its own (ListKeys Limit 1000; ListAliases Limit 1000, which KMS cuts to 100 a page). ' +
      `Per 1,000 keys: the listing's time less the same listing with ${small.count} keys (process start, session, one page), divided by thousands of keys.`,
    '',
  );
  out.push('| keys | list-keys ms | list-keys ms / 1,000 keys | list-aliases ms | list-aliases ms / 1,000 keys |', '| ---: | ---: | ---: | ---: | ---: |');
  const fixedK = median(small.keys);
  const fixedA = median(small.aliases);
  const per = {};
  for (const s of sets) {
    const pk = s === small ? NaN : ((median(s.keys) - fixedK) * 1000) / s.count;
    const pa = s === small ? NaN : ((median(s.aliases) - fixedA) * 1000) / s.count;
    per[s.count] = { pk, pa };
    const f = (x) => (Number.isNaN(x) ? '—' : x.toFixed(1));
    out.push(`| ${fmtN(s.count)} | ${stats(s.keys)} | ${f(pk)} | ${stats(s.aliases)} | ${f(pa)} |`);
  }
  const spread = (xs) => (Math.max(...xs) / Math.min(...xs)).toFixed(2);
  out.push('', `CLI per-1,000 cost, largest ÷ smallest over ${SIZES.map(fmtN).join(' / ')} keys: list-keys ${spread(SIZES.map((n) => per[n].pk))}×, list-aliases ${spread(SIZES.map((n) => per[n].pa))}×. It falls as the keyring grows when warm-up (JIT, first pages) is spread over more keys; a quadratic cost would make it rise.`, '');
  out.push('### The engine alone, in process', '', 'Every page walked through `runOperation` over the same keyring files, once to warm up, then timed (median page of at least 30): ms per 1,000 keys, i.e. one ListKeys page (Limit 1000) and ten ListAliases pages (Limit 100).', '');
  out.push('| keys | ListKeys ms / 1,000 keys | ListAliases ms / 1,000 keys |', '| ---: | ---: | ---: |');
  const big3 = sets.filter((s) => s !== small);
  for (const s of big3) out.push(`| ${fmtN(s.count)} | ${s.engine.keys.toFixed(1)} | ${s.engine.aliases.toFixed(1)} |`);
  out.push('', `Largest ÷ smallest over ${SIZES.map(fmtN).join(' / ')} keys: ListKeys ${spread(big3.map((s) => s.engine.keys))}×, ListAliases ${spread(big3.map((s) => s.engine.aliases))}× (goal: flat within ~1.3×).`, '');
  process.stdout.write(out.join('\n') + '\n');
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
