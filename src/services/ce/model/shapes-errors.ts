// The Cost Explorer API (2017-10-25): its exception shapes. botocore gives them no error object:
// each travels under its own name, with status 400.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const errorShapes: Readonly<Record<string, Shape>> = {
  LimitExceededException: {
    type: 'structure', exception: true, doc: 'Too many requests.',
    members: {
      Message: { shape: 'ErrorMessage' },
    },
  },
  BillExpirationException: {
    type: 'structure', exception: true, doc: 'The period is older than the bills kept.',
    members: {
      Message: { shape: 'ErrorMessage' },
    },
  },
  DataUnavailableException: {
    type: 'structure', exception: true, doc: 'The data for the request is not available.',
    members: {
      Message: { shape: 'ErrorMessage' },
    },
  },
  InvalidNextTokenException: {
    type: 'structure', exception: true, doc: 'The NextPageToken is not one a previous response gave.',
    members: {
      Message: { shape: 'ErrorMessage' },
    },
  },
  RequestChangedException: {
    type: 'structure', exception: true, doc: 'The request changed between pages: start again without NextPageToken.',
    members: {
      Message: { shape: 'ErrorMessage' },
    },
  },
  ResourceNotFoundException: {
    type: 'structure', exception: true, doc: 'The billing view was not found.',
    members: {
      Message: { shape: 'ErrorMessage' },
      ResourceName: { shape: 'Arn' },
    },
  },
  BillingViewHealthStatusException: {
    type: 'structure', exception: true, doc: 'The billing view cannot be read now.',
    members: {
      Message: { shape: 'ErrorMessage' },
    },
  },
};
