// The IAM API (2010-05-08): its exception shapes (the code on the wire is botocore's error.code).
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const errorShapes: Readonly<Record<string, Shape>> = {
  ConcurrentModificationException: {
    type: 'structure', exception: true,
    members: {
      message: { shape: 'ConcurrentModificationMessage' },
    },
  },
  DeleteConflictException: {
    type: 'structure', exception: true,
    members: {
      message: { shape: 'deleteConflictMessage' },
    },
  },
  EntityAlreadyExistsException: {
    type: 'structure', exception: true,
    members: {
      message: { shape: 'entityAlreadyExistsMessage' },
    },
  },
  InvalidInputException: {
    type: 'structure', exception: true,
    members: {
      message: { shape: 'invalidInputMessage' },
    },
  },
  LimitExceededException: {
    type: 'structure', exception: true,
    members: {
      message: { shape: 'limitExceededMessage' },
    },
  },
  MalformedPolicyDocumentException: {
    type: 'structure', exception: true,
    members: {
      message: { shape: 'malformedPolicyDocumentMessage' },
    },
  },
  NoSuchEntityException: {
    type: 'structure', exception: true,
    members: {
      message: { shape: 'noSuchEntityMessage' },
    },
  },
  PolicyEvaluationException: {
    type: 'structure', exception: true,
    members: {
      message: { shape: 'policyEvaluationErrorMessage' },
    },
  },
  PolicyNotAttachableException: {
    type: 'structure', exception: true,
    members: {
      message: { shape: 'policyNotAttachableMessage' },
    },
  },
  ServiceFailureException: {
    type: 'structure', exception: true,
    members: {
      message: { shape: 'serviceFailureExceptionMessage' },
    },
  },
  UnmodifiableEntityException: {
    type: 'structure', exception: true,
    members: {
      message: { shape: 'unmodifiableEntityMessage' },
    },
  },
};
