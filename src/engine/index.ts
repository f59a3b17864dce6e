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
  CancelKeyDeletion: () => import('./cancel-key-deletion.js'),
  ConnectCustomKeyStore: () => import('./connect-custom-key-store.js'),
  CreateAlias: () => import('./create-alias.js'),
  CreateCustomKeyStore: () => import('./create-custom-key-store.js'),
  CreateGrant: () => import('./create-grant.js'),
  CreateKey: () => import('./create-key.js'),
  Decrypt: () => import('./decrypt.js'),
  DeleteAlias: () => import('./delete-alias.js'),
  DeleteCustomKeyStore: () => import('./delete-custom-key-store.js'),
  DeleteImportedKeyMaterial: () => import('./delete-imported-key-material.js'),
  DeriveSharedSecret: () => import('./derive-shared-secret.js'),
  DescribeCustomKeyStores: () => import('./describe-custom-key-stores.js'),
  DescribeKey: () => import('./describe-key.js'),
  DisableKey: () => import('./disable-key.js'),
  DisableKeyRotation: () => import('./disable-key-rotation.js'),
  DisconnectCustomKeyStore: () => import('./disconnect-custom-key-store.js'),
  EnableKey: () => import('./enable-key.js'),
  EnableKeyRotation: () => import('./enable-key-rotation.js'),
  Encrypt: () => import('./encrypt.js'),
  GenerateDataKey: () => import('./generate-data-key.js'),
  GenerateDataKeyPair: () => import('./generate-data-key-pair.js'),
  GenerateDataKeyPairWithoutPlaintext: () => import('./generate-data-key-pair-without-plaintext.js'),
  GenerateDataKeyWithoutPlaintext: () => import('./generate-data-key-without-plaintext.js'),
  GenerateMac: () => import('./generate-mac.js'),
  GenerateRandom: () => import('./generate-random.js'),
  GetKeyLastUsage: () => import('./get-key-last-usage.js'),
  GetKeyPolicy: () => import('./get-key-policy.js'),
  GetKeyRotationStatus: () => import('./get-key-rotation-status.js'),
  GetParametersForImport: () => import('./get-parameters-for-import.js'),
  GetPublicKey: () => import('./get-public-key.js'),
  ImportKeyMaterial: () => import('./import-key-material.js'),
  ListAliases: () => import('./list-aliases.js'),
  ListGrants: () => import('./list-grants.js'),
  ListKeyPolicies: () => import('./list-key-policies.js'),
  ListKeyRotations: () => import('./list-key-rotations.js'),
  ListKeys: () => import('./list-keys.js'),
  ListResourceTags: () => import('./list-resource-tags.js'),
  ListRetirableGrants: () => import('./list-retirable-grants.js'),
  PutKeyPolicy: () => import('./put-key-policy.js'),
  ReEncrypt: () => import('./re-encrypt.js'),
  ReplicateKey: () => import('./replicate-key.js'),
  RetireGrant: () => import('./retire-grant.js'),
  RevokeGrant: () => import('./revoke-grant.js'),
  RotateKeyOnDemand: () => import('./rotate-key-on-demand.js'),
  ScheduleKeyDeletion: () => import('./schedule-key-deletion.js'),
  Sign: () => import('./sign.js'),
  TagResource: () => import('./tag-resource.js'),
  UntagResource: () => import('./untag-resource.js'),
  UpdateAlias: () => import('./update-alias.js'),
  UpdateCustomKeyStore: () => import('./update-custom-key-store.js'),
  UpdateKeyDescription: () => import('./update-key-description.js'),
  UpdatePrimaryRegion: () => import('./update-primary-region.js'),
  Verify: () => import('./verify.js'),
  VerifyMac: () => import('./verify-mac.js'),
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
  const tokens = request.GrantTokens === undefined ? undefined : await import('./grants.js');
  // Handlers are synchronous: the whole operation runs in one store transaction.
  return ctx.store.transaction(() => {
    // GrantTokens: every token must name a live grant (InvalidGrantTokenException), before the handler
    tokens?.checkRequestGrantTokens(ctx, operation, request);
    const result = handler(ctx, request);
    if (result instanceof Promise) throw new TypeError(`${operation}: handlers must be synchronous`);
    return result;
  });
}
