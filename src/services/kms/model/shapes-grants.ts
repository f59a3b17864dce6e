// KMS API request/response shapes of the grant operations.
// Data only: imports nothing but the types in ./types.js; names and rules are facts, docs are ours.
import type { Shape } from '../../../api/types.js';

export const grantShapes: Readonly<Record<string, Shape>> = {
  CreateGrantRequest: {
    type: 'structure',
    required: ['KeyId', 'GranteePrincipal', 'Operations'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      GranteePrincipal: { shape: 'PrincipalIdType', doc: 'The principal that receives the grant.' },
      RetiringPrincipal: { shape: 'PrincipalIdType', doc: 'The principal allowed to retire the grant.' },
      Operations: { shape: 'GrantOperationList', doc: 'The operations the grant allows.' },
      Constraints: {
        shape: 'GrantConstraints',
        doc: 'Encryption context conditions the grant places on the operations it allows.',
      },
      GrantTokens: { shape: 'GrantTokenList', doc: 'Tokens for grants that are not yet consistent.' },
      Name: { shape: 'GrantNameType', doc: 'The name of the grant.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
  CreateGrantResponse: {
    type: 'structure',
    members: {
      GrantToken: { shape: 'GrantTokenType', doc: 'A token for a grant that is not yet consistent.' },
      GrantId: { shape: 'GrantIdType', doc: 'The identifier of the grant.' },
    },
  },
  GrantConstraints: {
    type: 'structure',
    doc: 'Encryption context conditions on a grant.',
    members: {
      EncryptionContextSubset: {
        shape: 'EncryptionContextType',
        doc: 'The operation must carry at least these encryption context pairs.',
      },
      EncryptionContextEquals: {
        shape: 'EncryptionContextType',
        doc: 'The operation must carry exactly this encryption context.',
      },
    },
  },
  GrantListEntry: {
    type: 'structure',
    doc: 'One grant on a key.',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The ARN of the key the grant is on.' },
      GrantId: { shape: 'GrantIdType', doc: 'The identifier of the grant.' },
      Name: { shape: 'GrantNameType', doc: 'The name of the grant.' },
      CreationDate: { shape: 'DateType', doc: 'When it was created.' },
      GranteePrincipal: { shape: 'PrincipalIdType', doc: 'The principal that receives the grant.' },
      RetiringPrincipal: { shape: 'PrincipalIdType', doc: 'The principal allowed to retire the grant.' },
      IssuingAccount: { shape: 'PrincipalIdType', doc: 'The account that created the grant.' },
      Operations: { shape: 'GrantOperationList', doc: 'The operations the grant allows.' },
      Constraints: {
        shape: 'GrantConstraints',
        doc: 'Encryption context conditions the grant places on the operations it allows.',
      },
    },
  },
  ListGrantsRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      Limit: { shape: 'LimitType', doc: 'The most items to return on one page.' },
      Marker: { shape: 'MarkerType', doc: 'Where to resume: the NextMarker of the previous page.' },
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      GrantId: { shape: 'GrantIdType', doc: 'The identifier of the grant.' },
      GranteePrincipal: { shape: 'PrincipalIdType', doc: 'The principal that receives the grant.' },
    },
  },
  ListGrantsResponse: {
    type: 'structure',
    members: {
      Grants: { shape: 'GrantList', doc: 'The grants on this page of results.' },
      NextMarker: { shape: 'MarkerType', doc: 'Pass this as Marker to get the next page.' },
      Truncated: { shape: 'BooleanType', doc: 'True when more results follow.' },
    },
  },
  ListRetirableGrantsRequest: {
    type: 'structure',
    required: ['RetiringPrincipal'],
    members: {
      Limit: { shape: 'LimitType', doc: 'The most items to return on one page.' },
      Marker: { shape: 'MarkerType', doc: 'Where to resume: the NextMarker of the previous page.' },
      RetiringPrincipal: { shape: 'PrincipalIdType', doc: 'The principal allowed to retire the grant.' },
    },
  },
  RetireGrantRequest: {
    type: 'structure',
    members: {
      GrantToken: { shape: 'GrantTokenType', doc: 'A token for a grant that is not yet consistent.' },
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      GrantId: { shape: 'GrantIdType', doc: 'The identifier of the grant.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
  RevokeGrantRequest: {
    type: 'structure',
    required: ['KeyId', 'GrantId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      GrantId: { shape: 'GrantIdType', doc: 'The identifier of the grant.' },
      DryRun: {
        shape: 'NullableBooleanType',
        doc: 'Checks permissions and parameters without doing the work.',
      },
    },
  },
};
