// The engine's entry point: validate a request against the operation table, then run the
// operation's handler, loaded lazily (one dynamic import per operation). Must not import the CLI.

import { model } from '../api/index.js';
import { validateInput } from '../api/validate.js';
import { KmsError } from '../errors.js';
import type { EngineContext, Handler } from './context.js';

/**
 * An operation module: a synchronous handler (run inside one store transaction), and optionally
 * `prepare`, awaited first outside the transaction, for asynchronous work such as loading the key
 * family a request needs (`await keySpecInfo(spec).ready()`). prepare must not write.
 */
interface OperationModule {
  default: Handler;
  prepare?: (ctx: EngineContext, request: Record<string, unknown>) => Promise<void>;
}
type Loader = () => Promise<OperationModule>;

/** Operations kms implements, each in its own kebab-case file. */
const implemented: Readonly<Record<string, Loader>> = {
  CancelKeyDeletion: () => import('../services/kms/operations/cancel-key-deletion.js'),
  ConnectCustomKeyStore: () => import('../services/kms/operations/connect-custom-key-store.js'),
  CreateAlias: () => import('../services/kms/operations/create-alias.js'),
  CreateCustomKeyStore: () => import('../services/kms/operations/create-custom-key-store.js'),
  CreateGrant: () => import('../services/kms/operations/create-grant.js'),
  CreateKey: () => import('../services/kms/operations/create-key.js'),
  Decrypt: () => import('../services/kms/operations/decrypt.js'),
  DeleteAlias: () => import('../services/kms/operations/delete-alias.js'),
  DeleteCustomKeyStore: () => import('../services/kms/operations/delete-custom-key-store.js'),
  DeleteImportedKeyMaterial: () => import('../services/kms/operations/delete-imported-key-material.js'),
  DeriveSharedSecret: () => import('../services/kms/operations/derive-shared-secret.js'),
  DescribeCustomKeyStores: () => import('../services/kms/operations/describe-custom-key-stores.js'),
  DescribeKey: () => import('../services/kms/operations/describe-key.js'),
  DisableKey: () => import('../services/kms/operations/disable-key.js'),
  DisableKeyRotation: () => import('../services/kms/operations/disable-key-rotation.js'),
  DisconnectCustomKeyStore: () => import('../services/kms/operations/disconnect-custom-key-store.js'),
  EnableKey: () => import('../services/kms/operations/enable-key.js'),
  EnableKeyRotation: () => import('../services/kms/operations/enable-key-rotation.js'),
  Encrypt: () => import('../services/kms/operations/encrypt.js'),
  GenerateDataKey: () => import('../services/kms/operations/generate-data-key.js'),
  GenerateDataKeyPair: () => import('../services/kms/operations/generate-data-key-pair.js'),
  GenerateDataKeyPairWithoutPlaintext: () => import('../services/kms/operations/generate-data-key-pair-without-plaintext.js'),
  GenerateDataKeyWithoutPlaintext: () => import('../services/kms/operations/generate-data-key-without-plaintext.js'),
  GenerateMac: () => import('../services/kms/operations/generate-mac.js'),
  GenerateRandom: () => import('../services/kms/operations/generate-random.js'),
  GetKeyLastUsage: () => import('../services/kms/operations/get-key-last-usage.js'),
  GetKeyPolicy: () => import('../services/kms/operations/get-key-policy.js'),
  GetKeyRotationStatus: () => import('../services/kms/operations/get-key-rotation-status.js'),
  GetParametersForImport: () => import('../services/kms/operations/get-parameters-for-import.js'),
  GetPublicKey: () => import('../services/kms/operations/get-public-key.js'),
  ImportKeyMaterial: () => import('../services/kms/operations/import-key-material.js'),
  ListAliases: () => import('../services/kms/operations/list-aliases.js'),
  ListGrants: () => import('../services/kms/operations/list-grants.js'),
  ListKeyPolicies: () => import('../services/kms/operations/list-key-policies.js'),
  ListKeyRotations: () => import('../services/kms/operations/list-key-rotations.js'),
  ListKeys: () => import('../services/kms/operations/list-keys.js'),
  ListResourceTags: () => import('../services/kms/operations/list-resource-tags.js'),
  ListRetirableGrants: () => import('../services/kms/operations/list-retirable-grants.js'),
  PutKeyPolicy: () => import('../services/kms/operations/put-key-policy.js'),
  ReEncrypt: () => import('../services/kms/operations/re-encrypt.js'),
  ReplicateKey: () => import('../services/kms/operations/replicate-key.js'),
  RetireGrant: () => import('../services/kms/operations/retire-grant.js'),
  RevokeGrant: () => import('../services/kms/operations/revoke-grant.js'),
  RotateKeyOnDemand: () => import('../services/kms/operations/rotate-key-on-demand.js'),
  ScheduleKeyDeletion: () => import('../services/kms/operations/schedule-key-deletion.js'),
  Sign: () => import('../services/kms/operations/sign.js'),
  TagResource: () => import('../services/kms/operations/tag-resource.js'),
  UntagResource: () => import('../services/kms/operations/untag-resource.js'),
  UpdateAlias: () => import('../services/kms/operations/update-alias.js'),
  UpdateCustomKeyStore: () => import('../services/kms/operations/update-custom-key-store.js'),
  UpdateKeyDescription: () => import('../services/kms/operations/update-key-description.js'),
  UpdatePrimaryRegion: () => import('../services/kms/operations/update-primary-region.js'),
  Verify: () => import('../services/kms/operations/verify.js'),
  VerifyMac: () => import('../services/kms/operations/verify-mac.js'),
};

/** The KMS API's 54 operations (2014-11-01); those not in `implemented` answer UnsupportedOperationException. */
export const OPERATIONS: readonly string[] = Object.keys(model.operations);

const known = new Set(OPERATIONS);

/** Names of the operations this build implements. */
export function implementedOperations(): string[] {
  return Object.keys(implemented);
}

/**
 * Runs one KMS operation. The request and the response use the API's member names and types
 * (blobs Uint8Array, timestamps Date). Failures are KmsError with the API's exception names.
 */
export async function runOperation(
  ctx: EngineContext,
  operation: string,
  request: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (!known.has(operation)) {
    throw new KmsError('UnknownOperationException', `${operation} is not a KMS operation.`);
  }
  validateInput(operation, request);
  const load = implemented[operation];
  if (!load) throw new KmsError('UnsupportedOperationException', `${operation} is not supported by kms yet.`);
  const { default: handler, prepare } = await load();
  if (prepare) await prepare(ctx, request);
  const tokens = request.GrantTokens === undefined ? undefined : await import('../services/kms/grants/grants.js');
  // Handlers are synchronous: the whole operation runs in one store transaction.
  return ctx.store.transaction(() => {
    // GrantTokens: every token must name a live grant (InvalidGrantTokenException), before the handler
    tokens?.checkRequestGrantTokens(ctx, operation, request);
    const result = handler(ctx, request);
    if (result instanceof Promise) throw new TypeError(`${operation}: handlers must be synchronous`);
    return result;
  });
}
