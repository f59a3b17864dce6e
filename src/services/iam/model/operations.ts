// The IAM API (2010-05-08): the operations kms implements.
// Data only: inputs, outputs, errors and paginators from botocore; docs and examples are ours.
import type { OperationSpec } from '../../../api/types.js';

export const operations: Readonly<Record<string, OperationSpec>> = {
  AttachRolePolicy: {
    name: 'AttachRolePolicy',
    input: 'AttachRolePolicyRequest',
    errors: ['NoSuchEntityException', 'LimitExceededException', 'InvalidInputException', 'UnmodifiableEntityException', 'PolicyNotAttachableException', 'ServiceFailureException'],
    doc: 'Attaches a managed policy to a role.',
    examples: [
      { command: 'kms iam attach-role-policy --role-name app --policy-arn arn:aws:iam::111122223333:policy/kms-encrypt', description: 'Gives the role app the policy kms-encrypt.' },
    ],
  },
  AttachUserPolicy: {
    name: 'AttachUserPolicy',
    input: 'AttachUserPolicyRequest',
    errors: ['NoSuchEntityException', 'LimitExceededException', 'InvalidInputException', 'PolicyNotAttachableException', 'ServiceFailureException'],
    doc: 'Attaches a managed policy to a user.',
    examples: [
      { command: 'kms iam attach-user-policy --user-name alice --policy-arn arn:aws:iam::111122223333:policy/kms-encrypt', description: 'Gives alice the policy kms-encrypt.' },
    ],
  },
  CreateAccessKey: {
    name: 'CreateAccessKey',
    input: 'CreateAccessKeyRequest',
    output: 'CreateAccessKeyResponse',
    errors: ['NoSuchEntityException', 'LimitExceededException', 'ServiceFailureException'],
    doc: 'Creates an access key for a user (at most two each) and shows its secret, the only time it is shown.',
    examples: [
      { command: 'kms iam create-access-key --user-name alice', description: 'Creates an access key for alice.' },
    ],
  },
  CreatePolicy: {
    name: 'CreatePolicy',
    input: 'CreatePolicyRequest',
    output: 'CreatePolicyResponse',
    errors: ['InvalidInputException', 'LimitExceededException', 'EntityAlreadyExistsException', 'MalformedPolicyDocumentException', 'ConcurrentModificationException', 'ServiceFailureException'],
    doc: 'Creates a customer managed policy, which you then attach to users and roles. kms keeps one version of it, v1, the default.',
    examples: [
      { command: 'kms iam create-policy --policy-name kms-encrypt --policy-document \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}\'', description: 'Creates a managed policy that allows Encrypt.' },
    ],
  },
  CreateRole: {
    name: 'CreateRole',
    input: 'CreateRoleRequest',
    output: 'CreateRoleResponse',
    errors: ['LimitExceededException', 'InvalidInputException', 'EntityAlreadyExistsException', 'MalformedPolicyDocumentException', 'ConcurrentModificationException', 'ServiceFailureException'],
    doc: 'Creates an IAM role with a trust policy that says who may assume it.',
    examples: [
      { command: 'kms iam create-role --role-name app --assume-role-policy-document \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}\'', description: 'Creates a role the account may assume.' },
    ],
  },
  CreateUser: {
    name: 'CreateUser',
    input: 'CreateUserRequest',
    output: 'CreateUserResponse',
    errors: ['LimitExceededException', 'EntityAlreadyExistsException', 'NoSuchEntityException', 'InvalidInputException', 'ConcurrentModificationException', 'ServiceFailureException'],
    doc: 'Creates an IAM user in the keyring\'s account. The user has no policies and no access keys until you add them.',
    examples: [
      { command: 'kms iam create-user --user-name alice', description: 'Creates the user alice.' },
    ],
  },
  DeleteAccessKey: {
    name: 'DeleteAccessKey',
    input: 'DeleteAccessKeyRequest',
    errors: ['NoSuchEntityException', 'LimitExceededException', 'ServiceFailureException'],
    doc: 'Deletes an access key of a user; calls signed with it fail from then on.',
    examples: [
      { command: 'kms iam delete-access-key --user-name alice --access-key-id AKIAIOSFODNN7EXAMPLE', description: 'Deletes one of alice\'s access keys.' },
    ],
  },
  DeletePolicy: {
    name: 'DeletePolicy',
    input: 'DeletePolicyRequest',
    errors: ['NoSuchEntityException', 'LimitExceededException', 'InvalidInputException', 'DeleteConflictException', 'ServiceFailureException'],
    doc: 'Deletes a customer managed policy. It must be attached to no user or role.',
    examples: [
      { command: 'kms iam delete-policy --policy-arn arn:aws:iam::111122223333:policy/kms-encrypt', description: 'Deletes the policy kms-encrypt.' },
    ],
  },
  DeleteRole: {
    name: 'DeleteRole',
    input: 'DeleteRoleRequest',
    errors: ['NoSuchEntityException', 'DeleteConflictException', 'LimitExceededException', 'UnmodifiableEntityException', 'ConcurrentModificationException', 'ServiceFailureException'],
    doc: 'Deletes an IAM role. The role must have no inline or attached policies left.',
    examples: [
      { command: 'kms iam delete-role --role-name app', description: 'Deletes the role app.' },
    ],
  },
  DeleteRolePolicy: {
    name: 'DeleteRolePolicy',
    input: 'DeleteRolePolicyRequest',
    errors: ['NoSuchEntityException', 'LimitExceededException', 'UnmodifiableEntityException', 'ServiceFailureException'],
    doc: 'Deletes an inline policy from a role.',
    examples: [
      { command: 'kms iam delete-role-policy --role-name app --policy-name encrypt', description: 'Removes the policy encrypt from the role app.' },
    ],
  },
  DeleteUser: {
    name: 'DeleteUser',
    input: 'DeleteUserRequest',
    errors: ['LimitExceededException', 'NoSuchEntityException', 'DeleteConflictException', 'ConcurrentModificationException', 'ServiceFailureException'],
    doc: 'Deletes an IAM user. The user must have no access keys, inline policies or attached policies left.',
    examples: [
      { command: 'kms iam delete-user --user-name alice', description: 'Deletes the user alice.' },
    ],
  },
  DeleteUserPolicy: {
    name: 'DeleteUserPolicy',
    input: 'DeleteUserPolicyRequest',
    errors: ['NoSuchEntityException', 'LimitExceededException', 'ServiceFailureException'],
    doc: 'Deletes an inline policy from a user.',
    examples: [
      { command: 'kms iam delete-user-policy --user-name alice --policy-name encrypt', description: 'Removes the policy encrypt from alice.' },
    ],
  },
  DetachRolePolicy: {
    name: 'DetachRolePolicy',
    input: 'DetachRolePolicyRequest',
    errors: ['NoSuchEntityException', 'LimitExceededException', 'InvalidInputException', 'UnmodifiableEntityException', 'ServiceFailureException'],
    doc: 'Detaches a managed policy from a role.',
    examples: [
      { command: 'kms iam detach-role-policy --role-name app --policy-arn arn:aws:iam::111122223333:policy/kms-encrypt', description: 'Takes the policy kms-encrypt from the role app.' },
    ],
  },
  DetachUserPolicy: {
    name: 'DetachUserPolicy',
    input: 'DetachUserPolicyRequest',
    errors: ['NoSuchEntityException', 'LimitExceededException', 'InvalidInputException', 'ServiceFailureException'],
    doc: 'Detaches a managed policy from a user.',
    examples: [
      { command: 'kms iam detach-user-policy --user-name alice --policy-arn arn:aws:iam::111122223333:policy/kms-encrypt', description: 'Takes the policy kms-encrypt from alice.' },
    ],
  },
  GetPolicy: {
    name: 'GetPolicy',
    input: 'GetPolicyRequest',
    output: 'GetPolicyResponse',
    errors: ['NoSuchEntityException', 'InvalidInputException', 'ServiceFailureException'],
    doc: 'Shows a customer managed policy: its ARN, id, default version and how many entities it is attached to.',
    examples: [
      { command: 'kms iam get-policy --policy-arn arn:aws:iam::111122223333:policy/kms-encrypt', description: 'Shows the policy kms-encrypt.' },
    ],
  },
  GetRole: {
    name: 'GetRole',
    input: 'GetRoleRequest',
    output: 'GetRoleResponse',
    errors: ['NoSuchEntityException', 'ServiceFailureException'],
    doc: 'Shows an IAM role: its ARN, id, trust policy and maximum session duration.',
    examples: [
      { command: 'kms iam get-role --role-name app', description: 'Shows the role app.' },
    ],
  },
  GetRolePolicy: {
    name: 'GetRolePolicy',
    input: 'GetRolePolicyRequest',
    output: 'GetRolePolicyResponse',
    errors: ['NoSuchEntityException', 'ServiceFailureException'],
    doc: 'Shows an inline policy of a role, with its document.',
    examples: [
      { command: 'kms iam get-role-policy --role-name app --policy-name encrypt', description: 'Shows the policy encrypt of the role app.' },
    ],
  },
  GetUser: {
    name: 'GetUser',
    input: 'GetUserRequest',
    output: 'GetUserResponse',
    errors: ['NoSuchEntityException', 'ServiceFailureException'],
    doc: 'Shows an IAM user: its ARN, id, path and creation date. Without --user-name it shows the calling user.',
    examples: [
      { command: 'kms iam get-user --user-name alice', description: 'Shows the user alice.' },
    ],
  },
  GetUserPolicy: {
    name: 'GetUserPolicy',
    input: 'GetUserPolicyRequest',
    output: 'GetUserPolicyResponse',
    errors: ['NoSuchEntityException', 'ServiceFailureException'],
    doc: 'Shows an inline policy of a user, with its document.',
    examples: [
      { command: 'kms iam get-user-policy --user-name alice --policy-name encrypt', description: 'Shows the policy encrypt of alice.' },
    ],
  },
  ListAccessKeys: {
    name: 'ListAccessKeys',
    input: 'ListAccessKeysRequest',
    output: 'ListAccessKeysResponse',
    errors: ['NoSuchEntityException', 'ServiceFailureException'],
    doc: 'Lists the access keys of a user, without their secrets.',
    paginator: { inputToken: 'Marker', outputToken: 'Marker', limitKey: 'MaxItems', resultKey: 'AccessKeyMetadata', moreResults: 'IsTruncated' },
    examples: [
      { command: 'kms iam list-access-keys --user-name alice', description: 'Lists the access keys of alice.' },
    ],
  },
  ListAttachedRolePolicies: {
    name: 'ListAttachedRolePolicies',
    input: 'ListAttachedRolePoliciesRequest',
    output: 'ListAttachedRolePoliciesResponse',
    errors: ['NoSuchEntityException', 'InvalidInputException', 'ServiceFailureException'],
    doc: 'Lists the managed policies attached to a role.',
    paginator: { inputToken: 'Marker', outputToken: 'Marker', limitKey: 'MaxItems', resultKey: 'AttachedPolicies', moreResults: 'IsTruncated' },
    examples: [
      { command: 'kms iam list-attached-role-policies --role-name app', description: 'Lists the managed policies of the role app.' },
    ],
  },
  ListAttachedUserPolicies: {
    name: 'ListAttachedUserPolicies',
    input: 'ListAttachedUserPoliciesRequest',
    output: 'ListAttachedUserPoliciesResponse',
    errors: ['NoSuchEntityException', 'InvalidInputException', 'ServiceFailureException'],
    doc: 'Lists the managed policies attached to a user.',
    paginator: { inputToken: 'Marker', outputToken: 'Marker', limitKey: 'MaxItems', resultKey: 'AttachedPolicies', moreResults: 'IsTruncated' },
    examples: [
      { command: 'kms iam list-attached-user-policies --user-name alice', description: 'Lists the managed policies of alice.' },
    ],
  },
  ListPolicies: {
    name: 'ListPolicies',
    input: 'ListPoliciesRequest',
    output: 'ListPoliciesResponse',
    errors: ['ServiceFailureException'],
    doc: 'Lists the customer managed policies of the account; kms has no AWS managed policies.',
    paginator: { inputToken: 'Marker', outputToken: 'Marker', limitKey: 'MaxItems', resultKey: 'Policies', moreResults: 'IsTruncated' },
    examples: [
      { command: 'kms iam list-policies --scope Local --only-attached', description: 'Lists the managed policies attached to something.' },
    ],
  },
  ListRolePolicies: {
    name: 'ListRolePolicies',
    input: 'ListRolePoliciesRequest',
    output: 'ListRolePoliciesResponse',
    errors: ['NoSuchEntityException', 'ServiceFailureException'],
    doc: 'Lists the names of the inline policies of a role.',
    paginator: { inputToken: 'Marker', outputToken: 'Marker', limitKey: 'MaxItems', resultKey: 'PolicyNames', moreResults: 'IsTruncated' },
    examples: [
      { command: 'kms iam list-role-policies --role-name app', description: 'Lists the inline policies of the role app.' },
    ],
  },
  ListRoles: {
    name: 'ListRoles',
    input: 'ListRolesRequest',
    output: 'ListRolesResponse',
    errors: ['ServiceFailureException'],
    doc: 'Lists the IAM roles of the account, in name order, optionally only those under a path prefix.',
    paginator: { inputToken: 'Marker', outputToken: 'Marker', limitKey: 'MaxItems', resultKey: 'Roles', moreResults: 'IsTruncated' },
    examples: [
      { command: 'kms iam list-roles --query "Roles[].Arn"', description: 'Prints the ARNs of all roles.' },
    ],
  },
  ListUserPolicies: {
    name: 'ListUserPolicies',
    input: 'ListUserPoliciesRequest',
    output: 'ListUserPoliciesResponse',
    errors: ['NoSuchEntityException', 'ServiceFailureException'],
    doc: 'Lists the names of the inline policies of a user.',
    paginator: { inputToken: 'Marker', outputToken: 'Marker', limitKey: 'MaxItems', resultKey: 'PolicyNames', moreResults: 'IsTruncated' },
    examples: [
      { command: 'kms iam list-user-policies --user-name alice', description: 'Lists the inline policies of alice.' },
    ],
  },
  ListUsers: {
    name: 'ListUsers',
    input: 'ListUsersRequest',
    output: 'ListUsersResponse',
    errors: ['ServiceFailureException'],
    doc: 'Lists the IAM users of the account, in name order, optionally only those under a path prefix.',
    paginator: { inputToken: 'Marker', outputToken: 'Marker', limitKey: 'MaxItems', resultKey: 'Users', moreResults: 'IsTruncated' },
    examples: [
      { command: 'kms iam list-users --query "Users[].UserName" --output text', description: 'Prints the names of all users.' },
    ],
  },
  PutRolePolicy: {
    name: 'PutRolePolicy',
    input: 'PutRolePolicyRequest',
    errors: ['LimitExceededException', 'MalformedPolicyDocumentException', 'NoSuchEntityException', 'UnmodifiableEntityException', 'ServiceFailureException'],
    doc: 'Adds or replaces an inline policy embedded in a role.',
    examples: [
      { command: 'kms iam put-role-policy --role-name app --policy-name encrypt --policy-document \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}\'', description: 'Lets sessions of app encrypt with any key.' },
    ],
  },
  PutUserPolicy: {
    name: 'PutUserPolicy',
    input: 'PutUserPolicyRequest',
    errors: ['LimitExceededException', 'MalformedPolicyDocumentException', 'NoSuchEntityException', 'ServiceFailureException'],
    doc: 'Adds or replaces an inline policy embedded in a user.',
    examples: [
      { command: 'kms iam put-user-policy --user-name alice --policy-name encrypt --policy-document \'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Encrypt","Resource":"*"}]}\'', description: 'Lets alice encrypt with any key.' },
    ],
  },
  SimulatePrincipalPolicy: {
    name: 'SimulatePrincipalPolicy',
    input: 'SimulatePrincipalPolicyRequest',
    output: 'SimulatePolicyResponse',
    errors: ['NoSuchEntityException', 'InvalidInputException', 'PolicyEvaluationException'],
    doc: 'Evaluates the policies of a user or role against actions and resources, without making the calls.',
    paginator: { inputToken: 'Marker', outputToken: 'Marker', limitKey: 'MaxItems', resultKey: 'EvaluationResults', moreResults: 'IsTruncated' },
    examples: [
      { command: 'kms iam simulate-principal-policy --policy-source-arn arn:aws:iam::111122223333:user/alice --action-names kms:Encrypt', description: 'Asks whether alice may call Encrypt.' },
    ],
  },
};
