// Seeding from local-kms's seed format (src/services/kms/seed.ts): the documented example, past
// backing keys as rotations, PendingImport keys, asymmetric keys from PEM and secp256k1 from hex,
// HMAC keys, idempotence, and a file wrong anywhere changing nothing.
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LocalError } from '../../src/errors.js';
import { applySeed } from '../../src/services/kms/seed.js';
import { bytes, expectKmsError, makeEnv } from './helpers.js';
import { importMaterial } from './import-helpers.js';
import { AES, DOCUMENTED, EC_PEM, ECC } from '../fixtures/local-kms-seed.js';

const RSA_PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;

const aes = (keyId: string, backing: string[], extra = '') =>
  `Keys:\n  Symmetric:\n    Aes:\n      - Metadata:\n          KeyId: ${keyId}\n${extra}        BackingKeys:\n${backing.map((b) => `          - ${b}\n`).join('')}`;

describe('kms keyring seed: local-kms seed files', () => {
  it("makes local-kms's documented example: an imported AES key, an ECC key from its PEM, an alias", async () => {
    const env = makeEnv();
    expect(await applySeed(env.ctx, DOCUMENTED, 'seed.yaml')).toEqual({ created: [AES, ECC, 'alias/testing'], existing: [] });
    const a = (await env.run('DescribeKey', { KeyId: 'alias/testing' })).KeyMetadata as Record<string, unknown>;
    expect(a).toMatchObject({ KeyId: AES, Origin: 'EXTERNAL', KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', KeySpec: 'SYMMETRIC_DEFAULT' });
    const e = (await env.run('DescribeKey', { KeyId: ECC })).KeyMetadata as Record<string, unknown>;
    expect(e).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'ECC key with curve secp256r1', Origin: 'EXTERNAL' });
    const spki = (await env.run('GetPublicKey', { KeyId: ECC })).PublicKey as Uint8Array;
    expect(Buffer.from(spki)).toEqual(createPublicKey(EC_PEM).export({ type: 'spki', format: 'der' }));
  });

  it('past backing keys are past rotations: old ciphertexts decrypt, new ones use the last key', async () => {
    const [k1, k2] = [randomBytes(32).toString('hex'), randomBytes(32).toString('hex')];
    const one = makeEnv('us-east-1', 'one');
    await applySeed(one.ctx, aes(AES, [k1]), 's');
    const old = (await one.run('Encrypt', { KeyId: AES, Plaintext: bytes('before the rotation') })).CiphertextBlob;
    const two = makeEnv('us-east-1', 'two');
    await applySeed(two.ctx, aes(AES, [k1, k2]), 's');
    expect(new TextDecoder().decode((await two.run('Decrypt', { CiphertextBlob: old })).Plaintext as Uint8Array)).toBe('before the rotation');
    expect(((await two.run('ListKeyRotations', { KeyId: AES })).Rotations as unknown[]).length).toBe(1);
    const fresh = (await two.run('Encrypt', { KeyId: AES, Plaintext: bytes('after') })).CiphertextBlob;
    const last = makeEnv('us-east-1', 'last');
    await applySeed(last.ctx, aes(AES, [k2]), 's');
    expect(new TextDecoder().decode((await last.run('Decrypt', { CiphertextBlob: fresh })).Plaintext as Uint8Array)).toBe('after');
  });

  it('Origin EXTERNAL without material is PendingImport and takes an import; Origin AWS_KMS keeps that origin', async () => {
    const env = makeEnv();
    const seed = `Keys:\n  Symmetric:\n    Aes:\n      - Metadata:\n          KeyId: ${AES}\n          Origin: EXTERNAL\n      - Metadata:\n          KeyId: ${ECC}\n          Origin: AWS_KMS\n        BackingKeys:\n          - ${'ab'.repeat(32)}\n`;
    await applySeed(env.ctx, seed, 's');
    expect((await env.run('DescribeKey', { KeyId: AES })).KeyMetadata).toMatchObject({ KeyState: 'PendingImport', Origin: 'EXTERNAL' });
    await importMaterial(env, AES, randomBytes(32));
    expect((await env.run('DescribeKey', { KeyId: AES })).KeyMetadata).toMatchObject({ KeyState: 'Enabled' });
    expect((await env.run('DescribeKey', { KeyId: ECC })).KeyMetadata).toMatchObject({ KeyState: 'Enabled', Origin: 'AWS_KMS' });
  });

  it('NextKeyRotation: an AWS_KMS key with rotation on, due then; a date past rotates the key when it is next used', async () => {
    const env = makeEnv();
    const next = '2026-09-12T15:19:21+00:00';
    const past = '2025-12-01T00:00:00Z'; // due once before the test clock's 2026-01-15
    await applySeed(env.ctx, `${aes(AES, ['ab'.repeat(32)], `        NextKeyRotation: "${next}"\n`)}${aes(ECC, ['cd'.repeat(32)], `        NextKeyRotation: "${past}"\n`).split('Aes:\n')[1]}`, 's');
    expect((await env.run('DescribeKey', { KeyId: AES })).KeyMetadata).toMatchObject({ Origin: 'AWS_KMS' });
    const status = await env.run('GetKeyRotationStatus', { KeyId: AES });
    expect(status).toMatchObject({ KeyRotationEnabled: true });
    expect((status.NextRotationDate as Date).getTime()).toBe(Date.parse(next));
    await env.run('Encrypt', { KeyId: ECC, Plaintext: bytes('x') });
    expect(((await env.run('ListKeyRotations', { KeyId: ECC })).Rotations as { RotationType: string }[]).map((r) => r.RotationType)).toEqual(['AUTOMATIC']);
    const err = (await applySeed(makeEnv().ctx, aes(AES, ['ab'.repeat(32)], `          Origin: EXTERNAL\n        NextKeyRotation: "${next}"\n`), 's').catch((e: unknown) => e)) as LocalError;
    expect(err.message).toMatch(/NextKeyRotation: AWS rotates only keys whose material it made/);
  });

  it('secp256k1 from PrivateKeyHex, RSA from PKCS#8 PEM, HMAC from hex: the given keys', async () => {
    const env = makeEnv();
    const d = randomBytes(32);
    const sec1 = Buffer.concat([Buffer.from('302e0201010420', 'hex'), d, Buffer.from('a00706052b8104000a', 'hex')]);
    const k1 = createPrivateKey({ key: sec1, format: 'der', type: 'sec1' });
    const rsaPem = (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const mac = randomBytes(32);
    const ids = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222', '33333333-3333-4333-8333-333333333333'];
    const seed = [
      'Keys:',
      '  Asymmetric:',
      '    Ecc:',
      `      - Metadata: { KeyId: ${ids[0]}, KeyUsage: SIGN_VERIFY }`,
      `        PrivateKeyHex: ${d.toString('hex')}`,
      '    Rsa:',
      `      - Metadata: { KeyId: ${ids[1]}, KeyUsage: ENCRYPT_DECRYPT }`,
      '        PrivateKeyPem: |',
      ...rsaPem.trim().split('\n').map((l) => `          ${l}`),
      '  Hmac:',
      `    - Metadata: { KeyId: ${ids[2]} }`,
      '      KeySpec: HMAC_256',
      `      KeyMaterial: ${mac.toString('hex')}`,
      '',
    ].join('\n');
    await applySeed(env.ctx, seed, 's');
    expect(Buffer.from((await env.run('GetPublicKey', { KeyId: ids[0] })).PublicKey as Uint8Array)).toEqual(createPublicKey(k1).export({ type: 'spki', format: 'der' }));
    expect((await env.run('DescribeKey', { KeyId: ids[0] })).KeyMetadata).toMatchObject({ KeySpec: 'ECC_SECG_P256K1' });
    expect(Buffer.from((await env.run('GetPublicKey', { KeyId: ids[1] })).PublicKey as Uint8Array)).toEqual(createPublicKey(rsaPem).export({ type: 'spki', format: 'der' }));
    expect((await env.run('DescribeKey', { KeyId: ids[1] })).KeyMetadata).toMatchObject({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    const m = (await env.run('GenerateMac', { KeyId: ids[2], MacAlgorithm: 'HMAC_SHA_256', Message: bytes('m') })).Mac as Uint8Array;
    expect(Buffer.from(m)).toEqual(createHmac('sha256', mac).update('m').digest());
  });

  it("kms's own entries: an Ed25519 key from its PEM, an ML-DSA key from its seed, as AWS_KMS keys", async () => {
    const env = makeEnv();
    const ed = (await import('node:crypto')).generateKeyPairSync('ed25519');
    const pem = ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const seed = randomBytes(32);
    const [edId, mlId] = ['44444444-4444-4444-8444-444444444444', '55555555-5555-4555-8555-555555555555'];
    const text = [
      'Keys:',
      '  Asymmetric:',
      '    Ed25519:',
      `      - Metadata: { KeyId: ${edId} }`,
      '        PrivateKeyPem: |',
      ...pem.trim().split('\n').map((l) => `          ${l}`),
      '    MlDsa:',
      `      - Metadata: { KeyId: ${mlId} }`,
      '        KeySpec: ML_DSA_65',
      `        Seed: ${seed.toString('hex')}`,
      '',
    ].join('\n');
    await applySeed(env.ctx, text, 's');
    expect((await env.run('DescribeKey', { KeyId: edId })).KeyMetadata).toMatchObject({ KeySpec: 'ECC_NIST_EDWARDS25519', Origin: 'AWS_KMS', KeyUsage: 'SIGN_VERIFY' });
    expect(Buffer.from((await env.run('GetPublicKey', { KeyId: edId })).PublicKey as Uint8Array)).toEqual(ed.publicKey.export({ type: 'spki', format: 'der' }));
    const sig = (await env.run('Sign', { KeyId: edId, Message: bytes('m'), SigningAlgorithm: 'ED25519_SHA_512' })).Signature as Uint8Array;
    expect((await import('node:crypto')).verify(null, Buffer.from('m'), ed.publicKey, Buffer.from(sig))).toBe(true);
    const { ml_dsa65 } = await import('@noble/post-quantum/ml-dsa.js');
    const spki = (await env.run('GetPublicKey', { KeyId: mlId })).PublicKey as Uint8Array;
    expect(Buffer.from(spki.subarray(spki.length - 1952))).toEqual(Buffer.from(ml_dsa65.keygen(seed).publicKey));
    expect((await env.run('DescribeKey', { KeyId: mlId })).KeyMetadata).toMatchObject({ KeySpec: 'ML_DSA_65', Origin: 'AWS_KMS' });
  });

  it('an SM2 key in a China Region, from its PKCS#8 PEM (made by openssl where it can)', async (ctx) => {
    const made = (await import('node:child_process')).spawnSync('openssl', ['genpkey', '-algorithm', 'SM2'], { encoding: 'utf8' });
    if (made.status !== 0 || !made.stdout.includes('BEGIN PRIVATE KEY')) {
      console.log('seed: openssl here makes no SM2 keys; the SM2 seed case is skipped');
      return ctx.skip();
    }
    const env = makeEnv('cn-north-1');
    const id = '66666666-6666-4666-8666-666666666666';
    const text = ['Keys:', '  Asymmetric:', '    Sm2:', `      - Metadata: { KeyId: ${id}, KeyUsage: SIGN_VERIFY }`, '        PrivateKeyPem: |', ...made.stdout.trim().split('\n').map((l) => `          ${l}`), ''].join('\n');
    await applySeed(env.ctx, text, 's');
    expect((await env.run('DescribeKey', { KeyId: id })).KeyMetadata).toMatchObject({ KeySpec: 'SM2', Origin: 'EXTERNAL', Arn: expect.stringMatching(/^arn:aws-cn:kms:cn-north-1:/) });
    const pem = (await import('node:child_process')).spawnSync('openssl', ['pkey', '-pubout', '-outform', 'DER'], { input: made.stdout });
    expect(Buffer.from((await env.run('GetPublicKey', { KeyId: id })).PublicKey as Uint8Array)).toEqual(pem.stdout);
  });

  it('is idempotent: a second run leaves every key and alias as it is and says so', async () => {
    const env = makeEnv();
    await applySeed(env.ctx, DOCUMENTED, 's');
    await env.run('UpdateKeyDescription', { KeyId: AES, Description: 'changed since' });
    const before = JSON.stringify(await env.records(''));
    expect(await applySeed(env.ctx, DOCUMENTED, 's')).toEqual({ created: [], existing: [AES, ECC, 'alias/testing'] });
    expect(JSON.stringify(await env.records(''))).toBe(before);
  });

  it('a file wrong anywhere changes nothing, and the error names the entry and field', async () => {
    const env = makeEnv();
    const bad = `${DOCUMENTED.split('\nAliases:')[0]}\n      - Metadata:\n          KeyId: 5ef77041-d1e6-4af1-9a41-e49a4b45efb6\n        PrivateKeyPem: not a key\n`;
    const cases: [string, RegExp][] = [
      [bad, /Keys\.Asymmetric\.Ecc\[1\]\.PrivateKeyPem is not a PEM private key/],
      [aes(AES, ['abcd']), /Keys\.Symmetric\.Aes\[0\]\.BackingKeys\[0\] must hold 256 bits \(64 hex digits\), not 16/],
      [aes('not-an-id', ['ab'.repeat(32)]), /Keys\.Symmetric\.Aes\[0\]\.Metadata\.KeyId 'not-an-id' is not a key id/],
      [`${DOCUMENTED}  - AliasName: alias/elsewhere\n    TargetKeyId: 9d1c3f4e-0000-4000-8000-000000000000\n`, /Aliases\[1\]: NotFoundException/],
      ['Keys: [', /is not YAML or JSON/],
      [
        `Keys:\n  Asymmetric:\n    Rsa:\n      - Metadata: { KeyId: ${AES}, Origin: AWS_KMS }\n        PrivateKeyPem: |\n${RSA_PEM.trim().split('\n').map((l) => `          ${l}`).join('\n')}\n`,
        /Keys\.Asymmetric\.Rsa\[0\]: an AWS_KMS key takes material of at most 192 bytes here, and this RSA_2048 key's is \d+; leave Origin out/,
      ],
    ];
    for (const [text, why] of cases) {
      const err = (await applySeed(env.ctx, text, 'seed.yaml').catch((e: unknown) => e)) as LocalError;
      expect(err).toBeInstanceOf(LocalError);
      expect(err.message).toMatch(why);
      expect(err.exitCode).toBe(253);
      expect(await env.records('')).toEqual([]);
    }
    await expectKmsError(env.run('DescribeKey', { KeyId: AES }), 'NotFoundException');
  });
});
