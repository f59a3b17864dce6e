// The STS API (2011-06-15) as one table: AssumeRole and GetCallerIdentity. Must stay cheap to
// import: data only (the CLI reads it at every start).
import type { ServiceModel } from '../../../api/types.js';
import { operations } from './operations.js';
import { errorShapes } from './shapes-errors.js';
import { requestShapes } from './shapes-requests.js';
import { resultShapes } from './shapes-results.js';
import { scalarShapes } from './shapes-scalars.js';

export const model: ServiceModel = {
  id: 'sts',
  fullName: 'AWS Security Token Service',
  abbreviation: 'AWS STS',
  apiVersion: '2011-06-15',
  protocol: 'query',
  jsonVersion: '1.1',
  targetPrefix: '',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  errorNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  shapes: { ...scalarShapes, ...requestShapes, ...resultShapes, ...errorShapes },
  operations,
};

/** The code an STS exception travels under (botocore's `error.code`). */
export const STS_ERROR_CODES: Readonly<Record<string, string>> = {
  ExpiredTokenException: 'ExpiredTokenException',
  MalformedPolicyDocumentException: 'MalformedPolicyDocument',
  PackedPolicyTooLargeException: 'PackedPolicyTooLarge',
  RegionDisabledException: 'RegionDisabledException',
};
