// Where kms already answers as AWS does, shown for every family, with the source in each test's
// name: an algorithm the key spec does not offer (Sign, Verify, GenerateMac, VerifyMac, Encrypt,
// Decrypt), a key of the wrong usage, and a KeyUsage the KeySpec does not allow at CreateKey.
//
// Sources:
// - recorded: ../shared/aws-recorded (LocalStack's snapshots recorded against AWS), e.g.
//   "InvalidKeyUsageException: Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224."
//   and "ValidationException: KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048".
// - captured: real AWS errors pasted in public issues: "Algorithm ECDSA_SHA_256 is incompatible
//   with key spec ECC_NIST_P521." (JackOfMostTrades/aws-kms-pkcs11 issue 18) and "Algorithm
//   SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096." (zalando/spring-cloud-config-aws-kms
//   issue 82).
// AWS uses one template per kind of error; the pairs no source shows are taken to follow it.
import { describe, it } from 'vitest';
import { expectKmsError, makeEnv, type TestEnv } from './helpers.js';

const MESSAGE = new TextEncoder().encode('m');
const SIGNING: Record<string, readonly string[]> = {
  RSA_2048: ['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'],
  ECC_NIST_P256: ['ECDSA_SHA_256'],
  ECC_NIST_P384: ['ECDSA_SHA_384'],
  ECC_NIST_P521: ['ECDSA_SHA_512'],
  ECC_SECG_P256K1: ['ECDSA_SHA_256'],
  ECC_NIST_EDWARDS25519: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'],
  ML_DSA_44: ['ML_DSA_SHAKE_256'],
};
const ALL_SIGNING = [...new Set([...Object.values(SIGNING).flat(), 'SM2DSA'])];

async function key(env: TestEnv, spec: string, usage: string): Promise<string> {
  return String((await env.newKey({ KeySpec: spec, KeyUsage: usage })).KeyId);
}

