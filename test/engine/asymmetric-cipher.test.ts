// Encrypt / Decrypt / ReEncrypt with RSA keys (RSAES-OAEP) and, in cn-north-1, SM2 (SM2PKE) and the
// SM4 blob cipher of SYMMETRIC_DEFAULT keys: AWS's rules, limits and messages.
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytes, expectKmsError, makeEnv, type TestEnv } from './helpers.js';

let env: TestEnv;
let rsa: { KeyId: string; Arn: string };
let sym: { KeyId: string; Arn: string };
const NO_CONTEXT = 'EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.';

beforeAll(async () => {
  env = makeEnv();
  const r = await env.newKey({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
  rsa = { KeyId: r.KeyId as string, Arn: r.Arn as string };
  const s = await env.newKey();
  sym = { KeyId: s.KeyId as string, Arn: s.Arn as string };
});

describe('RSA Encrypt / Decrypt', () => {
  for (const algorithm of ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']) {
    it(`${algorithm} round-trips with the members AWS returns`, async () => {
      const enc = await env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: bytes('secret'), EncryptionAlgorithm: algorithm });
      expect(Object.keys(enc).sort()).toEqual(['CiphertextBlob', 'EncryptionAlgorithm', 'KeyId']);
      expect(enc).toMatchObject({ KeyId: rsa.Arn, EncryptionAlgorithm: algorithm });
      expect((enc.CiphertextBlob as Uint8Array).length).toBe(256);
      const dec = await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, KeyId: rsa.Arn, EncryptionAlgorithm: algorithm });
      // Decrypt: no KeyMaterialId for asymmetric keys
      expect(dec).toEqual({ KeyId: rsa.Arn, Plaintext: bytes('secret'), EncryptionAlgorithm: algorithm });
    });

    it(`${algorithm}: node:crypto OAEP with the GetPublicKey key decrypts with Decrypt`, async () => {
      const pub = createPublicKey({ key: Buffer.from((await env.run('GetPublicKey', { KeyId: rsa.KeyId })).PublicKey as Uint8Array), format: 'der', type: 'spki' });
      const hash = algorithm.endsWith('_1') ? 'sha1' : 'sha256';
      const ct = publicEncrypt({ key: pub, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, Buffer.from('from node'));
      const dec = await env.run('Decrypt', { CiphertextBlob: new Uint8Array(ct), KeyId: rsa.KeyId, EncryptionAlgorithm: algorithm });
      expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('from node');
    });
  }

  it('enforces the recorded plaintext limits per key size and algorithm', async () => {
    const limits: Record<string, number> = { RSAES_OAEP_SHA_1: 214, RSAES_OAEP_SHA_256: 190 };
    for (const [algorithm, max] of Object.entries(limits)) {
      await env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: new Uint8Array(max), EncryptionAlgorithm: algorithm });
      await expectKmsError(env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: new Uint8Array(max + 1), EncryptionAlgorithm: algorithm }),
        'ValidationException', `Algorithm ${algorithm} and key spec RSA_2048 cannot encrypt data larger than ${max} bytes.`);
    }
  });

  it('needs an EncryptionAlgorithm (the default SYMMETRIC_DEFAULT does not fit) and takes no context', async () => {
    await expectKmsError(env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: bytes('x') }), 'InvalidKeyUsageException', 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.');
    await expectKmsError(env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'SM2PKE' }), 'InvalidKeyUsageException', 'Algorithm SM2PKE is incompatible with key spec RSA_2048.');
    await expectKmsError(env.run('Encrypt', { KeyId: sym.KeyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }), 'InvalidKeyUsageException', 'Algorithm RSAES_OAEP_SHA_1 is incompatible with key spec SYMMETRIC_DEFAULT.');
    await expectKmsError(env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', EncryptionContext: { a: 'b' } }), 'ValidationException', NO_CONTEXT);
    // DryRun answers only after these checks
    await expectKmsError(env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', EncryptionContext: { a: 'b' }, DryRun: true }), 'ValidationException', NO_CONTEXT);
    await expectKmsError(env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: new Uint8Array(300), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', DryRun: true }), 'ValidationException', /cannot encrypt data larger than 214 bytes/);
    await expectKmsError(env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', DryRun: true }), 'DryRunOperationException');
    const enc = await env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', EncryptionContext: {} });
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, KeyId: rsa.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1', EncryptionContext: { a: 'b' } }), 'ValidationException', NO_CONTEXT);
  });

  it('Decrypt of an RSA ciphertext needs its KeyId and algorithm; anything else is InvalidCiphertextException', async () => {
    const enc = await env.run('Encrypt', { KeyId: rsa.KeyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob }), 'InvalidCiphertextException', '');
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, KeyId: rsa.KeyId }), 'InvalidKeyUsageException', 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.');
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, KeyId: rsa.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }), 'InvalidCiphertextException', '');
    const bad = (enc.CiphertextBlob as Uint8Array).slice();
    bad[10] ^= 1;
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: bad, KeyId: rsa.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidCiphertextException', '');
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, KeyId: sym.KeyId }), 'InvalidCiphertextException');
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, KeyId: rsa.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', DryRun: true }), 'DryRunOperationException');
  });

  it('refuses RSA SIGN_VERIFY keys and GenerateDataKey with an RSA key', async () => {
    const signer = await env.newKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    await expectKmsError(env.run('Encrypt', { KeyId: signer.KeyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' }),
      'InvalidKeyUsageException', `${signer.Arn as string} key usage is SIGN_VERIFY which is not valid for Encrypt.`);
    await expectKmsError(env.run('GenerateDataKey', { KeyId: rsa.KeyId, KeySpec: 'AES_256' }), 'InvalidKeyUsageException', 'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.');
  });
});

