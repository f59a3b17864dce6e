// ImportKeyMaterial: unwraps material sent under a GetParametersForImport public key and binds it to
// the EXTERNAL key: first import, re-import of the same material, or NEW_KEY_MATERIAL for rotation;
// a multi-Region replica takes only material its primary holds. Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext, PrepareContext } from '../../../engine/context.js';
import { importOf, materialAad, PENDING_ROTATION, refreshImportMetadata, settleState, wrappingAad, type ImportedMaterial } from '../import/import-state.js';
import { checkMaterial, externalKey, importedMaterialId } from '../import/material-forms.js';
import { openToken, unwrapMaterial } from '../import/wrapping.js';
import { saveKey, type KeyRecord } from '../keys/key-record.js';
import { prepareKeys } from '../keys/key-specs.js';
import { syncReplicas } from '../keys/multi-region.js';
import { isReplica } from '../rotation/rotation.js';
import type { ExpirationModelType, ImportKeyMaterialRequest, ImportKeyMaterialResponse, KmsOperations } from '../types.gen.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function validation(message: string): KmsError {
  return new KmsError('ValidationException', message);
}

function incorrect(message: string): KmsError {
  return new KmsError('IncorrectKeyMaterialException', message);
}

export async function prepare(ctx: PrepareContext, req: ImportKeyMaterialRequest): Promise<void> {
  // SM2 keys (and SM2PKE-wrapped material) need the SM2 family loaded
  await prepareKeys(ctx, [req.KeyId], ctx.partition === 'aws-cn' ? ['SM2'] : []);
}

