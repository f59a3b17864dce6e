// The CloudTrail API (2013-11-01) as one table: LookupEvents, over the trail kms keeps of
// the calls it runs.
// Must stay cheap to import: data only (the CLI reads it at every start).
import type { ServiceModel } from '../../../api/types.js';
import { operations } from './operations.js';
import { errorShapes } from './shapes-errors.js';
import { requestShapes } from './shapes-requests.js';
import { resultShapes } from './shapes-results.js';
import { scalarShapes } from './shapes-scalars.js';

export const model: ServiceModel = {
  id: 'cloudtrail',
  fullName: 'AWS CloudTrail',
  abbreviation: 'CloudTrail',
  apiVersion: '2013-11-01',
  protocol: 'json',
  jsonVersion: '1.1',
  targetPrefix: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101',
  errorNamespace: 'http://internal.amazon.com/coral/com.amazonaws.cloudtrail.v20131101/',
  shapes: { ...scalarShapes, ...requestShapes, ...resultShapes, ...errorShapes },
  operations,
};
