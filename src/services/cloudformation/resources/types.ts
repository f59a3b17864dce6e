// The resource provider contract between the stack engine and the AWS::KMS::* providers, and the
// one mapping of KMS exceptions to CloudFormation handler error codes (the official providers'
// AbstractKmsApiHelper.wrapKmsExceptions). Imports only errors.ts: KMS is reached through KmsCall.

import { KmsError } from '../../../errors.js';

/** Runs one KMS API operation as the stack's caller, in `region` (default: the stack's), returning the API response (member names as the KMS API; timestamps Date). Failures throw KmsError whose `code` is the KMS exception name (NotFoundException, KMSInvalidStateException, AlreadyExistsException, LimitExceededException, MalformedPolicyDocumentException, AccessDeniedException, ...). */
export type KmsCall = (operation: string, request: Record<string, unknown>, region?: string) => Promise<Record<string, unknown>>;

export interface ProviderContext {
  kms: KmsCall;
  region: string;
  account: string;
  partition: string;
  logicalId: string;
  /** stack-level tags, CFN shape {Key, Value} */
  stackTags: ReadonlyArray<{ Key: string; Value: string }>;
}

/** What a create or update leaves: the physical id (Ref) and the Fn::GetAtt attributes. */
export interface ResourceState {
  physicalId: string;
  attributes: Record<string, unknown>;
}

/**
 * CloudFormation's HandlerErrorCode values the KMS providers can return. The official handlers
 * also return UnauthorizedTaggingOperation (tag permissions denied), Throttling and
 * ServiceInternalError (KMSInternalException, DependencyTimeoutException).
 */
export type HandlerErrorCode =
  | 'InvalidRequest'
  | 'NotFound'
  | 'AlreadyExists'
  | 'ServiceLimitExceeded'
  | 'AccessDenied'
  | 'GeneralServiceException'
  | 'NotUpdatable'
  | 'InternalFailure'
  | 'UnauthorizedTaggingOperation'
  | 'Throttling'
  | 'ServiceInternalError';

/** A handler failure as CloudFormation reports it: the stack engine prints `Resource handler returned message: "<message>" (RequestToken: <uuid>, HandlerErrorCode: <code>)`; a property validation failure (validationFailure true) is printed as the message alone. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly handlerErrorCode: HandlerErrorCode,
    message: string,
    readonly validationFailure = false,
  ) {
    super(message);
  }
}

export interface ResourceProvider {
  type: string;
  /** The attribute names Fn::GetAtt accepts (Key: Arn, KeyId; Alias: none; ReplicaKey: Arn, KeyId). */
  attributes: readonly string[];
  /** The type takes the stack's tags (Key, ReplicaKey): a change of them updates its resources. */
  taggable: boolean;
  /** Checks (and coerces) resolved properties against the type's registry schema; throws ProviderError (validationFailure). */
  validate(logicalId: string, properties: Record<string, unknown>): Record<string, unknown>;
  /** True when going from `before` to `after` needs a new physical resource (Alias AliasName, ReplicaKey PrimaryKeyArn). */
  needsReplacement(before: Record<string, unknown>, after: Record<string, unknown>): boolean;
  create(ctx: ProviderContext, properties: Record<string, unknown>): Promise<ResourceState>;
  /** In-place update; `state` is the current one. Returns the new state. */
  update(ctx: ProviderContext, state: ResourceState, before: Record<string, unknown>, after: Record<string, unknown>): Promise<ResourceState>;
  /** Deletes (Key/ReplicaKey: schedules deletion with PendingWindowInDays ?? 30; already pending or not found counts as done). */
  delete(ctx: ProviderContext, state: ResourceState, properties: Record<string, unknown>): Promise<void>;
}

// cloudformation-cli-java-plugin ExceptionMessages: the texts its Cfn*Exception constructors format
/** CfnInvalidRequestException(String): what a handler's own validation reports. */
export function invalidRequest(text: string): ProviderError {
  return new ProviderError('InvalidRequest', `Invalid request provided: ${text}`);
}

/** CfnNotFoundException(typeName, identifier). */
export function notFound(type: string, id: string): ProviderError {
  return new ProviderError('NotFound', `Resource of type '${type}' with identifier '${id}' was not found.`);
}

/** CfnAlreadyExistsException(typeName, identifier). */
export function alreadyExists(type: string, id: string): ProviderError {
  return new ProviderError('AlreadyExists', `Resource of type '${type}' with identifier '${id}' already exists.`);
}

/** The permissions whose denial is a tagging failure (AbstractKmsApiHelper KMS_*_PERMISSION). */
const TAG_PERMISSIONS = ['kms:TagResource', 'kms:UntagResource', 'kms:ListResourceTags'];

/**
 * A KMS exception as the official handlers wrap it (AbstractKmsApiHelper.wrapKmsExceptions):
 * exceptions they wrap by cause keep the KMS message (an empty one becomes "<Op> failed due to
 * <Exception>", addMessageIfNull); AccessDenied and the catch-all carry the plugin's text with the
 * operation's name instead.
 */
export function handlerErrorOf(operation: string, e: KmsError): ProviderError {
  const message = e.message !== '' ? e.message : `${operation} failed due to ${e.code}`;
  switch (e.code) {
    case 'AlreadyExistsException':
      return new ProviderError('AlreadyExists', message);
    case 'InvalidAliasNameException':
    case 'KMSInvalidStateException':
    case 'InvalidArnException':
    case 'MalformedPolicyDocumentException':
    case 'TagException':
    case 'UnsupportedOperationException':
    case 'DisabledException':
    case 'ValidationException':
      return new ProviderError('InvalidRequest', message);
    case 'LimitExceededException':
      return new ProviderError('ServiceLimitExceeded', message);
    case 'NotFoundException':
      return new ProviderError('NotFound', message);
    case 'InvalidMarkerException':
      // "We should never make a call with an invalid marker, if we did, there is an issue"
      return new ProviderError('InternalFailure', message);
    case 'KMSInternalException':
    case 'DependencyTimeoutException':
      return new ProviderError('ServiceInternalError', `Internal error reported from downstream service during operation '${operation}'.`);
    case 'AccessDeniedException':
      // The plugin's own text for this code is not known here: the KMS message stands in
      if (TAG_PERMISSIONS.some((p) => e.message.includes(p))) return new ProviderError('UnauthorizedTaggingOperation', message);
      return new ProviderError('AccessDenied', `Access denied for operation '${operation}'.`);
    case 'ThrottlingException':
      return new ProviderError('Throttling', `Rate exceeded for operation '${operation}'.`);
    default:
      return new ProviderError('GeneralServiceException', `Error occurred during operation '${operation}'.`);
  }
}

/** Runs a KMS operation; a KmsError becomes the handler's ProviderError, anything else (a bug) propagates. */
export async function callKms(ctx: ProviderContext, operation: string, request: Record<string, unknown>, region?: string): Promise<Record<string, unknown>> {
  try {
    return await ctx.kms(operation, request, region);
  } catch (e) {
    if (e instanceof KmsError) throw handlerErrorOf(operation, e);
    throw e;
  }
}

/** The KMS exception name behind a failed call, for handlers that treat some as success. */
export async function tryKms(ctx: ProviderContext, operation: string, request: Record<string, unknown>, region?: string): Promise<{ ok: Record<string, unknown> } | { error: KmsError }> {
  try {
    return { ok: await ctx.kms(operation, request, region) };
  } catch (e) {
    if (e instanceof KmsError) return { error: e };
    throw e;
  }
}
