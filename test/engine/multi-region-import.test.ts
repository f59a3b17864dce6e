// Multi-Region keys with imported key material: the replica's own import of the primary's material,
// the replica-only refusals, on-demand rotation through PENDING_MULTI_REGION_IMPORT_AND_ROTATION, and
// DeleteImportedKeyMaterial on primary and replica. Sources: the AWS docs ("Importing key material into
// multi-Region keys", API_ImportKeyMaterial, API_RotateKeyOnDemand, API_RotationsListEntry,
// API_DeleteImportedKeyMaterial), and for exact texts and shapes the third-party capture
// radkawar/stackd testdata/aws/kms/imports_multi_region.json ("stackd" below; provenance unverified).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytes, DAY, expectKmsError, makeEnv, type TestEnv } from './helpers.js';
import { wrapForImport } from './import-helpers.js';

const ACCOUNT = '111122223333';
const US = 'us-east-1';
const EU = 'eu-west-1';
const AP = 'ap-southeast-2';
const arn = (region: string, id: string) => `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`;

type Meta = Record<string, unknown>;

/** GetParametersForImport + ImportKeyMaterial in `region` (never expires unless `extra` says). */
async function importIn(env: TestEnv, region: string, keyId: string, material: Uint8Array, extra: Record<string, unknown> = {}): Promise<Meta> {
  const ctx = env.inRegion(region);
  const params = await env.runIn(ctx, 'GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
  return env.runIn(ctx, 'ImportKeyMaterial', {
    KeyId: keyId,
    ImportToken: params.ImportToken,
    EncryptedKeyMaterial: await wrapForImport('RSAES_OAEP_SHA_256', params.PublicKey as Uint8Array, material),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    ...extra,
  });
}

async function describeIn(env: TestEnv, region: string, id: string): Promise<Meta> {
  return (await env.runIn(env.inRegion(region), 'DescribeKey', { KeyId: id })).KeyMetadata as Meta;
}

/** ListKeyRotations ALL_KEY_MATERIAL in `region`, as [id, ImportState, KeyMaterialState] rows. */
async function materialsIn(env: TestEnv, region: string, id: string): Promise<[unknown, unknown, unknown][]> {
  const res = await env.runIn(env.inRegion(region), 'ListKeyRotations', { KeyId: id, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
  return (res.Rotations as Meta[]).map((r) => [r.KeyMaterialId, r.ImportState, r.KeyMaterialState]);
}

/** An EXTERNAL primary in us-east-1 with `first` imported (description "primary first"), replicated to `replicas`. */
async function importedMrk(env: TestEnv, first: Uint8Array, replicas: string[] = [EU]): Promise<{ id: string; m1: string }> {
  const id = String((await env.newKey({ Origin: 'EXTERNAL', MultiRegion: true })).KeyId);
  const m1 = String((await importIn(env, US, id, first, { KeyMaterialDescription: 'primary first' })).KeyMaterialId);
  for (const r of replicas) await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: r });
  return { id, m1 };
}

/**
 * A primary and its EU replica both holding `first`, then `second` imported into the primary as new
 * material and into the replica: PENDING_ROTATION everywhere, ready to rotate.
 */
async function secondStaged(env: TestEnv): Promise<{ id: string; m1: string; m2: string; first: Uint8Array; second: Uint8Array }> {
  const first = randomBytes(32);
  const second = randomBytes(32);
  const { id, m1 } = await importedMrk(env, first);
  await importIn(env, EU, id, first);
  const m2 = String((await importIn(env, US, id, second, { ImportType: 'NEW_KEY_MATERIAL' })).KeyMaterialId);
  await importIn(env, EU, id, second);
  return { id, m1, m2, first, second };
}

describe('CreateKey and ReplicateKey with imported material', () => {
  it('CreateKey Origin EXTERNAL + MultiRegion gives a primary in PendingImport (AWS docs: multi-region-keys-import; shape captured by stackd)', async () => {
    const meta = await makeEnv().newKey({ Origin: 'EXTERNAL', MultiRegion: true });
    expect(meta).toMatchObject({ KeyState: 'PendingImport', Enabled: false, Origin: 'EXTERNAL', MultiRegion: true });
    expect(meta.MultiRegionConfiguration).toMatchObject({ MultiRegionKeyType: 'PRIMARY', ReplicaKeys: [] });
    expect(meta).not.toHaveProperty('CurrentKeyMaterialId');
  });

  it('the replica is PendingImport and lists the primary\'s material id, not imported (AWS docs: API_ReplicateKey; captured by stackd)', async () => {
    const env = makeEnv();
    const id = String((await env.newKey({ Origin: 'EXTERNAL', MultiRegion: true })).KeyId);
    const m1 = String((await importIn(env, US, id, randomBytes(32), { KeyMaterialDescription: 'primary first' })).KeyMaterialId);
    const res = await env.run('ReplicateKey', { KeyId: id, ReplicaRegion: EU });
    // stackd replicate_imported_primary: Creating, Enabled false, the primary's ExpirationModel, no CurrentKeyMaterialId
    const shown = res.ReplicaKeyMetadata as Meta;
    expect(shown).toMatchObject({ KeyState: 'Creating', Enabled: false, Origin: 'EXTERNAL', ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    expect(shown).not.toHaveProperty('CurrentKeyMaterialId');
    // stackd replica_pending_poll: PendingImport, CurrentKeyMaterialId is the primary's, no ExpirationModel
    const meta = await describeIn(env, EU, id);
    expect(meta).toMatchObject({ KeyState: 'PendingImport', Enabled: false, CurrentKeyMaterialId: m1 });
    expect(meta).not.toHaveProperty('ExpirationModel');
    // stackd replica_missing_first_history: the primary's material and description, PENDING_IMPORT
    const list = await env.runIn(env.inRegion(EU), 'ListKeyRotations', { KeyId: id, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    expect(list.Rotations).toEqual([
      { KeyId: id, KeyMaterialId: m1, KeyMaterialDescription: 'primary first', ImportState: 'PENDING_IMPORT', KeyMaterialState: 'CURRENT' },
    ]);
    // AWS docs: "You need a different public key and import token for each replica key"
    const params = await env.runIn(env.inRegion(EU), 'GetParametersForImport', { KeyId: id, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    expect(params.KeyId).toBe(arn(EU, id));
  });
});

describe('ImportKeyMaterial on a replica', () => {
  it('takes the primary\'s material; other material fails with the expected identifier (AWS docs: "import the same key material"; text captured by stackd)', async () => {
    const env = makeEnv();
    const first = randomBytes(32);
    const { id, m1 } = await importedMrk(env, first);
    await expectKmsError(
      importIn(env, EU, id, randomBytes(32)),
      'IncorrectKeyMaterialException',
      `Imported key material does not have the expected identifier (${m1}).`,
    );
    // stackd (imports.json existing_wrong_identifier): a wrong KeyMaterialId is echoed
    const wrongId = 'a'.repeat(64);
    await expectKmsError(
      importIn(env, EU, id, first, { KeyMaterialId: wrongId }),
      'IncorrectKeyMaterialException',
      `Imported key material does not have the expected identifier (${wrongId}).`,
    );
    expect((await describeIn(env, EU, id)).KeyState).toBe('PendingImport');
    expect(await importIn(env, EU, id, first)).toEqual({ KeyId: arn(EU, id), KeyMaterialId: m1 });
    expect(await describeIn(env, EU, id)).toMatchObject({ KeyState: 'Enabled', CurrentKeyMaterialId: m1, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    // AWS docs: related multi-Region keys are interoperable
    const blob = await env.runIn(env.inRegion(EU), 'Encrypt', { KeyId: id, Plaintext: bytes('from eu') });
    expect(Buffer.from((await env.run('Decrypt', { CiphertextBlob: blob.CiphertextBlob })).Plaintext as Uint8Array).toString()).toBe('from eu');
  });

  it('refuses ImportType NEW_KEY_MATERIAL and KeyMaterialDescription (AWS docs: "cannot directly import new key material into the replica"; texts captured by stackd)', async () => {
    const env = makeEnv();
    const first = randomBytes(32);
    const { id } = await importedMrk(env, first);
    await expectKmsError(
      importIn(env, EU, id, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' }),
      'ValidationException',
      'Input parameter ImportType NEW_KEY_MATERIAL cannot be used on replica Multi-Region keys',
    );
    await expectKmsError(
      importIn(env, EU, id, first, { KeyMaterialDescription: 'replica first' }),
      'ValidationException',
      'Key material description can only be specified on primary Multi-Region keys',
    );
    // Both given: which one AWS reports is not captured; kms checks ImportType first (import-key-material.ts)
    await expectKmsError(importIn(env, EU, id, first, { ImportType: 'NEW_KEY_MATERIAL', KeyMaterialDescription: 'x' }), 'ValidationException', /ImportType NEW_KEY_MATERIAL/);
    expect((await describeIn(env, EU, id)).KeyState).toBe('PendingImport');
  });

  it('expiry is per Region: the primary\'s material expiring leaves the replica Enabled (AWS docs: "if the key material in the primary key expires, its replica keys are unaffected"; captured by stackd)', async () => {
    const env = makeEnv();
    const first = randomBytes(32);
    const { id } = await importedMrk(env, first);
    await importIn(env, EU, id, first);
    await importIn(env, US, id, first, { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date(env.clock.t + DAY) });
    env.clock.advance(2 * DAY);
    expect((await describeIn(env, US, id)).KeyState).toBe('PendingImport');
    expect((await describeIn(env, EU, id)).KeyState).toBe('Enabled');
  });
});

describe('on-demand rotation of imported material', () => {
  it('new material is PENDING_MULTI_REGION_IMPORT_AND_ROTATION until every replica imports it, then PENDING_ROTATION (AWS docs: API_RotationsListEntry; rows captured by stackd)', async () => {
    const env = makeEnv();
    const first = randomBytes(32);
    const second = randomBytes(32);
    const { id, m1 } = await importedMrk(env, first, [EU, AP]);
    await importIn(env, EU, id, first);
    await importIn(env, AP, id, first);
    const m2 = String((await importIn(env, US, id, second, { ImportType: 'NEW_KEY_MATERIAL' })).KeyMaterialId);
    // stackd primary_missing_replica_history / replica_missing_second_history
    expect(await materialsIn(env, US, id)).toEqual([[m1, 'IMPORTED', 'CURRENT'], [m2, 'IMPORTED', 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION']]);
    expect(await materialsIn(env, EU, id)).toEqual([[m1, 'IMPORTED', 'CURRENT'], [m2, 'PENDING_IMPORT', 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION']]);
    const notYet = 'Cannot perform key material rotation: Key material has not been imported for replicas of the Multi-Region key.';
    // stackd rotate_before_replica_import
    await expectKmsError(env.run('RotateKeyOnDemand', { KeyId: id }), 'KMSInvalidStateException', notYet);
    // AWS docs (API_ImportKeyMaterial): "Call ImportKeyMaterial on the replica Region key with the ImportType set to EXISTING_KEY_MATERIAL"
    expect(await importIn(env, EU, id, second, { ImportType: 'EXISTING_KEY_MATERIAL' })).toEqual({ KeyId: arn(EU, id), KeyMaterialId: m2 });
    // one replica of two: still waiting
    expect((await materialsIn(env, US, id))[1]).toEqual([m2, 'IMPORTED', 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION']);
    await expectKmsError(env.run('RotateKeyOnDemand', { KeyId: id }), 'KMSInvalidStateException', notYet);
    await importIn(env, AP, id, second, { ImportType: 'EXISTING_KEY_MATERIAL', KeyMaterialId: m2 });
    expect((await materialsIn(env, US, id))[1]).toEqual([m2, 'IMPORTED', 'PENDING_ROTATION']);
    // Not captured: the replica's row once every replica holds the material; kms reports the state of
    // the related keys as a set, as the primary does
    expect((await materialsIn(env, EU, id))[1]).toEqual([m2, 'IMPORTED', 'PENDING_ROTATION']);
    // Until the rotation, every Region still encrypts with the first material
    expect((await describeIn(env, EU, id)).CurrentKeyMaterialId).toBe(m1);
  });

  it('RotateKeyOnDemand on the primary rotates every Region; ciphertexts cross Regions both ways (AWS docs: API_RotateKeyOnDemand; response and history captured by stackd)', async () => {
    const env = makeEnv();
    const first = randomBytes(32);
    const second = randomBytes(32);
    const { id, m1 } = await importedMrk(env, first);
    await importIn(env, EU, id, first);
    const old = await env.runIn(env.inRegion(EU), 'Encrypt', { KeyId: id, Plaintext: bytes('old') });
    const m2 = String((await importIn(env, US, id, second, { ImportType: 'NEW_KEY_MATERIAL' })).KeyMaterialId);
    await importIn(env, EU, id, second);
    // stackd rotate_imported_multi: the response names the key ARN
    expect(await env.run('RotateKeyOnDemand', { KeyId: id })).toEqual({ KeyId: arn(US, id) });
    for (const region of [US, EU]) {
      expect(await describeIn(env, region, id)).toMatchObject({ KeyState: 'Enabled', CurrentKeyMaterialId: m2 });
      // stackd multi_rotation_poll / rotated_replica_history: same RotationDate in both Regions
      const rows = (await env.runIn(env.inRegion(region), 'ListKeyRotations', { KeyId: id, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' })).Rotations as Meta[];
      expect(rows.map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.RotationType, r.RotationDate])).toEqual([
        [m1, 'NON_CURRENT', undefined, undefined],
        [m2, 'CURRENT', 'ON_DEMAND', env.clock.now()],
      ]);
    }
    const fromUs = await env.run('Encrypt', { KeyId: id, Plaintext: bytes('us') });
    const fromEu = await env.runIn(env.inRegion(EU), 'Encrypt', { KeyId: id, Plaintext: bytes('eu') });
    const inEu = await env.runIn(env.inRegion(EU), 'Decrypt', { CiphertextBlob: fromUs.CiphertextBlob });
    expect([Buffer.from(inEu.Plaintext as Uint8Array).toString(), inEu.KeyMaterialId]).toEqual(['us', m2]);
    const inUs = await env.run('Decrypt', { CiphertextBlob: fromEu.CiphertextBlob });
    expect([Buffer.from(inUs.Plaintext as Uint8Array).toString(), inUs.KeyMaterialId]).toEqual(['eu', m2]);
    // material made before the rotation still decrypts, in either Region
    expect((await env.run('Decrypt', { CiphertextBlob: old.CiphertextBlob })).KeyMaterialId).toBe(m1);
  });

  it('a replica that never imported the old material may still rotate; it stays PendingImport (only the pending material counts: captured by stackd)', async () => {
    const env = makeEnv();
    const { id, m1 } = await importedMrk(env, randomBytes(32));
    const second = randomBytes(32);
    const m2 = String((await importIn(env, US, id, second, { ImportType: 'NEW_KEY_MATERIAL' })).KeyMaterialId);
    await importIn(env, EU, id, second);
    await env.run('RotateKeyOnDemand', { KeyId: id });
    // stackd rotated_replica_history
    expect(await materialsIn(env, EU, id)).toEqual([[m1, 'PENDING_IMPORT', 'NON_CURRENT'], [m2, 'IMPORTED', 'CURRENT']]);
    // Key states doc: "When any key material for an imported key is deleted or it expires, then the
    // state changes from Enabled to PendingImport" (the capture shows the replica PendingImport after
    // it deleted that material, replica_after_replica_loss)
    expect(await describeIn(env, EU, id)).toMatchObject({ KeyState: 'PendingImport', CurrentKeyMaterialId: m2 });
  });

  it('RotateKeyOnDemand on a replica is refused (AWS docs: "invoke the on-demand rotation on the primary Region key")', async () => {
    const env = makeEnv();
    const first = randomBytes(32);
    const { id } = await importedMrk(env, first);
    await importIn(env, EU, id, first);
    // AWS's error for an imported-material replica is neither documented nor captured: kms gives the
    // text it gives every replica (rotation-rules.ts assertNotReplica)
    await expectKmsError(env.runIn(env.inRegion(EU), 'RotateKeyOnDemand', { KeyId: id }), 'UnsupportedOperationException', `${arn(EU, id)} is not a multi-region primary key.`);
  });
});

describe('DeleteImportedKeyMaterial', () => {
  it('of pending material on the primary deletes it from the replicas too (AWS docs: API_DeleteImportedKeyMaterial; captured by stackd)', async () => {
    const env = makeEnv();
    const { id, m1, m2, second } = await secondStaged(env);
    expect(await env.run('DeleteImportedKeyMaterial', { KeyId: id, KeyMaterialId: m2 })).toEqual({ KeyId: arn(US, id), KeyMaterialId: m2 });
    // stackd replica_after_primary_pending_delete
    expect(await materialsIn(env, US, id)).toEqual([[m1, 'IMPORTED', 'CURRENT']]);
    expect(await materialsIn(env, EU, id)).toEqual([[m1, 'IMPORTED', 'CURRENT']]);
    expect((await describeIn(env, EU, id)).KeyState).toBe('Enabled');
    // gone from the replica: it takes that material no more
    await expectKmsError(importIn(env, EU, id, second), 'IncorrectKeyMaterialException', `Imported key material does not have the expected identifier (${m1}).`);
    // stackd primary_restage_second: the same material may be staged again as NEW_KEY_MATERIAL
    expect((await importIn(env, US, id, second, { ImportType: 'NEW_KEY_MATERIAL' })).KeyMaterialId).toBe(m2);
    expect((await materialsIn(env, EU, id))[1]).toEqual([m2, 'PENDING_IMPORT', 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION']);
  });

  it('of pending material on a replica leaves the primary unchanged (AWS docs: API_DeleteImportedKeyMaterial; captured by stackd)', async () => {
    const env = makeEnv();
    const { id, m1, m2, second } = await secondStaged(env);
    expect((await materialsIn(env, US, id))[1]).toEqual([m2, 'IMPORTED', 'PENDING_ROTATION']);
    expect(await env.runIn(env.inRegion(EU), 'DeleteImportedKeyMaterial', { KeyId: id, KeyMaterialId: m2 })).toEqual({ KeyId: arn(EU, id), KeyMaterialId: m2 });
    // stackd primary_after_replica_pending_delete: the primary still holds it, waiting for the replica again
    expect(await materialsIn(env, US, id)).toEqual([[m1, 'IMPORTED', 'CURRENT'], [m2, 'IMPORTED', 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION']]);
    // Not captured: the replica's own row afterwards. kms keeps it, PENDING_IMPORT, because the
    // replica lists the primary's material ids (as before its first import)
    expect(await materialsIn(env, EU, id)).toEqual([[m1, 'IMPORTED', 'CURRENT'], [m2, 'PENDING_IMPORT', 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION']]);
    expect((await describeIn(env, EU, id)).KeyState).toBe('Enabled');
    // stackd replica_restore_pending: importing it again (no ImportType) restores it
    expect((await importIn(env, EU, id, second)).KeyMaterialId).toBe(m2);
    expect((await materialsIn(env, US, id))[1]).toEqual([m2, 'IMPORTED', 'PENDING_ROTATION']);
  });

  it('of non-current material on a replica makes only that replica PendingImport (AWS docs: "the primary Region key and other replica Region keys remain unchanged"; captured by stackd)', async () => {
    const env = makeEnv();
    const { id, m1, first } = await secondStaged(env);
    await env.run('RotateKeyOnDemand', { KeyId: id });
    await env.runIn(env.inRegion(EU), 'DeleteImportedKeyMaterial', { KeyId: id, KeyMaterialId: m1 });
    // stackd delete_replica_noncurrent, primary_after_replica_loss, replica_after_replica_loss
    expect((await describeIn(env, EU, id)).KeyState).toBe('PendingImport');
    expect((await describeIn(env, US, id)).KeyState).toBe('Enabled');
    expect((await materialsIn(env, US, id))[0]).toEqual([m1, 'IMPORTED', 'NON_CURRENT']);
    // stackd restore_replica_noncurrent
    expect((await importIn(env, EU, id, first)).KeyMaterialId).toBe(m1);
    expect((await describeIn(env, EU, id)).KeyState).toBe('Enabled');
  });
});
