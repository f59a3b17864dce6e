// The IAM API (2010-05-08): its response structures and the structures inside them.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const resultShapes: Readonly<Record<string, Shape>> = {
  AccessKey: {
    type: 'structure', required: ['UserName', 'AccessKeyId', 'Status', 'SecretAccessKey'],
    members: {
      UserName: { shape: 'userNameType' },
      AccessKeyId: { shape: 'accessKeyIdType' },
      Status: { shape: 'statusType' },
      SecretAccessKey: { shape: 'accessKeySecretType' },
      CreateDate: { shape: 'dateType' },
    },
  },
  AccessKeyMetadata: {
    type: 'structure',
    members: {
      UserName: { shape: 'userNameType' },
      AccessKeyId: { shape: 'accessKeyIdType' },
      Status: { shape: 'statusType' },
      CreateDate: { shape: 'dateType' },
    },
  },
  AttachedPermissionsBoundary: {
    type: 'structure',
    members: {
      PermissionsBoundaryType: { shape: 'PermissionsBoundaryAttachmentType' },
      PermissionsBoundaryArn: { shape: 'arnType' },
    },
  },
  AttachedPolicy: {
    type: 'structure',
    members: {
      PolicyName: { shape: 'policyNameType' },
      PolicyArn: { shape: 'arnType', doc: 'The ARN of a managed policy.' },
    },
  },
  ContextEntry: {
    type: 'structure',
    members: {
      ContextKeyName: { shape: 'ContextKeyNameType' },
      ContextKeyValues: { shape: 'ContextKeyValueListType' },
      ContextKeyType: { shape: 'ContextKeyTypeEnum' },
    },
  },
  CreateAccessKeyResponse: {
    type: 'structure', required: ['AccessKey'],
    members: {
      AccessKey: { shape: 'AccessKey' },
    },
  },
  CreatePolicyResponse: {
    type: 'structure',
    members: {
      Policy: { shape: 'Policy' },
    },
  },
  CreateRoleResponse: {
    type: 'structure', required: ['Role'],
    members: {
      Role: { shape: 'Role' },
    },
  },
  CreateUserResponse: {
    type: 'structure',
    members: {
      User: { shape: 'User' },
    },
  },
  EvaluationResult: {
    type: 'structure', required: ['EvalActionName', 'EvalDecision'],
    members: {
      EvalActionName: { shape: 'ActionNameType' },
      EvalResourceName: { shape: 'ResourceNameType' },
      EvalDecision: { shape: 'PolicyEvaluationDecisionType' },
      MatchedStatements: { shape: 'StatementListType' },
      MissingContextValues: { shape: 'ContextKeyNamesResultListType' },
      OrganizationsDecisionDetail: { shape: 'OrganizationsDecisionDetail' },
      PermissionsBoundaryDecisionDetail: { shape: 'PermissionsBoundaryDecisionDetail' },
      EvalDecisionDetails: { shape: 'EvalDecisionDetailsType' },
      ResourceSpecificResults: { shape: 'ResourceSpecificResultListType' },
    },
  },
  GetPolicyResponse: {
    type: 'structure',
    members: {
      Policy: { shape: 'Policy' },
    },
  },
  GetRolePolicyResponse: {
    type: 'structure', required: ['RoleName', 'PolicyName', 'PolicyDocument'],
    members: {
      RoleName: { shape: 'roleNameType' },
      PolicyName: { shape: 'policyNameType' },
      PolicyDocument: { shape: 'policyDocumentType' },
    },
  },
  GetRoleResponse: {
    type: 'structure', required: ['Role'],
    members: {
      Role: { shape: 'Role' },
    },
  },
  GetUserPolicyResponse: {
    type: 'structure', required: ['UserName', 'PolicyName', 'PolicyDocument'],
    members: {
      UserName: { shape: 'existingUserNameType' },
      PolicyName: { shape: 'policyNameType' },
      PolicyDocument: { shape: 'policyDocumentType' },
    },
  },
  GetUserResponse: {
    type: 'structure', required: ['User'],
    members: {
      User: { shape: 'User' },
    },
  },
  ListAccessKeysResponse: {
    type: 'structure', required: ['AccessKeyMetadata'],
    members: {
      AccessKeyMetadata: { shape: 'accessKeyMetadataListType' },
      IsTruncated: { shape: 'booleanType', doc: 'True when there are more items: pass Marker to get them.' },
      Marker: { shape: 'responseMarkerType' },
    },
  },
  ListAttachedRolePoliciesResponse: {
    type: 'structure',
    members: {
      AttachedPolicies: { shape: 'attachedPoliciesListType' },
      IsTruncated: { shape: 'booleanType', doc: 'True when there are more items: pass Marker to get them.' },
      Marker: { shape: 'responseMarkerType' },
    },
  },
  ListAttachedUserPoliciesResponse: {
    type: 'structure',
    members: {
      AttachedPolicies: { shape: 'attachedPoliciesListType' },
      IsTruncated: { shape: 'booleanType', doc: 'True when there are more items: pass Marker to get them.' },
      Marker: { shape: 'responseMarkerType' },
    },
  },
  ListPoliciesResponse: {
    type: 'structure',
    members: {
      Policies: { shape: 'policyListType' },
      IsTruncated: { shape: 'booleanType', doc: 'True when there are more items: pass Marker to get them.' },
      Marker: { shape: 'responseMarkerType' },
    },
  },
  ListRolePoliciesResponse: {
    type: 'structure', required: ['PolicyNames'],
    members: {
      PolicyNames: { shape: 'policyNameListType' },
      IsTruncated: { shape: 'booleanType', doc: 'True when there are more items: pass Marker to get them.' },
      Marker: { shape: 'responseMarkerType' },
    },
  },
  ListRolesResponse: {
    type: 'structure', required: ['Roles'],
    members: {
      Roles: { shape: 'roleListType' },
      IsTruncated: { shape: 'booleanType', doc: 'True when there are more items: pass Marker to get them.' },
      Marker: { shape: 'responseMarkerType' },
    },
  },
  ListUserPoliciesResponse: {
    type: 'structure', required: ['PolicyNames'],
    members: {
      PolicyNames: { shape: 'policyNameListType' },
      IsTruncated: { shape: 'booleanType', doc: 'True when there are more items: pass Marker to get them.' },
      Marker: { shape: 'responseMarkerType' },
    },
  },
  ListUsersResponse: {
    type: 'structure', required: ['Users'],
    members: {
      Users: { shape: 'userListType' },
      IsTruncated: { shape: 'booleanType', doc: 'True when there are more items: pass Marker to get them.' },
      Marker: { shape: 'responseMarkerType' },
    },
  },
  OrganizationsDecisionDetail: {
    type: 'structure',
    members: {
      AllowedByOrganizations: { shape: 'booleanType' },
    },
  },
  PermissionsBoundaryDecisionDetail: {
    type: 'structure',
    members: {
      AllowedByPermissionsBoundary: { shape: 'booleanType' },
    },
  },
  Policy: {
    type: 'structure',
    members: {
      PolicyName: { shape: 'policyNameType' },
      PolicyId: { shape: 'idType' },
      Arn: { shape: 'arnType' },
      Path: { shape: 'policyPathType' },
      DefaultVersionId: { shape: 'policyVersionIdType' },
      AttachmentCount: { shape: 'attachmentCountType' },
      PermissionsBoundaryUsageCount: { shape: 'attachmentCountType' },
      IsAttachable: { shape: 'booleanType' },
      Description: { shape: 'policyDescriptionType' },
      CreateDate: { shape: 'dateType' },
      UpdateDate: { shape: 'dateType' },
      Tags: { shape: 'tagListType', doc: 'Tags, as key-value pairs.' },
    },
  },
  Position: {
    type: 'structure',
    members: {
      Line: { shape: 'LineNumber' },
      Column: { shape: 'ColumnNumber' },
    },
  },
  ResourceSpecificResult: {
    type: 'structure', required: ['EvalResourceName', 'EvalResourceDecision'],
    members: {
      EvalResourceName: { shape: 'ResourceNameType' },
      EvalResourceDecision: { shape: 'PolicyEvaluationDecisionType' },
      MatchedStatements: { shape: 'StatementListType' },
      MissingContextValues: { shape: 'ContextKeyNamesResultListType' },
      EvalDecisionDetails: { shape: 'EvalDecisionDetailsType' },
      PermissionsBoundaryDecisionDetail: { shape: 'PermissionsBoundaryDecisionDetail' },
    },
  },
  Role: {
    type: 'structure', required: ['Path', 'RoleName', 'RoleId', 'Arn', 'CreateDate'],
    members: {
      Path: { shape: 'pathType' },
      RoleName: { shape: 'roleNameType' },
      RoleId: { shape: 'idType' },
      Arn: { shape: 'arnType' },
      CreateDate: { shape: 'dateType' },
      AssumeRolePolicyDocument: { shape: 'policyDocumentType', doc: 'The trust policy: who may assume the role.' },
      Description: { shape: 'roleDescriptionType' },
      MaxSessionDuration: { shape: 'roleMaxSessionDurationType', doc: 'The longest session of the role, in seconds (3600 to 43200).' },
      PermissionsBoundary: { shape: 'AttachedPermissionsBoundary', doc: 'The ARN of a managed policy used as permissions boundary.' },
      Tags: { shape: 'tagListType', doc: 'Tags, as key-value pairs.' },
      RoleLastUsed: { shape: 'RoleLastUsed' },
    },
  },
  RoleLastUsed: {
    type: 'structure',
    members: {
      LastUsedDate: { shape: 'dateType' },
      Region: { shape: 'stringType' },
    },
  },
  SimulatePolicyResponse: {
    type: 'structure',
    members: {
      EvaluationResults: { shape: 'EvaluationResultsListType' },
      IsTruncated: { shape: 'booleanType', doc: 'True when there are more items: pass Marker to get them.' },
      Marker: { shape: 'responseMarkerType' },
    },
  },
  Statement: {
    type: 'structure',
    members: {
      SourcePolicyId: { shape: 'PolicyIdentifierType' },
      SourcePolicyType: { shape: 'PolicySourceType' },
      StartPosition: { shape: 'Position' },
      EndPosition: { shape: 'Position' },
    },
  },
  Tag: {
    type: 'structure', required: ['Key', 'Value'],
    members: {
      Key: { shape: 'tagKeyType' },
      Value: { shape: 'tagValueType' },
    },
  },
  User: {
    type: 'structure', required: ['Path', 'UserName', 'UserId', 'Arn', 'CreateDate'],
    members: {
      Path: { shape: 'pathType' },
      UserName: { shape: 'userNameType' },
      UserId: { shape: 'idType' },
      Arn: { shape: 'arnType' },
      CreateDate: { shape: 'dateType' },
      PasswordLastUsed: { shape: 'dateType' },
      PermissionsBoundary: { shape: 'AttachedPermissionsBoundary', doc: 'The ARN of a managed policy used as permissions boundary.' },
      Tags: { shape: 'tagListType', doc: 'Tags, as key-value pairs.' },
    },
  },
};
