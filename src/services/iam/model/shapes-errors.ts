// The IAM API (2010-05-08): its exception shapes (the code on the wire is botocore's error.code).
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const errorShapes: Readonly<Record<string, Shape>> = {
  ConcurrentModificationException: {
    type: 'structure', exception: true, errorCode: 'ConcurrentModification', httpStatusCode: 409,
    members: {
      message: { shape: 'ConcurrentModificationMessage' },
    },
  },
  DeleteConflictException: {
    type: 'structure', exception: true, errorCode: 'DeleteConflict', httpStatusCode: 409,
    members: {
      message: { shape: 'deleteConflictMessage' },
    },
  },
  EntityAlreadyExistsException: {
    type: 'structure', exception: true, errorCode: 'EntityAlreadyExists', httpStatusCode: 409,
    members: {
      message: { shape: 'entityAlreadyExistsMessage' },
    },
  },
  InvalidInputException: {
    type: 'structure', exception: true, errorCode: 'InvalidInput', httpStatusCode: 400,
    members: {
      message: { shape: 'invalidInputMessage' },
    },
  },
  LimitExceededException: {
    type: 'structure', exception: true, errorCode: 'LimitExceeded', httpStatusCode: 409,
    members: {
      message: { shape: 'limitExceededMessage' },
    },
  },
  MalformedPolicyDocumentException: {
    type: 'structure', exception: true, errorCode: 'MalformedPolicyDocument', httpStatusCode: 400,
    members: {
      message: { shape: 'malformedPolicyDocumentMessage' },
    },
  },
  NoSuchEntityException: {
    type: 'structure', exception: true, errorCode: 'NoSuchEntity', httpStatusCode: 404,
    members: {
      message: { shape: 'noSuchEntityMessage' },
    },
  },
  PolicyEvaluationException: {
    type: 'structure', exception: true, errorCode: 'PolicyEvaluation', httpStatusCode: 500,
    members: {
      message: { shape: 'policyEvaluationErrorMessage' },
    },
  },
  PolicyNotAttachableException: {
    type: 'structure', exception: true, errorCode: 'PolicyNotAttachable', httpStatusCode: 400,
    members: {
      message: { shape: 'policyNotAttachableMessage' },
    },
  },
  ServiceFailureException: {
    type: 'structure', exception: true, errorCode: 'ServiceFailure', httpStatusCode: 500,
    members: {
      message: { shape: 'serviceFailureExceptionMessage' },
    },
  },
  UnmodifiableEntityException: {
    type: 'structure', exception: true, errorCode: 'UnmodifiableEntity', httpStatusCode: 400,
    members: {
      message: { shape: 'unmodifiableEntityMessage' },
    },
  },
};