/** ExpirationModel and ValidTo (ImportKeyMaterial): returns the pair to record. */
function expiration(ctx: EngineContext, req: ImportKeyMaterialRequest): { model: ExpirationModelType; validTo?: number } {
  // ImportKeyMaterial: "The default is KEY_MATERIAL_EXPIRES"
  const model = req.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
  const validTo = req.ValidTo instanceof Date ? req.ValidTo.getTime() : undefined;
  if (model === 'KEY_MATERIAL_EXPIRES') {
    // recorded AWS message (no final period)
    if (validTo === undefined) throw validation('A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
    const now = ctx.clock.now().getTime();
    // ValidTo: "must be a future date and time. The maximum value is 365 days from the request date."
    if (validTo <= now) throw validation('The validTo date must be in the future.');
    if (validTo > now + 365 * DAY_MS) throw validation('The validTo date must be no more than 365 days from the request date.');
    return { model, validTo };
  }
  // "When value is KEY_MATERIAL_DOES_NOT_EXPIRE, you must omit the ValidTo parameter."
  if (validTo !== undefined) throw validation('A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
  return { model };
}

/** The token's wrapping private key, after checking the token belongs to this key and is current. */
function wrappingKeyFor(ctx: EngineContext, key: KeyRecord, token: Uint8Array): { privateKey: Uint8Array; algorithm: string; spec: string } {
  const claims = openToken(ctx, key, token);
  const wrapping = importOf(key).wrapping;
  if (!claims || claims.keyId !== key.KeyId || !wrapping || wrapping.id !== claims.wrappingId) {
    throw new KmsError('InvalidImportTokenException', 'The import token is invalid or is associated with a different KMS key.');
  }
  // GetParametersForImport: the token and public key are valid until ParametersValidTo
  if (ctx.clock.now().getTime() > claims.validTo) throw new KmsError('ExpiredImportTokenException', 'The import token has expired.');
  return {
    privateKey: ctx.store.unwrapMaterial(wrappingAad(key, wrapping.id), wrapping.privateKey),
    algorithm: wrapping.algorithm,
    spec: wrapping.spec,
  };
}

export default async function importKeyMaterial(ctx: EngineContext, req: ImportKeyMaterialRequest): Promise<KmsOperations['ImportKeyMaterial']['output']> {
  const key = await externalKey(ctx, req.KeyId, 'ImportKeyMaterial');
  const exp = expiration(ctx, req);
  const symmetric = key.KeySpec === 'SYMMETRIC_DEFAULT';
  // ImportKeyMaterial: "You cannot specify a key material ID with ImportType set to NEW_KEY_MATERIAL."
  if (req.ImportType === 'NEW_KEY_MATERIAL' && req.KeyMaterialId !== undefined) {
    throw validation('A KeyMaterialId cannot be specified when the ImportType is NEW_KEY_MATERIAL.');
  }
  const replica = isReplica(key);
  if (replica) checkReplicaRequest(req);
  const w = wrappingKeyFor(ctx, key, req.ImportToken);
  const raw = unwrapMaterial(w.algorithm, w.spec, w.privateKey, req.EncryptedKeyMaterial);
  w.privateKey.fill(0);
  const { material, publicKey } = checkMaterial(key, raw);
  const id = importedMaterialId(key, material);

  // ImportType defaults: NEW for a key that never had material, else EXISTING
  const importType = req.ImportType ?? (key.materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL');
  const existing = key.materials.find((m) => m.id === id);
  if (req.KeyMaterialId !== undefined && req.KeyMaterialId !== id) {
    // captured by radkawar/stackd testdata/aws/kms/imports.json (existing_wrong_identifier): the
    // given id; used for replicas, whose texts all come from that capture
    throw incorrect(replica ? unexpectedIdentifier(req.KeyMaterialId) : `The key material does not match the key material ID ${req.KeyMaterialId}.`);
  }
  const wrapped = ctx.store.wrapMaterial(materialAad(key, id), material);
  if (replica) {
    // ImportKeyMaterial: "import the same key materials into the replica Region keys"; any material
    // id the primary holds, pending ones too (captured by radkawar/stackd
    // testdata/aws/kms/imports_multi_region.json, replica_restore_pending)
    if (!existing) throw replicaMismatch(key);
    existing.wrapped = wrapped;
  } else if (importType === 'NEW_KEY_MATERIAL') {
    // "KMS expected new key material but the key material being imported is already associated with the KMS key"
    if (existing) throw incorrect(`The key material (id: ${id}) is already associated with KMS key ${key.KeyId}.`);
    // Asymmetric and HMAC keys: "you cannot change the key material after the initial import"
    if (!symmetric && key.materials.length > 0) throw differentMaterial();
    const pending = key.materials.find((m) => m.state === PENDING_ROTATION);
    if (pending) {
      // recorded AWS message (the bare key id)
      throw new KmsError(
        'KMSInvalidStateException',
        `New key material (id: ${id}) cannot be imported into KMS key ${key.KeyId}, because another key material (id: ${pending.id}) is pending rotation.`,
      );
    }
    const first = key.materials.length === 0;
    key.materials.push({ id, wrapped, createdAt: ctx.clock.now().getTime(), state: first ? 'CURRENT' : PENDING_ROTATION });
    if (first) key.currentMaterialId = id;
  } else {
    // EXISTING_KEY_MATERIAL: only the same material as before ("not the same key material")
    if (!existing) throw differentMaterial();
    existing.wrapped = wrapped;
  }
  const rec = importOf(key);
  const entry: ImportedMaterial = { ImportState: 'IMPORTED', ExpirationModel: exp.model };
  if (exp.validTo !== undefined) entry.ValidTo = exp.validTo;
  // KeyMaterialDescription: "If you do not specify ..., KMS retains the value you specified" before
  const description = req.KeyMaterialDescription ?? rec.materials[id]?.KeyMaterialDescription;
  if (description !== undefined) entry.KeyMaterialDescription = description;
  rec.materials[id] = entry;
  if (publicKey) key.publicKey = publicKey;
  material.fill(0);
  refreshImportMetadata(key);
  settleState(key);
  saveKey(ctx, key);
  // A multi-Region primary's material ids (and descriptions) reach its replicas, pending ones
  // included (stackd capture: replica_missing_second_history)
  await syncReplicas(ctx, key);
  const out: ImportKeyMaterialResponse = { KeyId: key.Arn };
  // ImportKeyMaterial: KeyMaterialId for symmetric encryption keys (recorded); others have none to report
  if (symmetric) out.KeyMaterialId = id;
  return out;
}

function differentMaterial(): KmsError {
  return incorrect('The key material being imported is not the same key material that was previously imported into this KMS key.');
}

/**
 * ImportKeyMaterial on a multi-Region replica. "You cannot directly import new key material into the
 * replica Region keys" and "The import type for the replica Region key should be
 * EXISTING_KEY_MATERIAL" (API reference); texts captured by radkawar/stackd
 * testdata/aws/kms/imports_multi_region.json (replica_new_type_rejected, replica_first_import).
 * Which of the two AWS reports when a request has both is not captured: ImportType is checked first.
 */
function checkReplicaRequest(req: ImportKeyMaterialRequest): void {
  if (req.ImportType === 'NEW_KEY_MATERIAL') {
    throw validation('Input parameter ImportType NEW_KEY_MATERIAL cannot be used on replica Multi-Region keys');
  }
  if (req.KeyMaterialDescription !== undefined) {
    throw validation('Key material description can only be specified on primary Multi-Region keys');
  }
}

/** Captured by radkawar/stackd testdata/aws/kms/imports_multi_region.json (replica_wrong_first). */
function unexpectedIdentifier(id: string): string {
  return `Imported key material does not have the expected identifier (${id}).`;
}

/**
 * Material that is none of the primary's: the capture names the key's current material id. A
 * replica of a primary that had no material yet has no id to name (AWS refuses to replicate such a
 * primary, per the same capture, but kms allows it): our wording.
 */
function replicaMismatch(key: KeyRecord): KmsError {
  if (!key.currentMaterialId) {
    return incorrect(`The primary key of ${key.Arn} has no key material yet: import key material into the primary key first.`);
  }
  return incorrect(unexpectedIdentifier(key.currentMaterialId));
}