describe('errors kms shares with AWS', () => {
  it('Sign and Verify with an algorithm the key spec does not offer: InvalidKeyUsageException "Algorithm X is incompatible with key spec Y." (captured: aws-kms-pkcs11#18; recorded for MACs)', async () => {
    const env = makeEnv();
    for (const [spec, offered] of Object.entries(SIGNING)) {
      const id = await key(env, spec, 'SIGN_VERIFY');
      for (const algorithm of ALL_SIGNING.filter((a) => !offered.includes(a))) {
        const text = `Algorithm ${algorithm} is incompatible with key spec ${spec}.`;
        await expectKmsError(env.run('Sign', { KeyId: id, Message: MESSAGE, SigningAlgorithm: algorithm }), 'InvalidKeyUsageException', text);
        await expectKmsError(env.run('Verify', { KeyId: id, Message: MESSAGE, Signature: new Uint8Array(64), SigningAlgorithm: algorithm }), 'InvalidKeyUsageException', text);
      }
    }
    const cn = makeEnv('cn-north-1');
    const sm2 = await key(cn, 'SM2', 'SIGN_VERIFY');
    for (const algorithm of ALL_SIGNING.filter((a) => a !== 'SM2DSA')) {
      await expectKmsError(cn.run('Sign', { KeyId: sm2, Message: MESSAGE, SigningAlgorithm: algorithm }), 'InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec SM2.`);
    }
  }, 60_000);

  it('GenerateMac and VerifyMac with another HMAC algorithm: the same template (recorded: HMAC_SHA_256 on HMAC_224, HMAC_SHA_512 on HMAC_256)', async () => {
    const env = makeEnv();
    const all = ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'];
    for (const spec of ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512']) {
      const id = await key(env, spec, 'GENERATE_VERIFY_MAC');
      for (const algorithm of all.filter((a) => a !== `HMAC_SHA_${spec.slice(5)}`)) {
        const text = `Algorithm ${algorithm} is incompatible with key spec ${spec}.`;
        await expectKmsError(env.run('GenerateMac', { KeyId: id, Message: MESSAGE, MacAlgorithm: algorithm }), 'InvalidKeyUsageException', text);
        await expectKmsError(env.run('VerifyMac', { KeyId: id, Message: MESSAGE, Mac: new Uint8Array(32), MacAlgorithm: algorithm }), 'InvalidKeyUsageException', text);
      }
    }
  });

  it('Encrypt with an algorithm the key spec does not offer: the same template (captured: SYMMETRIC_DEFAULT on RSA_4096, zalando/spring-cloud-config-aws-kms#82)', async () => {
    const env = makeEnv();
    const cases: [string, string, string[]][] = [
      ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT', ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']],
      ['RSA_2048', 'ENCRYPT_DECRYPT', ['SYMMETRIC_DEFAULT']],
      ['RSA_4096', 'ENCRYPT_DECRYPT', ['SYMMETRIC_DEFAULT']],
    ];
    for (const [spec, usage, algorithms] of cases) {
      const id = await key(env, spec, usage);
      for (const algorithm of algorithms) {
        await expectKmsError(env.run('Encrypt', { KeyId: id, Plaintext: MESSAGE, EncryptionAlgorithm: algorithm }), 'InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${spec}.`);
      }
    }
    const cn = makeEnv('cn-north-1');
    const sm2 = await key(cn, 'SM2', 'ENCRYPT_DECRYPT');
    await expectKmsError(cn.run('Encrypt', { KeyId: sm2, Plaintext: MESSAGE, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidKeyUsageException', 'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SM2.');
    const rsa = await key(cn, 'RSA_2048', 'ENCRYPT_DECRYPT');
    await expectKmsError(cn.run('Encrypt', { KeyId: rsa, Plaintext: MESSAGE, EncryptionAlgorithm: 'SM2PKE' }), 'InvalidKeyUsageException', 'Algorithm SM2PKE is incompatible with key spec RSA_2048.');
  });

  it('a key of another usage: "<arn> key usage is U which is not valid for Op." for Sign, Verify, GenerateMac, Encrypt and DeriveSharedSecret (recorded)', async () => {
    const env = makeEnv();
    const arn = async (spec: string, usage: string) => String((await env.newKey({ KeySpec: spec, KeyUsage: usage })).Arn);
    const symmetric = await arn('SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT');
    const hmac = await arn('HMAC_256', 'GENERATE_VERIFY_MAC');
    const signing = await arn('ECC_NIST_P256', 'SIGN_VERIFY');
    await expectKmsError(env.run('GenerateMac', { KeyId: symmetric, Message: MESSAGE, MacAlgorithm: 'HMAC_SHA_256' }), 'InvalidKeyUsageException', `${symmetric} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`);
    await expectKmsError(env.run('Sign', { KeyId: hmac, Message: MESSAGE, SigningAlgorithm: 'ECDSA_SHA_256' }), 'InvalidKeyUsageException', `${hmac} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.`);
    await expectKmsError(env.run('Verify', { KeyId: symmetric, Message: MESSAGE, Signature: MESSAGE, SigningAlgorithm: 'ECDSA_SHA_256' }), 'InvalidKeyUsageException', `${symmetric} key usage is ENCRYPT_DECRYPT which is not valid for Verify.`);
    await expectKmsError(env.run('Encrypt', { KeyId: signing, Plaintext: MESSAGE }), 'InvalidKeyUsageException', `${signing} key usage is SIGN_VERIFY which is not valid for Encrypt.`);
    const peer = new Uint8Array(91);
    await expectKmsError(env.run('DeriveSharedSecret', { KeyId: signing, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer }), 'InvalidKeyUsageException', `${signing} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`);
    await expectKmsError(env.run('DeriveSharedSecret', { KeyId: symmetric, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer }), 'InvalidKeyUsageException', `${symmetric} key usage is ENCRYPT_DECRYPT which is not valid for DeriveSharedSecret.`);
  });

  // Recorded: "Invalid keyId 'fake-key-id'", "Key '<arn>' does not exist" (for an id and for an
  // ARN), "Invalid arn <region>" for a key ARN of another region. Not established by any source, so
  // kms's choice: a key ARN of another account is a key that does not exist here (its ARN quoted,
  // as for one of this account), and a key ARN with no id after "key/" is not parsed as an ARN at
  // all, so it is an invalid key id quoted whole, as any other malformed identifier.
  it('malformed and unknown key identifiers: NotFoundException with the recorded texts (recorded: describe-key-with-invalid-uuid, describe-nonexistent-key-with-id/-arn, describe-key-diff-region-with-arn)', async () => {
    const env = makeEnv();
    const id = '11111111-1111-4111-8111-111111111111';
    const arn = `arn:aws:kms:us-east-1:111122223333:key/${id}`;
    for (const op of ['DescribeKey', 'EnableKey']) {
      await expectKmsError(env.run(op, { KeyId: 'fake-key-id' }), 'NotFoundException', "Invalid keyId 'fake-key-id'");
      await expectKmsError(env.run(op, { KeyId: '134f2428cec14b25a1ae9048164dba47' }), 'NotFoundException', "Invalid keyId '134f2428cec14b25a1ae9048164dba47'");
      await expectKmsError(env.run(op, { KeyId: id }), 'NotFoundException', `Key '${arn}' does not exist`);
      await expectKmsError(env.run(op, { KeyId: arn }), 'NotFoundException', `Key '${arn}' does not exist`);
      await expectKmsError(env.run(op, { KeyId: arn.replace('us-east-1', 'eu-west-1') }), 'NotFoundException', 'Invalid arn eu-west-1');
      await expectKmsError(env.run(op, { KeyId: arn.replace('111122223333', '444455556666') }), 'NotFoundException', `Key '${arn.replace('111122223333', '444455556666')}' does not exist`);
      await expectKmsError(env.run(op, { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/' }), 'NotFoundException', "Invalid keyId 'arn:aws:kms:us-east-1:111122223333:key/'");
      await expectKmsError(env.run(op, { KeyId: `arn:aws:kms:us-east-1:111122223333:key/alias/aws/sqs` }), 'NotFoundException', "Invalid keyId 'alias/aws/sqs'");
    }
  });

  // Only KEY_AGREEMENT with RSA_2048 is recorded; AWS words every such refusal from one template,
  // which kms uses for all. One older capture (aws/aws-sdk-go-v2#1426, 2021) of SIGN_VERIFY with
  // SYMMETRIC_DEFAULT reads "The operation failed because the KeyUsage value of the CMK is
  // SIGN_VERIFY. …": kms keeps the template of the 2024 recording, AWS's newer wording.
  it('CreateKey with a KeyUsage the KeySpec does not allow: ValidationException "KeyUsage U is not compatible with KeySpec S" (recorded: KEY_AGREEMENT with RSA_2048)', async () => {
    const env = makeEnv();
    for (const [usage, spec] of [
      ['KEY_AGREEMENT', 'RSA_2048'],
      ['ENCRYPT_DECRYPT', 'HMAC_512'],
      ['GENERATE_VERIFY_MAC', 'RSA_2048'],
      ['SIGN_VERIFY', 'SYMMETRIC_DEFAULT'],
      ['KEY_AGREEMENT', 'ECC_SECG_P256K1'],
      ['ENCRYPT_DECRYPT', 'ECC_NIST_P256'],
      ['KEY_AGREEMENT', 'ECC_NIST_EDWARDS25519'],
      ['ENCRYPT_DECRYPT', 'ML_DSA_65'],
    ]) {
      await expectKmsError(env.run('CreateKey', { KeySpec: spec, KeyUsage: usage }), 'ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
    }
  });
});
