// Sign and Verify for every signing spec and algorithm: RAW, DIGEST, EXTERNAL_MU, the recorded
// errors, and node:crypto checking our signatures with the key GetPublicKey returns.
import { createHash, createPublicKey, verify as nodeVerify, constants } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytes, expectKmsError, makeEnv, type TestEnv } from './helpers.js';

const HASH: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };
/** [spec, algorithm, node verify options or undefined when node cannot check it] */
const CASES: [string, string][] = [
  ...['RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512'].map(
    (a) => ['RSA_2048', a] as [string, string]),
  ['ECC_NIST_P256', 'ECDSA_SHA_256'], ['ECC_NIST_P384', 'ECDSA_SHA_384'], ['ECC_NIST_P521', 'ECDSA_SHA_512'],
  ['ECC_SECG_P256K1', 'ECDSA_SHA_256'], ['ECC_NIST_EDWARDS25519', 'ED25519_SHA_512'],
  ['ML_DSA_44', 'ML_DSA_SHAKE_256'], ['ML_DSA_65', 'ML_DSA_SHAKE_256'], ['ML_DSA_87', 'ML_DSA_SHAKE_256'],
];

let env: TestEnv;
const keys = new Map<string, { KeyId: string; Arn: string }>();
const message = bytes('a message to sign');

beforeAll(async () => {
  env = makeEnv();
  for (const spec of new Set(CASES.map((c) => c[0]))) {
    const meta = await env.newKey({ KeySpec: spec, KeyUsage: 'SIGN_VERIFY' });
    keys.set(spec, { KeyId: meta.KeyId as string, Arn: meta.Arn as string });
  }
});

function nodeCheck(spkiDer: Uint8Array, algorithm: string, msg: Uint8Array, sig: Uint8Array): boolean | undefined {
  if (algorithm === 'ML_DSA_SHAKE_256') return undefined; // Node 20 has no ML-DSA
  const key = createPublicKey({ key: Buffer.from(spkiDer), format: 'der', type: 'spki' });
  const bits = /_(256|384|512)$/.exec(algorithm)?.[1];
  if (algorithm.startsWith('RSASSA_PSS')) {
    return nodeVerify(HASH[bits!]!, msg, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, sig);
  }
  if (algorithm.startsWith('RSASSA_PKCS1') || algorithm.startsWith('ECDSA')) return nodeVerify(HASH[bits!]!, msg, key, sig);
  if (algorithm === 'ED25519_SHA_512') return nodeVerify(null, msg, key, sig);
  return undefined;
}

