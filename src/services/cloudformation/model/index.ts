// The CloudFormation API (2010-05-15) as one table: stacks, their resources and events, templates, exports
// and change sets.
// Must stay cheap to import: data only (the CLI reads it at every start).
import type { ServiceModel } from '../../../api/types.js';
import { operations } from './operations.js';
import { errorShapes } from './shapes-errors.js';
import { requestShapes } from './shapes-requests.js';
import { resultShapes } from './shapes-results.js';
import { scalarShapes } from './shapes-scalars.js';

export const model: ServiceModel = {
  id: 'cloudformation',
  fullName: 'AWS CloudFormation',
  apiVersion: '2010-05-15',
  protocol: 'query',
  jsonVersion: '1.1',
  targetPrefix: '',
  xmlNamespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  errorNamespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  shapes: { ...scalarShapes, ...requestShapes, ...resultShapes, ...errorShapes },
  operations,
};

/**
 * The code a CloudFormation exception travels under (botocore's `error.code`): some drop the
 * Exception suffix (`ChangeSetNotFound` for ChangeSetNotFoundException). Handlers throw these.
 */
export const CLOUDFORMATION_ERROR_CODES: Readonly<Record<string, string>> = {
  AlreadyExistsException: 'AlreadyExistsException',
  ChangeSetNotFoundException: 'ChangeSetNotFound',
  InsufficientCapabilitiesException: 'InsufficientCapabilitiesException',
  InvalidChangeSetStatusException: 'InvalidChangeSetStatus',
  LimitExceededException: 'LimitExceededException',
  StackSetNotFoundException: 'StackSetNotFoundException',
  TokenAlreadyExistsException: 'TokenAlreadyExistsException',
};
