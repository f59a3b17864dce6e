// The STS API (2011-06-15): the operations kms implements.
// Data only: inputs, outputs, errors and paginators from botocore; docs and examples are ours.
import type { OperationSpec } from '../../../api/types.js';

export const operations: Readonly<Record<string, OperationSpec>> = {
  AssumeRole: {
    name: 'AssumeRole',
    input: 'AssumeRoleRequest',
    output: 'AssumeRoleResponse',
    errors: ['MalformedPolicyDocumentException', 'PackedPolicyTooLargeException', 'RegionDisabledException', 'ExpiredTokenException'],
    doc: 'Returns temporary credentials for a session of a role: an access key, its secret and a session token that expire.',
    examples: [
      { command: 'kms sts assume-role --role-arn arn:aws:iam::111122223333:role/app --role-session-name ci', description: 'Starts the session ci of the role app.' },
    ],
  },
  GetCallerIdentity: {
    name: 'GetCallerIdentity',
    input: 'GetCallerIdentityRequest',
    output: 'GetCallerIdentityResponse',
    errors: [],
    doc: 'Shows who is calling: the account, the user id and the ARN of the principal the credentials belong to.',
    examples: [
      { command: 'kms sts get-caller-identity', description: 'Shows the caller.' },
    ],
  },
};
