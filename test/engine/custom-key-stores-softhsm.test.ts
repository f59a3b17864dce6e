// Custom key stores over a real PKCS#11 token: SoftHSM2 through pkcs11js, with a private token
// directory per run. Skips with a printed reason where softhsm2 or pkcs11js is missing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softHsmMissing } from '../support/softhsm.js';
import { setHsmBackend, withToken } from '../../src/services/kms/custom-key-stores/hsm-backend.js';
import type { KeyRecord } from '../../src/services/kms/keys/key-record.js';
import { TRUST_ANCHOR } from './custom-key-stores-fake.js';
import { bytes, expectKmsError, makeEnv } from './helpers.js';

const reason = softHsmMissing();
if (reason) console.warn(`skipping SoftHSM2 custom key store tests: ${reason}`);

const CLUSTER = 'cluster-kmstest2345';
const GONE = 'cluster-kmsgone2345';
const PIN = 'kmsuser-1234';
let dir = '';

function initToken(label: string): void {
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', PIN, '--so-pin', '87654321'], { stdio: 'ignore' });
}

describe.skipIf(reason !== undefined)('custom key stores on SoftHSM2', () => {
  const env = makeEnv();
  let storeId = '';
  let keyId = '';
  let keyArn = '';
  let blob: Uint8Array;

  beforeAll(() => {
    setHsmBackend(undefined);
    dir = mkdtempSync(join(tmpdir(), 'kms-softhsm-'));
    writeFileSync(join(dir, 'softhsm2.conf'), `directories.tokendir = ${dir}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    // SoftHSM2 reads SOFTHSM2_CONF at C_Initialize, which runs on the first store operation below
    process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
    initToken(CLUSTER);
    initToken(GONE);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a cluster id no token carries', async () => {
    await expectKmsError(
      env.run('CreateCustomKeyStore', { CustomKeyStoreName: 'none', CloudHsmClusterId: 'cluster-nothere2345', TrustAnchorCertificate: TRUST_ANCHOR, KeyStorePassword: PIN }),
      'CloudHsmClusterNotFoundException',
    );
  });

  it('fails to connect with a wrong password (INVALID_CREDENTIALS), then connects with the right one', async () => {
    storeId = (await env.run('CreateCustomKeyStore', { CustomKeyStoreName: 'hsm', CloudHsmClusterId: CLUSTER, TrustAnchorCertificate: TRUST_ANCHOR, KeyStorePassword: 'wrong-password' })).CustomKeyStoreId as string;
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: storeId });
    const failed = ((await env.run('DescribeCustomKeyStores', { CustomKeyStoreId: storeId })).CustomKeyStores as Record<string, unknown>[])[0];
    expect(failed).toMatchObject({ ConnectionState: 'FAILED', ConnectionErrorCode: 'INVALID_CREDENTIALS' });
    await env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: storeId });
    await env.run('UpdateCustomKeyStore', { CustomKeyStoreId: storeId, KeyStorePassword: PIN });
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: storeId });
    const ok = ((await env.run('DescribeCustomKeyStores', { CustomKeyStoreId: storeId })).CustomKeyStores as Record<string, unknown>[])[0];
    expect(ok).toMatchObject({ ConnectionState: 'CONNECTED' });
  });

  it('finds a token initialised after the library was loaded (a long-running kms serve)', async () => {
    initToken('cluster-kmslate2345');
    const id = (await env.run('CreateCustomKeyStore', { CustomKeyStoreName: 'late', CloudHsmClusterId: 'cluster-kmslate2345', TrustAnchorCertificate: TRUST_ANCHOR, KeyStorePassword: PIN })).CustomKeyStoreId as string;
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    const e = ((await env.run('DescribeCustomKeyStores', { CustomKeyStoreId: id })).CustomKeyStores as Record<string, unknown>[])[0];
    expect(e).toMatchObject({ ConnectionState: 'CONNECTED' });
  });

  it('fails to connect to a token that was deleted (CLUSTER_NOT_FOUND)', async () => {
    const id = (await env.run('CreateCustomKeyStore', { CustomKeyStoreName: 'gone', CloudHsmClusterId: GONE, TrustAnchorCertificate: TRUST_ANCHOR, KeyStorePassword: PIN })).CustomKeyStoreId as string;
    execFileSync('softhsm2-util', ['--delete-token', '--token', GONE], { stdio: 'ignore' });
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: id });
    const e = ((await env.run('DescribeCustomKeyStores', { CustomKeyStoreId: id })).CustomKeyStores as Record<string, unknown>[])[0];
    expect(e).toMatchObject({ ConnectionState: 'FAILED', ConnectionErrorCode: 'CLUSTER_NOT_FOUND' });
  });

  it('generates the key on the token, where its value cannot be read', async () => {
    const meta = (await env.run('CreateKey', { CustomKeyStoreId: storeId, Origin: 'AWS_CLOUDHSM', Description: 'on the token' })).KeyMetadata as Record<string, unknown>;
    keyId = meta.KeyId as string;
    keyArn = meta.Arn as string;
    expect(meta).toMatchObject({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: storeId, CloudHsmClusterId: CLUSTER, KeyState: 'Enabled' });
    const record = (await env.record<KeyRecord>(`key/us-east-1/${keyId}`))!;
    expect(record.materials).toEqual([]);
    const facts = withToken({ label: CLUSTER, pin: PIN }, (s) => s.keyFacts(keyId));
    expect(facts).toEqual({ sensitive: true, extractable: false, valueReadable: false });
  });

  it('encrypts and decrypts through the token with AES-GCM', async () => {
    const ctx = { app: 'softhsm' };
    const enc = await env.run('Encrypt', { KeyId: keyId, Plaintext: bytes('secret on an HSM'), EncryptionContext: ctx });
    blob = enc.CiphertextBlob as Uint8Array;
    expect(enc.KeyId).toBe(keyArn);
    const dec = await env.run('Decrypt', { CiphertextBlob: blob, EncryptionContext: ctx });
    expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('secret on an HSM');
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: blob, EncryptionContext: { app: 'other' } }), 'InvalidCiphertextException');
    const tampered = new Uint8Array(blob);
    tampered[tampered.length - 1]! ^= 1;
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: tampered, EncryptionContext: ctx }), 'InvalidCiphertextException');
    const dk = await env.run('GenerateDataKey', { KeyId: keyId, NumberOfBytes: 32 });
    expect((await env.run('Decrypt', { CiphertextBlob: dk.CiphertextBlob })).Plaintext).toEqual(dk.Plaintext);
  });

  it('answers GenerateRandom from the token', async () => {
    const out = await env.run('GenerateRandom', { NumberOfBytes: 64, CustomKeyStoreId: storeId });
    expect(out.Plaintext).toHaveLength(64);
    expect(Buffer.from(out.Plaintext as Uint8Array).equals(Buffer.alloc(64))).toBe(false);
  });

  it('makes the key unavailable while disconnected and decrypts again after reconnecting', async () => {
    await env.run('DisconnectCustomKeyStore', { CustomKeyStoreId: storeId });
    await expectKmsError(env.run('Encrypt', { KeyId: keyId, Plaintext: bytes('x') }), 'KMSInvalidStateException', `${keyArn} is unavailable.`);
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: blob, EncryptionContext: { app: 'softhsm' } }), 'KMSInvalidStateException', `${keyArn} is unavailable.`);
    await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: storeId });
    const dec = await env.run('Decrypt', { CiphertextBlob: blob, EncryptionContext: { app: 'softhsm' } });
    expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('secret on an HSM');
  });
});
