// GenerateMac / VerifyMac, DeriveSharedSecret and GenerateDataKeyPair(WithoutPlaintext): responses,
// the recorded errors, and node:crypto cross-checks (HMAC, ECDH, PKCS#8 ↔ SPKI).
import { createHmac, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytes, expectKmsError, makeEnv, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeAll(() => {
  env = makeEnv();
});

describe('GenerateMac / VerifyMac', () => {
  for (const bits of [224, 256, 384, 512]) {
    it(`HMAC_${bits}: the recorded members, MacValid true, a wrong MAC is KMSInvalidMacException`, async () => {
      const meta = await env.newKey({ KeySpec: `HMAC_${bits}`, KeyUsage: 'GENERATE_VERIFY_MAC' });
      const MacAlgorithm = `HMAC_SHA_${bits}`;
      const g = await env.run('GenerateMac', { KeyId: meta.KeyId, Message: bytes('msg'), MacAlgorithm });
      expect(g).toEqual({ Mac: expect.any(Uint8Array), MacAlgorithm, KeyId: meta.Arn });
      expect((g.Mac as Uint8Array).length).toBe(bits / 8);
      const v = await env.run('VerifyMac', { KeyId: meta.KeyId, Message: bytes('msg'), MacAlgorithm, Mac: g.Mac });
      expect(v).toEqual({ KeyId: meta.Arn, MacValid: true, MacAlgorithm });
      await expectKmsError(env.run('VerifyMac', { KeyId: meta.KeyId, Message: bytes('other'), MacAlgorithm, Mac: g.Mac }), 'KMSInvalidMacException', '');
      await expectKmsError(env.run('VerifyMac', { KeyId: meta.KeyId, Message: bytes('msg'), MacAlgorithm, Mac: (g.Mac as Uint8Array).subarray(1) }), 'KMSInvalidMacException', '');
    });
  }

  it('is HMAC over the key material (same message, same key → same MAC; differs per key)', async () => {
    const a = await env.newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const b = await env.newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const req = { Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' };
    const m1 = (await env.run('GenerateMac', { KeyId: a.KeyId, ...req })).Mac;
    expect((await env.run('GenerateMac', { KeyId: a.KeyId, ...req })).Mac).toEqual(m1);
    expect((await env.run('GenerateMac', { KeyId: b.KeyId, ...req })).Mac).not.toEqual(m1);
    expect(createHmac('sha256', 'k').update('m').digest().length).toBe(32);
  });

  it('gives the recorded refusals', async () => {
    const mac = await env.newKey({ KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const sym = await env.newKey();
    await expectKmsError(env.run('GenerateMac', { KeyId: mac.KeyId, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' }), 'InvalidKeyUsageException', 'Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.');
    await expectKmsError(env.run('GenerateMac', { KeyId: sym.KeyId, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' }), 'InvalidKeyUsageException', `${sym.Arn as string} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`);
    await expectKmsError(env.run('GenerateMac', { KeyId: 'key_id', Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' }), 'NotFoundException', "Invalid keyId 'key_id'");
    await expectKmsError(env.run('VerifyMac', { KeyId: 'key_id', Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256', Mac: bytes('x') }), 'NotFoundException', "Invalid keyId 'key_id'");
    await expectKmsError(env.run('GenerateMac', { KeyId: mac.KeyId, Message: bytes('m'), MacAlgorithm: 'INVALID' }), 'ValidationException',
      "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]");
    await expectKmsError(env.run('GenerateMac', { KeyId: mac.KeyId, Message: new Uint8Array(4097), MacAlgorithm: 'HMAC_SHA_224' }), 'ValidationException', /length less than or equal to 4096/);
    await expectKmsError(env.run('GenerateMac', { KeyId: mac.KeyId, Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_224', DryRun: true }), 'DryRunOperationException');
  });
});

describe('DeriveSharedSecret', () => {
  for (const [spec, curve] of [['ECC_NIST_P256', 'prime256v1'], ['ECC_NIST_P384', 'secp384r1'], ['ECC_NIST_P521', 'secp521r1']]) {
    it(`${spec}: equals node:crypto ECDH with the peer's private key`, async () => {
      const meta = await env.newKey({ KeySpec: spec, KeyUsage: 'KEY_AGREEMENT' });
      const peer = generateKeyPairSync('ec', { namedCurve: curve! });
      const PublicKey = new Uint8Array(peer.publicKey.export({ format: 'der', type: 'spki' }));
      const res = await env.run('DeriveSharedSecret', { KeyId: meta.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey });
      // recorded members: KeyId, SharedSecret, KeyAgreementAlgorithm, KeyOrigin
      expect(Object.keys(res).sort()).toEqual(['KeyAgreementAlgorithm', 'KeyId', 'KeyOrigin', 'SharedSecret']);
      expect(res).toMatchObject({ KeyId: meta.Arn, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS' });
      const ours = createPublicKey({ key: Buffer.from((await env.run('GetPublicKey', { KeyId: meta.KeyId })).PublicKey as Uint8Array), format: 'der', type: 'spki' });
      expect(Buffer.from(res.SharedSecret as Uint8Array)).toEqual(diffieHellman({ privateKey: peer.privateKey, publicKey: ours }));
    });
  }

  it('gives the recorded refusals', async () => {
    const signer = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const sym = await env.newKey();
    const agree = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
    const peer = new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' }));
    const req = { KeyAgreementAlgorithm: 'ECDH', PublicKey: peer };
    await expectKmsError(env.run('DeriveSharedSecret', { KeyId: signer.KeyId, ...req }), 'InvalidKeyUsageException', `${signer.Arn as string} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`);
    await expectKmsError(env.run('DeriveSharedSecret', { KeyId: sym.KeyId, ...req }), 'InvalidKeyUsageException', `${sym.Arn as string} key usage is ENCRYPT_DECRYPT which is not valid for DeriveSharedSecret.`);
    await expectKmsError(env.run('DeriveSharedSecret', { KeyId: agree.KeyId, KeyAgreementAlgorithm: 'INVALID', PublicKey: peer }), 'ValidationException',
      "1 validation error detected: Value 'INVALID' at 'keyAgreementAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ECDH]");
    await expectKmsError(env.run('DeriveSharedSecret', { KeyId: agree.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: bytes('not a key') }), 'ValidationException', '');
    const p384 = new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey.export({ format: 'der', type: 'spki' }));
    await expectKmsError(env.run('DeriveSharedSecret', { KeyId: agree.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: p384 }), 'ValidationException');
    await expectKmsError(env.run('DeriveSharedSecret', { KeyId: agree.KeyId, ...req, DryRun: true }), 'DryRunOperationException');
  });

  it('SM2 ECDH in cn-north-1 agrees from both sides', async () => {
    const cn = makeEnv('cn-north-1');
    const a = await cn.newKey({ KeySpec: 'SM2', KeyUsage: 'KEY_AGREEMENT' });
    const b = await cn.newKey({ KeySpec: 'SM2', KeyUsage: 'KEY_AGREEMENT' });
    const pa = (await cn.run('GetPublicKey', { KeyId: a.KeyId })).PublicKey;
    const pb = (await cn.run('GetPublicKey', { KeyId: b.KeyId })).PublicKey;
    const ab = await cn.run('DeriveSharedSecret', { KeyId: a.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: pb });
    const ba = await cn.run('DeriveSharedSecret', { KeyId: b.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: pa });
    expect(ab.SharedSecret).toEqual(ba.SharedSecret);
  });
});

describe('GenerateDataKeyPair / GenerateDataKeyPairWithoutPlaintext', () => {
  const SPECS = ['RSA_2048', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519'];
  let wrap: Record<string, unknown>;
  beforeAll(async () => {
    wrap = await env.newKey();
  });

  for (const spec of SPECS) {
    it(`${spec}: PKCS#8 private key matching the SPKI public key, encrypted under the key with the context`, async () => {
      const p = await env.run('GenerateDataKeyPair', { KeyId: wrap.KeyId, KeyPairSpec: spec, EncryptionContext: { purpose: 'test' } });
      expect(Object.keys(p).sort()).toEqual(['KeyId', 'KeyMaterialId', 'KeyPairSpec', 'PrivateKeyCiphertextBlob', 'PrivateKeyPlaintext', 'PublicKey']);
      expect(p).toMatchObject({ KeyId: wrap.Arn, KeyPairSpec: spec, KeyMaterialId: wrap.CurrentKeyMaterialId });
      const priv = createPrivateKey({ key: Buffer.from(p.PrivateKeyPlaintext as Uint8Array), format: 'der', type: 'pkcs8' });
      const derived = createPublicKey(priv).export({ format: 'der', type: 'spki' });
      expect(new Uint8Array(derived)).toEqual(p.PublicKey);
      const dec = await env.run('Decrypt', { CiphertextBlob: p.PrivateKeyCiphertextBlob, EncryptionContext: { purpose: 'test' } });
      expect(dec.Plaintext).toEqual(p.PrivateKeyPlaintext);
      await expectKmsError(env.run('Decrypt', { CiphertextBlob: p.PrivateKeyCiphertextBlob }), 'InvalidCiphertextException', '');
    });
  }

  it('without plaintext returns only the encrypted private key', async () => {
    const p = await env.run('GenerateDataKeyPairWithoutPlaintext', { KeyId: wrap.KeyId, KeyPairSpec: 'ECC_NIST_P256' });
    expect(Object.keys(p).sort()).toEqual(['KeyId', 'KeyMaterialId', 'KeyPairSpec', 'PrivateKeyCiphertextBlob', 'PublicKey']);
    const priv = createPrivateKey({ key: Buffer.from((await env.run('Decrypt', { CiphertextBlob: p.PrivateKeyCiphertextBlob })).Plaintext as Uint8Array), format: 'der', type: 'pkcs8' });
    expect(new Uint8Array(createPublicKey(priv).export({ format: 'der', type: 'spki' }))).toEqual(p.PublicKey);
  });

  it('SM2 pairs only in China Regions; asymmetric wrapping keys and DryRun refused as AWS', async () => {
    const e = await expectKmsError(env.run('GenerateDataKeyPair', { KeyId: wrap.KeyId, KeyPairSpec: 'SM2' }), 'ValidationException');
    expect(e.message).toBe("1 validation error detected: Value 'SM2' at 'keyPairSpec' failed to satisfy constraint: Member must satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, ECC_NIST_EDWARDS25519]");
    const cn = makeEnv('cn-north-1');
    const cnWrap = await cn.newKey();
    const p = await cn.run('GenerateDataKeyPair', { KeyId: cnWrap.KeyId, KeyPairSpec: 'SM2' });
    expect((p.PrivateKeyCiphertextBlob as Uint8Array)[0]).toBe(2);
    expect((await cn.run('Decrypt', { CiphertextBlob: p.PrivateKeyCiphertextBlob })).Plaintext).toEqual(p.PrivateKeyPlaintext);
    const signer = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await expectKmsError(env.run('GenerateDataKeyPair', { KeyId: signer.KeyId, KeyPairSpec: 'ECC_NIST_P256' }), 'InvalidKeyUsageException',
      `${signer.Arn as string} key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair.`);
    for (const op of ['GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext']) {
      await expectKmsError(env.run(op, { KeyId: wrap.KeyId, KeyPairSpec: 'RSA_4096', DryRun: true }), 'DryRunOperationException',
        'The request would have succeeded, but the DryRun option is set.');
    }
  });
});
