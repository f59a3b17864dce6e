// KMS API operations on aliases, tags, key policies, grants and custom key stores.
// Data only: imports nothing but the types in ./types.js; errors and paginators from botocore, docs ours.
import type { OperationSpec } from '../../../api/types.js';

export const adminOperations: Readonly<Record<string, OperationSpec>> = {
  ConnectCustomKeyStore: {
    name: 'ConnectCustomKeyStore',
    input: 'ConnectCustomKeyStoreRequest',
    output: 'ConnectCustomKeyStoreResponse',
    errors: [
      'CloudHsmClusterNotActiveException', 'CustomKeyStoreInvalidStateException',
      'CustomKeyStoreNotFoundException', 'KMSInternalException',
      'CloudHsmClusterInvalidConfigurationException',
    ],
    doc: 'Starts connecting a custom key store to its CloudHSM cluster or external proxy. The call returns at once; watch ConnectionState with describe-custom-key-stores.',
    examples: [
      { command: 'kms connect-custom-key-store --custom-key-store-id cks-1234567890abcdef0', description: 'Connects the key store.' },
    ],
  },
  CreateAlias: {
    name: 'CreateAlias',
    input: 'CreateAliasRequest',
    errors: [
      'DependencyTimeoutException', 'AlreadyExistsException', 'NotFoundException',
      'InvalidAliasNameException', 'KMSInternalException', 'LimitExceededException',
      'KMSInvalidStateException',
    ],
    doc: 'Gives a key a friendly name. The alias name starts with alias/ and must be unique in the account and Region; aws/ names are reserved.',
    examples: [
      { command: 'kms create-alias --alias-name alias/app --target-key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Names the key alias/app.' },
    ],
  },
  CreateCustomKeyStore: {
    name: 'CreateCustomKeyStore',
    input: 'CreateCustomKeyStoreRequest',
    output: 'CreateCustomKeyStoreResponse',
    errors: [
      'CloudHsmClusterInUseException', 'CustomKeyStoreNameInUseException',
      'CloudHsmClusterNotFoundException', 'KMSInternalException', 'CloudHsmClusterNotActiveException',
      'IncorrectTrustAnchorException', 'CloudHsmClusterInvalidConfigurationException',
      'LimitExceededException', 'XksProxyUriInUseException', 'XksProxyUriEndpointInUseException',
      'XksProxyUriUnreachableException', 'XksProxyIncorrectAuthenticationCredentialException',
      'XksProxyVpcEndpointServiceInUseException', 'XksProxyVpcEndpointServiceNotFoundException',
      'XksProxyVpcEndpointServiceInvalidConfigurationException', 'XksProxyInvalidResponseException',
      'XksProxyInvalidConfigurationException',
    ],
    doc: 'Creates a key store backed by a CloudHSM cluster or an external key manager. It starts disconnected.',
    examples: [
      { command: 'kms create-custom-key-store --custom-key-store-name hsm-store --cloud-hsm-cluster-id cluster-234abcdefgh --key-store-password secret --trust-anchor-certificate file://ca.crt', description: 'Creates a CloudHSM key store.' },
    ],
  },
  CreateGrant: {
    name: 'CreateGrant',
    input: 'CreateGrantRequest',
    output: 'CreateGrantResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'DependencyTimeoutException', 'InvalidArnException',
      'KMSInternalException', 'InvalidGrantTokenException', 'LimitExceededException',
      'KMSInvalidStateException', 'DryRunOperationException',
    ],
    doc: 'Lets another principal use a key for the listed operations, optionally only with a given encryption context. Returns the grant id and a token usable at once.',
    examples: [
      { command: 'kms create-grant --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --grantee-principal arn:aws:iam::111122223333:role/app --operations Encrypt Decrypt', description: 'Lets a role encrypt and decrypt with the key.' },
    ],
  },
  DeleteAlias: {
    name: 'DeleteAlias',
    input: 'DeleteAliasRequest',
    errors: [
      'DependencyTimeoutException', 'NotFoundException', 'KMSInternalException',
      'KMSInvalidStateException',
    ],
    doc: 'Deletes an alias. The key it pointed to is not affected.',
    examples: [
      { command: 'kms delete-alias --alias-name alias/app', description: 'Removes the alias alias/app.' },
    ],
  },
  DeleteCustomKeyStore: {
    name: 'DeleteCustomKeyStore',
    input: 'DeleteCustomKeyStoreRequest',
    output: 'DeleteCustomKeyStoreResponse',
    errors: [
      'CustomKeyStoreHasCMKsException', 'CustomKeyStoreInvalidStateException',
      'CustomKeyStoreNotFoundException', 'KMSInternalException',
    ],
    doc: 'Deletes a custom key store that holds no keys and is disconnected.',
    examples: [
      { command: 'kms delete-custom-key-store --custom-key-store-id cks-1234567890abcdef0', description: 'Deletes the key store.' },
    ],
  },
  DescribeCustomKeyStores: {
    name: 'DescribeCustomKeyStores',
    input: 'DescribeCustomKeyStoresRequest',
    output: 'DescribeCustomKeyStoresResponse',
    errors: ['CustomKeyStoreNotFoundException', 'InvalidMarkerException', 'KMSInternalException'],
    doc: 'Lists custom key stores with their settings and connection state, or one store by id or name.',
    paginator: { inputToken: 'Marker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'CustomKeyStores', moreResults: 'Truncated' },
    examples: [
      { command: 'kms describe-custom-key-stores', description: 'Shows every custom key store in the account and Region.' },
    ],
  },
  DisconnectCustomKeyStore: {
    name: 'DisconnectCustomKeyStore',
    input: 'DisconnectCustomKeyStoreRequest',
    output: 'DisconnectCustomKeyStoreResponse',
    errors: [
      'CustomKeyStoreInvalidStateException', 'CustomKeyStoreNotFoundException', 'KMSInternalException',
    ],
    doc: 'Disconnects a custom key store; its keys cannot be used until it reconnects.',
    examples: [
      { command: 'kms disconnect-custom-key-store --custom-key-store-id cks-1234567890abcdef0', description: 'Disconnects the key store.' },
    ],
  },
  GetKeyPolicy: {
    name: 'GetKeyPolicy',
    input: 'GetKeyPolicyRequest',
    output: 'GetKeyPolicyResponse',
    errors: [
      'NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException',
      'KMSInvalidStateException',
    ],
    doc: 'Returns a key\'s key policy document.',
    examples: [
      { command: 'kms get-key-policy --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --output text --query Policy', description: 'Prints the default policy.' },
    ],
  },
  ListAliases: {
    name: 'ListAliases',
    input: 'ListAliasesRequest',
    output: 'ListAliasesResponse',
    errors: [
      'DependencyTimeoutException', 'InvalidMarkerException', 'KMSInternalException',
      'InvalidArnException', 'NotFoundException',
    ],
    doc: 'Lists aliases in the account and Region, or only those of one key.',
    paginator: { inputToken: 'Marker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'Aliases', moreResults: 'Truncated' },
    examples: [
      { command: 'kms list-aliases --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Lists the aliases of one key.' },
    ],
  },
  ListGrants: {
    name: 'ListGrants',
    input: 'ListGrantsRequest',
    output: 'ListGrantsResponse',
    errors: [
      'NotFoundException', 'DependencyTimeoutException', 'InvalidMarkerException',
      'InvalidGrantIdException', 'InvalidArnException', 'KMSInternalException',
      'KMSInvalidStateException',
    ],
    doc: 'Lists the grants on a key.',
    paginator: { inputToken: 'Marker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'Grants', moreResults: 'Truncated' },
    examples: [
      { command: 'kms list-grants --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Shows who may use the key and how.' },
    ],
  },
  ListKeyPolicies: {
    name: 'ListKeyPolicies',
    input: 'ListKeyPoliciesRequest',
    output: 'ListKeyPoliciesResponse',
    errors: [
      'NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException',
      'KMSInvalidStateException',
    ],
    doc: 'Lists the names of a key\'s policies; there is only ever default.',
    paginator: { inputToken: 'Marker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'PolicyNames', moreResults: 'Truncated' },
    examples: [
      { command: 'kms list-key-policies --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Lists the policy names.' },
    ],
  },
  ListResourceTags: {
    name: 'ListResourceTags',
    input: 'ListResourceTagsRequest',
    output: 'ListResourceTagsResponse',
    errors: ['KMSInternalException', 'NotFoundException', 'InvalidArnException', 'InvalidMarkerException'],
    doc: 'Lists the tags on a key.',
    paginator: { inputToken: 'Marker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'Tags', moreResults: 'Truncated' },
    examples: [
      { command: 'kms list-resource-tags --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Shows the key\'s tags.' },
    ],
  },
  ListRetirableGrants: {
    name: 'ListRetirableGrants',
    input: 'ListRetirableGrantsRequest',
    output: 'ListGrantsResponse',
    errors: [
      'DependencyTimeoutException', 'InvalidMarkerException', 'InvalidArnException',
      'NotFoundException', 'KMSInternalException',
    ],
    doc: 'Lists the grants that a principal may retire.',
    paginator: { inputToken: 'Marker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'Grants', moreResults: 'Truncated' },
    examples: [
      { command: 'kms list-retirable-grants --retiring-principal arn:aws:iam::111122223333:role/app', description: 'Shows grants the role may retire.' },
    ],
  },
  PutKeyPolicy: {
    name: 'PutKeyPolicy',
    input: 'PutKeyPolicyRequest',
    errors: [
      'NotFoundException', 'InvalidArnException', 'MalformedPolicyDocumentException',
      'DependencyTimeoutException', 'UnsupportedOperationException', 'KMSInternalException',
      'LimitExceededException', 'KMSInvalidStateException',
    ],
    doc: 'Replaces a key\'s key policy.',
    examples: [
      { command: 'kms put-key-policy --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --policy file://policy.json', description: 'Sets the policy from a file.' },
    ],
  },
  RetireGrant: {
    name: 'RetireGrant',
    input: 'RetireGrantRequest',
    errors: [
      'InvalidArnException', 'InvalidGrantTokenException', 'InvalidGrantIdException',
      'NotFoundException', 'DependencyTimeoutException', 'KMSInternalException',
      'KMSInvalidStateException', 'DryRunOperationException',
    ],
    doc: 'Removes a grant, called by the principal allowed to retire it; name it by token or by key and grant id.',
    examples: [
      { command: 'kms retire-grant --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --grant-id 0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60', description: 'Retires the grant.' },
    ],
  },
  RevokeGrant: {
    name: 'RevokeGrant',
    input: 'RevokeGrantRequest',
    errors: [
      'NotFoundException', 'DependencyTimeoutException', 'InvalidArnException',
      'InvalidGrantIdException', 'KMSInternalException', 'KMSInvalidStateException',
      'DryRunOperationException',
    ],
    doc: 'Removes a grant from a key, called by the key\'s manager.',
    examples: [
      { command: 'kms revoke-grant --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --grant-id 0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8d3e9f3d6a60', description: 'Revokes the grant.' },
    ],
  },
  TagResource: {
    name: 'TagResource',
    input: 'TagResourceRequest',
    errors: [
      'KMSInternalException', 'NotFoundException', 'InvalidArnException', 'KMSInvalidStateException',
      'LimitExceededException', 'TagException',
    ],
    doc: 'Adds or replaces tags on a key.',
    examples: [
      { command: 'kms tag-resource --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --tags TagKey=team,TagValue=payments', description: 'Tags the key.' },
    ],
  },
  UntagResource: {
    name: 'UntagResource',
    input: 'UntagResourceRequest',
    errors: [
      'KMSInternalException', 'NotFoundException', 'InvalidArnException', 'KMSInvalidStateException',
      'TagException',
    ],
    doc: 'Removes tags from a key by tag key.',
    examples: [
      { command: 'kms untag-resource --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --tag-keys team', description: 'Removes the team tag.' },
    ],
  },
  UpdateAlias: {
    name: 'UpdateAlias',
    input: 'UpdateAliasRequest',
    errors: [
      'DependencyTimeoutException', 'NotFoundException', 'KMSInternalException',
      'LimitExceededException', 'KMSInvalidStateException',
    ],
    doc: 'Points an existing alias at another key of the same type and usage.',
    examples: [
      { command: 'kms update-alias --alias-name alias/app --target-key-id 0987dcba-09fe-87dc-65ba-ab0987654321', description: 'Moves alias/app to another key.' },
    ],
  },
  UpdateCustomKeyStore: {
    name: 'UpdateCustomKeyStore',
    input: 'UpdateCustomKeyStoreRequest',
    output: 'UpdateCustomKeyStoreResponse',
    errors: [
      'CustomKeyStoreNotFoundException', 'CustomKeyStoreNameInUseException',
      'CloudHsmClusterNotFoundException', 'CloudHsmClusterNotRelatedException',
      'CustomKeyStoreInvalidStateException', 'KMSInternalException',
      'CloudHsmClusterNotActiveException', 'CloudHsmClusterInvalidConfigurationException',
      'XksProxyUriInUseException', 'XksProxyUriEndpointInUseException',
      'XksProxyUriUnreachableException', 'XksProxyIncorrectAuthenticationCredentialException',
      'XksProxyVpcEndpointServiceInUseException', 'XksProxyVpcEndpointServiceNotFoundException',
      'XksProxyVpcEndpointServiceInvalidConfigurationException', 'XksProxyInvalidResponseException',
      'XksProxyInvalidConfigurationException',
    ],
    doc: 'Changes a custom key store\'s name, password, cluster or proxy settings; most changes need it disconnected.',
    examples: [
      { command: 'kms update-custom-key-store --custom-key-store-id cks-1234567890abcdef0 --new-custom-key-store-name new-name', description: 'Renames the key store.' },
    ],
  },
};
