// The resource providers of the stack engine, by CloudFormation type name: AWS::KMS::Key,
// AWS::KMS::Alias and AWS::KMS::ReplicaKey. Imports only the providers.

import { aliasProvider } from './alias.js';
import { keyProvider } from './key.js';
import { replicaKeyProvider } from './replica-key.js';
import type { ResourceProvider } from './types.js';

export const PROVIDERS: Readonly<Record<string, ResourceProvider>> = Object.freeze({
  [keyProvider.type]: keyProvider,
  [aliasProvider.type]: aliasProvider,
  [replicaKeyProvider.type]: replicaKeyProvider,
});

/** The resource types a template may use; any other type is refused before a stack exists. */
export const SUPPORTED_TYPES: readonly string[] = Object.freeze(Object.keys(PROVIDERS));

export type { HandlerErrorCode, KmsCall, ProviderContext, ResourceProvider, ResourceState } from './types.js';
export { ProviderError } from './types.js';
