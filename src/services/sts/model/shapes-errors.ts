// The STS API (2011-06-15): its exception shapes (the code on the wire is botocore's error.code).
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const errorShapes: Readonly<Record<string, Shape>> = {
  ExpiredTokenException: {
    type: 'structure', exception: true, errorCode: 'ExpiredTokenException', httpStatusCode: 400,
    members: {
      message: { shape: 'expiredIdentityTokenMessage' },
    },
  },
  MalformedPolicyDocumentException: {
    type: 'structure', exception: true, errorCode: 'MalformedPolicyDocument', httpStatusCode: 400,
    members: {
      message: { shape: 'malformedPolicyDocumentMessage' },
    },
  },
  PackedPolicyTooLargeException: {
    type: 'structure', exception: true, errorCode: 'PackedPolicyTooLarge', httpStatusCode: 400,
    members: {
      message: { shape: 'packedPolicyTooLargeMessage' },
    },
  },
  RegionDisabledException: {
    type: 'structure', exception: true, errorCode: 'RegionDisabledException', httpStatusCode: 403,
    members: {
      message: { shape: 'regionDisabledMessage' },
    },
  },
};
