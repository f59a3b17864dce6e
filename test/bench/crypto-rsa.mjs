#!/usr/bin/env node
// RSA benchmark (run after `npx tsc -p .`): RSA-4096 key generation with node:crypto (our
// generateMaterial) against `openssl genpkey`, alternated, medians; and RSA-2048 sign / verify /
// OAEP decrypt ops/s through src/crypto/rsa.ts, with `openssl speed rsa2048` as the ceiling.
import { spawnSync } from 'node:child_process';
import { constants, createHash, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './lib.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { specs } = await import(pathToFileURL(join(ROOT, 'dist', 'crypto', 'rsa.js')).href);
const KEYGEN_ROUNDS = Number(process.env.BENCH_RSA_KEYGEN ?? 10);
const BATCHES = Number(process.env.BENCH_RSA_BATCHES ?? 15);
const PER_BATCH = Number(process.env.BENCH_RSA_PER_BATCH ?? 20);
const log = (m) => process.stdout.write(`${m}\n`);

function ms(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Median ops/s over BATCHES batches of PER_BATCH calls. */
function opsPerSecond(fn) {
  for (let i = 0; i < 5; i++) fn();
  const rates = [];
  for (let b = 0; b < BATCHES; b++) {
    const t = ms(() => {
      for (let i = 0; i < PER_BATCH; i++) fn();
    });
    rates.push((PER_BATCH * 1000) / t);
  }
  return median(rates);
}

const spec = (name) => specs.find((s) => s.spec === name);
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
log(`# RSA benchmark — node ${process.version} (OpenSSL ${process.versions.openssl}), ${cpus().length}× ${cpus()[0]?.model ?? '?'}`);
if (hasOpenssl) log(`openssl CLI: ${run('openssl', ['version']).trim()}`);

// 1. RSA-4096 key generation, alternated so that machine noise hits both sides alike
function keygen() {
  const rsa4096 = spec('RSA_4096');
  const ours = [];
  const theirs = [];
  const startup = [];
  for (let i = 0; i < KEYGEN_ROUNDS; i++) {
    ours.push(ms(() => rsa4096.generateMaterial(() => new Uint8Array(0))));
    if (!hasOpenssl) continue;
    const genpkey = ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:4096', '-outform', 'DER', '-out', '/dev/null'];
    theirs.push(ms(() => run('openssl', genpkey)));
    startup.push(ms(() => run('openssl', ['version'])));
  }
  const range = (xs) => `[min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}]`;
  log(`\n## RSA-4096 key generation (median of ${KEYGEN_ROUNDS}, alternated)`);
  log(`kms generateMaterial (node:crypto, in process): ${median(ours).toFixed(0)} ms  ${range(ours)}`);
  if (!hasOpenssl) return log('openssl CLI missing: no comparison');
  const o = median(theirs);
  const s = median(startup);
  log(`openssl genpkey (whole process):                ${o.toFixed(0)} ms  ${range(theirs)}`);
  log(`openssl process start alone (openssl version):  ${s.toFixed(0)} ms`);
  log(`ratio kms / openssl: ${(median(ours) / o).toFixed(2)}× (goal ≤ 1.5×); against openssl minus its start: ${(median(ours) / (o - s)).toFixed(2)}×`);
}
if (KEYGEN_ROUNDS > 0) keygen();

// 2. RSA-2048 operations through the family module (parsed keys kept), and a key's first call
const rsa2048 = spec('RSA_2048');
const priv = rsa2048.generateMaterial(() => new Uint8Array(0));
const pub = rsa2048.publicKey(priv);
const msg = Buffer.from('benchmark message');
const digest = createHash('sha256').update(msg).digest();
const rnd = (n) => new Uint8Array(n).fill(7);
const sigPss = rsa2048.signer.sign(priv, 'RSASSA_PSS_SHA_256', msg, 'RAW', rnd);
const sigPkcs1 = rsa2048.signer.sign(priv, 'RSASSA_PKCS1_V1_5_SHA_256', msg, 'RAW', rnd);
const ct = rsa2048.cipher.encrypt(pub, 'RSAES_OAEP_SHA_256', msg, rnd);
const fresh = () => createPrivateKey({ key: Buffer.from(priv), format: 'der', type: 'pkcs8' });
const pssPad = constants.RSA_PKCS1_PSS_PADDING;

const rows = [
  ['sign PSS SHA-256, RAW (node sign)', () => rsa2048.signer.sign(priv, 'RSASSA_PSS_SHA_256', msg, 'RAW', rnd)],
  ['sign PSS SHA-256, DIGEST (our EMSA-PSS + raw RSA)', () => rsa2048.signer.sign(priv, 'RSASSA_PSS_SHA_256', digest, 'DIGEST', rnd)],
  ['sign PKCS#1 v1.5 SHA-256, RAW', () => rsa2048.signer.sign(priv, 'RSASSA_PKCS1_V1_5_SHA_256', msg, 'RAW', rnd)],
  ['verify PSS SHA-256, RAW', () => rsa2048.signer.verify(pub, 'RSASSA_PSS_SHA_256', msg, 'RAW', sigPss)],
  ['verify PSS SHA-256, DIGEST', () => rsa2048.signer.verify(pub, 'RSASSA_PSS_SHA_256', digest, 'DIGEST', sigPss)],
  ['verify PKCS#1 v1.5 SHA-256, RAW', () => rsa2048.signer.verify(pub, 'RSASSA_PKCS1_V1_5_SHA_256', msg, 'RAW', sigPkcs1)],
  ['decrypt OAEP SHA-256', () => rsa2048.cipher.decrypt(priv, 'RSAES_OAEP_SHA_256', ct)],
  ['encrypt OAEP SHA-256', () => rsa2048.cipher.encrypt(pub, 'RSAES_OAEP_SHA_256', msg, rnd)],
  ['  first call for a key: parse PKCS#8 + node sign PSS', () => nodeSign('sha256', msg, { key: fresh(), padding: pssPad, saltLength: 32 })],
  ['  first call for a key: parse SPKI + node verify PSS', () => nodeVerify('sha256', msg, { key: createPublicKey({ key: Buffer.from(pub), format: 'der', type: 'spki' }), padding: pssPad, saltLength: 32 }, sigPss)],
  ['  parse PKCS#8 DER alone', fresh],
];
log(`\n## RSA-2048 ops/s (median of ${BATCHES} batches × ${PER_BATCH})`);
for (const [name, fn] of rows) log(`${name.padEnd(52)} ${opsPerSecond(fn).toFixed(0).padStart(7)} ops/s`);

// 3. Deterministic keyrings (docs/crypto.md "Randomness"): keys, OAEP seeds and PSS salts from a
// seeded stream, through our own prime search and encoders, against node:crypto's own
const { derivedStream } = await import(pathToFileURL(join(ROOT, 'dist', 'keyring', 'deterministic.js')).href);
const stream = derivedStream(new Uint8Array(32), 'bench');
if (KEYGEN_ROUNDS > 0) {
  log(`\n## Deterministic keyrings: RSA key generation from a seeded stream (median of ${KEYGEN_ROUNDS}, alternated with node:crypto's)`);
  for (const bits of [2048, 3072, 4096]) {
    const s = spec(`RSA_${bits}`);
    const seeded = [];
    const native = [];
    for (let i = 0; i < KEYGEN_ROUNDS; i++) {
      seeded.push(ms(() => s.generateMaterial(stream)));
      native.push(ms(() => s.generateMaterial(() => new Uint8Array(0))));
    }
    log(`RSA-${bits}: seeded ${median(seeded).toFixed(0)} ms, node:crypto ${median(native).toFixed(0)} ms (${(median(seeded) / median(native)).toFixed(2)}×)`);
  }
}
log(`\n## Deterministic keyrings: RSA-2048 ops/s with the seeded stream (median of ${BATCHES} batches × ${PER_BATCH})`);
for (const [name, fn] of [
  ['sign PSS SHA-256, RAW (our EMSA-PSS, salt from the stream)', () => rsa2048.signer.sign(priv, 'RSASSA_PSS_SHA_256', msg, 'RAW', stream)],
  ['encrypt OAEP SHA-256 (our EME-OAEP, seed from the stream)', () => rsa2048.cipher.encrypt(pub, 'RSAES_OAEP_SHA_256', msg, stream)],
]) {
  log(`${name.padEnd(60)} ${opsPerSecond(fn).toFixed(0).padStart(7)} ops/s`);
}

if (hasOpenssl) {
  const out = spawnSync('openssl', ['speed', '-seconds', '2', 'rsa2048'], { encoding: 'utf8' }).stdout;
  const line = out.split('\n').find((l) => /^rsa 2048 bits/.test(l));
  if (line) {
    const f = line.trim().split(/\s+/);
    log(`openssl speed rsa2048 (raw private / public op, one core): ${f.at(-2)} sign/s, ${f.at(-1)} verify/s`);
  }
}
