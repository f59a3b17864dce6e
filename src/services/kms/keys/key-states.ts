// The key-state matrix (developer guide, "Key states of AWS KMS keys"): for each operation that
// names a key, whether each KeyState allows it, else AWS's exception and message; and the operations
// AWS managed keys refuse. Must not import operation handlers, the CLI or crypto.

import { rootArn } from '../../../api/arn.js';
import { partitionOf } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import type { KeyRecord } from './key-record.js';

export const KEY_STATES = [
  'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion', 'Unavailable', 'Creating', 'Updating',
] as const;
export type KeyState = (typeof KEY_STATES)[number];

/**
 * What a state does to an operation. Footnotes of the key-state page (2020 numbering):
 * ok ✓; disabled [1] DisabledException "<arn> is disabled."; state [3]/[5]/[11] and the multi-Region
 * states KMSInvalidStateException "<arn> is <state>."; notPending [4] "<arn> is not pending deletion.";
 * origin [6]/[7]/[9] UnsupportedOperationException "<arn> origin is <Origin> which is not valid for this operation."
 */
export type Outcome = 'ok' | 'disabled' | 'state' | 'notPending' | 'origin';

type Row = Readonly<Record<KeyState, Outcome>>;

/** Columns in KEY_STATES order: En, Dis, PDel, PImp, PRD, Unav, Cre, Upd. */
function row(...o: [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]): Row {
  return Object.fromEntries(KEY_STATES.map((s, i) => [s, o[i]])) as Row;
}

// Cryptographic operations need Enabled; Updating keys still work (ReplicateKey/UpdatePrimaryRegion docs)
const CRYPTO = row('ok', 'disabled', 'state', 'state', 'state', 'state', 'state', 'ok');
// Read-only and grant-retiring operations work in every state
const ANY = row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok');
// Tags, descriptions and alias targets: everything but the deletion states
const MANAGE = row('ok', 'ok', 'state', 'ok', 'state', 'ok', 'ok', 'ok');
// EnableKey/DisableKey: [5] pending import, [12] Unavailable succeeds without changing state
const TOGGLE = row('ok', 'ok', 'state', 'state', 'state', 'ok', 'state', 'state');
const ROTATION = row('ok', 'disabled', 'state', 'origin', 'state', 'origin', 'state', 'state');
const IMPORT = row('ok', 'ok', 'state', 'ok', 'state', 'origin', 'ok', 'ok');
const MULTI_REGION = row('ok', 'disabled', 'state', 'ok', 'state', 'origin', 'state', 'state');

/** Every operation that names a key, by its API name. */
export const KEY_STATE_MATRIX: Readonly<Record<string, Row>> = {
  Encrypt: CRYPTO,
  Decrypt: CRYPTO,
  ReEncrypt: CRYPTO,
  GenerateDataKey: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  GenerateDataKeyPair: CRYPTO,
  GenerateDataKeyPairWithoutPlaintext: CRYPTO,
  Sign: CRYPTO,
  Verify: CRYPTO,
  GenerateMac: CRYPTO,
  VerifyMac: CRYPTO,
  DeriveSharedSecret: CRYPTO,
  GetPublicKey: CRYPTO,
  DescribeKey: ANY,
  GetKeyPolicy: ANY,
  ListKeyPolicies: ANY,
  PutKeyPolicy: ANY,
  ListGrants: ANY,
  ListRetirableGrants: ANY,
  RetireGrant: ANY,
  RevokeGrant: ANY,
  ListResourceTags: ANY,
  ListAliases: ANY,
  DeleteAlias: ANY,
  GetKeyLastUsage: ANY,
  ListKeyRotations: ANY,
  // CreateGrant: like a cryptographic operation, but Unavailable/Creating keys can be managed
  CreateGrant: row('ok', 'disabled', 'state', 'state', 'state', 'ok', 'ok', 'ok'),
  // CreateAlias/UpdateAlias check the target key; UpdateAlias's old key may be pending deletion [10]
  CreateAlias: MANAGE,
  UpdateAlias: MANAGE,
  TagResource: MANAGE,
  UntagResource: MANAGE,
  UpdateKeyDescription: MANAGE,
  EnableKey: TOGGLE,
  DisableKey: TOGGLE,
  ScheduleKeyDeletion: row('ok', 'ok', 'state', 'ok', 'state', 'ok', 'state', 'state'),
  // CancelKeyDeletion: the only way out of PendingDeletion and PendingReplicaDeletion
  CancelKeyDeletion: row('notPending', 'notPending', 'ok', 'notPending', 'ok', 'notPending', 'notPending', 'notPending'),
  EnableKeyRotation: ROTATION,
  DisableKeyRotation: ROTATION,
  // GetKeyRotationStatus: a key pending deletion answers KeyRotationEnabled false
  GetKeyRotationStatus: row('ok', 'ok', 'ok', 'origin', 'ok', 'origin', 'ok', 'ok'),
  RotateKeyOnDemand: row('ok', 'disabled', 'state', 'state', 'state', 'state', 'state', 'state'),
  GetParametersForImport: IMPORT,
  ImportKeyMaterial: IMPORT,
  // DeleteImportedKeyMaterial: a key pending deletion stays PendingDeletion
  DeleteImportedKeyMaterial: row('ok', 'ok', 'ok', 'ok', 'ok', 'origin', 'ok', 'ok'),
  ReplicateKey: MULTI_REGION,
  UpdatePrimaryRegion: MULTI_REGION,
};

