// The key-state matrix (src/services/kms/keys/key-states.ts) walked for every operation kms implements and every
// KeyState: each key is put into the state directly through the store, then the operation is called.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { service as kmsService } from '../../src/services/kms/index.js';
import { KEY_STATE_MATRIX, KEY_STATES, keyStateOutcome, type KeyState } from '../../src/services/kms/keys/key-states.js';
import { bytes, expectKmsError, makeEnv, type TestEnv } from './helpers.js';

const implementedOperations = (): string[] => [...kmsService.implemented()];

interface Fixture {
  env: TestEnv;
  keyId: string;
  request: Record<string, unknown>;
}

const sig = { Message: bytes('m'), SigningAlgorithm: 'ECDSA_SHA_256' };
const mac = { Message: bytes('m'), MacAlgorithm: 'HMAC_SHA_256' };
const peer = new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }));

const symmetric = (env: TestEnv) => env.newKey();
const signing = (env: TestEnv) => env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
const hmac = (env: TestEnv) => env.newKey({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
const agreement = (env: TestEnv) => env.newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });

type Setup = (env: TestEnv, keyId: string) => Promise<Record<string, unknown>>;
const simple: Setup = async (_e, KeyId) => ({ KeyId });

/** For each operation: the kind of key it takes, and a valid request made while the key is Enabled. */
const CASES: Record<string, [(env: TestEnv) => Promise<Record<string, unknown>>, Setup]> = {
  Encrypt: [symmetric, async (_e, KeyId) => ({ KeyId, Plaintext: bytes('p') })],
  Decrypt: [symmetric, async (e, KeyId) => ({ CiphertextBlob: (await e.run('Encrypt', { KeyId, Plaintext: bytes('p') })).CiphertextBlob })],
  ReEncrypt: [symmetric, async (e, KeyId) => {
    const other = (await e.newKey()).KeyId;
    return { CiphertextBlob: (await e.run('Encrypt', { KeyId: other, Plaintext: bytes('p') })).CiphertextBlob, DestinationKeyId: KeyId };
  }],
  GenerateDataKey: [symmetric, async (_e, KeyId) => ({ KeyId, KeySpec: 'AES_256' })],
  GenerateDataKeyWithoutPlaintext: [symmetric, async (_e, KeyId) => ({ KeyId, NumberOfBytes: 16 })],
  GenerateDataKeyPair: [symmetric, async (_e, KeyId) => ({ KeyId, KeyPairSpec: 'ECC_NIST_P256' })],
  GenerateDataKeyPairWithoutPlaintext: [symmetric, async (_e, KeyId) => ({ KeyId, KeyPairSpec: 'ECC_NIST_P256' })],
  Sign: [signing, async (_e, KeyId) => ({ KeyId, ...sig })],
  Verify: [signing, async (e, KeyId) => ({ KeyId, ...sig, Signature: (await e.run('Sign', { KeyId, ...sig })).Signature })],
  GenerateMac: [hmac, async (_e, KeyId) => ({ KeyId, ...mac })],
  VerifyMac: [hmac, async (e, KeyId) => ({ KeyId, ...mac, Mac: (await e.run('GenerateMac', { KeyId, ...mac })).Mac })],
  DeriveSharedSecret: [agreement, async (_e, KeyId) => ({ KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer })],
  GetPublicKey: [signing, simple],
  DescribeKey: [symmetric, simple],
  GetKeyPolicy: [symmetric, simple],
  ListKeyPolicies: [symmetric, simple],
  PutKeyPolicy: [symmetric, async (e, KeyId) => ({ KeyId, Policy: (await e.run('GetKeyPolicy', { KeyId })).Policy })],
  ListResourceTags: [symmetric, simple],
  ListAliases: [symmetric, simple],
  GetKeyLastUsage: [symmetric, simple],
  CreateAlias: [symmetric, async (_e, KeyId) => ({ AliasName: 'alias/new', TargetKeyId: KeyId })],
  UpdateAlias: [symmetric, async (e, KeyId) => {
    await e.run('CreateAlias', { AliasName: 'alias/moving', TargetKeyId: (await e.newKey()).KeyId });
    return { AliasName: 'alias/moving', TargetKeyId: KeyId };
  }],
  DeleteAlias: [symmetric, async (e, KeyId) => {
    await e.run('CreateAlias', { AliasName: 'alias/mine', TargetKeyId: KeyId });
    return { AliasName: 'alias/mine' };
  }],
  TagResource: [symmetric, async (_e, KeyId) => ({ KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] })],
  UntagResource: [symmetric, async (_e, KeyId) => ({ KeyId, TagKeys: ['a'] })],
  UpdateKeyDescription: [symmetric, async (_e, KeyId) => ({ KeyId, Description: 'd' })],
  EnableKey: [symmetric, simple],
  DisableKey: [symmetric, simple],
  ScheduleKeyDeletion: [symmetric, async (_e, KeyId) => ({ KeyId, PendingWindowInDays: 7 })],
  CancelKeyDeletion: [symmetric, simple],
  CreateGrant: [symmetric, async (_e, KeyId) => ({ KeyId, GranteePrincipal: 'arn:aws:iam::111122223333:role/app', Operations: ['Encrypt'] })],
  ListGrants: [symmetric, simple],
  EnableKeyRotation: [symmetric, simple],
  DisableKeyRotation: [symmetric, simple],
  GetKeyRotationStatus: [symmetric, simple],
  RotateKeyOnDemand: [symmetric, simple],
  ListKeyRotations: [symmetric, simple],
};

