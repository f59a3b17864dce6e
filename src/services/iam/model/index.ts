// The IAM API (2010-05-08) as one table: the subset kms keeps (users, roles, inline and customer
// managed policies, access keys). Must stay cheap to import: data only (the CLI reads it at start).
import type { ServiceModel } from '../../../api/types.js';
import { operations } from './operations.js';
import { errorShapes } from './shapes-errors.js';
import { requestShapes } from './shapes-requests.js';
import { resultShapes } from './shapes-results.js';
import { scalarShapes } from './shapes-scalars.js';

export const model: ServiceModel = {
  id: 'iam',
  fullName: 'AWS Identity and Access Management',
  abbreviation: 'IAM',
  apiVersion: '2010-05-08',
  protocol: 'query',
  jsonVersion: '1.1',
  targetPrefix: '',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  errorNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  shapes: { ...scalarShapes, ...requestShapes, ...resultShapes, ...errorShapes },
  operations,
};

/**
 * The code an IAM exception travels under (botocore's `error.code`): AWS names IAM's errors
 * without the Exception suffix (`NoSuchEntity` for NoSuchEntityException). Handlers throw these.
 */
export const IAM_ERROR_CODES: Readonly<Record<string, string>> = {
  ConcurrentModificationException: 'ConcurrentModification',
  DeleteConflictException: 'DeleteConflict',
  EntityAlreadyExistsException: 'EntityAlreadyExists',
  InvalidInputException: 'InvalidInput',
  LimitExceededException: 'LimitExceeded',
  MalformedPolicyDocumentException: 'MalformedPolicyDocument',
  NoSuchEntityException: 'NoSuchEntity',
  PolicyEvaluationException: 'PolicyEvaluation',
  PolicyNotAttachableException: 'PolicyNotAttachable',
  ServiceFailureException: 'ServiceFailure',
  UnmodifiableEntityException: 'UnmodifiableEntity',
};
