#!/usr/bin/env node
// Benchmark for the ML-DSA and HMAC families: the import cost of @noble/post-quantum (fresh processes),
// ML-DSA-44/65/87 keygen/sign/verify (noble directly, and kms's sign path from the stored seed), and
// HMAC-SHA256 in node:crypto against @noble/hashes. Run after `npx tsc -p .`; prints a markdown table.
import { spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './lib.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ITER = Number(process.env.BENCH_ITER ?? 200);

/** Median milliseconds per call of fn over n calls (after a short warm-up). */
function time(fn, n = ITER) {
  for (let i = 0; i < Math.min(10, n); i++) fn(i);
  const xs = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn(i);
    xs.push(performance.now() - t);
  }
  return median(xs);
}

const rows = [];
const row = (what, ms, note = '') => rows.push(`| ${what} | ${ms.toFixed(3)} ms | ${Math.round(1000 / ms).toLocaleString('en')} | ${note} |`);

// 1. Import cost in a fresh process (what a one-off `kms sign` pays), median of 15.
const importScript = (spec) =>
  `const t=performance.now();await import(${JSON.stringify(spec)});process.stdout.write(String(performance.now()-t));`;
// (The package root refuses to be imported: only submodules load.)
for (const [label, spec] of [
  ['import @noble/post-quantum/ml-dsa.js', '@noble/post-quantum/ml-dsa.js'],
  ['import @noble/hashes/sha3.js (its SHAKE dependency)', '@noble/hashes/sha3.js'],
]) {
  const xs = [];
  for (let i = 0; i < 15; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', importScript(spec)], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    xs.push(Number(r.stdout));
  }
  row(label, median(xs), 'fresh process, median of 15');
}

// 2. ML-DSA primitives through noble, and kms's path (PKCS#8 seed → expand → sign).
const noble = await import('@noble/post-quantum/ml-dsa.js');
const distPath = join(ROOT, 'dist', 'crypto', 'ml-dsa.js');
const family = existsSync(distPath) ? await import(pathToFileURL(distPath).href) : undefined;
if (family) await family.ready();
const msg = randomBytes(1024);
for (const [name, dsa, spec] of [
  ['ML-DSA-44', noble.ml_dsa44, 'ML_DSA_44'],
  ['ML-DSA-65', noble.ml_dsa65, 'ML_DSA_65'],
  ['ML-DSA-87', noble.ml_dsa87, 'ML_DSA_87'],
]) {
  const n = Math.max(50, ITER >> 1);
  const keys = dsa.keygen(randomBytes(32));
  const sig = dsa.sign(msg, keys.secretKey);
  row(`${name} keygen (noble)`, time(() => dsa.keygen(randomBytes(32)), n));
  row(`${name} sign, 1 KiB (noble)`, time(() => dsa.sign(msg, keys.secretKey), n), 'hedged');
  row(`${name} verify, 1 KiB (noble)`, time(() => dsa.verify(sig, msg, keys.publicKey), n));
  if (family) {
    const info = family.specs.find((s) => s.spec === spec);
    const material = info.generateMaterial((k) => new Uint8Array(randomBytes(k)));
    const spki = info.publicKey(material);
    const s = info.signer.sign(material, 'ML_DSA_SHAKE_256', msg, 'RAW', (k) => new Uint8Array(randomBytes(k)));
    row(`${name} kms sign (seed → key → sign)`, time(() => info.signer.sign(material, 'ML_DSA_SHAKE_256', msg, 'RAW', (k) => new Uint8Array(randomBytes(k))), n));
    row(`${name} kms verify (SPKI parse + verify)`, time(() => info.signer.verify(spki, 'ML_DSA_SHAKE_256', msg, 'RAW', s), n));
  }
}
if (!family) console.error('note: dist/crypto/ml-dsa.js not found (run `npx tsc -p .`); kms-path rows skipped');

// 3. HMAC-SHA256, node:crypto vs @noble/hashes (if installed).
const key = randomBytes(32);
for (const size of [64, 4096]) {
  const data = randomBytes(size);
  row(`HMAC-SHA256 ${size} B (node:crypto)`, time(() => createHmac('sha256', key).update(data).digest(), ITER * 10));
  try {
    const { hmac } = await import('@noble/hashes/hmac.js');
    const { sha256 } = await import('@noble/hashes/sha2.js');
    row(`HMAC-SHA256 ${size} B (@noble/hashes)`, time(() => hmac(sha256, key, data), ITER * 10));
  } catch {
    if (size === 64) console.error('note: @noble/hashes is not installed; node:crypto only');
  }
}

console.log(`Node ${process.version}, ${ITER} iterations, medians\n`);
console.log('| operation | per call | ops/s | note |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(r);
