// Import of key material (BYOK): CreateKey Origin EXTERNAL, GetParametersForImport, ImportKeyMaterial,
// DeleteImportedKeyMaterial, token and material expiry by the injected clock.
import { createPublicKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytes, DAY, expectKmsError, makeEnv } from './helpers.js';
import { externalKey, importMaterial, wrapForImport } from './import-helpers.js';

const HEX64 = /^[a-f0-9]{64}$/;

describe('CreateKey Origin EXTERNAL', () => {
  it('creates the key PendingImport with no material, as recorded', async () => {
    const env = makeEnv();
    for (const [spec, usage] of [
      ['SYMMETRIC_DEFAULT', undefined],
      ['HMAC_256', 'GENERATE_VERIFY_MAC'],
      ['RSA_2048', 'ENCRYPT_DECRYPT'],
      ['ECC_NIST_P256', 'SIGN_VERIFY'],
    ] as const) {
      const meta = await externalKey(env, { KeySpec: spec, ...(usage ? { KeyUsage: usage } : {}) });
      expect(meta).toMatchObject({ Enabled: false, KeyState: 'PendingImport', Origin: 'EXTERNAL', KeySpec: spec });
      expect(meta).not.toHaveProperty('CurrentKeyMaterialId');
      expect(meta).not.toHaveProperty('ExpirationModel');
    }
  });

  it('refuses key specs AWS does not import material for', async () => {
    const env = makeEnv();
    await expectKmsError(env.newKey({ Origin: 'EXTERNAL', KeySpec: 'ML_DSA_44', KeyUsage: 'SIGN_VERIFY' }), 'UnsupportedOperationException');
  });

  it('refuses cryptographic use before the import (recorded message)', async () => {
    const env = makeEnv();
    const meta = await externalKey(env);
    await expectKmsError(env.run('Encrypt', { KeyId: meta.KeyId, Plaintext: bytes('x') }), 'KMSInvalidStateException', `${meta.Arn} is pending import.`);
  });
});

