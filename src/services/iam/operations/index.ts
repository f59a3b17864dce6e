// The loader of the IAM service's operations: one lazily imported module per operation, named
// after it in kebab case. The only module that imports an operation file.

import type { OperationModule } from '../../../engine/service.js';

/** Operations kms implements; an operation of the table missing here answers UnsupportedOperationException. */
export const OPERATION_LOADERS: Readonly<Record<string, () => Promise<OperationModule>>> = {
  AttachRolePolicy: () => import('./attach-role-policy.js'),
  AttachUserPolicy: () => import('./attach-user-policy.js'),
  CreateAccessKey: () => import('./create-access-key.js'),
  CreatePolicy: () => import('./create-policy.js'),
  CreateRole: () => import('./create-role.js'),
  CreateUser: () => import('./create-user.js'),
  DeleteAccessKey: () => import('./delete-access-key.js'),
  DeletePolicy: () => import('./delete-policy.js'),
  DeleteRole: () => import('./delete-role.js'),
  DeleteRolePolicy: () => import('./delete-role-policy.js'),
  DeleteUser: () => import('./delete-user.js'),
  DeleteUserPolicy: () => import('./delete-user-policy.js'),
  DetachRolePolicy: () => import('./detach-role-policy.js'),
  DetachUserPolicy: () => import('./detach-user-policy.js'),
  GetPolicy: () => import('./get-policy.js'),
  GetRole: () => import('./get-role.js'),
  GetRolePolicy: () => import('./get-role-policy.js'),
  GetUser: () => import('./get-user.js'),
  GetUserPolicy: () => import('./get-user-policy.js'),
  ListAccessKeys: () => import('./list-access-keys.js'),
  ListAttachedRolePolicies: () => import('./list-attached-role-policies.js'),
  ListAttachedUserPolicies: () => import('./list-attached-user-policies.js'),
  ListPolicies: () => import('./list-policies.js'),
  ListRolePolicies: () => import('./list-role-policies.js'),
  ListRoles: () => import('./list-roles.js'),
  ListUserPolicies: () => import('./list-user-policies.js'),
  ListUsers: () => import('./list-users.js'),
  PutRolePolicy: () => import('./put-role-policy.js'),
  PutUserPolicy: () => import('./put-user-policy.js'),
  SimulatePrincipalPolicy: () => import('./simulate-principal-policy.js'),
};
