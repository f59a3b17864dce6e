// The CloudFormation API (2010-05-15): its exception shapes (the code on the wire is botocore's error.code).
// Many of its errors (ValidationError, …) are not in botocore's model and have no shape here.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const errorShapes: Readonly<Record<string, Shape>> = {
  AlreadyExistsException: {
    type: 'structure', exception: true, errorCode: 'AlreadyExistsException', httpStatusCode: 400,
    members: {
    },
  },
  ChangeSetNotFoundException: {
    type: 'structure', exception: true, errorCode: 'ChangeSetNotFound', httpStatusCode: 404,
    members: {
    },
  },
  InsufficientCapabilitiesException: {
    type: 'structure', exception: true, errorCode: 'InsufficientCapabilitiesException', httpStatusCode: 400,
    members: {
    },
  },
  InvalidChangeSetStatusException: {
    type: 'structure', exception: true, errorCode: 'InvalidChangeSetStatus', httpStatusCode: 400,
    members: {
    },
  },
  LimitExceededException: {
    type: 'structure', exception: true, errorCode: 'LimitExceededException', httpStatusCode: 400,
    members: {
    },
  },
  StackSetNotFoundException: {
    type: 'structure', exception: true, errorCode: 'StackSetNotFoundException', httpStatusCode: 404,
    members: {
    },
  },
  TokenAlreadyExistsException: {
    type: 'structure', exception: true, errorCode: 'TokenAlreadyExistsException', httpStatusCode: 400,
    members: {
    },
  },
};
