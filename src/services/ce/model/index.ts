// The Cost Explorer API (2017-10-25) as one table: GetCostAndUsage, priced from the KMS usage
// in the trail.
// Must stay cheap to import: data only (the CLI reads it at every start).
import type { ServiceModel } from '../../../api/types.js';
import { operations } from './operations.js';
import { errorShapes } from './shapes-errors.js';
import { requestShapes } from './shapes-requests.js';
import { resultShapes } from './shapes-results.js';
import { scalarShapes } from './shapes-scalars.js';

export const model: ServiceModel = {
  id: 'ce',
  fullName: 'AWS Cost Explorer Service',
  abbreviation: 'AWS Cost Explorer',
  apiVersion: '2017-10-25',
  protocol: 'json',
  jsonVersion: '1.1',
  targetPrefix: 'AWSInsightsIndexService',
  errorNamespace: 'http://internal.amazon.com/coral/com.amazonaws.awsinsightsindexservice.v0/',
  shapes: { ...scalarShapes, ...requestShapes, ...resultShapes, ...errorShapes },
  operations,
};
