// KMS API operations on keys: lifecycle, rotation, import, multi-Region, public keys.
// Data only: imports nothing but the types in ./types.js; errors and paginators from botocore, docs ours.
import type { OperationSpec } from '../../../api/types.js';

export const keyOperations: Readonly<Record<string, OperationSpec>> = {
  CancelKeyDeletion: {
    name: 'CancelKeyDeletion',
    input: 'CancelKeyDeletionRequest',
    output: 'CancelKeyDeletionResponse',
    errors: [
      'NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException',
      'KMSInvalidStateException',
    ],
    doc: 'Stops a scheduled deletion. The key returns in the Disabled state; enable it again before use.',
    examples: [
      { command: 'kms cancel-key-deletion --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Keeps a key that was scheduled for deletion.' },
    ],
  },
  CreateKey: {
    name: 'CreateKey',
    input: 'CreateKeyRequest',
    output: 'CreateKeyResponse',
    errors: [
      'MalformedPolicyDocumentException', 'DependencyTimeoutException', 'InvalidArnException',
      'UnsupportedOperationException', 'KMSInternalException', 'LimitExceededException', 'TagException',
      'CustomKeyStoreNotFoundException', 'CustomKeyStoreInvalidStateException',
      'CloudHsmClusterInvalidConfigurationException', 'XksKeyInvalidConfigurationException',
      'XksKeyAlreadyInUseException', 'XksKeyNotFoundException',
    ],
    doc: 'Creates a KMS key: symmetric by default, or asymmetric, HMAC or ML-DSA by KeySpec and KeyUsage. Returns the new key\'s metadata.',
    examples: [
      { command: 'kms create-key --description "app data key"', description: 'Creates a symmetric encryption key.' },
      { command: 'kms create-key --key-spec RSA_2048 --key-usage SIGN_VERIFY', description: 'Creates an RSA signing key.' },
    ],
  },
  DeleteImportedKeyMaterial: {
    name: 'DeleteImportedKeyMaterial',
    input: 'DeleteImportedKeyMaterialRequest',
    output: 'DeleteImportedKeyMaterialResponse',
    errors: [
      'InvalidArnException', 'UnsupportedOperationException', 'DependencyTimeoutException',
      'NotFoundException', 'KMSInternalException', 'KMSInvalidStateException',
    ],
    doc: 'Deletes imported key material from a key with EXTERNAL origin. The key becomes unusable until material is imported again.',
    examples: [
      { command: 'kms delete-imported-key-material --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Removes the imported material.' },
    ],
  },
  DescribeKey: {
    name: 'DescribeKey',
    input: 'DescribeKeyRequest',
    output: 'DescribeKeyResponse',
    errors: [
      'NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException',
    ],
    doc: 'Shows a key\'s metadata: ARN, state, spec, usage, algorithms, origin and dates. Accepts an alias.',
    examples: [
      { command: 'kms describe-key --key-id alias/app', description: 'Shows the key behind alias/app.' },
    ],
  },
  DisableKey: {
    name: 'DisableKey',
    input: 'DisableKeyRequest',
    errors: [
      'NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException',
      'KMSInvalidStateException',
    ],
    doc: 'Disables a key so no cryptographic operation can use it until it is enabled again.',
    examples: [
      { command: 'kms disable-key --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Disables the key.' },
    ],
  },
  DisableKeyRotation: {
    name: 'DisableKeyRotation',
    input: 'DisableKeyRotationRequest',
    errors: [
      'NotFoundException', 'DisabledException', 'InvalidArnException', 'DependencyTimeoutException',
      'KMSInternalException', 'KMSInvalidStateException', 'UnsupportedOperationException',
    ],
    doc: 'Turns off automatic rotation of a symmetric key\'s material.',
    examples: [
      { command: 'kms disable-key-rotation --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Stops yearly rotation.' },
    ],
  },
  EnableKey: {
    name: 'EnableKey',
    input: 'EnableKeyRequest',
    errors: [
      'NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException',
      'LimitExceededException', 'KMSInvalidStateException',
    ],
    doc: 'Enables a disabled key so it can be used again.',
    examples: [
      { command: 'kms enable-key --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Enables the key.' },
    ],
  },
  EnableKeyRotation: {
    name: 'EnableKeyRotation',
    input: 'EnableKeyRotationRequest',
    errors: [
      'NotFoundException', 'DisabledException', 'InvalidArnException', 'DependencyTimeoutException',
      'KMSInternalException', 'KMSInvalidStateException', 'UnsupportedOperationException',
    ],
    doc: 'Turns on automatic rotation of a symmetric key\'s material, every 365 days unless a period is given.',
    examples: [
      { command: 'kms enable-key-rotation --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --rotation-period-in-days 180', description: 'Rotates the key every 180 days.' },
    ],
  },
  GetKeyLastUsage: {
    name: 'GetKeyLastUsage',
    input: 'GetKeyLastUsageRequest',
    output: 'GetKeyLastUsageResponse',
    errors: [
      'NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException',
    ],
    doc: 'Tells when a key was last used for a cryptographic operation, which operation it was, and since when usage is tracked.',
    examples: [
      { command: 'kms get-key-last-usage --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Shows the key\'s last use.' },
    ],
  },
  GetKeyRotationStatus: {
    name: 'GetKeyRotationStatus',
    input: 'GetKeyRotationStatusRequest',
    output: 'GetKeyRotationStatusResponse',
    errors: [
      'NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException',
      'KMSInvalidStateException', 'UnsupportedOperationException',
    ],
    doc: 'Tells whether automatic rotation is on for a key, and its period and next date.',
    examples: [
      { command: 'kms get-key-rotation-status --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Shows the rotation settings.' },
    ],
  },
  GetParametersForImport: {
    name: 'GetParametersForImport',
    input: 'GetParametersForImportRequest',
    output: 'GetParametersForImportResponse',
    errors: [
      'InvalidArnException', 'UnsupportedOperationException', 'DependencyTimeoutException',
      'NotFoundException', 'KMSInternalException', 'KMSInvalidStateException',
    ],
    doc: 'Returns a wrapping public key and an import token for bringing your own key material into a key with EXTERNAL origin. Both are valid for 24 hours.',
    examples: [
      { command: 'kms get-parameters-for-import --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --wrapping-algorithm RSAES_OAEP_SHA_256 --wrapping-key-spec RSA_4096', description: 'Prepares an import.' },
    ],
  },
  GetPublicKey: {
    name: 'GetPublicKey',
    input: 'GetPublicKeyRequest',
    output: 'GetPublicKeyResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'KeyUnavailableException', 'DependencyTimeoutException',
      'UnsupportedOperationException', 'InvalidArnException', 'InvalidGrantTokenException',
      'InvalidKeyUsageException', 'KMSInternalException', 'KMSInvalidStateException',
    ],
    doc: 'Returns the public key of an asymmetric key, DER-encoded, with its spec, usage and algorithms.',
    examples: [
      { command: 'kms get-public-key --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --output text --query PublicKey', description: 'Prints the public key, base64-encoded.' },
    ],
  },
  ImportKeyMaterial: {
    name: 'ImportKeyMaterial',
    input: 'ImportKeyMaterialRequest',
    output: 'ImportKeyMaterialResponse',
    errors: [
      'InvalidArnException', 'UnsupportedOperationException', 'DependencyTimeoutException',
      'NotFoundException', 'KMSInternalException', 'KMSInvalidStateException',
      'InvalidCiphertextException', 'IncorrectKeyMaterialException', 'ExpiredImportTokenException',
      'InvalidImportTokenException',
    ],
    doc: 'Imports wrapped key material into a key with EXTERNAL origin, using the token from GetParametersForImport.',
    examples: [
      { command: 'kms import-key-material --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --encrypted-key-material fileb://material.bin --import-token fileb://token.bin --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE', description: 'Imports material that never expires.' },
    ],
  },
  ListKeyRotations: {
    name: 'ListKeyRotations',
    input: 'ListKeyRotationsRequest',
    output: 'ListKeyRotationsResponse',
    errors: [
      'NotFoundException', 'InvalidArnException', 'InvalidMarkerException', 'KMSInternalException',
      'KMSInvalidStateException', 'UnsupportedOperationException',
    ],
    doc: 'Lists the completed rotations of a key, newest material versions included.',
    paginator: { inputToken: 'Marker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'Rotations', moreResults: 'Truncated' },
    examples: [
      { command: 'kms list-key-rotations --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Shows when the key rotated.' },
    ],
  },
  ListKeys: {
    name: 'ListKeys',
    input: 'ListKeysRequest',
    output: 'ListKeysResponse',
    errors: ['DependencyTimeoutException', 'KMSInternalException', 'InvalidMarkerException'],
    doc: 'Lists the ids and ARNs of the keys in the account and Region.',
    paginator: { inputToken: 'Marker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'Keys', moreResults: 'Truncated' },
    examples: [
      { command: 'kms list-keys', description: 'Lists every key.' },
      { command: 'kms list-keys --max-items 10', description: 'Lists the first ten keys.' },
    ],
  },
  ReplicateKey: {
    name: 'ReplicateKey',
    input: 'ReplicateKeyRequest',
    output: 'ReplicateKeyResponse',
    errors: [
      'AlreadyExistsException', 'DisabledException', 'InvalidArnException', 'KMSInvalidStateException',
      'KMSInternalException', 'LimitExceededException', 'MalformedPolicyDocumentException',
      'NotFoundException', 'TagException', 'UnsupportedOperationException',
    ],
    doc: 'Creates a replica of a multi-Region primary key in another Region.',
    examples: [
      { command: 'kms replicate-key --key-id mrk-1234abcd12ab34cd56ef1234567890ab --replica-region eu-west-1', description: 'Replicates the key to eu-west-1.' },
    ],
  },
  RotateKeyOnDemand: {
    name: 'RotateKeyOnDemand',
    input: 'RotateKeyOnDemandRequest',
    output: 'RotateKeyOnDemandResponse',
    errors: [
      'NotFoundException', 'DisabledException', 'InvalidArnException', 'DependencyTimeoutException',
      'KMSInternalException', 'KMSInvalidStateException', 'UnsupportedOperationException',
      'LimitExceededException', 'ConflictException',
    ],
    doc: 'Rotates a symmetric key\'s material now, whatever its automatic schedule.',
    examples: [
      { command: 'kms rotate-key-on-demand --key-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Starts a rotation now.' },
    ],
  },
  ScheduleKeyDeletion: {
    name: 'ScheduleKeyDeletion',
    input: 'ScheduleKeyDeletionRequest',
    output: 'ScheduleKeyDeletionResponse',
    errors: [
      'NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException',
      'KMSInvalidStateException',
    ],
    doc: 'Schedules a key for deletion after a waiting period of 7 to 30 days (30 by default). The key is unusable meanwhile and can be saved with cancel-key-deletion.',
    examples: [
      { command: 'kms schedule-key-deletion --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --pending-window-in-days 7', description: 'Deletes the key in a week.' },
    ],
  },
  UpdateKeyDescription: {
    name: 'UpdateKeyDescription',
    input: 'UpdateKeyDescriptionRequest',
    errors: [
      'NotFoundException', 'InvalidArnException', 'DependencyTimeoutException', 'KMSInternalException',
      'KMSInvalidStateException',
    ],
    doc: 'Replaces a key\'s description.',
    examples: [
      { command: 'kms update-key-description --key-id 1234abcd-12ab-34cd-56ef-1234567890ab --description "payments data"', description: 'Sets a new description.' },
    ],
  },
  UpdatePrimaryRegion: {
    name: 'UpdatePrimaryRegion',
    input: 'UpdatePrimaryRegionRequest',
    errors: [
      'DisabledException', 'InvalidArnException', 'KMSInvalidStateException', 'KMSInternalException',
      'NotFoundException', 'UnsupportedOperationException',
    ],
    doc: 'Makes a replica of a multi-Region key the primary; the old primary becomes a replica.',
    examples: [
      { command: 'kms update-primary-region --key-id mrk-1234abcd12ab34cd56ef1234567890ab --primary-region eu-west-1', description: 'Moves the primary to eu-west-1.' },
    ],
  },
};
