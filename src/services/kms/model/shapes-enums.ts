// The KMS API enumerations, values in the model's order (botocore kms 2014-11-01).
// Data only: imports nothing but the types in ./types.js; names and rules are facts, docs are ours.
import type { Shape } from '../../../api/types.js';

export const enumShapes: Readonly<Record<string, Shape>> = {
  AlgorithmSpec: {
    type: 'string',
    enum: [
      'RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1',
      'RSA_AES_KEY_WRAP_SHA_256', 'SM2PKE',
    ],
    doc: 'Padding schemes for wrapping imported key material.',
  },
  ConnectionErrorCodeType: {
    type: 'string',
    enum: [
      'INVALID_CREDENTIALS', 'CLUSTER_NOT_FOUND', 'NETWORK_ERRORS', 'INTERNAL_ERROR',
      'INSUFFICIENT_CLOUDHSM_HSMS', 'USER_LOCKED_OUT', 'USER_NOT_FOUND', 'USER_LOGGED_IN',
      'SUBNET_NOT_FOUND', 'INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET', 'XKS_PROXY_ACCESS_DENIED',
      'XKS_PROXY_NOT_REACHABLE', 'XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND', 'XKS_PROXY_INVALID_RESPONSE',
      'XKS_PROXY_INVALID_CONFIGURATION', 'XKS_VPC_ENDPOINT_SERVICE_INVALID_CONFIGURATION',
      'XKS_PROXY_TIMED_OUT', 'XKS_PROXY_INVALID_TLS_CONFIGURATION',
    ],
    doc: 'Reasons a custom key store failed to connect.',
  },
  ConnectionStateType: {
    type: 'string',
    enum: ['CONNECTED', 'CONNECTING', 'FAILED', 'DISCONNECTED', 'DISCONNECTING'],
    doc: 'Connection states of a custom key store.',
  },
  CustomKeyStoreType: {
    type: 'string',
    enum: ['AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'],
    doc: 'Kinds of custom key store.',
  },
  CustomerMasterKeySpec: {
    type: 'string',
    deprecated: true,
    enum: [
      'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521',
      'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2',
    ],
    doc: 'Key types under their old name; use KeySpec.',
  },
  DataKeyPairSpec: {
    type: 'string',
    enum: [
      'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521',
      'ECC_SECG_P256K1', 'SM2', 'ECC_NIST_EDWARDS25519',
    ],
    doc: 'Types of data key pair.',
  },
  DataKeySpec: { type: 'string', enum: ['AES_256', 'AES_128'], doc: 'Lengths of symmetric data key.' },
  DryRunModifierType: { type: 'string', enum: ['IGNORE_CIPHERTEXT'], doc: 'Extra checks for a dry run.' },
  EncryptionAlgorithmSpec: {
    type: 'string',
    enum: ['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'],
    doc: 'Encryption algorithms.',
  },
  ExpirationModelType: {
    type: 'string',
    enum: ['KEY_MATERIAL_EXPIRES', 'KEY_MATERIAL_DOES_NOT_EXPIRE'],
    doc: 'Whether imported key material expires.',
  },
  GrantOperation: {
    type: 'string',
    enum: [
      'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom',
      'ReEncryptTo', 'Sign', 'Verify', 'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey',
      'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'GenerateMac', 'VerifyMac',
      'DeriveSharedSecret',
    ],
    doc: 'Operations a grant can allow.',
  },
  ImportState: {
    type: 'string',
    enum: ['IMPORTED', 'PENDING_IMPORT'],
    doc: 'Import states of a key material version.',
  },
  ImportType: {
    type: 'string',
    enum: ['NEW_KEY_MATERIAL', 'EXISTING_KEY_MATERIAL'],
    doc: 'Kinds of key material import.',
  },
  IncludeKeyMaterial: {
    type: 'string',
    enum: ['ALL_KEY_MATERIAL', 'ROTATIONS_ONLY'],
    doc: 'Which key material versions a listing includes.',
  },
  KeyAgreementAlgorithmSpec: { type: 'string', enum: ['ECDH'], doc: 'Key agreement algorithms.' },
  KeyEncryptionMechanism: {
    type: 'string',
    enum: ['RSAES_OAEP_SHA_256'],
    doc: 'Algorithms for wrapping results to an enclave.',
  },
  KeyLastUsageTrackingOperation: {
    type: 'string',
    enum: [
      'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair',
      'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac',
      'ReEncrypt', 'Sign', 'Verify', 'VerifyMac',
    ],
    doc: 'Operations that count as a use of a key.',
  },
  KeyManagerType: { type: 'string', enum: ['AWS', 'CUSTOMER'], doc: 'Who manages a key.' },
  KeyMaterialState: {
    type: 'string',
    enum: ['NON_CURRENT', 'CURRENT', 'PENDING_ROTATION', 'PENDING_MULTI_REGION_IMPORT_AND_ROTATION'],
    doc: 'States of a key material version.',
  },
  KeySpec: {
    type: 'string',
    enum: [
      'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521',
      'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT', 'HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512', 'SM2',
      'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', 'ECC_NIST_EDWARDS25519',
    ],
    doc: 'Types of KMS key.',
  },
  KeyState: {
    type: 'string',
    enum: [
      'Creating', 'Enabled', 'Disabled', 'PendingDeletion', 'PendingImport', 'PendingReplicaDeletion',
      'Unavailable', 'Updating',
    ],
    doc: 'Lifecycle states of a key.',
  },
  KeyUsageType: {
    type: 'string',
    enum: ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'],
    doc: 'What a key can be used for.',
  },
  MacAlgorithmSpec: {
    type: 'string',
    enum: ['HMAC_SHA_224', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'],
    doc: 'HMAC algorithms.',
  },
  MessageType: {
    type: 'string',
    enum: ['RAW', 'DIGEST', 'EXTERNAL_MU'],
    doc: 'Whether a message is raw or already digested.',
  },
  MultiRegionKeyType: {
    type: 'string',
    enum: ['PRIMARY', 'REPLICA'],
    doc: 'Roles of a key in a multi-Region set.',
  },
  OriginType: {
    type: 'string',
    enum: ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'],
    doc: 'Sources of key material.',
  },
  RotationType: { type: 'string', enum: ['AUTOMATIC', 'ON_DEMAND'], doc: 'How a rotation was started.' },
  SigningAlgorithmSpec: {
    type: 'string',
    enum: [
      'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512', 'RSASSA_PKCS1_V1_5_SHA_256',
      'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'ECDSA_SHA_256', 'ECDSA_SHA_384',
      'ECDSA_SHA_512', 'SM2DSA', 'ML_DSA_SHAKE_256', 'ED25519_SHA_512', 'ED25519_PH_SHA_512',
    ],
    doc: 'Signing algorithms.',
  },
  WrappingKeySpec: {
    type: 'string',
    enum: ['RSA_2048', 'RSA_3072', 'RSA_4096', 'SM2'],
    doc: 'Types of wrapping public key for import.',
  },
  XksProxyConnectivityType: {
    type: 'string',
    enum: ['PUBLIC_ENDPOINT', 'VPC_ENDPOINT_SERVICE'],
    doc: 'Ways to reach an external key store proxy.',
  },
};
