// The IAM API (2010-05-08): its request structures.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const requestShapes: Readonly<Record<string, Shape>> = {
  AttachRolePolicyRequest: {
    type: 'structure', required: ['RoleName', 'PolicyArn'],
    members: {
      RoleName: { shape: 'roleNameType' },
      PolicyArn: { shape: 'arnType', doc: 'The ARN of a managed policy.' },
    },
  },
  AttachUserPolicyRequest: {
    type: 'structure', required: ['UserName', 'PolicyArn'],
    members: {
      UserName: { shape: 'userNameType' },
      PolicyArn: { shape: 'arnType', doc: 'The ARN of a managed policy.' },
    },
  },
  CreateAccessKeyRequest: {
    type: 'structure',
    members: {
      UserName: { shape: 'existingUserNameType' },
    },
  },
  CreatePolicyRequest: {
    type: 'structure', required: ['PolicyName', 'PolicyDocument'],
    members: {
      PolicyName: { shape: 'policyNameType' },
      Path: { shape: 'policyPathType' },
      PolicyDocument: { shape: 'policyDocumentType' },
      Description: { shape: 'policyDescriptionType' },
      Tags: { shape: 'tagListType', doc: 'Tags, as key-value pairs.' },
    },
  },
  CreateRoleRequest: {
    type: 'structure', required: ['RoleName', 'AssumeRolePolicyDocument'],
    members: {
      Path: { shape: 'pathType' },
      RoleName: { shape: 'roleNameType' },
      AssumeRolePolicyDocument: { shape: 'policyDocumentType', doc: 'The trust policy: who may assume the role.' },
      Description: { shape: 'roleDescriptionType' },
      MaxSessionDuration: { shape: 'roleMaxSessionDurationType', doc: 'The longest session of the role, in seconds (3600 to 43200).' },
      PermissionsBoundary: { shape: 'arnType', doc: 'The ARN of a managed policy used as permissions boundary.' },
      Tags: { shape: 'tagListType', doc: 'Tags, as key-value pairs.' },
    },
  },
  CreateUserRequest: {
    type: 'structure', required: ['UserName'],
    members: {
      Path: { shape: 'pathType' },
      UserName: { shape: 'userNameType' },
      PermissionsBoundary: { shape: 'arnType', doc: 'The ARN of a managed policy used as permissions boundary.' },
      Tags: { shape: 'tagListType', doc: 'Tags, as key-value pairs.' },
    },
  },
  DeleteAccessKeyRequest: {
    type: 'structure', required: ['AccessKeyId'],
    members: {
      UserName: { shape: 'existingUserNameType' },
      AccessKeyId: { shape: 'accessKeyIdType' },
    },
  },
  DeletePolicyRequest: {
    type: 'structure', required: ['PolicyArn'],
    members: {
      PolicyArn: { shape: 'arnType', doc: 'The ARN of a managed policy.' },
    },
  },
  DeleteRolePolicyRequest: {
    type: 'structure', required: ['RoleName', 'PolicyName'],
    members: {
      RoleName: { shape: 'roleNameType' },
      PolicyName: { shape: 'policyNameType' },
    },
  },
  DeleteRoleRequest: {
    type: 'structure', required: ['RoleName'],
    members: {
      RoleName: { shape: 'roleNameType' },
    },
  },
  DeleteUserPolicyRequest: {
    type: 'structure', required: ['UserName', 'PolicyName'],
    members: {
      UserName: { shape: 'existingUserNameType' },
      PolicyName: { shape: 'policyNameType' },
    },
  },
  DeleteUserRequest: {
    type: 'structure', required: ['UserName'],
    members: {
      UserName: { shape: 'existingUserNameType' },
    },
  },
  DetachRolePolicyRequest: {
    type: 'structure', required: ['RoleName', 'PolicyArn'],
    members: {
      RoleName: { shape: 'roleNameType' },
      PolicyArn: { shape: 'arnType', doc: 'The ARN of a managed policy.' },
    },
  },
  DetachUserPolicyRequest: {
    type: 'structure', required: ['UserName', 'PolicyArn'],
    members: {
      UserName: { shape: 'userNameType' },
      PolicyArn: { shape: 'arnType', doc: 'The ARN of a managed policy.' },
    },
  },
  GetPolicyRequest: {
    type: 'structure', required: ['PolicyArn'],
    members: {
      PolicyArn: { shape: 'arnType', doc: 'The ARN of a managed policy.' },
    },
  },
  GetRolePolicyRequest: {
    type: 'structure', required: ['RoleName', 'PolicyName'],
    members: {
      RoleName: { shape: 'roleNameType' },
      PolicyName: { shape: 'policyNameType' },
    },
  },
  GetRoleRequest: {
    type: 'structure', required: ['RoleName'],
    members: {
      RoleName: { shape: 'roleNameType' },
    },
  },
  GetUserPolicyRequest: {
    type: 'structure', required: ['UserName', 'PolicyName'],
    members: {
      UserName: { shape: 'existingUserNameType' },
      PolicyName: { shape: 'policyNameType' },
    },
  },
  GetUserRequest: {
    type: 'structure',
    members: {
      UserName: { shape: 'existingUserNameType' },
    },
  },
  ListAccessKeysRequest: {
    type: 'structure',
    members: {
      UserName: { shape: 'existingUserNameType' },
      Marker: { shape: 'markerType' },
      MaxItems: { shape: 'maxItemsType' },
    },
  },
  ListAttachedRolePoliciesRequest: {
    type: 'structure', required: ['RoleName'],
    members: {
      RoleName: { shape: 'roleNameType' },
      PathPrefix: { shape: 'policyPathType' },
      Marker: { shape: 'markerType' },
      MaxItems: { shape: 'maxItemsType' },
    },
  },
  ListAttachedUserPoliciesRequest: {
    type: 'structure', required: ['UserName'],
    members: {
      UserName: { shape: 'userNameType' },
      PathPrefix: { shape: 'policyPathType' },
      Marker: { shape: 'markerType' },
      MaxItems: { shape: 'maxItemsType' },
    },
  },
  ListPoliciesRequest: {
    type: 'structure',
    members: {
      Scope: { shape: 'policyScopeType' },
      OnlyAttached: { shape: 'booleanType', doc: 'Only policies attached to a user, group or role.' },
      PathPrefix: { shape: 'policyPathType' },
      PolicyUsageFilter: { shape: 'PolicyUsageType' },
      Marker: { shape: 'markerType' },
      MaxItems: { shape: 'maxItemsType' },
    },
  },
  ListRolePoliciesRequest: {
    type: 'structure', required: ['RoleName'],
    members: {
      RoleName: { shape: 'roleNameType' },
      Marker: { shape: 'markerType' },
      MaxItems: { shape: 'maxItemsType' },
    },
  },
  ListRolesRequest: {
    type: 'structure',
    members: {
      PathPrefix: { shape: 'pathPrefixType' },
      Marker: { shape: 'markerType' },
      MaxItems: { shape: 'maxItemsType' },
    },
  },
  ListUserPoliciesRequest: {
    type: 'structure', required: ['UserName'],
    members: {
      UserName: { shape: 'existingUserNameType' },
      Marker: { shape: 'markerType' },
      MaxItems: { shape: 'maxItemsType' },
    },
  },
  ListUsersRequest: {
    type: 'structure',
    members: {
      PathPrefix: { shape: 'pathPrefixType' },
      Marker: { shape: 'markerType' },
      MaxItems: { shape: 'maxItemsType' },
    },
  },
  PutRolePolicyRequest: {
    type: 'structure', required: ['RoleName', 'PolicyName', 'PolicyDocument'],
    members: {
      RoleName: { shape: 'roleNameType' },
      PolicyName: { shape: 'policyNameType' },
      PolicyDocument: { shape: 'policyDocumentType' },
    },
  },
  PutUserPolicyRequest: {
    type: 'structure', required: ['UserName', 'PolicyName', 'PolicyDocument'],
    members: {
      UserName: { shape: 'existingUserNameType' },
      PolicyName: { shape: 'policyNameType' },
      PolicyDocument: { shape: 'policyDocumentType' },
    },
  },
  SimulatePrincipalPolicyRequest: {
    type: 'structure', required: ['PolicySourceArn', 'ActionNames'],
    members: {
      PolicySourceArn: { shape: 'arnType', doc: 'The user or role whose policies to evaluate.' },
      PolicyInputList: { shape: 'SimulationPolicyListType' },
      PermissionsBoundaryPolicyInputList: { shape: 'SimulationPolicyListType' },
      ActionNames: { shape: 'ActionNameListType' },
      ResourceArns: { shape: 'ResourceNameListType' },
      ResourcePolicy: { shape: 'policyDocumentType' },
      ResourceOwner: { shape: 'ResourceNameType' },
      CallerArn: { shape: 'ResourceNameType' },
      ContextEntries: { shape: 'ContextEntryListType' },
      ResourceHandlingOption: { shape: 'ResourceHandlingOptionType' },
      MaxItems: { shape: 'maxItemsType' },
      Marker: { shape: 'markerType' },
    },
  },
};
