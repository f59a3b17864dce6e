// KMS API request/response shapes of rotation, import, multi-Region, public key and last-usage operations.
// Data only: imports nothing but the types in ./types.js; names and rules are facts, docs are ours.
import type { Shape } from '../../../api/types.js';

export const rotationShapes: Readonly<Record<string, Shape>> = {
  DeleteImportedKeyMaterialRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      KeyMaterialId: { shape: 'BackingKeyIdType', doc: 'The identifier of a key material version.' },
    },
  },
  DeleteImportedKeyMaterialResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      KeyMaterialId: { shape: 'BackingKeyIdResponseType', doc: 'The identifier of a key material version.' },
    },
  },
  DisableKeyRotationRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
    },
  },
  EnableKeyRotationRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      RotationPeriodInDays: {
        shape: 'RotationPeriodInDaysType',
        doc: 'Days between automatic rotations (90 to 2560).',
      },
    },
  },
  GetKeyLastUsageRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
    },
  },
  GetKeyLastUsageResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      KeyLastUsage: { shape: 'KeyLastUsageData', doc: 'When and how the key was last used, if tracked.' },
      TrackingStartDate: { shape: 'DateType', doc: 'Since when key usage has been tracked.' },
      KeyCreationDate: { shape: 'DateType', doc: 'When the key was created.' },
    },
  },
  GetKeyRotationStatusRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
    },
  },
  GetKeyRotationStatusResponse: {
    type: 'structure',
    members: {
      KeyRotationEnabled: { shape: 'BooleanType', doc: 'Whether automatic rotation is on.' },
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      RotationPeriodInDays: {
        shape: 'RotationPeriodInDaysType',
        doc: 'Days between automatic rotations (90 to 2560).',
      },
      NextRotationDate: { shape: 'DateType', doc: 'When the key will next rotate automatically.' },
      OnDemandRotationStartDate: { shape: 'DateType', doc: 'When the last on-demand rotation started.' },
    },
  },
  GetParametersForImportRequest: {
    type: 'structure',
    required: ['KeyId', 'WrappingAlgorithm', 'WrappingKeySpec'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      WrappingAlgorithm: { shape: 'AlgorithmSpec', doc: 'How key material will be wrapped for import.' },
      WrappingKeySpec: {
        shape: 'WrappingKeySpec',
        doc: 'The type of the public key that wraps the key material.',
      },
    },
  },
  GetParametersForImportResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      ImportToken: {
        shape: 'CiphertextType',
        doc: 'The token from GetParametersForImport that goes with the wrapped material.',
      },
      PublicKey: { shape: 'PlaintextType', doc: 'A DER-encoded public key (SubjectPublicKeyInfo).' },
      ParametersValidTo: { shape: 'DateType', doc: 'When the import token and public key stop working.' },
    },
  },
  GetPublicKeyRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
    },
  },
  GetPublicKeyResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      PublicKey: { shape: 'PublicKeyType', doc: 'A DER-encoded public key (SubjectPublicKeyInfo).' },
      CustomerMasterKeySpec: {
        shape: 'CustomerMasterKeySpec',
        deprecated: true,
        doc: 'The old name for KeySpec, kept for compatibility.',
      },
      KeySpec: { shape: 'KeySpec', doc: 'The type of key: symmetric, RSA, elliptic curve, HMAC or ML-DSA.' },
      KeyUsage: {
        shape: 'KeyUsageType',
        doc: 'What the key is for: encryption, signing, MACs or key agreement.',
      },
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
    },
  },
  ImportKeyMaterialRequest: {
    type: 'structure',
    required: ['KeyId', 'ImportToken', 'EncryptedKeyMaterial'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      ImportToken: {
        shape: 'CiphertextType',
        doc: 'The token from GetParametersForImport that goes with the wrapped material.',
      },
      EncryptedKeyMaterial: {
        shape: 'CiphertextType',
        doc: 'The key material, wrapped under the public key from GetParametersForImport.',
      },
      ValidTo: { shape: 'DateType', doc: 'When imported key material expires.' },
      ExpirationModel: { shape: 'ExpirationModelType', doc: 'Whether imported key material expires.' },
      ImportType: {
        shape: 'ImportType',
        doc: 'Whether the import brings new material or re-imports earlier material.',
      },
      KeyMaterialDescription: {
        shape: 'KeyMaterialDescriptionType',
        doc: 'Free text that describes the imported key material.',
      },
      KeyMaterialId: { shape: 'BackingKeyIdType', doc: 'The identifier of a key material version.' },
    },
  },
  ImportKeyMaterialResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      KeyMaterialId: { shape: 'BackingKeyIdType', doc: 'The identifier of a key material version.' },
    },
  },
  KeyLastUsageData: {
    type: 'structure',
    doc: 'When and by which request a key was last used.',
    members: {
      Operation: {
        shape: 'KeyLastUsageTrackingOperation',
        doc: 'The operation in which the key was last used.',
      },
      Timestamp: { shape: 'DateType', doc: 'When the key was last used.' },
      CloudTrailEventId: {
        shape: 'CloudTrailEventIdType',
        doc: 'The CloudTrail event that recorded the last use.',
      },
      KmsRequestId: { shape: 'KmsRequestIdType', doc: 'The request in which the key was last used.' },
    },
  },
  ListKeyRotationsRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      IncludeKeyMaterial: { shape: 'IncludeKeyMaterial', doc: 'Which key material versions to list.' },
      Limit: { shape: 'LimitType', doc: 'The most items to return on one page.' },
      Marker: { shape: 'MarkerType', doc: 'Where to resume: the NextMarker of the previous page.' },
    },
  },
  ListKeyRotationsResponse: {
    type: 'structure',
    members: {
      Rotations: { shape: 'RotationsList', doc: 'The rotations on this page of results.' },
      NextMarker: { shape: 'MarkerType', doc: 'Pass this as Marker to get the next page.' },
      Truncated: { shape: 'BooleanType', doc: 'True when more results follow.' },
    },
  },
  ReplicateKeyRequest: {
    type: 'structure',
    required: ['KeyId', 'ReplicaRegion'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      ReplicaRegion: { shape: 'RegionType', doc: 'The Region in which to create the replica.' },
      Policy: { shape: 'PolicyType', doc: 'The key policy, as a JSON document.' },
      BypassPolicyLockoutSafetyCheck: {
        shape: 'BooleanType',
        doc: 'Skips the check that the new policy still lets the caller manage the key.',
      },
      Description: { shape: 'DescriptionType', doc: 'Free text that describes the key.' },
      Tags: { shape: 'TagList', doc: 'Tags, as key-value pairs.' },
    },
  },
  ReplicateKeyResponse: {
    type: 'structure',
    members: {
      ReplicaKeyMetadata: { shape: 'KeyMetadata', doc: 'The details of the new replica key.' },
      ReplicaPolicy: { shape: 'PolicyType', doc: 'The key policy for the replica key.' },
      ReplicaTags: { shape: 'TagList', doc: 'The tags of the new replica key.' },
    },
  },
  RotateKeyOnDemandRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
    },
  },
  RotateKeyOnDemandResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
    },
  },
  RotationsListEntry: {
    type: 'structure',
    doc: 'One key material version and how it came to be.',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      KeyMaterialId: { shape: 'BackingKeyIdType', doc: 'The identifier of a key material version.' },
      KeyMaterialDescription: {
        shape: 'KeyMaterialDescriptionType',
        doc: 'Free text that describes the imported key material.',
      },
      ImportState: { shape: 'ImportState', doc: 'Whether the key material version is imported or waiting.' },
      KeyMaterialState: {
        shape: 'KeyMaterialState',
        doc: 'Whether the material version is current, pending or neither.',
      },
      ExpirationModel: { shape: 'ExpirationModelType', doc: 'Whether imported key material expires.' },
      ValidTo: { shape: 'DateType', doc: 'When imported key material expires.' },
      RotationDate: { shape: 'DateType', doc: 'When the rotation finished.' },
      RotationType: { shape: 'RotationType', doc: 'Whether the rotation was automatic or on demand.' },
    },
  },
  UpdatePrimaryRegionRequest: {
    type: 'structure',
    required: ['KeyId', 'PrimaryRegion'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      PrimaryRegion: { shape: 'RegionType', doc: 'The Region that will hold the primary key.' },
    },
  },
};
