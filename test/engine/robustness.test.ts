// Malformed input through every asymmetric path ends as an API exception (never a raw library
// error): garbage signatures, ciphertexts, peer keys and message types.
import { beforeAll, describe, expect, it } from 'vitest';
import { KmsError } from '../../src/errors.js';
import { bytes, expectKmsError, makeEnv, type TestEnv } from './helpers.js';

const SIGNERS: [string, string, string][] = [
  ['RSA_2048', 'RSASSA_PSS_SHA_256', 'us-east-1'], ['ECC_NIST_P256', 'ECDSA_SHA_256', 'us-east-1'], ['ECC_SECG_P256K1', 'ECDSA_SHA_256', 'us-east-1'],
  ['ECC_NIST_EDWARDS25519', 'ED25519_SHA_512', 'us-east-1'], ['ML_DSA_44', 'ML_DSA_SHAKE_256', 'us-east-1'], ['SM2', 'SM2DSA', 'cn-north-1'],
];
const GARBAGE = [bytes('x'), new Uint8Array(64), new Uint8Array(512).fill(0xff), new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00])];

let us: TestEnv;
let cn: TestEnv;
beforeAll(() => {
  us = makeEnv();
  cn = makeEnv('cn-north-1');
});

describe('malformed input', () => {
  for (const [spec, algorithm, region] of SIGNERS) {
    it(`${spec}: garbage signatures are KMSInvalidSignatureException; a foreign MessageType is refused`, async () => {
      const env = region === 'us-east-1' ? us : cn;
      const { KeyId } = await env.newKey({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
      for (const Signature of GARBAGE) {
        await expectKmsError(env.run('Verify', { KeyId, Message: bytes('m'), Signature, SigningAlgorithm: algorithm }), 'KMSInvalidSignatureException', '');
      }
      if (spec.startsWith('ML_DSA')) return;
      const err = await env.run('Sign', { KeyId, Message: new Uint8Array(64), MessageType: 'EXTERNAL_MU', SigningAlgorithm: algorithm }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KmsError);
      expect((err as KmsError).code).toBe('ValidationException');
    });
  }

  it('garbage ciphertexts for RSA and SM2 are InvalidCiphertextException', async () => {
    const rsa = await us.newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    const sm2 = await cn.newKey({ KeySpec: 'SM2', KeyUsage: 'ENCRYPT_DECRYPT' });
    for (const CiphertextBlob of GARBAGE) {
      await expectKmsError(us.run('Decrypt', { KeyId: rsa.KeyId, CiphertextBlob, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidCiphertextException', '');
      await expectKmsError(cn.run('Decrypt', { KeyId: sm2.KeyId, CiphertextBlob, EncryptionAlgorithm: 'SM2PKE' }), 'InvalidCiphertextException', '');
    }
  });

  it('garbage peer keys are ValidationException for every agreement spec', async () => {
    const keys = [
      [us, (await us.newKey({ KeySpec: 'ECC_NIST_P521', KeyUsage: 'KEY_AGREEMENT' })).KeyId],
      [cn, (await cn.newKey({ KeySpec: 'SM2', KeyUsage: 'KEY_AGREEMENT' })).KeyId],
    ] as const;
    for (const [env, KeyId] of keys) {
      for (const PublicKey of GARBAGE) {
        await expectKmsError(env.run('DeriveSharedSecret', { KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey }), 'ValidationException');
      }
    }
  });
});
