// The STS API (2011-06-15): its request structures.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const requestShapes: Readonly<Record<string, Shape>> = {
  AssumeRoleRequest: {
    type: 'structure', required: ['RoleArn', 'RoleSessionName'],
    members: {
      RoleArn: { shape: 'arnType', doc: 'The ARN of the role to assume.' },
      RoleSessionName: { shape: 'roleSessionNameType' },
      PolicyArns: { shape: 'policyDescriptorListType', doc: 'Managed policies that narrow the session\'s permissions.' },
      Policy: { shape: 'unrestrictedSessionPolicyDocumentType', doc: 'A session policy, as JSON, that narrows the role\'s permissions.' },
      DurationSeconds: { shape: 'roleDurationSecondsType' },
      Tags: { shape: 'tagListType' },
      TransitiveTagKeys: { shape: 'tagKeyListType' },
      ExternalId: { shape: 'externalIdType' },
      SerialNumber: { shape: 'serialNumberType' },
      TokenCode: { shape: 'tokenCodeType' },
      SourceIdentity: { shape: 'sourceIdentityType' },
      ProvidedContexts: { shape: 'ProvidedContextsListType' },
    },
  },
  GetCallerIdentityRequest: {
    type: 'structure',
    members: {
    },
  },
};
