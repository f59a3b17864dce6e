// The STS API (2011-06-15): its scalar, list and map shapes.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const scalarShapes: Readonly<Record<string, Shape>> = {
  ProvidedContextsListType: { type: 'list', member: 'ProvidedContext', min: 1, max: 5 },
  accessKeyIdType: { type: 'string', min: 16, max: 128, pattern: '[\\w]*', doc: 'The id of an access key.' },
  accessKeySecretType: { type: 'string', sensitive: true, doc: 'The secret of an access key.' },
  accountType: { type: 'string' },
  arnType: { type: 'string', min: 20, max: 2048, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+', doc: 'An Amazon Resource Name.' },
  assumedRoleIdType: { type: 'string', min: 2, max: 193, pattern: '[\\w+=,.@:-]*' },
  contextAssertionType: { type: 'string', min: 4, max: 2048 },
  dateType: { type: 'timestamp', doc: 'A date and time.' },
  expiredIdentityTokenMessage: { type: 'string' },
  externalIdType: { type: 'string', min: 2, max: 1224, pattern: '[\\w+=,.@:\\/-]*', doc: 'A value the role\'s trust policy may require (sts:ExternalId).' },
  malformedPolicyDocumentMessage: { type: 'string' },
  nonNegativeIntegerType: { type: 'integer', min: 0 },
  packedPolicyTooLargeMessage: { type: 'string' },
  policyDescriptorListType: { type: 'list', member: 'PolicyDescriptorType' },
  regionDisabledMessage: { type: 'string' },
  roleDurationSecondsType: { type: 'integer', min: 900, max: 43200, doc: 'How long the session lasts, in seconds (900 to 43200; default 3600).' },
  roleSessionNameType: { type: 'string', min: 2, max: 64, pattern: '[\\w+=,.@-]*', doc: 'The name of the session, which appears in the session\'s ARN.' },
  serialNumberType: { type: 'string', min: 9, max: 256, pattern: '[\\w+=/:,.@-]*' },
  sourceIdentityType: { type: 'string', min: 2, max: 64, pattern: '[\\w+=,.@-]*' },
  tagKeyListType: { type: 'list', member: 'tagKeyType', max: 50 },
  tagKeyType: { type: 'string', min: 1, max: 128, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+' },
  tagListType: { type: 'list', member: 'Tag', max: 50, doc: 'Tags, as key-value pairs.' },
  tagValueType: { type: 'string', min: 0, max: 256, pattern: '[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*' },
  tokenCodeType: { type: 'string', min: 6, max: 6, pattern: '[\\d]*' },
  tokenType: { type: 'string', doc: 'A session token.' },
  unrestrictedSessionPolicyDocumentType: { type: 'string', min: 1, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' },
  userIdType: { type: 'string' },
};
