// End to end through bin/kms: a CloudHSM key store backed by a SoftHSM2 token (private token
// directory), a key generated on it, encrypt/decrypt, Unavailable while disconnected, and back.
// Needs softhsm2 and pkcs11js; skips with a printed reason without them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softHsmMissing } from '../support/softhsm.js';
import { TRUST_ANCHOR } from '../engine/custom-key-stores-fake.js';
import { json, sandbox, type Sandbox } from '../support/cli.js';

const reason = softHsmMissing();
if (reason) console.warn(`skipping the custom key store CLI test: ${reason}`);

const CLUSTER = 'cluster-kmscli23456';
const PIN = 'kmsuser-pass';
let sb: Sandbox;

async function ok(args: string[]): Promise<string> {
  const r = await sb.kms(args);
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return String(r.stdout);
}

describe.skipIf(reason !== undefined)('kms custom key stores on a SoftHSM2 token', () => {
  beforeAll(async () => {
    sb = await sandbox();
    const tokens = join(sb.dir, 'tokens');
    mkdirSync(tokens);
    writeFileSync(join(sb.dir, 'softhsm2.conf'), `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    sb.env.SOFTHSM2_CONF = join(sb.dir, 'softhsm2.conf');
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', CLUSTER, '--pin', PIN, '--so-pin', '87654321'], { env: { ...process.env, SOFTHSM2_CONF: sb.env.SOFTHSM2_CONF }, stdio: 'ignore' });
    writeFileSync(join(sb.dir, 'customerCA.crt'), TRUST_ANCHOR);
    writeFileSync(join(sb.dir, 'plain.txt'), 'kept by a PKCS#11 token\n');
  }, 60_000);
  afterAll(() => sb?.cleanup());

  it('creates, connects, encrypts, disconnects (Unavailable) and reconnects', async () => {
    const created = json(await sb.kms([
      'create-custom-key-store', '--custom-key-store-name', 'softhsm', '--cloud-hsm-cluster-id', CLUSTER,
      '--trust-anchor-certificate', `file://${join(sb.dir, 'customerCA.crt')}`, '--key-store-password', PIN,
    ]));
    const storeId = created.CustomKeyStoreId as string;
    expect(storeId).toMatch(/^cks-[0-9a-f]{17}$/);
    expect(await ok(['connect-custom-key-store', '--custom-key-store-id', storeId])).toBe('');
    const state = await ok(['describe-custom-key-stores', '--custom-key-store-id', storeId, '--query', 'CustomKeyStores[0].ConnectionState', '--output', 'text']);
    expect(state.trim()).toBe('CONNECTED');

    const meta = JSON.parse(await ok(['create-key', '--custom-key-store-id', storeId, '--origin', 'AWS_CLOUDHSM'])).KeyMetadata;
    expect(meta).toMatchObject({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: storeId, CloudHsmClusterId: CLUSTER });
    const blob = join(sb.dir, 'blob.bin');
    const ct = (await ok(['encrypt', '--key-id', meta.KeyId, '--plaintext', `fileb://${join(sb.dir, 'plain.txt')}`, '--query', 'CiphertextBlob', '--output', 'text'])).trim();
    writeFileSync(blob, Buffer.from(ct, 'base64'));
    const decrypt = ['decrypt', '--ciphertext-blob', `fileb://${blob}`, '--query', 'Plaintext', '--output', 'text'];
    expect(Buffer.from((await ok(decrypt)).trim(), 'base64').toString()).toBe('kept by a PKCS#11 token\n');
    // GenerateRandom with --custom-key-store-id opens the keyring (the store is a keyring record)
    const random = await ok(['generate-random', '--number-of-bytes', '16', '--custom-key-store-id', storeId, '--query', 'Plaintext', '--output', 'text']);
    expect(Buffer.from(random.trim(), 'base64')).toHaveLength(16);

    await ok(['disconnect-custom-key-store', '--custom-key-store-id', storeId]);
    const refused = await sb.kms(['encrypt', '--key-id', meta.KeyId, '--plaintext', 'aGk=']);
    expect(refused.exitCode).toBe(254);
    expect(String(refused.stderr)).toContain(`An error occurred (KMSInvalidStateException) when calling the Encrypt operation: ${meta.Arn} is unavailable.`);
    const described = JSON.parse(await ok(['describe-key', '--key-id', meta.KeyId])).KeyMetadata;
    expect(described.KeyState).toBe('Unavailable');
    const del = await sb.kms(['delete-custom-key-store', '--custom-key-store-id', storeId]);
    expect(String(del.stderr)).toContain('CustomKeyStoreHasCMKsException');

    // a PKCS#11 library that cannot be loaded is one clear error, and the store stays as it was
    const noModule = await sb.kms(['connect-custom-key-store', '--custom-key-store-id', storeId], { env: { ...sb.env, KMS_PKCS11_MODULE: join(sb.dir, 'missing.so') } });
    expect(noModule.exitCode).toBe(254);
    expect(String(noModule.stderr)).toContain('An error occurred (KMSInternalException) when calling the ConnectCustomKeyStore operation: The PKCS#11 module is not available');
    expect(String(noModule.stderr)).not.toMatch(/\n\s+at /);
    const still = await ok(['describe-custom-key-stores', '--query', 'CustomKeyStores[0].ConnectionState', '--output', 'text']);
    expect(still.trim()).toBe('DISCONNECTED');

    await ok(['connect-custom-key-store', '--custom-key-store-id', storeId]);
    expect(Buffer.from((await ok(decrypt)).trim(), 'base64').toString()).toBe('kept by a PKCS#11 token\n');
  });
});