describe('GetParametersForImport', () => {
  it('refuses keys whose origin is not EXTERNAL (recorded message)', async () => {
    const env = makeEnv();
    const meta = await env.newKey();
    await expectKmsError(
      env.run('GetParametersForImport', { KeyId: meta.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
      'UnsupportedOperationException',
      `${meta.Arn} origin is AWS_KMS which is not valid for this operation.`,
    );
  });

  it.each(['RSA_2048', 'RSA_3072', 'RSA_4096'])('returns a fresh %s public key, a token and ParametersValidTo = now + 24 h', async (spec) => {
    const env = makeEnv();
    const meta = await externalKey(env);
    const a = await env.run('GetParametersForImport', { KeyId: meta.KeyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: spec });
    const b = await env.run('GetParametersForImport', { KeyId: meta.KeyId, WrappingAlgorithm: 'RSA_AES_KEY_WRAP_SHA_256', WrappingKeySpec: spec });
    expect(a.KeyId).toBe(meta.Arn);
    const pub = createPublicKey({ key: Buffer.from(a.PublicKey as Uint8Array), format: 'der', type: 'spki' });
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(Number(spec.slice(4)));
    expect(Buffer.from(a.PublicKey as Uint8Array).equals(Buffer.from(b.PublicKey as Uint8Array))).toBe(false);
    expect((a.ParametersValidTo as Date).getTime()).toBe(env.clock.t + DAY);
    expect((a.ImportToken as Uint8Array).length).toBeLessThanOrEqual(6144);
  });

  it('refuses RSAES_PKCS1_V1_5, SM2 outside China and mismatched pairs; nothing is stored', async () => {
    const env = makeEnv();
    const meta = await externalKey(env);
    const before = JSON.stringify(await env.record(`key/us-east-1/${meta.KeyId}`));
    const ask = (WrappingAlgorithm: string, WrappingKeySpec: string) =>
      env.run('GetParametersForImport', { KeyId: meta.KeyId, WrappingAlgorithm, WrappingKeySpec });
    await expectKmsError(ask('RSAES_PKCS1_V1_5', 'RSA_2048'), 'ValidationException');
    await expectKmsError(ask('SM2PKE', 'SM2'), 'ValidationException', /Value 'SM2' at 'wrappingKeySpec'/);
    await expectKmsError(ask('SM2PKE', 'RSA_2048'), 'ValidationException', /Value 'SM2PKE' at 'wrappingAlgorithm'/);
    expect(JSON.stringify(await env.record(`key/us-east-1/${meta.KeyId}`))).toBe(before);
  });
});

describe('ImportKeyMaterial: symmetric keys', () => {
  it.each(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'])(
    'imports 32 bytes wrapped with %s; the key is Enabled and encrypts',
    async (algorithm) => {
      const env = makeEnv();
      const meta = await externalKey(env);
      const material = randomBytes(32);
      const out = await importMaterial(env, meta.KeyId as string, material, { algorithm, spec: 'RSA_3072' });
      expect(out.KeyId).toBe(meta.Arn);
      expect(out.KeyMaterialId).toMatch(HEX64);
      const after = (await env.run('DescribeKey', { KeyId: meta.KeyId })).KeyMetadata as Record<string, unknown>;
      expect(after).toMatchObject({ Enabled: true, KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', CurrentKeyMaterialId: out.KeyMaterialId });
      const enc = await env.run('Encrypt', { KeyId: meta.KeyId, Plaintext: bytes('secret') });
      const dec = await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob });
      expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('secret');
    },
  );

  it('defaults ExpirationModel to KEY_MATERIAL_EXPIRES and wants ValidTo (recorded message)', async () => {
    const env = makeEnv();
    const meta = await externalKey(env);
    await expectKmsError(
      importMaterial(env, meta.KeyId as string, randomBytes(32), { extra: { ExpirationModel: undefined } }),
      'ValidationException',
      'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
    );
    const now = env.clock.t;
    for (const extra of [
      { ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', ValidTo: new Date(now + DAY) },
      { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(now - 1) },
      { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(now + 366 * DAY) },
    ]) {
      await expectKmsError(importMaterial(env, meta.KeyId as string, randomBytes(32), { extra }), 'ValidationException');
    }
    expect(((await env.run('DescribeKey', { KeyId: meta.KeyId })).KeyMetadata as Record<string, unknown>).KeyState).toBe('PendingImport');
  });

  it('refuses material of the wrong length (IncorrectKeyMaterialException)', async () => {
    const env = makeEnv();
    const meta = await externalKey(env);
    await expectKmsError(importMaterial(env, meta.KeyId as string, randomBytes(16)), 'IncorrectKeyMaterialException');
  });

  it('judges the token by the clock: valid for 24 hours, then ExpiredImportTokenException', async () => {
    const env = makeEnv();
    const meta = await externalKey(env);
    const material = randomBytes(32);
    const p = await env.run('GetParametersForImport', { KeyId: meta.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const req = {
      KeyId: meta.KeyId,
      ImportToken: p.ImportToken,
      EncryptedKeyMaterial: await wrapForImport('RSAES_OAEP_SHA_256', p.PublicKey as Uint8Array, material),
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    };
    env.clock.advance(DAY + 1);
    await expectKmsError(env.run('ImportKeyMaterial', req), 'ExpiredImportTokenException');
    env.clock.advance(-2);
    await env.run('ImportKeyMaterial', req);
  });

  it('refuses a token of another key, a superseded or altered token (InvalidImportTokenException)', async () => {
    const env = makeEnv();
    const a = await externalKey(env);
    const b = await externalKey(env);
    const material = randomBytes(32);
    const ask = (KeyId: unknown) => env.run('GetParametersForImport', { KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const pa = await ask(a.KeyId);
    const wrapped = await wrapForImport('RSAES_OAEP_SHA_256', pa.PublicKey as Uint8Array, material);
    const imp = (KeyId: unknown, ImportToken: unknown) =>
      env.run('ImportKeyMaterial', { KeyId, ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    await expectKmsError(imp(b.KeyId, pa.ImportToken), 'InvalidImportTokenException');
    const altered = new Uint8Array(pa.ImportToken as Uint8Array);
    altered[altered.length - 1]! ^= 1;
    await expectKmsError(imp(a.KeyId, altered), 'InvalidImportTokenException');
    await expectKmsError(imp(a.KeyId, bytes('not a token')), 'InvalidImportTokenException');
    await ask(a.KeyId); // a new set replaces the old one
    await expectKmsError(imp(a.KeyId, pa.ImportToken), 'InvalidImportTokenException');
  });

  it('refuses material wrapped with another algorithm or public key than the token names (InvalidCiphertextException, empty message)', async () => {
    const env = makeEnv();
    const meta = await externalKey(env);
    const p = await env.run('GetParametersForImport', { KeyId: meta.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    const other = await env.run('GetParametersForImport', { KeyId: (await externalKey(env)).KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_3072' });
    for (const [algorithm, pub] of [['RSAES_OAEP_SHA_1', p.PublicKey], ['RSA_AES_KEY_WRAP_SHA_256', p.PublicKey], ['RSAES_OAEP_SHA_256', other.PublicKey]] as const) {
      const wrapped = await wrapForImport(algorithm, pub as Uint8Array, randomBytes(32));
      await expectKmsError(
        env.run('ImportKeyMaterial', { KeyId: meta.KeyId, ImportToken: p.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
        'InvalidCiphertextException',
        '',
      );
    }
  });
});

describe('re-import, expiry and DeleteImportedKeyMaterial', () => {
  it('re-imports the same material only; ciphertexts survive delete and re-import (recorded flow)', async () => {
    const env = makeEnv();
    const meta = await externalKey(env);
    const material = randomBytes(32);
    const first = await importMaterial(env, meta.KeyId as string, material);
    const enc = await env.run('Encrypt', { KeyId: meta.KeyId, Plaintext: bytes('kept') });
    const del = await env.run('DeleteImportedKeyMaterial', { KeyId: meta.KeyId });
    expect(del).toEqual({ KeyId: meta.Arn, KeyMaterialId: first.KeyMaterialId });
    const gone = (await env.run('DescribeKey', { KeyId: meta.KeyId })).KeyMetadata as Record<string, unknown>;
    expect(gone).toMatchObject({ KeyState: 'PendingImport', Enabled: false, CurrentKeyMaterialId: first.KeyMaterialId });
    expect(gone).not.toHaveProperty('ExpirationModel');
    await expectKmsError(env.run('Encrypt', { KeyId: meta.KeyId, Plaintext: bytes('x') }), 'KMSInvalidStateException', `${meta.Arn} is pending import.`);
    await expectKmsError(importMaterial(env, meta.KeyId as string, randomBytes(32)), 'IncorrectKeyMaterialException');
    const again = await importMaterial(env, meta.KeyId as string, material, { algorithm: 'RSA_AES_KEY_WRAP_SHA_1', spec: 'RSA_4096' });
    expect(again.KeyMaterialId).toBe(first.KeyMaterialId);
    const dec = await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob });
    expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('kept');
  });

  it('expires material at ValidTo by the clock: the key goes PendingImport until the same material returns', async () => {
    const env = makeEnv();
    const meta = await externalKey(env);
    const material = randomBytes(32);
    const validTo = new Date(env.clock.t + 2 * DAY);
    await importMaterial(env, meta.KeyId as string, material, { extra: { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo } });
    const live = (await env.run('DescribeKey', { KeyId: meta.KeyId })).KeyMetadata as Record<string, unknown>;
    expect(live).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo });
    const enc = await env.run('Encrypt', { KeyId: meta.KeyId, Plaintext: bytes('t') });
    env.clock.advance(2 * DAY);
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob }), 'KMSInvalidStateException', `${meta.Arn} is pending import.`);
    const dead = (await env.run('DescribeKey', { KeyId: meta.KeyId })).KeyMetadata as Record<string, unknown>;
    expect(dead.KeyState).toBe('PendingImport');
    expect(dead).not.toHaveProperty('ValidTo');
    expect(dead).not.toHaveProperty('ExpirationModel');
    await importMaterial(env, meta.KeyId as string, material);
    expect(Buffer.from((await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob })).Plaintext as Uint8Array).toString()).toBe('t');
  });

  it('leaves a key pending deletion in PendingDeletion when its material is deleted or expires', async () => {
    const env = makeEnv();
    const meta = await externalKey(env);
    await importMaterial(env, meta.KeyId as string, randomBytes(32), { extra: { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(env.clock.t + DAY) } });
    await env.run('ScheduleKeyDeletion', { KeyId: meta.KeyId, PendingWindowInDays: 7 });
    env.clock.advance(DAY);
    await env.run('DeleteImportedKeyMaterial', { KeyId: meta.KeyId });
    expect(((await env.run('DescribeKey', { KeyId: meta.KeyId })).KeyMetadata as Record<string, unknown>).KeyState).toBe('PendingDeletion');
  });

  it('DeleteImportedKeyMaterial refuses keys of origin AWS_KMS (recorded template)', async () => {
    const env = makeEnv();
    const meta = await env.newKey();
    await expectKmsError(env.run('DeleteImportedKeyMaterial', { KeyId: meta.KeyId }), 'UnsupportedOperationException', `${meta.Arn} origin is AWS_KMS which is not valid for this operation.`);
  });
});

describe('CancelKeyDeletion of a key whose material was deleted', () => {
  it('brings the key back PendingImport rather than Disabled', async () => {
    const env = makeEnv();
    const meta = await externalKey(env);
    await importMaterial(env, meta.KeyId as string, randomBytes(32));
    await env.run('ScheduleKeyDeletion', { KeyId: meta.KeyId, PendingWindowInDays: 7 });
    await env.run('DeleteImportedKeyMaterial', { KeyId: meta.KeyId });
    await env.run('CancelKeyDeletion', { KeyId: meta.KeyId });
    expect(((await env.run('DescribeKey', { KeyId: meta.KeyId })).KeyMetadata as Record<string, unknown>).KeyState).toBe('PendingImport');
    await expectKmsError(env.run('EnableKey', { KeyId: meta.KeyId }), 'KMSInvalidStateException', `${meta.Arn} is pending import.`);
  });
});
