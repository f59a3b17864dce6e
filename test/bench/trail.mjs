#!/usr/bin/env node
// The cost of the audit trail: an unlocked `kms encrypt` and `kms serve` Encrypt requests/s with
// every call recorded, against the release before the trail, alternated in one run on one keyring.
// Goal: within 1.1×. The baseline is BENCH_BASELINE (a built checkout), or else the parent of the
// commit that added the trail's writer, checked out as a git worktree and built with this
// checkout's node_modules. Prints Markdown to stdout; progress on stderr. Run after `npm run build`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchEnv, kmsCall, load, median, startServe } from './lib.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const KMS = join(ROOT, 'bin', 'kms');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const REQUESTS = Number(process.env.BENCH_SERVE_REQUESTS ?? 2000);
const CONCURRENCY = 8;
const SERVE_ROUNDS = Number(process.env.BENCH_SERVE_ROUNDS ?? 7);
const work = mkdtempSync(join(tmpdir(), 'kms-bench-trail-'));
const log = (m) => process.stderr.write(`bench trail: ${m}\n`);
const env = benchEnv(work);
/** Any key signs for a server started with --no-auth. */
const CREDS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' };

const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

/** A built checkout of the release before the trail: BENCH_BASELINE, or a worktree built here. */
function baseline() {
  if (process.env.BENCH_BASELINE) return { dir: resolve(process.env.BENCH_BASELINE), rev: 'BENCH_BASELINE', cleanup: () => undefined };
  const added = git('log', '-n1', '--format=%H', '--diff-filter=A', 'HEAD', '--', 'src/services/cloudtrail/recorder.ts');
  const rev = git('rev-parse', '--short', `${added}^`);
  const dir = join(work, 'baseline');
  log(`building the baseline ${rev} (the commit before the trail) in a worktree`);
  git('worktree', 'add', '--detach', dir, rev);
  // the same dependencies: the trail added none
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (existsSync(join(ROOT, 'build'))) symlinkSync(join(ROOT, 'build'), join(dir, 'build'));
  execFileSync('npm', ['run', 'build'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return { dir, rev, cleanup: () => git('worktree', 'remove', '--force', dir) };
}

function run(bin, args, extra = {}) {
  const r = spawnSync(bin, args, { env: { ...env, ...extra }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

async function main() {
  const base = baseline();
  try {
    const bins = { trail: KMS, baseline: join(base.dir, 'bin', 'kms') };
    run(KMS, ['keyring', 'init', '--kdf-cost', '15']);
    const keyId = JSON.parse(run(KMS, ['create-key'])).KeyMetadata.KeyId;
    const session = /KMS_SESSION=['"]?([^'";\s]+)/.exec(run(KMS, ['keyring', 'unlock', '--duration', '30m']))[1];
    const plain = join(work, 'plain.bin');
    writeFileSync(plain, 'x'.repeat(64));
    const args = ['encrypt', '--key-id', keyId, '--plaintext', `fileb://${plain}`, '--encryption-context', 'app=bench', '--query', 'KeyId', '--output', 'text'];
    // each call a process of its own, as the baseline (before the session agent) runs them
    const s = { KMS_SESSION: session, KMS_AGENT: '0' };

    const lines = [];
    log(`kms encrypt, this build (trail) vs ${base.rev}, ${ROUNDS} rounds alternated`);
    const times = { trail: [], baseline: [] };
    for (const b of Object.keys(bins)) run(bins[b], args, s);
    for (let i = 0; i < ROUNDS; i++) {
      for (const b of i % 2 ? ['baseline', 'trail'] : ['trail', 'baseline']) {
        const t = process.hrtime.bigint();
        run(bins[b], args, s);
        times[b].push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
    // the trail of this build's calls is there: the bench measured what it claims
    const recorded = JSON.parse(run(KMS, ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=Encrypt', '--max-items', '1000'], s)).Events.length;
    if (recorded < ROUNDS) throw new Error(`expected at least ${ROUNDS} Encrypt records, found ${recorded}`);
    const [t, b] = [median(times.trail), median(times.baseline)];
    lines.push(`This build against \`${base.rev}\`, the release before the trail, on one keyring.`, '');
    lines.push('| measurement | before the trail | with the trail | ratio |', '| --- | ---: | ---: | ---: |');
    lines.push(`| \`kms encrypt\`, unlocked session (median ms of ${ROUNDS}) | ${b.toFixed(1)} | ${t.toFixed(1)} | ${(t / b).toFixed(3)}× |`);

    log('kms serve Encrypt, this build vs baseline');
    const body = { KeyId: keyId, Plaintext: Buffer.alloc(64, 'x').toString('base64'), EncryptionContext: { app: 'bench' } };
    const rps = { trail: [], baseline: [] };
    const serve = (bin) => startServe(bin, ['--no-auth'], { ...env, KMS_SESSION: session });
    const servers = { trail: await serve(bins.trail), baseline: await serve(bins.baseline) };
    try {
      for (const k of Object.keys(servers)) await kmsCall(servers[k].url, undefined, CREDS, 'Encrypt', body);
      for (let i = 0; i < SERVE_ROUNDS; i++) for (const k of i % 2 ? ['baseline', 'trail'] : ['trail', 'baseline']) rps[k].push(await load(servers[k].url, CREDS, 'Encrypt', body, REQUESTS, CONCURRENCY));
    } finally {
      for (const srv of Object.values(servers)) srv.proc.kill('SIGTERM');
    }
    const [rt, rb] = [median(rps.trail), median(rps.baseline)];
    lines.push(`| \`kms serve\` Encrypt, Node http keep-alive, ${CONCURRENCY} concurrent (req/s, median of ${SERVE_ROUNDS} × ${REQUESTS}) | ${rb.toFixed(0)} | ${rt.toFixed(0)} | ${(rb / rt).toFixed(3)}× the time${rb < rt ? " (faster)" : " (slower)"} |`);
    lines.push('');
    const verdict = (r) => `${r <= 1.1 ? 'met' : 'not met'} (${r.toFixed(3)}×)`;
    lines.push(`Goal: within 1.1× of the release before the trail. In this run: per CLI call ${verdict(t / b)}; per serve request ${verdict(rb / rt)}.`);
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    base.cleanup();
  }
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
