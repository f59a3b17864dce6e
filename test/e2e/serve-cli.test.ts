// `kms --endpoint-url` against a running `kms serve`: the CLI's remote path end to end, and the
// keyring shared between the server and CLI processes that open it directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Options, Result } from 'execa';
import { json, sandbox, type Sandbox } from '../support/cli.js';
import { clientEnv, startServer, type Server } from './serve-support.js';

let sb: Sandbox;
let server: Server;
/** kms with --endpoint-url and signing credentials, and no passphrase: it must not open the keyring. */
let remote: (args: string[], opts?: Options) => Promise<Result>;

beforeAll(async () => {
  sb = await sandbox();
  server = await startServer(sb);
  const env = clientEnv(sb);
  delete env.KMS_PASSPHRASE;
  env.KMS_KEYRING = `${sb.dir}/no-such-keyring.db`;
  remote = (args, opts = {}) => sb.kms(['--endpoint-url', server.url, ...args], { env, ...opts });
});
afterAll(async () => {
  await server?.stop();
  sb?.cleanup();
});

describe('operations through the server', () => {
  it('create-key, encrypt, decrypt and generate-data-key round-trip', async () => {
    const created = await remote(['create-key', '--description', 'served']);
    expect(created.exitCode, String(created.stderr)).toBe(0);
    const meta = json(created).KeyMetadata;
    expect(meta).toMatchObject({ Description: 'served', KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT' });
    // Timestamps come back as the AWS CLI v2 prints them, as without --endpoint-url.
    expect(meta.CreationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);

    const plain = Buffer.from('through the wire').toString('base64');
    const enc = await remote(['encrypt', '--key-id', meta.KeyId, '--plaintext', plain, '--encryption-context', 'app=serve']);
    expect(enc.exitCode, String(enc.stderr)).toBe(0);
    expect(json(enc)).toMatchObject({ KeyId: meta.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    const dec = await remote(['decrypt', '--ciphertext-blob', json(enc).CiphertextBlob, '--encryption-context', 'app=serve']);
    expect(dec.exitCode, String(dec.stderr)).toBe(0);
    expect(Buffer.from(json(dec).Plaintext, 'base64').toString()).toBe('through the wire');

    const dk = await remote(['generate-data-key', '--key-id', meta.KeyId, '--key-spec', 'AES_256']);
    expect(dk.exitCode, String(dk.stderr)).toBe(0);
    const { Plaintext, CiphertextBlob } = json(dk);
    expect(Buffer.from(Plaintext, 'base64')).toHaveLength(32);
    const back = await remote(['decrypt', '--ciphertext-blob', CiphertextBlob, '--query', 'Plaintext', '--output', 'text']);
    expect(String(back.stdout).trim()).toBe(Plaintext);
  });

  it('pages list-keys as the CLI does without a server (--page-size, --max-items, --starting-token)', async () => {
    for (let i = 0; i < 5; i++) expect((await remote(['create-key'])).exitCode).toBe(0);
    const all = json(await remote(['list-keys'])).Keys.map((k: { KeyId: string }) => k.KeyId);
    expect(all.length).toBeGreaterThanOrEqual(5);
    const paged = json(await remote(['list-keys', '--page-size', '2'])).Keys.map((k: { KeyId: string }) => k.KeyId);
    expect(paged).toEqual(all);
    const first = json(await remote(['list-keys', '--max-items', '2']));
    expect(first.Keys).toHaveLength(2);
    expect(typeof first.NextToken).toBe('string');
    const rest = json(await remote(['list-keys', '--starting-token', first.NextToken]));
    expect([...first.Keys, ...rest.Keys].map((k: { KeyId: string }) => k.KeyId)).toEqual(all);
    const one = json(await remote(['list-keys', '--limit', '1']));
    expect(one.Keys).toHaveLength(1);
    expect(one.Truncated).toBe(true);
  });

  it('prints a service error as the AWS CLI does and exits 254', async () => {
    const r = await remote(['describe-key', '--key-id', '00000000-0000-0000-0000-000000000000']);
    expect(r.exitCode).toBe(254);
    expect(String(r.stderr)).toMatch(/^\nAn error occurred \(NotFoundException\) when calling the DescribeKey operation: .+\n$/);
    expect(String(r.stdout)).toBe('');
  });

  it('gives the same error text as the keyring-opening CLI', async () => {
    const args = ['encrypt', '--key-id', 'alias/none-such', '--plaintext', 'aGk='];
    const viaServer = await remote(args);
    const direct = await sb.kms(args);
    expect(viaServer.exitCode).toBe(direct.exitCode);
    expect(String(viaServer.stderr)).toBe(String(direct.stderr));
  });

  it('finds the endpoint in AWS_ENDPOINT_URL_KMS and AWS_ENDPOINT_URL, as the AWS CLI v2 does', async () => {
    const base = clientEnv(sb);
    delete base.KMS_PASSPHRASE;
    base.KMS_KEYRING = `${sb.dir}/no-such-keyring.db`;
    for (const name of ['AWS_ENDPOINT_URL_KMS', 'AWS_ENDPOINT_URL']) {
      const r = await sb.kms(['generate-random', '--number-of-bytes', '8'], { env: { ...base, [name]: server.url } });
      expect(r.exitCode, `${name}: ${String(r.stderr)}`).toBe(0);
      const list = await sb.kms(['list-keys'], { env: { ...base, [name]: server.url } });
      expect(list.exitCode, `${name}: ${String(list.stderr)}`).toBe(0);
    }
  });
});

describe('failures of the connection itself', () => {
  it('a closed port: the AWS CLI text and exit 255', async () => {
    const r = await sb.kms(['--endpoint-url', 'http://127.0.0.1:9', 'list-keys'], { env: clientEnv(sb) });
    expect(r.exitCode).toBe(255);
    expect(String(r.stderr)).toBe('\nCould not connect to the endpoint URL: "http://127.0.0.1:9/"\n');
  });

  it('an endpoint without a scheme is a usage problem (exit 255, the AWS CLI text)', async () => {
    const r = await sb.kms(['--endpoint-url', '127.0.0.1:4599', 'list-keys'], { env: clientEnv(sb) });
    expect(r.exitCode).toBe(255);
    expect(String(r.stderr)).toContain('Bad value for --endpoint-url "127.0.0.1:4599": scheme is missing.');
  });

  it('no credentials: a configuration error (253) before any request', async () => {
    const env = clientEnv(sb);
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;
    const r = await sb.kms(['--endpoint-url', server.url, 'list-keys'], { env });
    expect(r.exitCode).toBe(253);
    expect(String(r.stderr)).toContain('Unable to locate credentials');
  });

  it('wrong credentials: the server refuses the signature', async () => {
    const env = { ...clientEnv(sb), AWS_SECRET_ACCESS_KEY: 'not-the-secret' };
    const r = await sb.kms(['--endpoint-url', server.url, 'list-keys'], { env });
    expect(r.exitCode).toBe(254);
    expect(String(r.stderr)).toMatch(/An error occurred \((InvalidSignatureException|SignatureDoesNotMatch|UnrecognizedClientException|IncompleteSignatureException)\)/);
  });

  it('reads credentials from the shared credentials file and --profile', async () => {
    const { writeFileSync } = await import('node:fs');
    const env = clientEnv(sb);
    const file = `${sb.dir}/aws-credentials`;
    writeFileSync(file, `[ci]\naws_access_key_id = ${env.AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${env.AWS_SECRET_ACCESS_KEY}\n`);
    const fileEnv: NodeJS.ProcessEnv = { ...env, AWS_SHARED_CREDENTIALS_FILE: file };
    delete fileEnv.AWS_ACCESS_KEY_ID;
    delete fileEnv.AWS_SECRET_ACCESS_KEY;
    const r = await sb.kms(['--endpoint-url', server.url, '--profile', 'ci', 'list-keys', '--max-items', '1'], { env: fileEnv });
    expect(r.exitCode, String(r.stderr)).toBe(0);
  });
});

describe('unsigned requests and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', () => {
  it('--no-sign-request reaches a server started with --no-auth, and is refused by one with auth', async () => {
    const open = await startServer(sb, ['--no-auth']);
    try {
      const env = clientEnv(sb);
      delete env.AWS_ACCESS_KEY_ID;
      delete env.AWS_SECRET_ACCESS_KEY;
      const ok = await sb.kms(['--endpoint-url', open.url, '--no-sign-request', 'list-keys', '--max-items', '1'], { env });
      expect(ok.exitCode, String(ok.stderr)).toBe(0);
      const refused = await sb.kms(['--endpoint-url', server.url, '--no-sign-request', 'list-keys'], { env });
      expect(refused.exitCode).toBe(254);
      expect(String(refused.stderr)).toMatch(/An error occurred \(\w+\) when calling the ListKeys operation/);
    } finally {
      await open.stop();
    }
  });

  it('AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true sends the call to the keyring, not to AWS_ENDPOINT_URL_KMS', async () => {
    const env = { ...clientEnv(sb, 'http://127.0.0.1:9'), AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
    const r = await sb.kms(['list-keys', '--max-items', '1'], { env });
    expect(r.exitCode, String(r.stderr)).toBe(0);
  });
});

describe('one keyring shared by the server and the CLI', () => {
  it('the server sees a key the CLI created directly, and the CLI a key the server created', async () => {
    const direct = await sb.kms(['create-key', '--description', 'made directly']);
    expect(direct.exitCode, String(direct.stderr)).toBe(0);
    const directId = json(direct).KeyMetadata.KeyId;
    const seen = await remote(['describe-key', '--key-id', directId]);
    expect(seen.exitCode, String(seen.stderr)).toBe(0);
    expect(json(seen).KeyMetadata.Description).toBe('made directly');

    const served = await remote(['create-key', '--description', 'made by the server']);
    const servedId = json(served).KeyMetadata.KeyId;
    const back = await sb.kms(['describe-key', '--key-id', servedId]);
    expect(back.exitCode, String(back.stderr)).toBe(0);
    expect(json(back).KeyMetadata.Description).toBe('made by the server');

    // A ciphertext made on one side decrypts on the other.
    const enc = await sb.kms(['encrypt', '--key-id', servedId, '--plaintext', 'c2hhcmVk', '--query', 'CiphertextBlob', '--output', 'text']);
    const dec = await remote(['decrypt', '--ciphertext-blob', String(enc.stdout).trim(), '--query', 'Plaintext', '--output', 'text']);
    expect(String(dec.stdout).trim()).toBe('c2hhcmVk');

    const directList = json(await sb.kms(['list-keys'])).Keys;
    const remoteList = json(await remote(['list-keys'])).Keys;
    expect(remoteList).toEqual(directList);
  });

  it('logs one line per request on the server, with no plaintext', async () => {
    await remote(['encrypt', '--key-id', 'alias/none-such', '--plaintext', Buffer.from('SECRET-PLAINTEXT').toString('base64')]);
    expect(server.log()).toMatch(/Encrypt/);
    expect(server.log()).not.toContain('SECRET-PLAINTEXT');
    expect(server.log()).not.toContain(Buffer.from('SECRET-PLAINTEXT').toString('base64'));
  });
});
