// The real AWS CLI v1 against `kms serve`: in-process over a MemoryStore, and a spawned
// `bin/kms serve` over a real keyring file (needs `npm run build`). Blob arguments use fileb://.
import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDS, clientEnv, noAwsCli, startTestServer, type TestServer } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KMS = join(ROOT, 'bin', 'kms');
const noBuild = existsSync(join(ROOT, 'dist', 'bundle', 'kms.cjs')) ? undefined : 'dist/ is not built (run `npm run build`)';

function awsKms(url: string, args: string[]) {
  return execa('aws', ['kms', ...args, '--endpoint-url', url, '--output', 'json'], { env: clientEnv(), extendEnv: false, reject: false });
}

/** The scenario both servers run; `dir` holds the files given with fileb://. */
async function scenario(url: string, dir: string) {
  const json = async (args: string[]) => {
    const r = await awsKms(url, args);
    expect(r.stderr, args.join(' ')).toBe('');
    expect(r.exitCode, args.join(' ')).toBe(0);
    return JSON.parse(r.stdout || '{}') as Record<string, any>;
  };
  const key = (await json(['create-key', '--description', 'aws cli'])).KeyMetadata;
  expect(key.Arn).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//);
  // AWS CLI v1 prints timestamps as epoch seconds from JSON output.
  expect(typeof key.CreationDate).toBe('number');

  const plain = join(dir, 'plain.bin');
  writeFileSync(plain, Buffer.from([0, 1, 2, 250, 255]));
  const enc = await json(['encrypt', '--key-id', key.KeyId, '--plaintext', `fileb://${plain}`]);
  const blob = join(dir, 'blob.bin');
  writeFileSync(blob, Buffer.from(enc.CiphertextBlob, 'base64'));
  const dec = await json(['decrypt', '--ciphertext-blob', `fileb://${blob}`]);
  expect(Buffer.from(dec.Plaintext, 'base64')).toEqual(Buffer.from([0, 1, 2, 250, 255]));
  expect(dec.KeyId).toBe(key.Arn);

  const dk = await json(['generate-data-key', '--key-id', key.KeyId, '--key-spec', 'AES_256']);
  expect(Buffer.from(dk.Plaintext, 'base64')).toHaveLength(32);

  const ecc = (await json(['create-key', '--key-spec', 'ECC_NIST_P256', '--key-usage', 'SIGN_VERIFY'])).KeyMetadata.KeyId;
  const msg = join(dir, 'msg.bin');
  writeFileSync(msg, 'message to sign');
  const sig = await json(['sign', '--key-id', ecc, '--message', `fileb://${msg}`, '--signing-algorithm', 'ECDSA_SHA_256']);
  const sigFile = join(dir, 'sig.bin');
  writeFileSync(sigFile, Buffer.from(sig.Signature, 'base64'));
  const ver = await json(['verify', '--key-id', ecc, '--message', `fileb://${msg}`, '--signature', `fileb://${sigFile}`, '--signing-algorithm', 'ECDSA_SHA_256']);
  expect(ver.SignatureValid).toBe(true);

  await json(['create-key']);
  const page = await json(['list-keys', '--page-size', '1', '--max-items', '2']);
  expect(page.Keys).toHaveLength(2);
  expect(typeof page.NextToken).toBe('string');
  const rest = await json(['list-keys', '--page-size', '1', '--starting-token', page.NextToken]);
  expect(rest.Keys).toHaveLength(1);
  expect(new Set([...page.Keys, ...rest.Keys].map((k: { KeyId: string }) => k.KeyId)).size).toBe(3);

  const missing = await awsKms(url, ['describe-key', '--key-id', 'alias/none']);
  expect(missing.stdout).toBe('');
  expect(missing.stderr.trim()).toBe(
    'An error occurred (NotFoundException) when calling the DescribeKey operation: Alias arn:aws:kms:us-east-1:111122223333:alias/none is not found.',
  );
  // AWS CLI v1 exits 255 on a service error (v2 exits 254).
  expect(missing.exitCode).toBe(255);
}

describe.skipIf(noAwsCli)('aws CLI v1 against an in-process kms serve', () => {
  if (noAwsCli) console.warn(`skipping aws CLI tests: ${noAwsCli}`);
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('create-key, encrypt, decrypt, generate-data-key, sign/verify, paging and an error', async () => {
    await scenario(s.url, mkdtempSync(join(tmpdir(), 'kms-serve-aws-')));
  }, 120_000);
});

describe.skipIf(noAwsCli || noBuild)('aws CLI v1 against a spawned bin/kms serve', () => {
  if (noAwsCli || noBuild) console.warn(`skipping the spawned kms serve test: ${noAwsCli ?? noBuild}`);
  const dir = mkdtempSync(join(tmpdir(), 'kms-serve-bin-'));
  const env = { PATH: process.env.PATH, HOME: dir, KMS_KEYRING: join(dir, 'keyring.db'), KMS_CONFIG_DIR: join(dir, 'config'), KMS_PASSPHRASE: 'serve test passphrase' };
  let server: ResultPromise | undefined;
  let url = '';
  let stderr = '';

  beforeAll(async () => {
    await execa(KMS, ['keyring', 'init', '--kdf-cost', '10'], { env, extendEnv: false });
    const credsFile = join(dir, 'credentials.json');
    writeFileSync(credsFile, JSON.stringify({ accessKeyId: CREDS.accessKeyId, secretAccessKey: CREDS.secretAccessKey }), { mode: 0o600 });
    server = execa(KMS, ['serve', '--port', '0', '--credentials', credsFile], { env, extendEnv: false, reject: false });
    server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^kms serve listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out);
        if (m) resolve(m[1]!);
      });
      void server!.then((r) => reject(new Error(`kms serve exited ${r.exitCode}: ${r.stderr}`)));
    });
  });

  afterAll(async () => {
    server?.kill('SIGTERM');
    await server;
  });

  it('serves the aws CLI scenario, shares the keyring with the CLI, logs, and stops cleanly on SIGTERM', async () => {
    await scenario(url, dir);
    // The keyring file is shared: the CLI sees the keys the server made, while it runs.
    const listed = await execa(KMS, ['list-keys', '--output', 'json'], { env, extendEnv: false });
    expect(JSON.parse(listed.stdout).Keys).toHaveLength(3);
    expect(stderr).toMatch(/ Encrypt [0-9a-f-]{36} 200 \d+ms /);
    expect(stderr).toMatch(/ DescribeKey alias\/none 400 NotFoundException \d+ms /);
    server!.kill('SIGTERM');
    const done = await server!;
    expect(done.exitCode).toBe(0);
    expect(stderr).toContain('SIGTERM: stopping');
  }, 120_000);
});