const implemented = new Set(implementedOperations());
const walked = Object.keys(CASES).filter((op) => implemented.has(op));
const notWalked = Object.keys(KEY_STATE_MATRIX).filter((op) => implemented.has(op) && !CASES[op]);
if (notWalked.length) console.warn(`key-state walk: no request fixture yet for ${notWalked.join(', ')} (their owners' tests cover them)`);

async function fixture(op: string, state: KeyState): Promise<Fixture> {
  const env = makeEnv();
  const [make, setup] = CASES[op]!;
  const keyId = (await make(env)).KeyId as string;
  const request = await setup(env, keyId);
  const name = `key/us-east-1/${keyId}`;
  const rec = (await env.record<Record<string, unknown>>(name))!;
  rec.KeyState = state;
  if (state === 'PendingDeletion') rec.DeletionDate = env.clock.t + 30 * 86_400_000;
  await env.put(name, rec);
  return { env, keyId, request };
}

/** Every record of the store, to show a refusal changed nothing. */
const dump = async (env: TestEnv): Promise<string> => JSON.stringify(await env.records(''));

function expectedError(op: string, state: KeyState, arn: string): [string, string] | undefined {
  const words: Record<string, string> = {
    PendingDeletion: 'pending deletion', PendingImport: 'pending import', PendingReplicaDeletion: 'pending replica deletion',
    Unavailable: 'unavailable', Creating: 'creating', Updating: 'updating',
  };
  switch (keyStateOutcome(op, state)) {
    case 'ok': return undefined;
    case 'disabled': return ['DisabledException', `${arn} is disabled.`];
    case 'state': return ['KMSInvalidStateException', `${arn} is ${words[state]}.`];
    case 'notPending': return ['KMSInvalidStateException', `${arn} is not pending deletion.`];
    case 'origin': return ['UnsupportedOperationException', `${arn} origin is AWS_KMS which is not valid for this operation.`];
  }
}

describe('key-state matrix', () => {
  it('has a row for every operation that names a key, each with all eight states', () => {
    for (const op of walked) expect(Object.keys(KEY_STATE_MATRIX[op]!).sort()).toEqual([...KEY_STATES].sort());
  });

  for (const op of walked) {
    describe(op, () => {
      for (const state of KEY_STATES) {
        it(`${state}: ${keyStateOutcome(op, state)}`, async () => {
          const { env, keyId, request } = await fixture(op, state);
          const arn = `arn:aws:kms:us-east-1:111122223333:key/${keyId}`;
          const want = expectedError(op, state, arn);
          if (!want) {
            await expect(env.run(op, request)).resolves.toBeTypeOf('object');
            return;
          }
          const before = await dump(env);
          await expectKmsError(env.run(op, request), want[0], want[1]);
          // a refused request leaves the store unchanged
          expect(await dump(env)).toEqual(before);
        });
      }
    });
  }

  it('EnableKey and DisableKey on an Unavailable key succeed and keep the state [12]', async () => {
    for (const op of ['EnableKey', 'DisableKey']) {
      const { env, keyId } = await fixture(op, 'Unavailable');
      await env.run(op, { KeyId: keyId });
      expect((await env.run('DescribeKey', { KeyId: keyId })).KeyMetadata).toMatchObject({ KeyState: 'Unavailable' });
    }
  });

  it('CancelKeyDeletion leaves a key Disabled without DeletionDate', async () => {
    const { env, keyId } = await fixture('CancelKeyDeletion', 'PendingDeletion');
    await env.run('CancelKeyDeletion', { KeyId: keyId });
    const meta = (await env.run('DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, unknown>;
    expect(meta.KeyState).toBe('Disabled');
    expect(meta.DeletionDate).toBeUndefined();
  });
});
