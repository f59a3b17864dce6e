// KMS API structures shared by several areas (KeyMetadata and its parts).
// Data only: imports nothing but the types in ./types.js; names and rules are facts, docs are ours.
import type { Shape } from '../../../api/types.js';

export const commonShapes: Readonly<Record<string, Shape>> = {
  KeyMetadata: {
    type: 'structure',
    required: ['KeyId'],
    doc: 'Everything KMS knows about a key except its material.',
    members: {
      AWSAccountId: { shape: 'AWSAccountIdType', doc: 'The AWS account that owns the key.' },
      KeyId: {
        shape: 'KeyIdType',
        doc: 'The key id (a UUID, or mrk- followed by hex for multi-Region keys).',
      },
      Arn: { shape: 'ArnType', doc: 'The ARN of the key.' },
      CreationDate: { shape: 'DateType', doc: 'When it was created.' },
      Enabled: { shape: 'BooleanType', doc: 'Whether the key can be used.' },
      Description: { shape: 'DescriptionType', doc: 'Free text that describes the key.' },
      KeyUsage: {
        shape: 'KeyUsageType',
        doc: 'What the key is for: encryption, signing, MACs or key agreement.',
      },
      KeyState: { shape: 'KeyState', doc: 'The lifecycle state of the key.' },
      DeletionDate: { shape: 'DateType', doc: 'When the key or its material will be deleted.' },
      ValidTo: { shape: 'DateType', doc: 'When imported key material expires.' },
      Origin: { shape: 'OriginType', doc: 'Where the key material comes from.' },
      CustomKeyStoreId: { shape: 'CustomKeyStoreIdType', doc: 'The identifier of the custom key store.' },
      CloudHsmClusterId: {
        shape: 'CloudHsmClusterIdType',
        doc: 'The AWS CloudHSM cluster behind the key store.',
      },
      ExpirationModel: { shape: 'ExpirationModelType', doc: 'Whether imported key material expires.' },
      KeyManager: { shape: 'KeyManagerType', doc: 'Whether the key is managed by AWS or by the customer.' },
      CustomerMasterKeySpec: {
        shape: 'CustomerMasterKeySpec',
        deprecated: true,
        doc: 'The old name for KeySpec, kept for compatibility.',
      },
      KeySpec: { shape: 'KeySpec', doc: 'The type of key: symmetric, RSA, elliptic curve, HMAC or ML-DSA.' },
      EncryptionAlgorithms: {
        shape: 'EncryptionAlgorithmSpecList',
        doc: 'The encryption algorithms the key supports.',
      },
      SigningAlgorithms: {
        shape: 'SigningAlgorithmSpecList',
        doc: 'The signing algorithms the key supports.',
      },
      KeyAgreementAlgorithms: {
        shape: 'KeyAgreementAlgorithmSpecList',
        doc: 'The key agreement algorithms the key supports.',
      },
      MultiRegion: { shape: 'NullableBooleanType', doc: 'Whether the key is a multi-Region key.' },
      MultiRegionConfiguration: {
        shape: 'MultiRegionConfiguration',
        doc: 'The primary and replica keys of a multi-Region key.',
      },
      PendingDeletionWindowInDays: {
        shape: 'PendingWindowInDaysType',
        doc: 'How many days the key waits before deletion.',
      },
      MacAlgorithms: { shape: 'MacAlgorithmSpecList', doc: 'The MAC algorithms the key supports.' },
      XksKeyConfiguration: { shape: 'XksKeyConfigurationType', doc: 'The external key behind this key.' },
      CurrentKeyMaterialId: {
        shape: 'BackingKeyIdType',
        doc: 'The key material version in use for new encryptions.',
      },
    },
  },
  MultiRegionConfiguration: {
    type: 'structure',
    doc: 'The primary and replicas of a multi-Region key.',
    members: {
      MultiRegionKeyType: {
        shape: 'MultiRegionKeyType',
        doc: 'Whether this key is the primary or a replica.',
      },
      PrimaryKey: { shape: 'MultiRegionKey', doc: 'The primary key of the multi-Region key.' },
      ReplicaKeys: { shape: 'MultiRegionKeyList', doc: 'The replica keys of the multi-Region key.' },
    },
  },
  MultiRegionKey: {
    type: 'structure',
    doc: 'One key of a multi-Region set: its ARN and Region.',
    members: {
      Arn: { shape: 'ArnType', doc: 'The ARN of the key.' },
      Region: { shape: 'RegionType', doc: 'The AWS Region.' },
    },
  },
  RecipientInfo: {
    type: 'structure',
    doc: 'An enclave attestation document and the algorithm to wrap results for it.',
    members: {
      KeyEncryptionAlgorithm: {
        shape: 'KeyEncryptionMechanism',
        doc: 'How the enclave public key wraps the result.',
      },
      AttestationDocument: {
        shape: 'AttestationDocumentType',
        doc: 'A signed Nitro Enclave attestation document that holds the public key for the response.',
      },
    },
  },
  Tag: {
    type: 'structure',
    required: ['TagKey', 'TagValue'],
    doc: 'A tag: a key and a value.',
    members: {
      TagKey: { shape: 'TagKeyType', doc: 'The tag key.' },
      TagValue: { shape: 'TagValueType', doc: 'The tag value.' },
    },
  },
  XksKeyConfigurationType: {
    type: 'structure',
    doc: 'The external key that backs a KMS key.',
    members: {
      Id: { shape: 'XksKeyIdType', doc: 'The identifier of the key.' },
    },
  },
};
