// KMS API request/response shapes of key lifecycle operations (create, describe, list, enable, delete).
// Data only: imports nothing but the types in ./types.js; names and rules are facts, docs are ours.
import type { Shape } from '../../../api/types.js';

export const keyShapes: Readonly<Record<string, Shape>> = {
  CancelKeyDeletionRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
    },
  },
  CancelKeyDeletionResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
    },
  },
  CreateKeyRequest: {
    type: 'structure',
    members: {
      Policy: { shape: 'PolicyType', doc: 'The key policy, as a JSON document.' },
      Description: { shape: 'DescriptionType', doc: 'Free text that describes the key.' },
      KeyUsage: {
        shape: 'KeyUsageType',
        doc: 'What the key is for: encryption, signing, MACs or key agreement.',
      },
      CustomerMasterKeySpec: {
        shape: 'CustomerMasterKeySpec',
        deprecated: true,
        doc: 'The old name for KeySpec, kept for compatibility.',
      },
      KeySpec: { shape: 'KeySpec', doc: 'The type of key: symmetric, RSA, elliptic curve, HMAC or ML-DSA.' },
      Origin: { shape: 'OriginType', doc: 'Where the key material comes from.' },
      CustomKeyStoreId: { shape: 'CustomKeyStoreIdType', doc: 'The identifier of the custom key store.' },
      BypassPolicyLockoutSafetyCheck: {
        shape: 'BooleanType',
        doc: 'Skips the check that the new policy still lets the caller manage the key.',
      },
      Tags: { shape: 'TagList', doc: 'Tags, as key-value pairs.' },
      MultiRegion: { shape: 'NullableBooleanType', doc: 'Whether the key is a multi-Region key.' },
      XksKeyId: { shape: 'XksKeyIdType', doc: 'The identifier of the key in the external key manager.' },
    },
  },
  CreateKeyResponse: {
    type: 'structure',
    members: {
      KeyMetadata: { shape: 'KeyMetadata', doc: 'The details of the key.' },
    },
  },
  DescribeKeyRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
    },
  },
  DescribeKeyResponse: {
    type: 'structure',
    members: {
      KeyMetadata: { shape: 'KeyMetadata', doc: 'The details of the key.' },
    },
  },
  DisableKeyRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
    },
  },
  EnableKeyRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
    },
  },
  KeyListEntry: {
    type: 'structure',
    doc: 'A key id and its ARN.',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key id.' },
      KeyArn: { shape: 'ArnType', doc: 'The ARN of the key.' },
    },
  },
  ListKeysRequest: {
    type: 'structure',
    members: {
      Limit: { shape: 'LimitType', doc: 'The most items to return on one page.' },
      Marker: { shape: 'MarkerType', doc: 'Where to resume: the NextMarker of the previous page.' },
    },
  },
  ListKeysResponse: {
    type: 'structure',
    members: {
      Keys: { shape: 'KeyList', doc: 'The keys on this page of results.' },
      NextMarker: { shape: 'MarkerType', doc: 'Pass this as Marker to get the next page.' },
      Truncated: { shape: 'BooleanType', doc: 'True when more results follow.' },
    },
  },
  ScheduleKeyDeletionRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      PendingWindowInDays: {
        shape: 'PendingWindowInDaysType',
        doc: 'How many days to wait before deleting the key (7 to 30).',
      },
    },
  },
  ScheduleKeyDeletionResponse: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key.' },
      DeletionDate: { shape: 'DateType', doc: 'When the key or its material will be deleted.' },
      KeyState: { shape: 'KeyState', doc: 'The lifecycle state of the key.' },
      PendingWindowInDays: {
        shape: 'PendingWindowInDaysType',
        doc: 'How many days to wait before deleting the key (7 to 30).',
      },
    },
  },
  UpdateKeyDescriptionRequest: {
    type: 'structure',
    required: ['KeyId', 'Description'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      Description: { shape: 'DescriptionType', doc: 'Free text that describes the key.' },
    },
  },
};
