// The STS API (2011-06-15): its response structures and the structures inside them.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const resultShapes: Readonly<Record<string, Shape>> = {
  AssumeRoleResponse: {
    type: 'structure',
    members: {
      Credentials: { shape: 'Credentials', doc: 'The temporary credentials.' },
      AssumedRoleUser: { shape: 'AssumedRoleUser', doc: 'The session\'s id and ARN.' },
      PackedPolicySize: { shape: 'nonNegativeIntegerType' },
      SourceIdentity: { shape: 'sourceIdentityType' },
    },
  },
  AssumedRoleUser: {
    type: 'structure', required: ['AssumedRoleId', 'Arn'],
    members: {
      AssumedRoleId: { shape: 'assumedRoleIdType' },
      Arn: { shape: 'arnType', doc: 'The ARN of the caller.' },
    },
  },
  Credentials: {
    type: 'structure', required: ['AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration'],
    members: {
      AccessKeyId: { shape: 'accessKeyIdType' },
      SecretAccessKey: { shape: 'accessKeySecretType' },
      SessionToken: { shape: 'tokenType' },
      Expiration: { shape: 'dateType' },
    },
  },
  GetCallerIdentityResponse: {
    type: 'structure',
    members: {
      UserId: { shape: 'userIdType', doc: 'The caller\'s unique id.' },
      Account: { shape: 'accountType', doc: 'The account of the caller.' },
      Arn: { shape: 'arnType', doc: 'The ARN of the caller.' },
    },
  },
  PolicyDescriptorType: {
    type: 'structure',
    members: {
      arn: { shape: 'arnType' },
    },
  },
  ProvidedContext: {
    type: 'structure',
    members: {
      ProviderArn: { shape: 'arnType' },
      ContextAssertion: { shape: 'contextAssertionType' },
    },
  },
  Tag: {
    type: 'structure', required: ['Key', 'Value'],
    members: {
      Key: { shape: 'tagKeyType' },
      Value: { shape: 'tagValueType' },
    },
  },
};
