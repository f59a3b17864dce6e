// Imported key material of every kind: HMAC keys, asymmetric PKCS#8 keys, SM2/SM4 in China Regions,
// and rotation of EXTERNAL symmetric keys with NEW_KEY_MATERIAL (recorded scenarios).
import { createHmac, createPublicKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readySpec } from '../../src/crypto/families.js';
import { generateSm2Material } from '../../src/crypto/sm2.js';
import { bytes, expectKmsError, makeEnv } from './helpers.js';
import { externalKey, importMaterial } from './import-helpers.js';

const pkcs8 = (type: 'rsa' | 'ec', opts: Record<string, unknown>): Uint8Array =>
  new Uint8Array(generateKeyPairSync(type as 'rsa', { ...opts, privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'der' } } as never).privateKey as unknown as Buffer);
const spkiOf = (der: Uint8Array): Buffer => createPublicKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' } as never).export({ type: 'spki', format: 'der' });
const meta = async (env: ReturnType<typeof makeEnv>, KeyId: unknown) => (await env.run('DescribeKey', { KeyId })).KeyMetadata as Record<string, unknown>;

describe('HMAC keys', () => {
  it.each([
    ['HMAC_224', 'HMAC_SHA_224', 'sha224', 28],
    ['HMAC_256', 'HMAC_SHA_256', 'sha256', 32],
    ['HMAC_384', 'HMAC_SHA_384', 'sha384', 64],
    ['HMAC_512', 'HMAC_SHA_512', 'sha512', 128],
  ])('%s: the imported key MACs as node:crypto does with the same key', async (spec, algorithm, hash, len) => {
    const env = makeEnv();
    const key = await externalKey(env, { KeySpec: spec, KeyUsage: 'GENERATE_VERIFY_MAC' });
    const material = randomBytes(len);
    const out = await importMaterial(env, key.KeyId as string, material);
    expect(out).toEqual({ KeyId: key.Arn });
    expect(await meta(env, key.KeyId)).not.toHaveProperty('CurrentKeyMaterialId');
    const mac = await env.run('GenerateMac', { KeyId: key.KeyId, MacAlgorithm: algorithm, Message: bytes('data') });
    expect(Buffer.from(mac.Mac as Uint8Array).equals(createHmac(hash, material).update('data').digest())).toBe(true);
  });

  it('refuses a key shorter than the spec allows, and different material on re-import', async () => {
    const env = makeEnv();
    const key = await externalKey(env, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    await expectKmsError(importMaterial(env, key.KeyId as string, randomBytes(31)), 'IncorrectKeyMaterialException');
    const material = randomBytes(32);
    await importMaterial(env, key.KeyId as string, material);
    await expectKmsError(importMaterial(env, key.KeyId as string, randomBytes(32)), 'IncorrectKeyMaterialException');
    await expectKmsError(importMaterial(env, key.KeyId as string, randomBytes(32), { extra: { ImportType: 'NEW_KEY_MATERIAL' } }), 'IncorrectKeyMaterialException');
    await env.run('DeleteImportedKeyMaterial', { KeyId: key.KeyId });
    expect((await meta(env, key.KeyId)).KeyState).toBe('PendingImport');
    await importMaterial(env, key.KeyId as string, material);
    expect((await meta(env, key.KeyId)).KeyState).toBe('Enabled');
  });
});

describe('asymmetric keys (PKCS#8 DER private keys)', () => {
  it.each([
    ['ECC_NIST_P256', 'prime256v1', 'ECDSA_SHA_256', 'sha256'],
    ['ECC_NIST_P384', 'secp384r1', 'ECDSA_SHA_384', 'sha384'],
    ['ECC_NIST_P521', 'secp521r1', 'ECDSA_SHA_512', 'sha512'],
    ['ECC_SECG_P256K1', 'secp256k1', 'ECDSA_SHA_256', 'sha256'],
  ])('%s: signs with the imported key; GetPublicKey is its public key (recorded test_import_key_ecc_keys)', async (spec, curve, algorithm, hash) => {
    const env = makeEnv();
    const key = await externalKey(env, { KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
    const der = pkcs8('ec', { namedCurve: curve });
    await importMaterial(env, key.KeyId as string, der, { algorithm: 'RSA_AES_KEY_WRAP_SHA_256', spec: 'RSA_2048' });
    expect(await meta(env, key.KeyId)).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    const pub = await env.run('GetPublicKey', { KeyId: key.KeyId });
    expect(Buffer.from(pub.PublicKey as Uint8Array).equals(spkiOf(der))).toBe(true);
    const sig = await env.run('Sign', { KeyId: key.KeyId, Message: bytes('m'), SigningAlgorithm: algorithm });
    const spki = { key: spkiOf(der), format: 'der' as const, type: 'spki' as const };
    expect(verify(hash, Buffer.from('m'), spki, Buffer.from(sig.Signature as Uint8Array))).toBe(true);
    await env.run('DeleteImportedKeyMaterial', { KeyId: key.KeyId });
    expect(await meta(env, key.KeyId)).toMatchObject({ KeyState: 'PendingImport', Enabled: false });
  });

  it('imports an RSA private key with RSA_AES_KEY_WRAP (recorded test_import_key_rsa_aes_wrap_sha256)', async () => {
    const env = makeEnv();
    const key = await externalKey(env, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    const der = pkcs8('rsa', { modulusLength: 2048 });
    await importMaterial(env, key.KeyId as string, der, { algorithm: 'RSA_AES_KEY_WRAP_SHA_256', spec: 'RSA_4096' });
    const enc = await env.run('Encrypt', { KeyId: key.KeyId, Plaintext: bytes('rsa'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    const dec = await env.run('Decrypt', { KeyId: key.KeyId, CiphertextBlob: enc.CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('rsa');
  });

  it('refuses a private key of another curve or size, and raw bytes', async () => {
    const env = makeEnv();
    const ec = await externalKey(env, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const opts = { algorithm: 'RSA_AES_KEY_WRAP_SHA_256' };
    await expectKmsError(importMaterial(env, ec.KeyId as string, pkcs8('ec', { namedCurve: 'secp384r1' }), opts), 'IncorrectKeyMaterialException');
    await expectKmsError(importMaterial(env, ec.KeyId as string, randomBytes(32), opts), 'IncorrectKeyMaterialException');
    const rsa = await externalKey(env, { KeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY' });
    await expectKmsError(importMaterial(env, rsa.KeyId as string, pkcs8('rsa', { modulusLength: 2048 }), opts), 'IncorrectKeyMaterialException');
    expect((await meta(env, ec.KeyId)).KeyState).toBe('PendingImport');
  });
});

describe('China Regions: SM2 wrapping keys and SM4 material', () => {
  it('wraps with SM2PKE, imports 16-byte symmetric material and an SM2 key; refuses RSA_AES and 32 bytes', async () => {
    const env = makeEnv('cn-north-1');
    const key = await externalKey(env);
    await expectKmsError(
      env.run('GetParametersForImport', { KeyId: key.KeyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
      'ValidationException',
    );
    await expectKmsError(
      env.run('GetParametersForImport', { KeyId: key.KeyId, WrappingAlgorithm: 'SM2PKE', WrappingKeySpec: 'RSA_2048' }),
      'ValidationException',
      'The wrapping algorithm SM2PKE is not compatible with the wrapping key spec RSA_2048.',
    );
    await expectKmsError(importMaterial(env, key.KeyId as string, randomBytes(32), { algorithm: 'SM2PKE', spec: 'SM2' }), 'IncorrectKeyMaterialException');
    await importMaterial(env, key.KeyId as string, randomBytes(16), { algorithm: 'SM2PKE', spec: 'SM2' });
    const enc = await env.run('Encrypt', { KeyId: key.KeyId, Plaintext: bytes('sm4') });
    expect(Buffer.from((await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob })).Plaintext as Uint8Array).toString()).toBe('sm4');

    await readySpec('SM2', 'aws-cn');
    const sm2 = await externalKey(env, { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    await importMaterial(env, sm2.KeyId as string, generateSm2Material((n) => new Uint8Array(randomBytes(n))), { algorithm: 'RSAES_OAEP_SHA_256', spec: 'RSA_3072' });
    const sig = await env.run('Sign', { KeyId: sm2.KeyId, Message: bytes('m'), SigningAlgorithm: 'SM2DSA' });
    expect((await env.run('Verify', { KeyId: sm2.KeyId, Message: bytes('m'), Signature: sig.Signature, SigningAlgorithm: 'SM2DSA' })).SignatureValid).toBe(true);
  });
});

describe('rotation of EXTERNAL symmetric keys (ImportType NEW_KEY_MATERIAL)', () => {
  it('keeps new material PENDING_ROTATION until RotateKeyOnDemand; old ciphertexts still decrypt (recorded)', async () => {
    const env = makeEnv();
    const key = await externalKey(env);
    const m1 = await importMaterial(env, key.KeyId as string, randomBytes(32));
    const enc1 = await env.run('Encrypt', { KeyId: key.KeyId, Plaintext: bytes('one') });
    const m2 = await importMaterial(env, key.KeyId as string, randomBytes(32), { extra: { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'second' } });
    expect(m2.KeyMaterialId).not.toBe(m1.KeyMaterialId);
    expect((await meta(env, key.KeyId)).CurrentKeyMaterialId).toBe(m1.KeyMaterialId);

    const third = new Uint8Array(randomBytes(32));
    const err = await expectKmsError(importMaterial(env, key.KeyId as string, third, { extra: { ImportType: 'NEW_KEY_MATERIAL' } }), 'KMSInvalidStateException');
    expect(err.message).toMatch(new RegExp(`^New key material \\(id: [a-f0-9]{64}\\) cannot be imported into KMS key ${key.KeyId}, because another key material \\(id: ${m2.KeyMaterialId}\\) is pending rotation\\.$`));

    expect(await env.run('RotateKeyOnDemand', { KeyId: key.KeyId })).toEqual({ KeyId: key.Arn });
    expect((await meta(env, key.KeyId)).CurrentKeyMaterialId).toBe(m2.KeyMaterialId);
    expect(Buffer.from((await env.run('Decrypt', { CiphertextBlob: enc1.CiphertextBlob })).Plaintext as Uint8Array).toString()).toBe('one');
    const enc2 = await env.run('GenerateDataKey', { KeyId: key.KeyId, NumberOfBytes: 16 });
    expect(enc2.KeyMaterialId ?? m2.KeyMaterialId).toBe(m2.KeyMaterialId);
    await expectKmsError(env.run('RotateKeyOnDemand', { KeyId: key.KeyId }), 'KMSInvalidStateException', `No available key material pending rotation for the key: ${key.Arn}.`);
  });

  it('RotateKeyOnDemand on an EXTERNAL key without material is pending import (recorded)', async () => {
    const env = makeEnv();
    const key = await externalKey(env);
    await expectKmsError(env.run('RotateKeyOnDemand', { KeyId: key.KeyId }), 'KMSInvalidStateException', `${key.Arn} is pending import.`);
  });

  it('refuses KeyMaterialId with NEW_KEY_MATERIAL, a wrong KeyMaterialId, and NEW material already imported', async () => {
    const env = makeEnv();
    const key = await externalKey(env);
    const material = randomBytes(32);
    const m1 = await importMaterial(env, key.KeyId as string, material);
    await expectKmsError(
      importMaterial(env, key.KeyId as string, randomBytes(32), { extra: { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialId: 'a'.repeat(64) } }),
      'ValidationException',
    );
    await expectKmsError(importMaterial(env, key.KeyId as string, material, { extra: { KeyMaterialId: 'b'.repeat(64) } }), 'IncorrectKeyMaterialException');
    await expectKmsError(importMaterial(env, key.KeyId as string, material, { extra: { ImportType: 'NEW_KEY_MATERIAL' } }), 'IncorrectKeyMaterialException');
    const again = await importMaterial(env, key.KeyId as string, material, { extra: { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: m1.KeyMaterialId } });
    expect(again.KeyMaterialId).toBe(m1.KeyMaterialId);
  });

  it('deleting material pending rotation drops it and leaves the key Enabled', async () => {
    const env = makeEnv();
    const key = await externalKey(env);
    await importMaterial(env, key.KeyId as string, randomBytes(32));
    const m2 = await importMaterial(env, key.KeyId as string, randomBytes(32), { extra: { ImportType: 'NEW_KEY_MATERIAL' } });
    await env.run('DeleteImportedKeyMaterial', { KeyId: key.KeyId, KeyMaterialId: m2.KeyMaterialId });
    expect((await meta(env, key.KeyId)).KeyState).toBe('Enabled');
    await importMaterial(env, key.KeyId as string, randomBytes(32), { extra: { ImportType: 'NEW_KEY_MATERIAL' } });
  });
});