describe('Sign then Verify, every spec and algorithm', () => {
  for (const [spec, algorithm] of CASES) {
    it(`${spec} ${algorithm}: RAW round-trips, node:crypto agrees, one flipped bit fails`, async () => {
      const { KeyId, Arn } = keys.get(spec)!;
      const s = await env.run('Sign', { KeyId, Message: message, SigningAlgorithm: algorithm });
      expect(Object.keys(s).sort()).toEqual(['KeyId', 'Signature', 'SigningAlgorithm']);
      expect(s).toMatchObject({ KeyId: Arn, SigningAlgorithm: algorithm });
      const v = await env.run('Verify', { KeyId, Message: message, Signature: s.Signature, SigningAlgorithm: algorithm });
      expect(v).toEqual({ KeyId: Arn, SignatureValid: true, SigningAlgorithm: algorithm });
      const pub = (await env.run('GetPublicKey', { KeyId })).PublicKey as Uint8Array;
      const ok = nodeCheck(pub, algorithm, message, s.Signature as Uint8Array);
      if (ok !== undefined) expect(ok).toBe(true);
      const bad = (s.Signature as Uint8Array).slice();
      bad[bad.length >> 1] ^= 0x01;
      await expectKmsError(env.run('Verify', { KeyId, Message: message, Signature: bad, SigningAlgorithm: algorithm }), 'KMSInvalidSignatureException', '');
      await expectKmsError(env.run('Verify', { KeyId, Message: bytes('another'), Signature: s.Signature, SigningAlgorithm: algorithm }), 'KMSInvalidSignatureException', '');
    });
  }

  it('signs and verifies DIGEST messages; a digest of the wrong length is the recorded ValidationException', async () => {
    for (const [spec, algorithm] of CASES.filter(([, a]) => /^(RSASSA|ECDSA)/.test(a))) {
      const { KeyId } = keys.get(spec)!;
      const hash = HASH[/_(256|384|512)$/.exec(algorithm)![1]!]!;
      const digest = new Uint8Array(createHash(hash).update(message).digest());
      const s = await env.run('Sign', { KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: algorithm });
      // a DIGEST signature is the signature of the message itself
      await env.run('Verify', { KeyId, Message: message, MessageType: 'RAW', Signature: s.Signature, SigningAlgorithm: algorithm });
      await expectKmsError(env.run('Sign', { KeyId, Message: digest.subarray(1), MessageType: 'DIGEST', SigningAlgorithm: algorithm }),
        'ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
    }
  });

  it('Ed25519: ED25519_SHA_512 takes RAW only and ED25519_PH_SHA_512 DIGEST only', async () => {
    const { KeyId } = keys.get('ECC_NIST_EDWARDS25519')!;
    const digest = new Uint8Array(createHash('sha512').update(message).digest());
    const ph = await env.run('Sign', { KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_PH_SHA_512' });
    await env.run('Verify', { KeyId, Message: digest, MessageType: 'DIGEST', Signature: ph.Signature, SigningAlgorithm: 'ED25519_PH_SHA_512' });
    await expectKmsError(env.run('Sign', { KeyId, Message: message, SigningAlgorithm: 'ED25519_PH_SHA_512' }), 'ValidationException');
    await expectKmsError(env.run('Sign', { KeyId, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ED25519_SHA_512' }), 'ValidationException');
  });

  it('ML-DSA: EXTERNAL_MU signs μ, and the signature verifies as RAW over the message', async () => {
    const { KeyId } = keys.get('ML_DSA_65')!;
    const { externalMu } = await import('../../src/crypto/ml-dsa.js');
    const pub = (await env.run('GetPublicKey', { KeyId })).PublicKey as Uint8Array;
    const mu = externalMu(pub, message);
    expect(mu.length).toBe(64);
    const s = await env.run('Sign', { KeyId, Message: mu, MessageType: 'EXTERNAL_MU', SigningAlgorithm: 'ML_DSA_SHAKE_256' });
    await env.run('Verify', { KeyId, Message: message, Signature: s.Signature, SigningAlgorithm: 'ML_DSA_SHAKE_256' });
    await env.run('Verify', { KeyId, Message: mu, MessageType: 'EXTERNAL_MU', Signature: s.Signature, SigningAlgorithm: 'ML_DSA_SHAKE_256' });
    await expectKmsError(env.run('Sign', { KeyId, Message: mu, MessageType: 'DIGEST', SigningAlgorithm: 'ML_DSA_SHAKE_256' }), 'ValidationException');
  });
});

describe('Sign / Verify refusals', () => {
  it('refuses keys of another usage with the recorded InvalidKeyUsageException texts', async () => {
    const mac = await env.newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const sym = await env.newKey();
    await expectKmsError(env.run('Sign', { KeyId: mac.KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
      'InvalidKeyUsageException', `${mac.Arn as string} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.`);
    await expectKmsError(env.run('Verify', { KeyId: sym.KeyId, Message: message, Signature: bytes('s'), SigningAlgorithm: 'ECDSA_SHA_256' }),
      'InvalidKeyUsageException', `${sym.Arn as string} key usage is ENCRYPT_DECRYPT which is not valid for Verify.`);
    const rsaEnc = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
    await expectKmsError(env.run('Sign', { KeyId: rsaEnc.KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
      'InvalidKeyUsageException', `${rsaEnc.Arn as string} key usage is KEY_AGREEMENT which is not valid for Sign.`);
  });

  it('refuses an algorithm the key spec does not offer', async () => {
    const { KeyId } = keys.get('ECC_NIST_P256')!;
    for (const op of ['Sign', 'Verify']) {
      await expectKmsError(env.run(op, { KeyId, Message: message, Signature: bytes('s'), SigningAlgorithm: 'ECDSA_SHA_384' }),
        'InvalidKeyUsageException', 'Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.');
    }
    await expectKmsError(env.run('Sign', { KeyId: keys.get('RSA_2048')!.KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
      'InvalidKeyUsageException', 'Algorithm ECDSA_SHA_256 is incompatible with key spec RSA_2048.');
  });

  it('limits RAW messages to 4096 bytes and needs the required members', async () => {
    const { KeyId } = keys.get('ECC_NIST_P256')!;
    await expectKmsError(env.run('Sign', { KeyId, Message: new Uint8Array(4097), SigningAlgorithm: 'ECDSA_SHA_256' }), 'ValidationException',
      "1 validation error detected: Value at 'message' failed to satisfy constraint: Member must have length less than or equal to 4096");
    await env.run('Sign', { KeyId, Message: new Uint8Array(4096), SigningAlgorithm: 'ECDSA_SHA_256' });
    await expectKmsError(env.run('Sign', { KeyId, Message: message }), 'ValidationException', /signingAlgorithm' failed to satisfy constraint: Member must not be null/);
  });

  it('answers DryRun after every check, and refuses disabled keys', async () => {
    const { KeyId } = keys.get('ECC_NIST_P384')!;
    await expectKmsError(env.run('Sign', { KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_384', DryRun: true }),
      'DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
    const s = await env.run('Sign', { KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_384' });
    await expectKmsError(env.run('Verify', { KeyId, Message: message, Signature: s.Signature, SigningAlgorithm: 'ECDSA_SHA_384', DryRun: true }), 'DryRunOperationException');
    await expectKmsError(env.run('Sign', { KeyId, Message: new Uint8Array(3), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_384', DryRun: true }), 'ValidationException');
    const k = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    await env.run('DisableKey', { KeyId: k.KeyId });
    await expectKmsError(env.run('Sign', { KeyId: k.KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }), 'DisabledException');
  });

  it('accepts every identifier form', async () => {
    const { KeyId, Arn } = keys.get('ECC_NIST_P256')!;
    await env.run('CreateAlias', { AliasName: 'alias/signer', TargetKeyId: KeyId });
    for (const id of [KeyId, Arn, 'alias/signer', 'arn:aws:kms:us-east-1:111122223333:alias/signer']) {
      expect((await env.run('Sign', { KeyId: id, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' })).KeyId).toBe(Arn);
    }
  });
});

describe('SM2DSA (cn-north-1)', () => {
  it('signs and verifies RAW and DIGEST', async () => {
    const cn = makeEnv('cn-north-1');
    const meta = await cn.newKey({ KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' });
    const s = await cn.run('Sign', { KeyId: meta.KeyId, Message: message, SigningAlgorithm: 'SM2DSA' });
    expect(s.KeyId).toBe(meta.Arn);
    await cn.run('Verify', { KeyId: meta.KeyId, Message: message, Signature: s.Signature, SigningAlgorithm: 'SM2DSA' });
    const bad = (s.Signature as Uint8Array).slice();
    bad[bad.length - 2] ^= 1;
    await expectKmsError(cn.run('Verify', { KeyId: meta.KeyId, Message: message, Signature: bad, SigningAlgorithm: 'SM2DSA' }), 'KMSInvalidSignatureException');
  });
});
