// Rotation of keys with imported material (RotateKeyOnDemand promotes material imported as
// NEW_KEY_MATERIAL), multi-Region keys (set on the primary, replicas follow) and refusals for
// keys in a custom key store. Recorded
// scenarios from /work/shared/aws-recorded (LocalStack, Apache-2.0).
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { setHsmBackend } from '../../src/services/kms/custom-key-stores/hsm-backend.js';
import { FakeHsm, TRUST_ANCHOR } from './custom-key-stores-fake.js';
import { bytes, DAY, expectKmsError, makeEnv, type TestEnv } from './helpers.js';

/** GetParametersForImport + RSAES_OAEP_SHA_256 wrapping + ImportKeyMaterial (never expires). */
async function importMaterial(env: TestEnv, keyId: string, material: Uint8Array, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const params = await env.run('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
  const wrapped = publicEncrypt(
    { key: createPublicKey({ key: Buffer.from(params.PublicKey as Uint8Array), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
    material,
  );
  return env.run('ImportKeyMaterial', {
    KeyId: keyId,
    ImportToken: params.ImportToken,
    EncryptedKeyMaterial: new Uint8Array(wrapped),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    ...extra,
  });
}

async function describeKey(env: TestEnv, keyId: string): Promise<Record<string, unknown>> {
  return (await env.run('DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, unknown>;
}

describe('keys with imported material', () => {
  it.each([
    ['SYMMETRIC_DEFAULT', {}],
    ['RSA_4096', { KeySpec: 'RSA_4096', KeyUsage: 'ENCRYPT_DECRYPT' }],
  ])('test_rotate_key_on_demand_on_external_key_with_no_key_material[%s]: pending import', async (_name, spec) => {
    const env = makeEnv();
    const key = await env.newKey({ Origin: 'EXTERNAL', ...spec });
    await expectKmsError(env.run('RotateKeyOnDemand', { KeyId: key.KeyId }), 'KMSInvalidStateException', `${String(key.Arn)} is pending import.`);
  });

  it('test_rotate_key_on_demand_raises_for_no_pending_key_material', async () => {
    const env = makeEnv();
    const key = await env.newKey({ Origin: 'EXTERNAL' });
    await importMaterial(env, key.KeyId as string, randomBytes(32));
    await expectKmsError(
      env.run('RotateKeyOnDemand', { KeyId: key.KeyId }),
      'KMSInvalidStateException',
      `No available key material pending rotation for the key: ${String(key.Arn)}.`,
    );
  });

  it('test_rotate_key_on_demand_updates_current_key_material_for_external_keys (+ decrypts with previous material)', async () => {
    const env = makeEnv();
    const key = await env.newKey({ Origin: 'EXTERNAL' });
    const id = key.KeyId as string;
    const m1 = (await importMaterial(env, id, randomBytes(32))).KeyMaterialId as string;
    expect((await describeKey(env, id)).CurrentKeyMaterialId).toBe(m1);
    const old = await env.run('Encrypt', { KeyId: id, Plaintext: bytes('first material') });
    const m2 = (await importMaterial(env, id, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'second' })).KeyMaterialId as string;
    // Recorded: describe-key still shows the first material while the new one is pending rotation
    expect((await describeKey(env, id)).CurrentKeyMaterialId).toBe(m1);
    const pending = (await env.run('ListKeyRotations', { KeyId: id, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations as Record<string, unknown>[];
    expect(pending.map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.ImportState])).toEqual([
      [m1, 'CURRENT', 'IMPORTED'],
      [m2, 'PENDING_ROTATION', 'IMPORTED'],
    ]);
    // Recorded: the response names the key ARN for keys with imported material
    expect(await env.run('RotateKeyOnDemand', { KeyId: id })).toEqual({ KeyId: key.Arn });
    expect((await describeKey(env, id)).CurrentKeyMaterialId).toBe(m2);
    const dec = await env.run('Decrypt', { CiphertextBlob: old.CiphertextBlob });
    expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('first material');
    expect(dec.KeyMaterialId).toBe(m1);
    const fresh = await env.run('Encrypt', { KeyId: id, Plaintext: bytes('second') });
    expect((await env.run('Decrypt', { CiphertextBlob: fresh.CiphertextBlob })).KeyMaterialId).toBe(m2);
    const list = (await env.run('ListKeyRotations', { KeyId: id })).Rotations as Record<string, unknown>[];
    expect(list).toEqual([
      {
        KeyId: id,
        KeyMaterialId: m2,
        KeyMaterialDescription: 'second',
        ImportState: 'IMPORTED',
        KeyMaterialState: 'CURRENT',
        ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
        RotationDate: env.clock.now(),
        RotationType: 'ON_DEMAND',
      },
    ]);
  });

  it('automatic rotation is refused for imported keys ([6]); the status is refused too ([7])', async () => {
    const env = makeEnv();
    const key = await env.newKey({ Origin: 'EXTERNAL' });
    await importMaterial(env, key.KeyId as string, randomBytes(32));
    const msg = `${String(key.Arn)} origin is EXTERNAL which is not valid for this operation.`;
    await expectKmsError(env.run('EnableKeyRotation', { KeyId: key.KeyId }), 'UnsupportedOperationException', msg);
    await expectKmsError(env.run('GetKeyRotationStatus', { KeyId: key.KeyId }), 'UnsupportedOperationException', msg);
  });
});

describe('multi-Region keys', () => {
  it('rotation is set on the primary; the replica refuses it and follows the primary\'s material', async () => {
    const env = makeEnv();
    const primary = await env.newKey({ MultiRegion: true });
    const id = primary.KeyId as string;
    const eu = env.inRegion('eu-west-1');
    await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: 'eu-west-1' });
    const replicaArn = `arn:aws:kms:eu-west-1:111122223333:key/${id}`;
    await expectKmsError(env.runIn(eu, 'EnableKeyRotation', { KeyId: id }), 'UnsupportedOperationException', `${replicaArn} is not a multi-region primary key.`);
    await expectKmsError(env.runIn(eu, 'RotateKeyOnDemand', { KeyId: id }), 'UnsupportedOperationException', `${replicaArn} is not a multi-region primary key.`);
    const old = await env.run('Encrypt', { KeyId: id, Plaintext: bytes('before') });
    await env.run('EnableKeyRotation', { KeyId: id, RotationPeriodInDays: 90 });
    // The replica shares the rotation status
    expect((await env.runIn(eu, 'GetKeyRotationStatus', { KeyId: id })).RotationPeriodInDays).toBe(90);
    env.clock.advance(91 * DAY);
    // Looking the replica up applies the primary's due rotation first
    const replicaMeta = (await env.runIn(eu, 'DescribeKey', { KeyId: id })).KeyMetadata as Record<string, unknown>;
    const primaryMeta = await describeKey(env, id);
    expect(replicaMeta.CurrentKeyMaterialId).not.toBe(primary.CurrentKeyMaterialId);
    expect(replicaMeta.CurrentKeyMaterialId).toBe(primaryMeta.CurrentKeyMaterialId);
    // A blob made in the primary Region before the rotation decrypts in the replica Region
    const dec = await env.runIn(eu, 'Decrypt', { CiphertextBlob: old.CiphertextBlob });
    expect(Buffer.from(dec.Plaintext as Uint8Array).toString()).toBe('before');
    // And one made by the replica after it decrypts in the primary Region with the new material
    const fresh = await env.runIn(eu, 'Encrypt', { KeyId: id, Plaintext: bytes('after') });
    expect((await env.run('Decrypt', { CiphertextBlob: fresh.CiphertextBlob })).KeyMaterialId).toBe(primaryMeta.CurrentKeyMaterialId);
    // On-demand rotation of the primary reaches the replica
    await env.run('RotateKeyOnDemand', { KeyId: id });
    const afterOnDemand = await describeKey(env, id);
    expect(((await env.runIn(eu, 'DescribeKey', { KeyId: id })).KeyMetadata as Record<string, unknown>).CurrentKeyMaterialId).toBe(afterOnDemand.CurrentKeyMaterialId);
    const list = (await env.runIn(eu, 'ListKeyRotations', { KeyId: id })).Rotations as Record<string, unknown>[];
    expect(list.map((r) => r.RotationType)).toEqual(['AUTOMATIC', 'ON_DEMAND']);
  });
});

describe('keys in a custom key store', () => {
  it('refuse every rotation operation with the origin text ([7])', async () => {
    const env = makeEnv();
    const hsm = new FakeHsm();
    hsm.addToken('cluster-234abcdefgh', 'kmsuser-pw');
    setHsmBackend(hsm);
    try {
      const store = (await env.run('CreateCustomKeyStore', {
        CustomKeyStoreName: 'hsm-store', CloudHsmClusterId: 'cluster-234abcdefgh', TrustAnchorCertificate: TRUST_ANCHOR, KeyStorePassword: 'kmsuser-pw',
      })).CustomKeyStoreId as string;
      await env.run('ConnectCustomKeyStore', { CustomKeyStoreId: store });
      const key = (await env.run('CreateKey', { CustomKeyStoreId: store, Origin: 'AWS_CLOUDHSM' })).KeyMetadata as Record<string, unknown>;
      const msg = `${String(key.Arn)} origin is AWS_CLOUDHSM which is not valid for this operation.`;
      for (const op of ['EnableKeyRotation', 'DisableKeyRotation', 'GetKeyRotationStatus', 'RotateKeyOnDemand', 'ListKeyRotations']) {
        await expectKmsError(env.run(op, { KeyId: key.KeyId }), 'UnsupportedOperationException', msg);
      }
    } finally {
      setHsmBackend(undefined);
    }
  });
});
