#!/usr/bin/env node
// The cost of deciding: an unlocked `kms encrypt` and `kms serve` Encrypt requests/s, as an IAM
// user whose call is decided by a 20-statement key policy and 5 IAM policies, against the same
// calls with authorization off, alternated in one run. Goal: within 1.1×. Prints Markdown to
// stdout; progress on stderr. Run after `npm run build`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchEnv, kmsCall, load, median, startServe } from './lib.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const KMS = join(ROOT, 'bin', 'kms');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const REQUESTS = Number(process.env.BENCH_SERVE_REQUESTS ?? 2000);
const CONCURRENCY = 8;
/** Alternated load runs per mode: the machine is shared, and one run moves by tens of percent. */
const SERVE_ROUNDS = Number(process.env.BENCH_SERVE_ROUNDS ?? 7);
const ACCOUNT = '111122223333';
const work = mkdtempSync(join(tmpdir(), 'kms-bench-authz-'));
const log = (m) => process.stderr.write(`bench authz: ${m}\n`);

const env = benchEnv(work);

function run(args, extra = {}) {
  const r = spawnSync(KMS, args, { env: { ...env, ...extra }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`kms ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** 20 statements: the account's, one naming alice with conditions, and 18 others that do not match her call. */
function keyPolicy() {
  const statements = [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'Alice uses the key for the app',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT }, StringLike: { 'kms:EncryptionContext:app': 'bench*' } },
    },
  ];
  for (let i = 0; i < 18; i++) {
    statements.push({
      Sid: `Other${i}`,
      Effect: i % 3 === 0 ? 'Deny' : 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/other-${i}` },
      Action: i % 2 ? ['kms:Sign', 'kms:Verify'] : 'kms:Decrypt',
      Resource: '*',
      Condition: { StringEquals: { [`kms:EncryptionContext:tenant${i}`]: `t${i}` }, Bool: { 'aws:SecureTransport': 'true' } },
    });
  }
  return JSON.stringify({ Version: '2012-10-17', Id: 'bench', Statement: statements });
}

/** Five identity policies of four statements each; the last allows the call. */
function identityPolicy(i) {
  const statements = [
    { Sid: `Read${i}`, Effect: 'Allow', Action: ['kms:Describe*', 'kms:List*', 'kms:Get*'], Resource: '*' },
    { Sid: `NoDelete${i}`, Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
    { Sid: `Tagged${i}`, Effect: 'Allow', Action: 'kms:Sign', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': `team-${i}` } } },
    { Sid: `Use${i}`, Effect: 'Allow', Action: i === 4 ? ['kms:Encrypt', 'kms:Decrypt'] : 'kms:Verify', Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` },
  ];
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

async function main() {
  run(['keyring', 'init', '--kdf-cost', '15']);
  const policyFile = join(work, 'policy.json');
  writeFileSync(policyFile, keyPolicy());
  run(['iam', 'create-user', '--user-name', 'alice']);
  for (let i = 0; i < 5; i++) run(['iam', 'put-user-policy', '--user-name', 'alice', '--policy-name', `p${i}`, '--policy-document', identityPolicy(i)]);
  const key = JSON.parse(run(['iam', 'create-access-key', '--user-name', 'alice'])).AccessKey;
  const creds = { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
  const keyId = JSON.parse(run(['create-key', '--policy', `file://${policyFile}`])).KeyMetadata.KeyId;
  const session = /KMS_SESSION=['"]?([^'";\s]+)/.exec(run(['keyring', 'unlock', '--duration', '30m']))[1];
  const alice = { KMS_SESSION: session, AWS_ACCESS_KEY_ID: creds.accessKeyId, AWS_SECRET_ACCESS_KEY: creds.secretAccessKey };
  const plain = join(work, 'plain.bin');
  writeFileSync(plain, 'x'.repeat(64));
  const args = ['encrypt', '--key-id', keyId, '--plaintext', `fileb://${plain}`, '--encryption-context', 'app=bench1', '--query', 'KeyId', '--output', 'text'];

  // sanity: alice is allowed under enforce, and what her IAM policies deny is denied
  run(args, alice);
  const denied = spawnSync(KMS, ['schedule-key-deletion', '--key-id', keyId], { env: { ...env, ...alice }, encoding: 'utf8' });
  if (denied.status !== 254 || !/explicit deny in an identity-based policy/.test(denied.stderr)) throw new Error(`expected an explicit denial: ${denied.stderr}`);

  const lines = [];
  log(`kms encrypt as alice, enforce vs off, ${ROUNDS} rounds alternated`);
  const times = { enforce: [], off: [] };
  for (const mode of ['enforce', 'off']) run(args, { ...alice, KMS_AUTHORIZATION: mode });
  for (let i = 0; i < ROUNDS; i++) {
    for (const mode of i % 2 ? ['off', 'enforce'] : ['enforce', 'off']) {
      const t = process.hrtime.bigint();
      run(args, { ...alice, KMS_AUTHORIZATION: mode });
      times[mode].push(Number(process.hrtime.bigint() - t) / 1e6);
    }
  }
  const [e, o] = [median(times.enforce), median(times.off)];
  lines.push('| measurement | authorization off | enforce (20-statement key policy, 5 IAM policies) | enforce ÷ off |', '| --- | ---: | ---: | ---: |');
  lines.push(`| \`kms encrypt\` as an IAM user, unlocked session (median ms of ${ROUNDS}) | ${o.toFixed(1)} | ${e.toFixed(1)} | ${(e / o).toFixed(3)}× |`);

  log('kms serve Encrypt as alice, enforce vs off');
  const body = { KeyId: keyId, Plaintext: Buffer.alloc(64, 'x').toString('base64'), EncryptionContext: { app: 'bench1' } };
  const rps = { enforce: [], off: [] };
  const serve = (mode) => startServe(KMS, [], { ...env, KMS_AUTHORIZATION: mode });
  const servers = { enforce: await serve('enforce'), off: await serve('off') };
  try {
    for (const mode of ['enforce', 'off']) await kmsCall(servers[mode].url, undefined, creds, 'Encrypt', body);
    for (let i = 0; i < SERVE_ROUNDS; i++) for (const mode of i % 2 ? ['off', 'enforce'] : ['enforce', 'off']) rps[mode].push(await load(servers[mode].url, creds, 'Encrypt', body, REQUESTS, CONCURRENCY));
  } finally {
    for (const s of Object.values(servers)) s.proc.kill('SIGTERM');
  }
  const [re, ro] = [median(rps.enforce), median(rps.off)];
  lines.push(`| \`kms serve\` Encrypt as an IAM user, Node http keep-alive, ${CONCURRENCY} concurrent (req/s, median of ${SERVE_ROUNDS} × ${REQUESTS}) | ${ro.toFixed(0)} | ${re.toFixed(0)} | ${(ro / re).toFixed(3)}× the time${ro < re ? " (faster)" : " (slower)"} |`);
  lines.push('');
  const verdict = (r) => `${r <= 1.1 ? 'met' : 'not met'} (${r.toFixed(3)}×)`;
  lines.push(`Goal: within 1.1× of no evaluation. In this run: per CLI call ${verdict(e / o)}; per serve request ${verdict(ro / re)}.`);
  process.stdout.write(lines.join('\n') + '\n');
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
