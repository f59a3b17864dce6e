// The key record (one per KMS key, `key/<region>/<id>`), ARNs, ids, key material and KeyMetadata.
// Must not import the CLI, the server or operation handlers; crypto only through the registry.

import { keySpecInfo } from '../../../crypto/families.js';
import { formatArn, parseArn } from '../../../api/arn.js';
import { partitionOf, type EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { uuidV4 } from '../../../deps.js';
import type { ImportRecord } from '../import/import-state.js';
import type { RotationRecord } from '../rotation/rotation.js';
import { keyRecordName } from '../records.js';
import type {
  CustomerMasterKeySpec,
  EncryptionAlgorithmSpec,
  KeyAgreementAlgorithmSpec,
  KeyManagerType,
  KeyMetadata,
  KeySpec,
  KeyState,
  KeyUsageType,
  MacAlgorithmSpec,
  MultiRegionConfiguration,
  OriginType,
  SigningAlgorithmSpec,
} from '../types.gen.js';

/** One key material version. Later issues add rotation/import states; old ones stay for decrypt. */
export interface MaterialRecord {
  /** KeyMaterialId as the API reports it: 64 lowercase hex chars; blobs carry its first 16 bytes. */
  id: string;
  /** The material, wrapped by the store with AAD `<key ARN>#<id>`. */
  wrapped: Uint8Array;
  createdAt: number;
  /** CURRENT, or later PREVIOUS / PENDING_ROTATION / … (import and rotation issues). */
  state: string;
}

/** A tag as the API spells it. */
export interface TagRecord {
  TagKey: string;
  TagValue: string;
}

/**
 * A multi-Region key's relationship, owned by keys/multi-region.ts. The primary and every
 * replica are separate records with the same `mrk-` id (`key/<region>/<id>`), and EVERY related
 * record holds the same `primaryRegion` and `replicaRegions`; `type` is this record's own role.
 * Rules for other modules (use the helpers in multi-region.ts rather than editing this by hand):
 * - Key states: ScheduleKeyDeletion on a PRIMARY whose `replicaRegions` is non-empty
 *   (`replicaRegions(key).length > 0`) sets KeyState PendingReplicaDeletion, no DeletionDate, and
 *   stores the requested window in `pendingWindowInDays` (KeyMetadata.PendingDeletionWindowInDays).
 *   When the last replica's deletion date passes, multi-region.ts (called from resolve.ts's purge)
 *   moves the primary to PendingDeletion with DeletionDate = now + pendingWindowInDays.
 * - Rotation: materials and rotation fields are shared (for imported material, the ids only:
 *   import-state.ts mirrorImportedMaterial); after changing a primary's `materials`,
 *   `currentMaterialId` or `rotation`, call `syncReplicas(ctx, primary)` (multi-region.ts).
 */
export interface MultiRegionRecord {
  type: 'PRIMARY' | 'REPLICA';
  primaryRegion: string;
  /** Regions of the replicas, in the order they were created. */
  replicaRegions: string[];
  /** PendingReplicaDeletion only: the PendingWindowInDays that starts when the last replica is gone. */
  pendingWindowInDays?: number;
}

/**
 * Record format version 1. Fields use the API's member names where one exists. Optional fields
 * leave room for later issues without a format change: `multiRegion`, `rotation`, `import`,
 * `validTo`, `publicKey` (asymmetric keys keep their public key beside the wrapped private key).
 */
export interface KeyRecord {
  v: 1;
  KeyId: string;
  Arn: string;
  AWSAccountId: string;
  Region: string;
  CreationDate: number;
  Description: string;
  KeyUsage: KeyUsageType;
  KeySpec: KeySpec;
  KeyState: KeyState;
  Origin: OriginType;
  KeyManager: KeyManagerType;
  MultiRegion: boolean;
  DeletionDate?: number;
  Policy: string;
  PolicyName: string;
  Tags: TagRecord[];
  materials: MaterialRecord[];
  currentMaterialId: string;
  /** Multi-Region keys only (MultiRegion true): see MultiRegionRecord. Regional keys omit it. */
  multiRegion?: MultiRegionRecord;
  rotation?: RotationRecord;
  import?: ImportRecord;
  validTo?: number;
  publicKey?: Uint8Array;
  /** Custom key stores (custom-key-stores/stores.ts): the store holding the key, and its CloudHSM cluster. */
  CustomKeyStoreId?: string;
  CloudHsmClusterId?: string;
  /** AWS_CLOUDHSM keys: the id their blobs carry (the material itself is only on the token). */
  hsmMaterialId?: string;
  /**
   * Key states, Unavailable: the state the key returns to when its store connects again
   * (EnableKey/DisableKey on an Unavailable key set this, not KeyState).
   */
  availableState?: KeyState;
}

/** A KMS key id: a UUID, or `mrk-` and 32 hex digits for multi-Region keys. */
export const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;


export function keyArn(ctx: EngineContext, keyId: string): string {
  return formatArn({ partition: ctx.partition, service: 'kms', region: ctx.region, account: ctx.account, resource: `key/${keyId}` });
}

export function aliasArn(ctx: EngineContext, aliasName: string): string {
  return formatArn({ partition: ctx.partition, service: 'kms', region: ctx.region, account: ctx.account, resource: aliasName });
}

/** A KMS key ARN (`key/<id>`) or alias ARN (`alias/<name>`) in parts; undefined for any other text. */
export interface KmsArn {
  partition: string;
  region: string;
  account: string;
  kind: 'key' | 'alias';
  /** the key id, or the alias name with its `alias/` */
  name: string;
}

export function parseKmsArn(text: string): KmsArn | undefined {
  const arn = parseArn(text);
  const m = arn?.service === 'kms' ? /^(key|alias)\/(.+)$/.exec(arn.resource) : null;
  if (!arn || !m) return undefined;
  const kind = m[1] as 'key' | 'alias';
  return { partition: arn.partition, region: arn.region, account: arn.account, kind, name: kind === 'alias' ? `alias/${m[2]}` : m[2]! };
}

/** The members every new key record starts with; callers give what differs between kinds of key. */
export type NewKeyFields = Pick<KeyRecord, 'Description' | 'KeyUsage' | 'KeySpec' | 'Origin' | 'KeyManager' | 'MultiRegion' | 'Policy' | 'Tags'>;

/** A new, Enabled key record with no material yet (CreateKey, AWS managed keys). */
export function newKeyRecord(ctx: EngineContext, keyId: string, fields: NewKeyFields): KeyRecord {
  return {
    v: 1,
    KeyId: keyId,
    Arn: keyArn(ctx, keyId),
    AWSAccountId: ctx.account,
    Region: ctx.region,
    CreationDate: ctx.clock.now().getTime(),
    KeyState: 'Enabled',
    PolicyName: 'default',
    materials: [],
    currentMaterialId: '',
    ...fields,
  };
}

/** A new key id: a version 4 UUID from the injected random source. */
export function newKeyId(ctx: EngineContext): string {
  return uuidV4(ctx.random);
}

/**
 * Wraps new material under a KeyMaterialId (fresh random 32 bytes, unless `id` is given: material
 * that came from outside is named after itself) and makes it the current material.
 */
export function addMaterial(ctx: EngineContext, key: KeyRecord, material: Uint8Array, id = Buffer.from(ctx.random(32)).toString('hex')): MaterialRecord {
  for (const m of key.materials) if (m.state === 'CURRENT') m.state = 'PREVIOUS';
  const rec: MaterialRecord = {
    id,
    wrapped: ctx.store.wrapMaterial(`${key.Arn}#${id}`, material),
    createdAt: ctx.clock.now().getTime(),
    state: 'CURRENT',
  };
  key.materials.push(rec);
  key.currentMaterialId = id;
  return rec;
}

/** The current material, unwrapped, with the 16-byte id a blob carries. */
export function currentMaterial(ctx: EngineContext, key: KeyRecord): { id: string; blobId: Uint8Array; bytes: Uint8Array } {
  const m = key.materials.find((x) => x.id === key.currentMaterialId);
  if (!m) throw new KmsError('KMSInternalException', `${key.Arn} has no current key material.`);
  return { id: m.id, blobId: blobMaterialId(m.id), bytes: ctx.store.unwrapMaterial(`${key.Arn}#${m.id}`, m.wrapped) };
}

/** formats.md: a blob carries the first 16 bytes of the 32-byte KeyMaterialId. */
export function blobMaterialId(id: string): Uint8Array {
  return new Uint8Array(Buffer.from(id.slice(0, 32), 'hex'));
}

/** The material a blob names, or undefined (the caller answers InvalidCiphertextException). */
export function materialForBlob(ctx: EngineContext, key: KeyRecord, blobId: Uint8Array): { id: string; bytes: Uint8Array } | undefined {
  const prefix = Buffer.from(blobId).toString('hex');
  const m = key.materials.find((x) => x.id.startsWith(prefix));
  if (!m) return undefined;
  return { id: m.id, bytes: ctx.store.unwrapMaterial(`${key.Arn}#${m.id}`, m.wrapped) };
}

export function saveKey(ctx: EngineContext, key: KeyRecord): void {
  ctx.store.put(keyRecordName(key.Region, key.KeyId), key);
}

/** The ARN of the key with this record's id in another Region (multi-Region keys share the id). */
export function arnInRegion(key: KeyRecord, region: string): string {
  return formatArn({ partition: partitionOf(region), service: 'kms', region, account: key.AWSAccountId, resource: `key/${key.KeyId}` });
}

/** KeyMetadata.MultiRegionConfiguration (recorded: PrimaryKey {Arn, Region}, ReplicaKeys [{Arn, Region}]). */
export function multiRegionConfiguration(key: KeyRecord): MultiRegionConfiguration | undefined {
  const mr = key.multiRegion;
  if (!mr) return undefined;
  return {
    MultiRegionKeyType: mr.type,
    PrimaryKey: { Arn: arnInRegion(key, mr.primaryRegion), Region: mr.primaryRegion },
    ReplicaKeys: mr.replicaRegions.map((r) => ({ Arn: arnInRegion(key, r), Region: r })),
  };
}

/** DescribeKey's KeyMetadata, built from the record and the KeySpec registry. */
export function keyMetadata(key: KeyRecord): KeyMetadata {
  const info = keySpecInfo(key.KeySpec);
  const meta: KeyMetadata = {
    AWSAccountId: key.AWSAccountId,
    KeyId: key.KeyId,
    Arn: key.Arn,
    CreationDate: new Date(key.CreationDate),
    Enabled: key.KeyState === 'Enabled',
    Description: key.Description,
    KeyUsage: key.KeyUsage,
    KeyState: key.KeyState,
  };
  if (key.DeletionDate !== undefined) meta.DeletionDate = new Date(key.DeletionDate);
  if (key.validTo !== undefined) meta.ValidTo = new Date(key.validTo);
  meta.Origin = key.Origin;
  if (key.CustomKeyStoreId !== undefined) meta.CustomKeyStoreId = key.CustomKeyStoreId;
  if (key.CloudHsmClusterId !== undefined) meta.CloudHsmClusterId = key.CloudHsmClusterId;
  // KeyMetadata: ExpirationModel only while imported key material is present (import.ts keeps it)
  if (key.import?.expirationModel !== undefined) meta.ExpirationModel = key.import.expirationModel;
  meta.KeyManager = key.KeyManager;
  // KeyMetadata: the deprecated CustomerMasterKeySpec repeats KeySpec (recorded), also for specs
  // added after its enum stopped growing
  meta.CustomerMasterKeySpec = key.KeySpec as CustomerMasterKeySpec;
  meta.KeySpec = key.KeySpec;
  // DescribeKey: the algorithm lists that match the key's usage (the registry lists the API's names)
  if (key.KeyUsage === 'ENCRYPT_DECRYPT' && info?.encryptionAlgorithms) meta.EncryptionAlgorithms = [...info.encryptionAlgorithms] as EncryptionAlgorithmSpec[];
  if (key.KeyUsage === 'SIGN_VERIFY' && info?.signingAlgorithms) meta.SigningAlgorithms = [...info.signingAlgorithms] as SigningAlgorithmSpec[];
  if (key.KeyUsage === 'GENERATE_VERIFY_MAC' && info?.macAlgorithms) meta.MacAlgorithms = [...info.macAlgorithms] as MacAlgorithmSpec[];
  if (key.KeyUsage === 'KEY_AGREEMENT' && info?.keyAgreementAlgorithms) meta.KeyAgreementAlgorithms = [...info.keyAgreementAlgorithms] as KeyAgreementAlgorithmSpec[];
  meta.MultiRegion = key.MultiRegion;
  // DescribeKey: MultiRegionConfiguration only for multi-Region keys (recorded: regional keys omit it)
  if (key.multiRegion) meta.MultiRegionConfiguration = multiRegionConfiguration(key);
  // KeyMetadata: PendingDeletionWindowInDays appears only in PendingReplicaDeletion
  if (key.KeyState === 'PendingReplicaDeletion' && key.multiRegion?.pendingWindowInDays !== undefined) {
    meta.PendingDeletionWindowInDays = key.multiRegion.pendingWindowInDays;
  }
  // DescribeKey: CurrentKeyMaterialId is reported for symmetric encryption keys only (recorded: not
  // for HMAC or asymmetric keys)
  if (key.currentMaterialId && key.KeySpec === 'SYMMETRIC_DEFAULT') meta.CurrentKeyMaterialId = key.currentMaterialId;
  return meta;
}