const STATE_WORDS: Readonly<Record<string, string>> = {
  Disabled: 'disabled',
  PendingDeletion: 'pending deletion',
  PendingReplicaDeletion: 'pending replica deletion',
  PendingImport: 'pending import',
  Unavailable: 'unavailable',
  Creating: 'creating',
  Updating: 'updating',
};

/** KMSInvalidStateException "<key ARN> is <state>." (recorded: "... is pending import.") */
export function invalidStateError(key: KeyRecord): KmsError {
  return new KmsError('KMSInvalidStateException', `${key.Arn} is ${STATE_WORDS[key.KeyState] ?? key.KeyState}.`);
}

/** The outcome the matrix gives `operation` on a key in `state` (unknown operations: ok). */
export function keyStateOutcome(operation: string, state: string): Outcome {
  return KEY_STATE_MATRIX[operation]?.[state as KeyState] ?? 'ok';
}

/** Throws AWS's refusal when the key's state does not allow `operation` (the matrix above). */
export function checkKeyState(key: KeyRecord, operation: string): void {
  switch (keyStateOutcome(operation, key.KeyState)) {
    case 'ok':
      return;
    case 'disabled':
      throw new KmsError('DisabledException', `${key.Arn} is disabled.`);
    case 'state':
      throw invalidStateError(key);
    case 'notPending':
      throw new KmsError('KMSInvalidStateException', `${key.Arn} is not pending deletion.`);
    case 'origin':
      throw new KmsError('UnsupportedOperationException', `${key.Arn} origin is ${key.Origin} which is not valid for this operation.`);
  }
}

/**
 * Operations an AWS managed key's policy allows no caller (its policy grants only use through the
 * service and Describe/Get/List/RevokeGrant). AWS answers them with an access denial.
 */
export const AWS_MANAGED_REFUSED: ReadonlySet<string> = new Set([
  'CancelKeyDeletion', 'CreateAlias', 'DeleteImportedKeyMaterial', 'DisableKey', 'DisableKeyRotation', 'EnableKey',
  'EnableKeyRotation', 'GetParametersForImport', 'ImportKeyMaterial', 'PutKeyPolicy', 'ReplicateKey',
  'RotateKeyOnDemand', 'ScheduleKeyDeletion', 'TagResource', 'UntagResource', 'UpdateAlias', 'UpdateKeyDescription',
  'UpdatePrimaryRegion',
]);

/**
 * AccessDeniedException in IAM's wording, with the account's root as the caller (kms has no
 * callers yet): "User: <arn> is not authorized to perform: kms:<Op> on resource: <key ARN> because
 * no resource-based policy allows the kms:<Op> action".
 */
export function checkCustomerManaged(key: KeyRecord, operation: string): void {
  if (key.KeyManager !== 'AWS' || !AWS_MANAGED_REFUSED.has(operation)) return;
  throw new KmsError(
    'AccessDeniedException',
    `User: ${rootArn(partitionOf(key.Region), key.AWSAccountId)} is not authorized to perform: kms:${operation} on resource: ${key.Arn} because no resource-based policy allows the kms:${operation} action`,
  );
}

/** The checks every handler runs after resolving its key: AWS managed refusals, then the state matrix. */
export function checkKeyFor(key: KeyRecord, operation: string): void {
  checkCustomerManaged(key, operation);
  checkKeyState(key, operation);
}
