// CreateKey, DescribeKey and GetPublicKey for every KeySpec × KeyUsage AWS allows, and AWS's refusals.
import { createPublicKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectKmsError, makeEnv, type TestEnv } from './helpers.js';

// API reference, GetPublicKey example: PKCS#1 v1.5 first, then PSS
const RSA_SIGN = ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512'];
const RSA_ENC = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];

/** Developer guide "Key spec reference": spec, usage → the list DescribeKey shows. */
const ALLOWED: [string, string, string, string[]][] = [
  ['RSA_2048', 'ENCRYPT_DECRYPT', 'EncryptionAlgorithms', RSA_ENC],
  ['RSA_2048', 'SIGN_VERIFY', 'SigningAlgorithms', RSA_SIGN],
  ['ECC_NIST_P256', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_256']],
  ['ECC_NIST_P256', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms', ['ECDH']],
  ['ECC_NIST_P384', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_384']],
  ['ECC_NIST_P384', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms', ['ECDH']],
  ['ECC_NIST_P521', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_512']],
  ['ECC_NIST_P521', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms', ['ECDH']],
  ['ECC_SECG_P256K1', 'SIGN_VERIFY', 'SigningAlgorithms', ['ECDSA_SHA_256']],
  ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY', 'SigningAlgorithms', ['ED25519_SHA_512', 'ED25519_PH_SHA_512']],
  ['ML_DSA_44', 'SIGN_VERIFY', 'SigningAlgorithms', ['ML_DSA_SHAKE_256']],
  ['ML_DSA_65', 'SIGN_VERIFY', 'SigningAlgorithms', ['ML_DSA_SHAKE_256']],
  ['ML_DSA_87', 'SIGN_VERIFY', 'SigningAlgorithms', ['ML_DSA_SHAKE_256']],
  ['HMAC_224', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_224']],
  ['HMAC_256', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_256']],
  ['HMAC_384', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_384']],
  ['HMAC_512', 'GENERATE_VERIFY_MAC', 'MacAlgorithms', ['HMAC_SHA_512']],
];
const CN_ALLOWED: [string, string, string, string[]][] = [
  ['SM2', 'ENCRYPT_DECRYPT', 'EncryptionAlgorithms', ['SM2PKE']],
  ['SM2', 'SIGN_VERIFY', 'SigningAlgorithms', ['SM2DSA']],
  ['SM2', 'KEY_AGREEMENT', 'KeyAgreementAlgorithms', ['ECDH']],
];
const LISTS = ['EncryptionAlgorithms', 'SigningAlgorithms', 'MacAlgorithms', 'KeyAgreementAlgorithms'];

let env: TestEnv;
let cn: TestEnv;
beforeAll(() => {
  env = makeEnv();
  cn = makeEnv('cn-north-1');
});

describe('CreateKey / DescribeKey for every allowed KeySpec and KeyUsage', () => {
  for (const [spec, usage, list, algorithms] of [...ALLOWED, ...CN_ALLOWED]) {
    it(`${spec} ${usage} lists ${list}`, async () => {
      const e = spec === 'SM2' ? cn : env;
      const meta = await e.newKey({ KeySpec: spec, KeyUsage: usage });
      expect(meta).toMatchObject({ KeySpec: spec, CustomerMasterKeySpec: spec, KeyUsage: usage, KeyState: 'Enabled', Enabled: true, Origin: 'AWS_KMS' });
      expect(meta[list]).toEqual(algorithms);
      for (const other of LISTS.filter((l) => l !== list)) expect(meta).not.toHaveProperty(other);
      // recorded (test_hmac_create_key): no CurrentKeyMaterialId for keys that are not symmetric encryption keys
      expect(meta).not.toHaveProperty('CurrentKeyMaterialId');
      const described = (await e.run('DescribeKey', { KeyId: meta.KeyId })).KeyMetadata;
      expect(described).toEqual(meta);
    });
  }

  it('accepts CustomerMasterKeySpec as the deprecated twin of KeySpec', async () => {
    const meta = await env.newKey({ CustomerMasterKeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(meta).toMatchObject({ KeySpec: 'ECC_NIST_P256', CustomerMasterKeySpec: 'ECC_NIST_P256' });
    await expectKmsError(env.run('CreateKey', { KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }), 'ValidationException',
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  });
});

describe('CreateKey refusals', () => {
  it('needs KeyUsage for every spec but SYMMETRIC_DEFAULT (recorded)', async () => {
    for (const spec of ['RSA_2048', 'ECC_NIST_P256', 'HMAC_256', 'ML_DSA_44', 'ECC_NIST_EDWARDS25519']) {
      await expectKmsError(env.run('CreateKey', { KeySpec: spec }), 'ValidationException',
        'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    }
  });

  it('refuses usages the spec does not allow (recorded wording)', async () => {
    const refused: [string, string][] = [
      ['RSA_2048', 'KEY_AGREEMENT'], ['RSA_4096', 'GENERATE_VERIFY_MAC'], ['ECC_NIST_P256', 'ENCRYPT_DECRYPT'],
      ['ECC_SECG_P256K1', 'KEY_AGREEMENT'], ['ECC_NIST_EDWARDS25519', 'KEY_AGREEMENT'], ['ML_DSA_65', 'KEY_AGREEMENT'],
      ['ML_DSA_44', 'ENCRYPT_DECRYPT'], ['HMAC_256', 'ENCRYPT_DECRYPT'], ['HMAC_512', 'SIGN_VERIFY'], ['SYMMETRIC_DEFAULT', 'GENERATE_VERIFY_MAC'],
    ];
    for (const [spec, usage] of refused) {
      await expectKmsError(env.run('CreateKey', { KeySpec: spec, KeyUsage: usage }), 'ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
    }
  });

  it('offers SM2 only in China Regions: elsewhere it is outside the KeySpec enum', async () => {
    const e = await expectKmsError(env.run('CreateKey', { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' }), 'ValidationException');
    expect(e.message).toMatch(/^1 validation error detected: Value 'SM2' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[RSA_2048, ECC_NIST_P384, /);
    expect(e.message).not.toMatch(/, SM2[,\]]/);
    const e2 = await expectKmsError(env.run('CreateKey', { CustomerMasterKeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' }), 'ValidationException');
    expect(e2.message).toMatch(/at 'customerMasterKeySpec'/);
  });

  it('uses SM4 (blob version 2) for SYMMETRIC_DEFAULT keys in China Regions', async () => {
    const meta = await cn.newKey();
    expect(meta).toMatchObject({ KeySpec: 'SYMMETRIC_DEFAULT', EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] });
    const blob = (await cn.run('Encrypt', { KeyId: meta.KeyId, Plaintext: new Uint8Array([1, 2, 3]) })).CiphertextBlob as Uint8Array;
    expect(blob[0]).toBe(2);
    const us = (await env.run('Encrypt', { KeyId: (await env.newKey()).KeyId, Plaintext: new Uint8Array([1]) })).CiphertextBlob as Uint8Array;
    expect(us[0]).toBe(1);
  });
});

describe('GetPublicKey', () => {
  it('returns the SPKI DER key with the members AWS returns, per usage', async () => {
    for (const [spec, usage, list, algorithms] of [ALLOWED[0]!, ALLOWED[2]!, ALLOWED[3]!, ALLOWED[9]!]) {
      const meta = await env.newKey({ KeySpec: spec, KeyUsage: usage });
      const res = await env.run('GetPublicKey', { KeyId: meta.Arn });
      expect(Object.keys(res)).toEqual(['KeyId', 'PublicKey', 'CustomerMasterKeySpec', 'KeySpec', 'KeyUsage', list]);
      expect(res).toMatchObject({ KeyId: meta.Arn, KeySpec: spec, CustomerMasterKeySpec: spec, KeyUsage: usage, [list]: algorithms });
      const key = createPublicKey({ key: Buffer.from(res.PublicKey as Uint8Array), format: 'der', type: 'spki' });
      expect(key.type).toBe('public');
    }
  });

  it('refuses symmetric and HMAC keys with UnsupportedOperationException', async () => {
    const sym = await env.newKey();
    const mac = await env.newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    for (const KeyId of [sym.KeyId, mac.KeyId]) {
      await expectKmsError(env.run('GetPublicKey', { KeyId }), 'UnsupportedOperationException', 'GetPublicKey is not supported for symmetric keys.');
    }
  });

  it('refuses a disabled key', async () => {
    const meta = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await env.run('DisableKey', { KeyId: meta.KeyId });
    await expectKmsError(env.run('GetPublicKey', { KeyId: meta.KeyId }), 'DisabledException', `${meta.Arn as string} is disabled.`);
  });
});