describe('ReEncrypt between symmetric and asymmetric keys', () => {
  it('moves a ciphertext through every pair and reports material ids for symmetric sides only', async () => {
    const symBlob = (await env.run('Encrypt', { KeyId: sym.KeyId, Plaintext: bytes('pt'), EncryptionContext: { c: '1' } })).CiphertextBlob;
    const toRsa = await env.run('ReEncrypt', {
      CiphertextBlob: symBlob, SourceEncryptionContext: { c: '1' }, DestinationKeyId: rsa.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
    });
    expect(Object.keys(toRsa).sort()).toEqual(['CiphertextBlob', 'DestinationEncryptionAlgorithm', 'KeyId', 'SourceEncryptionAlgorithm', 'SourceKeyId', 'SourceKeyMaterialId']);
    expect(toRsa).toMatchObject({ SourceKeyId: sym.Arn, KeyId: rsa.Arn, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    const rsaToRsa = await env.run('ReEncrypt', {
      CiphertextBlob: toRsa.CiphertextBlob, SourceKeyId: rsa.KeyId, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
      DestinationKeyId: rsa.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
    });
    // recorded (test_re_encrypt[RSA_2048-RSAES_OAEP_SHA_256]): no material ids between asymmetric keys
    expect(Object.keys(rsaToRsa).sort()).toEqual(['CiphertextBlob', 'DestinationEncryptionAlgorithm', 'KeyId', 'SourceEncryptionAlgorithm', 'SourceKeyId']);
    const back = await env.run('ReEncrypt', {
      CiphertextBlob: rsaToRsa.CiphertextBlob, SourceKeyId: rsa.Arn, SourceEncryptionAlgorithm: 'RSAES_OAEP_SHA_1',
      DestinationKeyId: sym.KeyId, DestinationEncryptionContext: { d: '2' },
    });
    expect(back).toHaveProperty('DestinationKeyMaterialId');
    expect(back).not.toHaveProperty('SourceKeyMaterialId');
    expect((await env.run('Decrypt', { CiphertextBlob: back.CiphertextBlob, EncryptionContext: { d: '2' } })).Plaintext).toEqual(bytes('pt'));
  });

  it('refuses a context on an asymmetric side', async () => {
    const symBlob = (await env.run('Encrypt', { KeyId: sym.KeyId, Plaintext: bytes('pt') })).CiphertextBlob;
    await expectKmsError(env.run('ReEncrypt', {
      CiphertextBlob: symBlob, DestinationKeyId: rsa.KeyId, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1', DestinationEncryptionContext: { a: 'b' },
    }), 'ValidationException', NO_CONTEXT);
  });
});

describe('China Regions: SM2PKE and SM4 blobs', () => {
  let cn: TestEnv;
  beforeAll(() => {
    cn = makeEnv('cn-north-1');
  });

  it('SM2PKE round-trips and re-encrypts to an SM4 key', async () => {
    const sm2 = await cn.newKey({ KeySpec: 'SM2', KeyUsage: 'ENCRYPT_DECRYPT' });
    const enc = await cn.run('Encrypt', { KeyId: sm2.KeyId, Plaintext: bytes('sm2 data'), EncryptionAlgorithm: 'SM2PKE' });
    expect(enc.EncryptionAlgorithm).toBe('SM2PKE');
    const dec = await cn.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, KeyId: sm2.KeyId, EncryptionAlgorithm: 'SM2PKE' });
    expect(dec.Plaintext).toEqual(bytes('sm2 data'));
    const sm4 = await cn.newKey();
    const re = await cn.run('ReEncrypt', { CiphertextBlob: enc.CiphertextBlob, SourceKeyId: sm2.KeyId, SourceEncryptionAlgorithm: 'SM2PKE', DestinationKeyId: sm4.KeyId });
    expect((re.CiphertextBlob as Uint8Array)[0]).toBe(2);
    const back = await cn.run('Decrypt', { CiphertextBlob: re.CiphertextBlob });
    expect(back).toMatchObject({ KeyId: sm4.Arn, Plaintext: bytes('sm2 data'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
  });

  it('SM4 blobs bind the encryption context and fail on any altered byte', async () => {
    const key = await cn.newKey();
    const blob = (await cn.run('Encrypt', { KeyId: key.KeyId, Plaintext: bytes('x'), EncryptionContext: { a: '1' } })).CiphertextBlob as Uint8Array;
    expect((await cn.run('Decrypt', { CiphertextBlob: blob, EncryptionContext: { a: '1' } })).KeyMaterialId).toBe(key.CurrentKeyMaterialId);
    await expectKmsError(cn.run('Decrypt', { CiphertextBlob: blob }), 'InvalidCiphertextException', '');
    for (const i of [0, 5, blob.length - 1]) {
      const bad = blob.slice();
      bad[i] ^= 1;
      await expectKmsError(cn.run('Decrypt', { CiphertextBlob: bad, EncryptionContext: { a: '1' } }), 'InvalidCiphertextException');
    }
  });
});
