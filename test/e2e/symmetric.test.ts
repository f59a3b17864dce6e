// End to end through bin/kms: a symmetric key's life from the shell, as with `aws kms`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { json, KMS, sandbox, type Sandbox } from '../support/cli.js';

let sb: Sandbox;
let keyId: string;
let keyArn: string;

beforeAll(async () => {
  sb = await sandbox();
  const r = await sb.kms(['create-key', '--description', 'e2e key', '--tags', 'TagKey=team,TagValue=core']);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  const meta = json(r).KeyMetadata;
  keyId = meta.KeyId;
  keyArn = meta.Arn;
});
afterAll(() => sb.cleanup());

describe('create-key and describe-key', () => {
  it('returns the KeyMetadata AWS returns for a symmetric key', async () => {
    const meta = json(await sb.kms(['describe-key', '--key-id', keyId])).KeyMetadata;
    expect(meta).toMatchObject({
      AWSAccountId: '111122223333',
      KeyId: keyId,
      Arn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`,
      Enabled: true,
      Description: 'e2e key',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    });
    expect(meta.CreationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/);
  });

  it('lists the tags given at creation', async () => {
    const tags = json(await sb.kms(['list-resource-tags', '--key-id', keyId])).Tags;
    expect(tags).toEqual([{ TagKey: 'team', TagValue: 'core' }]);
  });
});

describe('encrypt and decrypt', () => {
  it('round-trips base64 text (the AWS CLI v2 default for blobs)', async () => {
    const plain = Buffer.from('hello kms').toString('base64');
    const enc = await sb.kms(['encrypt', '--key-id', keyId, '--plaintext', plain, '--encryption-context', 'app=e2e,stage=test']);
    expect(enc.exitCode, String(enc.stderr)).toBe(0);
    const e = json(enc);
    expect(e.KeyId).toBe(keyArn);
    expect(e.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    const dec = await sb.kms(['decrypt', '--ciphertext-blob', e.CiphertextBlob, '--encryption-context', 'stage=test,app=e2e']);
    expect(dec.exitCode, String(dec.stderr)).toBe(0);
    expect(Buffer.from(json(dec).Plaintext, 'base64').toString()).toBe('hello kms');
  });

  it('works in a pipe: fileb:// in, --query --output text | base64 -d out', async () => {
    const file = join(sb.dir, 'secret.bin');
    writeFileSync(file, Buffer.from([0, 1, 2, 250, 251, 252]));
    const sh = `"${KMS}" encrypt --key-id ${keyId} --plaintext fileb://${file} --query CiphertextBlob --output text | base64 -d > ${file}.enc && ` +
      `"${KMS}" decrypt --ciphertext-blob fileb://${file}.enc --query Plaintext --output text | base64 -d`;
    const r = await execa('sh', ['-c', sh], { env: sb.env, extendEnv: false, encoding: 'buffer', reject: false });
    expect(r.exitCode, Buffer.from(r.stderr as Uint8Array).toString()).toBe(0);
    expect(Buffer.from(r.stdout as Uint8Array)).toEqual(readFileSync(file));
  });

  it('reads the plaintext from stdin with fileb://- and fileb:///dev/stdin', async () => {
    for (const src of ['fileb://-', 'fileb:///dev/stdin']) {
      const enc = await sb.kms(['encrypt', '--key-id', keyId, '--plaintext', src], { input: 'from stdin' });
      expect(enc.exitCode, String(enc.stderr)).toBe(0);
      const dec = await sb.kms(['decrypt', '--ciphertext-blob', json(enc).CiphertextBlob]);
      expect(Buffer.from(json(dec).Plaintext, 'base64').toString()).toBe('from stdin');
    }
  });

  it('takes raw text with --cli-binary-format raw-in-base64-out', async () => {
    const enc = await sb.kms(['encrypt', '--key-id', keyId, '--plaintext', 'raw text', '--cli-binary-format', 'raw-in-base64-out']);
    expect(enc.exitCode, String(enc.stderr)).toBe(0);
    const dec = await sb.kms(['decrypt', '--ciphertext-blob', json(enc).CiphertextBlob]);
    expect(Buffer.from(json(dec).Plaintext, 'base64').toString()).toBe('raw text');
  });

  it('refuses a wrong encryption context with InvalidCiphertextException (exit 254)', async () => {
    const enc = json(await sb.kms(['encrypt', '--key-id', keyId, '--plaintext', 'YQ==', '--encryption-context', 'a=b']));
    const dec = await sb.kms(['decrypt', '--ciphertext-blob', enc.CiphertextBlob, '--encryption-context', 'a=c']);
    expect(dec.exitCode).toBe(254);
    expect(String(dec.stderr)).toBe('\nAn error occurred (InvalidCiphertextException) when calling the Decrypt operation: \n');
  });

  it('accepts the encryption context as JSON too', async () => {
    const enc = json(await sb.kms(['encrypt', '--key-id', keyId, '--plaintext', 'YQ==', '--encryption-context', '{"a":"b"}']));
    const dec = await sb.kms(['decrypt', '--ciphertext-blob', enc.CiphertextBlob, '--encryption-context', 'a=b']);
    expect(dec.exitCode, String(dec.stderr)).toBe(0);
  });
});

describe('data keys and random', () => {
  it('generate-data-key returns a plaintext key and its ciphertext, which decrypts to it', async () => {
    const r = json(await sb.kms(['generate-data-key', '--key-id', keyId, '--key-spec', 'AES_256']));
    expect(Buffer.from(r.Plaintext, 'base64')).toHaveLength(32);
    const dec = json(await sb.kms(['decrypt', '--ciphertext-blob', r.CiphertextBlob]));
    expect(dec.Plaintext).toBe(r.Plaintext);
  });

  it('generate-data-key-without-plaintext has no Plaintext member', async () => {
    const r = json(await sb.kms(['generate-data-key-without-plaintext', '--key-id', keyId, '--number-of-bytes', '16']));
    expect(Object.keys(r)).toEqual(['CiphertextBlob', 'KeyId', 'KeyMaterialId']);
  });

  it('generate-random needs no keyring or passphrase', async () => {
    const r = await sb.kms(['generate-random', '--number-of-bytes', '24'], { env: { ...sb.env, KMS_PASSPHRASE: '' } });
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(Buffer.from(json(r).Plaintext, 'base64')).toHaveLength(24);
  });
});

describe('errors and exit codes', () => {
  it('NotFoundException exits 254 with the AWS CLI text', async () => {
    const r = await sb.kms(['describe-key', '--key-id', 'alias/nope']);
    expect(r.exitCode).toBe(254);
    expect(String(r.stderr)).toBe(
      "\nAn error occurred (NotFoundException) when calling the DescribeKey operation: Alias arn:aws:kms:us-east-1:111122223333:alias/nope is not found.\n",
    );
  });

  it('a missing required flag exits 252', async () => {
    const r = await sb.kms(['encrypt', '--plaintext', 'YQ==']);
    expect(r.exitCode).toBe(252);
    expect(String(r.stderr)).toContain('kms: error: the following arguments are required: --key-id');
  });

  it('an unknown command exits 252 and suggests the nearest', async () => {
    const r = await sb.kms(['encrpyt']);
    expect(r.exitCode).toBe(252);
    expect(String(r.stderr)).toContain('* encrypt');
  });

  it('a wrong passphrase exits 253 with one error line and leaves the keyring unchanged', async () => {
    const before = readFileSync(sb.keyring);
    const r = await sb.kms(['create-key'], { env: { ...sb.env, KMS_PASSPHRASE: 'wrong' } });
    expect(r.exitCode).toBe(253);
    expect(String(r.stderr)).toMatch(/^error: incorrect passphrase\n/);
    expect(readFileSync(sb.keyring).equals(before)).toBe(true);
  });

  it('no passphrase and no terminal exits 253 with hints', async () => {
    const env = { ...sb.env };
    delete (env as Record<string, string | undefined>).KMS_PASSPHRASE;
    const r = await execa(KMS, ['list-keys'], { env, extendEnv: false, reject: false, stdin: 'ignore', stripFinalNewline: false });
    expect(r.exitCode).toBe(253);
    expect(String(r.stderr)).toMatch(/^error: .*\n(hint: .*\n)+$/);
  });

  it('a disabled key refuses encrypt with DisabledException', async () => {
    const k = json(await sb.kms(['create-key'])).KeyMetadata;
    expect((await sb.kms(['disable-key', '--key-id', k.KeyId])).exitCode).toBe(0);
    const r = await sb.kms(['encrypt', '--key-id', k.KeyId, '--plaintext', 'YQ==']);
    expect(r.exitCode).toBe(254);
    expect(String(r.stderr)).toBe(`\nAn error occurred (DisabledException) when calling the Encrypt operation: ${k.Arn} is disabled.\n`);
  });
});

describe('aliases', () => {
  it('encrypts through an alias and lists it with --key-id', async () => {
    expect((await sb.kms(['create-alias', '--alias-name', 'alias/e2e', '--target-key-id', keyId])).exitCode).toBe(0);
    const enc = await sb.kms(['encrypt', '--key-id', 'alias/e2e', '--plaintext', 'YQ==']);
    expect(json(enc).KeyId).toBe(keyArn);
    const list = json(await sb.kms(['list-aliases', '--key-id', keyId]));
    expect(list.Aliases.map((a: { AliasName: string }) => a.AliasName)).toEqual(['alias/e2e']);
  });
});
