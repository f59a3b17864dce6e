// The KMS API exceptions (botocore kms 2014-11-01): every one carries one member, message.
// Data only: imports nothing but the types in ./types.js; names and rules are facts, docs are ours.
import type { Shape, StructureShape } from '../../../api/types.js';

/** An exception shape: one optional member, message; `fault` marks server-side faults. */
function exception(doc: string, fault = false): StructureShape {
  const members = { message: { shape: 'ErrorMessageType', doc: 'What went wrong.' } };
  const shape: StructureShape = { type: 'structure', exception: true, doc, members };
  return fault ? { ...shape, fault: true } : shape;
}

export const errorShapes: Readonly<Record<string, Shape>> = {
  AlreadyExistsException: exception('The resource, such as an alias, already exists.'),
  CloudHsmClusterInUseException: exception('The CloudHSM cluster already backs another key store.'),
  CloudHsmClusterInvalidConfigurationException: exception('The CloudHSM cluster is not set up as a key store needs.'),
  CloudHsmClusterNotActiveException: exception('The CloudHSM cluster is not active.'),
  CloudHsmClusterNotFoundException: exception('No CloudHSM cluster has that id.'),
  CloudHsmClusterNotRelatedException: exception('The cluster does not share backups with the original cluster.'),
  ConflictException: exception('The request conflicts with the key\'s current state or another request.'),
  CustomKeyStoreHasCMKsException: exception('The key store still holds KMS keys.'),
  CustomKeyStoreInvalidStateException: exception('The key store is not in a state that allows the request.'),
  CustomKeyStoreNameInUseException: exception('Another key store in the account has that name.'),
  CustomKeyStoreNotFoundException: exception('No custom key store has that id or name.'),
  DependencyTimeoutException: exception('A service KMS depends on did not answer in time.', true),
  DisabledException: exception('The key is disabled.'),
  DryRunOperationException: exception('The dry run would have succeeded.'),
  ExpiredImportTokenException: exception('The import token has expired.'),
  IncorrectKeyException: exception('The key given is not the one that encrypted the ciphertext.'),
  IncorrectKeyMaterialException: exception('The imported material is not the material the key had before.'),
  IncorrectTrustAnchorException: exception('The trust anchor does not match the cluster\'s.'),
  InvalidAliasNameException: exception('The alias name is not valid.'),
  InvalidArnException: exception('The ARN is not valid.'),
  InvalidCiphertextException: exception('The ciphertext, its context or its key does not check out.'),
  InvalidGrantIdException: exception('The grant id is not valid.'),
  InvalidGrantTokenException: exception('The grant token is not valid.'),
  InvalidImportTokenException: exception('The import token is not valid for this key.'),
  InvalidKeyUsageException: exception('The key\'s usage or spec does not allow the operation.'),
  InvalidMarkerException: exception('The pagination marker is not valid.'),
  KMSInternalException: exception('KMS failed internally.', true),
  KMSInvalidMacException: exception('The MAC did not verify.'),
  KMSInvalidSignatureException: exception('The signature did not verify.'),
  KMSInvalidStateException: exception('The key\'s state does not allow the operation.'),
  KeyUnavailableException: exception('The key material is not available right now.', true),
  LimitExceededException: exception('A quota would be exceeded.'),
  MalformedPolicyDocumentException: exception('The key policy is not a valid policy.'),
  NotFoundException: exception('The key, alias, grant or other resource does not exist.'),
  TagException: exception('A tag is not valid or cannot be applied.'),
  UnsupportedOperationException: exception('The key or Region does not support the operation.'),
  XksKeyAlreadyInUseException: exception('The external key already backs another KMS key.'),
  XksKeyInvalidConfigurationException: exception('The external key is not set up for KMS use.'),
  XksKeyNotFoundException: exception('The proxy cannot find the external key.'),
  XksProxyIncorrectAuthenticationCredentialException: exception('The proxy rejected KMS\'s credential.'),
  XksProxyInvalidConfigurationException: exception('The proxy settings are not consistent.'),
  XksProxyInvalidResponseException: exception('The proxy gave a response KMS cannot use.'),
  XksProxyUriEndpointInUseException: exception('Another key store uses that proxy endpoint.'),
  XksProxyUriInUseException: exception('Another key store uses that proxy endpoint and path.'),
  XksProxyUriUnreachableException: exception('KMS cannot reach the proxy.'),
  XksProxyVpcEndpointServiceInUseException: exception('Another key store uses that VPC endpoint service.'),
  XksProxyVpcEndpointServiceInvalidConfigurationException: exception('The VPC endpoint service is not set up as needed.'),
  XksProxyVpcEndpointServiceNotFoundException: exception('No VPC endpoint service has that name.'),
};
