// Grant tokens on every operation that takes GrantTokens: a live grant's token passes, anything
// else (forged, altered, from another keyring, retired, revoked, key deleted) is InvalidGrantTokenException.
import { gunzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operationTakesGrantTokens, parseGrantToken } from '../../src/services/kms/grants/grants.js';
import { service as kmsService } from '../../src/services/kms/index.js';
import { DAY, bytes, expectKmsError, makeEnv, type TestEnv } from './helpers.js';

const OPERATIONS: readonly string[] = Object.keys(kmsService.model.operations);

const GRANTEE = 'arn:aws:iam::111122223333:role/app';
const MODEL = '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/botocore/data/kms/2014-11-01/service-2.json.gz';
if (!existsSync(MODEL)) console.warn(`grants-tokens: botocore's model not found at ${MODEL}; skipping the model comparison`);

async function tokenFor(env: TestEnv, keyId: string, ops: string[]): Promise<string> {
  const r = await env.run('CreateGrant', { KeyId: keyId, GranteePrincipal: GRANTEE, Operations: ops });
  return r.GrantToken as string;
}

/** Flips one character of the token's MAC (a valid base64url string that is not authentic). */
function tamper(token: string): string {
  const i = token.length - 5;
  return token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
}

describe('GrantTokens on operations', () => {
  it('the operations that take GrantTokens are the 15 of the model', () => {
    const takes = OPERATIONS.filter(operationTakesGrantTokens);
    expect(takes).toEqual([
      'CreateGrant', 'Decrypt', 'DeriveSharedSecret', 'DescribeKey', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair',
      'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GetPublicKey', 'ReEncrypt',
      'Sign', 'Verify', 'VerifyMac',
    ]);
  });

  it.skipIf(!existsSync(MODEL))('matches botocore’s model', () => {
    const m = JSON.parse(gunzipSync(readFileSync(MODEL)).toString('utf8')) as {
      operations: Record<string, { input?: { shape: string } }>;
      shapes: Record<string, { members?: Record<string, unknown> }>;
    };
    const fromModel = Object.entries(m.operations)
      .filter(([, o]) => o.input && m.shapes[o.input.shape]?.members?.GrantTokens)
      .map(([n]) => n)
      .sort();
    expect(OPERATIONS.filter(operationTakesGrantTokens).sort()).toEqual(fromModel);
  });

  it('symmetric operations accept a live token and refuse every other one', async () => {
    const env = makeEnv();
    const k = await env.newKey();
    const token = await tokenFor(env, k.KeyId as string, ['Encrypt', 'Decrypt', 'GenerateDataKey', 'ReEncryptFrom', 'ReEncryptTo', 'DescribeKey']);
    const GrantTokens = [token];
    const enc = await env.run('Encrypt', { KeyId: k.KeyId, Plaintext: bytes('hi'), GrantTokens });
    await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, GrantTokens });
    await env.run('ReEncrypt', { CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: k.KeyId, GrantTokens });
    await env.run('GenerateDataKey', { KeyId: k.KeyId, KeySpec: 'AES_256', GrantTokens });
    await env.run('GenerateDataKeyWithoutPlaintext', { KeyId: k.KeyId, KeySpec: 'AES_256', GrantTokens });
    await env.run('GenerateDataKeyPairWithoutPlaintext', { KeyId: k.KeyId, KeyPairSpec: 'ECC_NIST_P256', GrantTokens });
    await env.run('DescribeKey', { KeyId: k.KeyId, GrantTokens });
    await env.run('CreateGrant', { KeyId: k.KeyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt'], GrantTokens });
    // a token for a grant on another key is well-formed and live: accepted (grants are not evaluated)
    const other = await env.newKey();
    await env.run('Encrypt', { KeyId: other.KeyId, Plaintext: bytes('x'), GrantTokens });

    const forged = makeEnv('us-east-1', 'other-keyring');
    const foreign = await tokenFor(forged, (await forged.newKey()).KeyId as string, ['Encrypt']);
    const before = await env.records('');
    for (const bad of [tamper(token), 'garbage', 'AAAA', `${token}=`, foreign]) {
      const GrantTokens = [token, bad];
      await expectKmsError(env.run('Encrypt', { KeyId: k.KeyId, Plaintext: bytes('hi'), GrantTokens }), 'InvalidGrantTokenException', 'Invalid grant token.');
      await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, GrantTokens }), 'InvalidGrantTokenException');
      await expectKmsError(env.run('GenerateDataKey', { KeyId: k.KeyId, KeySpec: 'AES_256', GrantTokens }), 'InvalidGrantTokenException');
      await expectKmsError(env.run('GenerateDataKeyPair', { KeyId: k.KeyId, KeyPairSpec: 'ECC_NIST_P256', GrantTokens }), 'InvalidGrantTokenException');
      await expectKmsError(env.run('DescribeKey', { KeyId: k.KeyId, GrantTokens }), 'InvalidGrantTokenException');
      await expectKmsError(env.run('CreateGrant', { KeyId: k.KeyId, GranteePrincipal: GRANTEE, Operations: ['Decrypt'], GrantTokens }), 'InvalidGrantTokenException');
    }
    expect(await env.records('')).toEqual(before);
  });

  it('asymmetric, HMAC and key agreement operations check tokens too', async () => {
    const env = makeEnv();
    const signer = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const mac = await env.newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const agree = await env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
    const st = [await tokenFor(env, signer.KeyId as string, ['Sign', 'Verify', 'GetPublicKey'])];
    const mt = [await tokenFor(env, mac.KeyId as string, ['GenerateMac', 'VerifyMac'])];
    const at = [await tokenFor(env, agree.KeyId as string, ['DeriveSharedSecret', 'GetPublicKey'])];
    const Message = bytes('m');
    const sig = await env.run('Sign', { KeyId: signer.KeyId, Message, SigningAlgorithm: 'ECDSA_SHA_256', GrantTokens: st });
    await env.run('Verify', { KeyId: signer.KeyId, Message, Signature: sig.Signature, SigningAlgorithm: 'ECDSA_SHA_256', GrantTokens: st });
    await env.run('GetPublicKey', { KeyId: signer.KeyId, GrantTokens: st });
    const m = await env.run('GenerateMac', { KeyId: mac.KeyId, Message, MacAlgorithm: 'HMAC_SHA_256', GrantTokens: mt });
    await env.run('VerifyMac', { KeyId: mac.KeyId, Message, Mac: m.Mac, MacAlgorithm: 'HMAC_SHA_256', GrantTokens: mt });
    const pub = await env.run('GetPublicKey', { KeyId: agree.KeyId, GrantTokens: at });
    await env.run('DeriveSharedSecret', { KeyId: agree.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: pub.PublicKey, GrantTokens: at });

    const bad = [tamper(st[0]!)];
    const code = 'InvalidGrantTokenException';
    await expectKmsError(env.run('Sign', { KeyId: signer.KeyId, Message, SigningAlgorithm: 'ECDSA_SHA_256', GrantTokens: bad }), code);
    await expectKmsError(env.run('Verify', { KeyId: signer.KeyId, Message, Signature: sig.Signature, SigningAlgorithm: 'ECDSA_SHA_256', GrantTokens: bad }), code);
    await expectKmsError(env.run('GetPublicKey', { KeyId: signer.KeyId, GrantTokens: bad }), code);
    await expectKmsError(env.run('GenerateMac', { KeyId: mac.KeyId, Message, MacAlgorithm: 'HMAC_SHA_256', GrantTokens: bad }), code);
    await expectKmsError(env.run('VerifyMac', { KeyId: mac.KeyId, Message, Mac: m.Mac, MacAlgorithm: 'HMAC_SHA_256', GrantTokens: bad }), code);
    await expectKmsError(env.run('DeriveSharedSecret', { KeyId: agree.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: pub.PublicKey, GrantTokens: bad }), code);
    // more than 10 tokens is the model's length check
    await expectKmsError(env.run('GetPublicKey', { KeyId: signer.KeyId, GrantTokens: Array(11).fill(st[0]) }), 'ValidationException', /less than or equal to 10/);
  });

  it('tokens die with their grant: retired, revoked, or the key deleted', async () => {
    const env = makeEnv();
    const k = await env.newKey();
    const t1 = await tokenFor(env, k.KeyId as string, ['Encrypt']);
    const t2 = await tokenFor(env, k.KeyId as string, ['Encrypt']);
    const t3 = await tokenFor(env, k.KeyId as string, ['Encrypt']);
    const enc = (t: string) => env.run('Encrypt', { KeyId: k.KeyId, Plaintext: bytes('p'), GrantTokens: [t] });
    await env.run('RetireGrant', { GrantToken: t1 });
    await expectKmsError(enc(t1), 'InvalidGrantTokenException');
    const t2grant = (await env.tx((ctx) => parseGrantToken(ctx, t2)))!;
    expect(t2grant).toEqual({ region: 'us-east-1', keyId: k.KeyId, grantId: t2grant.grantId });
    await env.run('RevokeGrant', { KeyId: k.KeyId, GrantId: t2grant.grantId });
    await expectKmsError(enc(t2), 'InvalidGrantTokenException');
    await enc(t3);
    await env.run('ScheduleKeyDeletion', { KeyId: k.KeyId, PendingWindowInDays: 7 });
    env.clock.advance(7 * DAY);
    const other = await env.newKey();
    await expectKmsError(env.run('DescribeKey', { KeyId: other.KeyId, GrantTokens: [t3] }), 'InvalidGrantTokenException');
  });

  it('a keyring that never issued a token refuses every token and writes nothing', async () => {
    const env = makeEnv();
    const k = await env.newKey();
    const before = await env.records('');
    await expectKmsError(env.run('DescribeKey', { KeyId: k.KeyId, GrantTokens: ['AQID'] }), 'InvalidGrantTokenException');
    expect(await env.records('')).toEqual(before);
  });
});
