// KMS API request/response shapes of aliases, tags and key policies.
// Data only: imports nothing but the types in ./types.js; names and rules are facts, docs are ours.
import type { Shape } from '../../../api/types.js';

export const adminShapes: Readonly<Record<string, Shape>> = {
  AliasListEntry: {
    type: 'structure',
    doc: 'One alias and the key it points to.',
    members: {
      AliasName: { shape: 'AliasNameType', doc: 'The alias name, which begins with alias/.' },
      AliasArn: { shape: 'ArnType', doc: 'The ARN of the alias.' },
      TargetKeyId: { shape: 'KeyIdType', doc: 'The id of the key the alias points to.' },
      CreationDate: { shape: 'DateType', doc: 'When it was created.' },
      LastUpdatedDate: { shape: 'DateType', doc: 'When the alias last changed.' },
    },
  },
  CreateAliasRequest: {
    type: 'structure',
    required: ['AliasName', 'TargetKeyId'],
    members: {
      AliasName: { shape: 'AliasNameType', doc: 'The alias name, which begins with alias/.' },
      TargetKeyId: { shape: 'KeyIdType', doc: 'The key the alias points to.' },
    },
  },
  DeleteAliasRequest: {
    type: 'structure',
    required: ['AliasName'],
    members: {
      AliasName: { shape: 'AliasNameType', doc: 'The alias name, which begins with alias/.' },
    },
  },
  GetKeyPolicyRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      PolicyName: { shape: 'PolicyNameType', doc: 'The name of the key policy; always default.' },
    },
  },
  GetKeyPolicyResponse: {
    type: 'structure',
    members: {
      Policy: { shape: 'PolicyType', doc: 'The key policy, as a JSON document.' },
      PolicyName: { shape: 'PolicyNameType', doc: 'The name of the key policy; always default.' },
    },
  },
  ListAliasesRequest: {
    type: 'structure',
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'Lists only the aliases of this key.' },
      Limit: { shape: 'LimitType', doc: 'The most items to return on one page.' },
      Marker: { shape: 'MarkerType', doc: 'Where to resume: the NextMarker of the previous page.' },
    },
  },
  ListAliasesResponse: {
    type: 'structure',
    members: {
      Aliases: { shape: 'AliasList', doc: 'The aliases on this page of results.' },
      NextMarker: { shape: 'MarkerType', doc: 'Pass this as Marker to get the next page.' },
      Truncated: { shape: 'BooleanType', doc: 'True when more results follow.' },
    },
  },
  ListKeyPoliciesRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      Limit: { shape: 'LimitType', doc: 'The most items to return on one page.' },
      Marker: { shape: 'MarkerType', doc: 'Where to resume: the NextMarker of the previous page.' },
    },
  },
  ListKeyPoliciesResponse: {
    type: 'structure',
    members: {
      PolicyNames: { shape: 'PolicyNameList', doc: 'The names of the key policies.' },
      NextMarker: { shape: 'MarkerType', doc: 'Pass this as Marker to get the next page.' },
      Truncated: { shape: 'BooleanType', doc: 'True when more results follow.' },
    },
  },
  ListResourceTagsRequest: {
    type: 'structure',
    required: ['KeyId'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      Limit: { shape: 'LimitType', doc: 'The most items to return on one page.' },
      Marker: { shape: 'MarkerType', doc: 'Where to resume: the NextMarker of the previous page.' },
    },
  },
  ListResourceTagsResponse: {
    type: 'structure',
    members: {
      Tags: { shape: 'TagList', doc: 'Tags, as key-value pairs.' },
      NextMarker: { shape: 'MarkerType', doc: 'Pass this as Marker to get the next page.' },
      Truncated: { shape: 'BooleanType', doc: 'True when more results follow.' },
    },
  },
  PutKeyPolicyRequest: {
    type: 'structure',
    required: ['KeyId', 'Policy'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      PolicyName: { shape: 'PolicyNameType', doc: 'The name of the key policy; always default.' },
      Policy: { shape: 'PolicyType', doc: 'The key policy, as a JSON document.' },
      BypassPolicyLockoutSafetyCheck: {
        shape: 'BooleanType',
        doc: 'Skips the check that the new policy still lets the caller manage the key.',
      },
    },
  },
  TagResourceRequest: {
    type: 'structure',
    required: ['KeyId', 'Tags'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      Tags: { shape: 'TagList', doc: 'Tags, as key-value pairs.' },
    },
  },
  UntagResourceRequest: {
    type: 'structure',
    required: ['KeyId', 'TagKeys'],
    members: {
      KeyId: { shape: 'KeyIdType', doc: 'The key, as a key id, key ARN, alias name or alias ARN.' },
      TagKeys: { shape: 'TagKeyList', doc: 'The keys of the tags to remove.' },
    },
  },
  UpdateAliasRequest: {
    type: 'structure',
    required: ['AliasName', 'TargetKeyId'],
    members: {
      AliasName: { shape: 'AliasNameType', doc: 'The alias name, which begins with alias/.' },
      TargetKeyId: { shape: 'KeyIdType', doc: 'The key the alias points to.' },
    },
  },
};
