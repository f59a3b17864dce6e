#!/usr/bin/env node
// `kms serve` throughput and latency: Encrypt and GenerateDataKey through boto3 and a Node HTTP load
// loop (keep-alive, concurrency 8) against kms serve and moto server, and per-call CLI time.
// Prints Markdown table lines to stdout; progress goes to stderr. Run after `npm run build`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchEnv, freePort, kmsCall, median } from './lib.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const KMS = join(ROOT, 'bin', 'kms');
/** Bounds: each load run stops at REQUESTS requests or SECONDS seconds, whichever comes first. */
const REQUESTS = Number(process.env.BENCH_SERVE_REQUESTS ?? 2000);
const SECONDS = Number(process.env.BENCH_SERVE_SECONDS ?? 20);
const CONCURRENCY = 8;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const CREDS = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const work = mkdtempSync(join(tmpdir(), 'kms-bench-serve-'));
const log = (m) => process.stderr.write(`bench serve: ${m}\n`);

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

const env = benchEnv(work, { AWS_ACCESS_KEY_ID: CREDS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey });

function run(cmd, args, extra = {}) {
  const r = spawnSync(cmd, args, { env: { ...env, ...extra }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

async function startKmsServe() {
  const credFile = join(work, 'serve-credentials.json');
  writeFileSync(credFile, JSON.stringify(CREDS), { mode: 0o600 });
  const proc = spawn(KMS, ['serve', '--port', '0', '--credentials', credFile], { env, stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise((res, rej) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /http:\/\/[^\s]+/.exec(out);
      if (m) res(m[0].replace(/\/$/, ''));
    });
    proc.on('exit', (code) => rej(new Error(`kms serve exited (${code})`)));
  });
  return { proc, url };
}

const BARE_SERVER = String.raw`
const body = Buffer.from(JSON.stringify({ CiphertextBlob: Buffer.alloc(120, 1).toString('base64'), KeyId: 'arn:aws:kms:us-east-1:111122223333:key/bare', EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }));
const server = require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': body.length }).end(body));
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port));
`;

/** A node http server that answers every request with a fixed Encrypt answer, in a process of its own. */
async function startBareServer() {
  const proc = spawn(process.execPath, ['-e', BARE_SERVER], { stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise((res, rej) => {
    proc.stdout.on('data', (c) => res(String(c).trim()));
    proc.on('exit', (code) => rej(new Error(`bare server exited (${code})`)));
  });
  return { proc, url };
}

async function startMoto() {
  if (spawnSync('python3', ['-c', 'import moto.server'], { encoding: 'utf8' }).status !== 0) return undefined;
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url + '/moto-api/')).status < 500) return { proc, url };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error('moto server did not start');
}

/** One signed AWS JSON 1.1 call over a keep-alive agent; resolves with the parsed body. */
const call = (url, agent, op, body) => kmsCall(url, agent, CREDS, op, body);

/** Node load loop: CONCURRENCY workers share the request budget; latency per request. */
async function nodeLoad(url, op, body) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const lat = [];
  let issued = 0;
  const t0 = performance.now();
  const deadline = t0 + SECONDS * 1000;
  const worker = async () => {
    while (issued < REQUESTS && performance.now() < deadline) {
      issued++;
      const s = performance.now();
      await call(url, agent, op, body);
      lat.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const secs = (performance.now() - t0) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  return { n: lat.length, rps: lat.length / secs, p50: quantile(lat, 0.5), p99: quantile(lat, 0.99) };
}

const BOTO3_LOOP = String.raw`
import json, sys, time, boto3
url, op, key_id, n, secs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
kms = boto3.client('kms', endpoint_url=url, region_name='us-east-1')
fn = (lambda: kms.encrypt(KeyId=key_id, Plaintext=b'x' * 64)) if op == 'Encrypt' else (lambda: kms.generate_data_key(KeyId=key_id, KeySpec='AES_256'))
fn()
lat, t0 = [], time.perf_counter()
while len(lat) < n and time.perf_counter() - t0 < secs:
    s = time.perf_counter(); fn(); lat.append((time.perf_counter() - s) * 1000)
total = time.perf_counter() - t0
lat.sort()
print(json.dumps({'n': len(lat), 'rps': len(lat) / total, 'p50': lat[len(lat) // 2], 'p99': lat[min(len(lat) - 1, int(0.99 * len(lat)))]}))
`;

function boto3Load(url, op, keyId) {
  const script = join(work, 'boto3-loop.py');
  writeFileSync(script, BOTO3_LOOP);
  return JSON.parse(run('python3', [script, url, op, keyId, String(REQUESTS), String(SECONDS)]));
}

function perCall(cmd, args, extra) {
  run(cmd, args, extra); // warm the page cache
  const ms = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = process.hrtime.bigint();
    run(cmd, args, extra);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(ms);
}

async function main() {
  const lines = [];
  run(KMS, ['keyring', 'init', '--kdf-cost', '17']);
  const serve = await startKmsServe();
  const moto = await startMoto();
  const targets = [['kms serve', serve.url]];
  if (moto) targets.push(['moto server', moto.url]);
  else log('moto is not installed: its rows are left out');
  const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { encoding: 'utf8' }).status === 0;
  try {
    const keys = {};
    for (const [name, url] of targets) keys[name] = (await call(url, undefined, 'CreateKey', {})).KeyMetadata.KeyId;
    const ops = {
      Encrypt: (k) => ({ KeyId: k, Plaintext: Buffer.alloc(64, 'x').toString('base64') }),
      GenerateDataKey: (k) => ({ KeyId: k, KeySpec: 'AES_256' }),
    };
    lines.push(`### kms serve vs moto server (127.0.0.1; at most ${REQUESTS} requests or ${SECONDS} s per row)`, '');
    lines.push('| client | server | operation | requests | req/s | p50 ms | p99 ms |', '| --- | --- | --- | ---: | ---: | ---: | ---: |');
    /** req/s by client, operation and server: the goals are kms serve / moto ratios. */
    const rps = {};
    for (const op of Object.keys(ops)) {
      for (const [name, url] of targets) {
        log(`node loop ${op} → ${name}`);
        const r = await nodeLoad(url, op, ops[op](keys[name]));
        rps[`node ${op} ${name}`] = r.rps;
        lines.push(`| Node http, keep-alive, ${CONCURRENCY} concurrent | ${name} | ${op} | ${r.n} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`);
        if (hasBoto3) {
          log(`boto3 loop ${op} → ${name}`);
          const b = boto3Load(url, op, keys[name]);
          rps[`boto3 ${op} ${name}`] = b.rps;
          lines.push(`| boto3, 1 thread | ${name} | ${op} | ${b.n} | ${b.rps.toFixed(0)} | ${b.p50.toFixed(2)} | ${b.p99.toFixed(2)} |`);
        }
      }
    }
    // The ceiling: the same Node client against a server that does nothing but answer (a node
    // http server returning a fixed Encrypt answer): no server, kms or another, can show more here.
    const bare = await startBareServer();
    try {
      log('node loop Encrypt → bare node http server');
      const r = await nodeLoad(bare.url, 'Encrypt', ops.Encrypt('bare'));
      rps['node Encrypt bare'] = r.rps;
      lines.push(`| Node http, keep-alive, ${CONCURRENCY} concurrent | bare node http server (a fixed answer: the ceiling) | Encrypt | ${r.n} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} |`);
    } finally {
      bare.proc.kill();
    }
    if (moto) {
      // the goals: Encrypt at >= 20x moto's req/s from the Node loop, >= 2x from boto3
      lines.push('', '| client | operation | kms serve / moto | goal |', '| --- | --- | ---: | ---: |');
      for (const [client, goal] of [['node', 20], ['boto3', 2]]) {
        for (const op of Object.keys(ops)) {
          const k = rps[`${client} ${op} kms serve`];
          const m = rps[`${client} ${op} moto server`];
          if (k && m) lines.push(`| ${client === 'node' ? `Node http, ${CONCURRENCY} concurrent` : 'boto3, 1 thread'} | ${op} | ${(k / m).toFixed(1)}× | ${op === 'Encrypt' ? `${goal}×` : '-'} |`);
        }
      }
      const ceiling = rps['node Encrypt bare'] / rps['node Encrypt moto server'];
      const kms = rps['node Encrypt kms serve'] / rps['node Encrypt moto server'];
      lines.push(
        '',
        `With the Node client, kms serve's Encrypt is ${kms.toFixed(1)}× moto (goal 20×: ${kms >= 20 ? 'met' : 'not met'}). ` +
          `A server that only answers reaches ${ceiling.toFixed(1)}× moto with the same client on this machine, and kms serve reaches ` +
          `${((100 * rps['node Encrypt kms serve']) / rps['node Encrypt bare']).toFixed(0)}% of that: the client and the server share the machine's ${cpus().length} cores` +
          (ceiling < 20 ? ', so 20× cannot be shown here by any server.' : '.'),
      );
    }
    lines.push('', `### Per-call wall time of one encrypt from the shell (median of ${ROUNDS})`, '');
    lines.push('| command | ms per call |', '| --- | ---: |');
    const plain = join(work, 'plain.bin');
    writeFileSync(plain, 'x'.repeat(64));
    const key = keys['kms serve'];
    log('kms --endpoint-url encrypt');
    lines.push(`| \`kms --endpoint-url <kms serve> encrypt\` | ${perCall(KMS, ['--endpoint-url', serve.url, 'encrypt', '--key-id', key, '--plaintext', `fileb://${plain}`]).toFixed(1)} |`);
    const unlock = run(KMS, ['keyring', 'unlock', '--duration', '15m']);
    const session = /KMS_SESSION=['"]?([^'";\s]+)/.exec(unlock)?.[1];
    if (session) {
      log('kms encrypt (session)');
      lines.push(`| \`kms encrypt\` in a session, through its agent (docs/agent.md) | ${perCall(KMS, ['encrypt', '--key-id', key, '--plaintext', `fileb://${plain}`], { KMS_SESSION: session }).toFixed(1)} |`);
      lines.push(`| \`kms encrypt\` in a session, a process of its own (\`KMS_AGENT=0\`: opens the keyring, no KDF) | ${perCall(KMS, ['encrypt', '--key-id', key, '--plaintext', `fileb://${plain}`], { KMS_SESSION: session, KMS_AGENT: '0' }).toFixed(1)} |`);
    } else log('no KMS_SESSION in `kms keyring unlock` output: session row left out');
    log('kms encrypt (KDF)');
    lines.push(`| \`kms encrypt\` (opens the keyring; scrypt 2^17 each call) | ${perCall(KMS, ['encrypt', '--key-id', key, '--plaintext', `fileb://${plain}`]).toFixed(1)} |`);
    if (spawnSync('aws', ['--version']).status === 0) {
      log('aws kms encrypt');
      lines.push(`| \`aws kms encrypt --endpoint-url <kms serve>\` (AWS CLI v1) | ${perCall('aws', ['kms', 'encrypt', '--endpoint-url', serve.url, '--key-id', key, '--plaintext', `fileb://${plain}`]).toFixed(1)} |`);
      if (moto) {
        lines.push(`| \`aws kms encrypt --endpoint-url <moto>\` (AWS CLI v1) | ${perCall('aws', ['kms', 'encrypt', '--endpoint-url', moto.url, '--key-id', keys['moto server'], '--plaintext', `fileb://${plain}`]).toFixed(1)} |`);
      }
    } else log('aws is not installed: its rows are left out');
  } finally {
    serve.proc.kill('SIGTERM');
    moto?.proc.kill();
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(lines.join('\n') + '\n');
}

await main();
