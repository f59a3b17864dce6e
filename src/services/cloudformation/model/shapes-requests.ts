// The CloudFormation API (2010-05-15): its request structures.
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const requestShapes: Readonly<Record<string, Shape>> = {
  CreateChangeSetInput: {
    type: 'structure', required: ['StackName', 'ChangeSetName'],
    members: {
      StackName: { shape: 'StackNameOrId', doc: 'The name or id of the stack the change set is for (the name of the new stack, with ChangeSetType CREATE).' },
      TemplateBody: { shape: 'TemplateBody' },
      TemplateURL: { shape: 'TemplateURL' },
      UsePreviousTemplate: { shape: 'UsePreviousTemplate', doc: 'Keep the stack\'s current template and change only its parameters.' },
      Parameters: { shape: 'Parameters' },
      Capabilities: { shape: 'Capabilities' },
      ResourceTypes: { shape: 'ResourceTypes' },
      RoleARN: { shape: 'RoleARN' },
      RollbackConfiguration: { shape: 'RollbackConfiguration' },
      NotificationARNs: { shape: 'NotificationARNs' },
      Tags: { shape: 'Tags' },
      ChangeSetName: { shape: 'ChangeSetName' },
      ClientToken: { shape: 'ClientToken' },
      Description: { shape: 'Description' },
      ChangeSetType: { shape: 'ChangeSetType' },
      ResourcesToImport: { shape: 'ResourcesToImport' },
      IncludeNestedStacks: { shape: 'IncludeNestedStacks' },
      OnStackFailure: { shape: 'OnStackFailure' },
      ImportExistingResources: { shape: 'ImportExistingResources' },
      DeploymentMode: { shape: 'DeploymentMode' },
    },
  },
  CreateStackInput: {
    type: 'structure', required: ['StackName'],
    members: {
      StackName: { shape: 'StackName', doc: 'The name of the new stack: letters, digits and hyphens, starting with a letter, at most 128.' },
      TemplateBody: { shape: 'TemplateBody' },
      TemplateURL: { shape: 'TemplateURL' },
      Parameters: { shape: 'Parameters' },
      DisableRollback: { shape: 'DisableRollback' },
      RollbackConfiguration: { shape: 'RollbackConfiguration' },
      TimeoutInMinutes: { shape: 'TimeoutMinutes' },
      NotificationARNs: { shape: 'NotificationARNs' },
      Capabilities: { shape: 'Capabilities' },
      ResourceTypes: { shape: 'ResourceTypes' },
      RoleARN: { shape: 'RoleARN' },
      OnFailure: { shape: 'OnFailure' },
      StackPolicyBody: { shape: 'StackPolicyBody' },
      StackPolicyURL: { shape: 'StackPolicyURL' },
      Tags: { shape: 'Tags' },
      ClientRequestToken: { shape: 'ClientRequestToken' },
      EnableTerminationProtection: { shape: 'EnableTerminationProtection' },
      RetainExceptOnCreate: { shape: 'RetainExceptOnCreate' },
    },
  },
  DeleteChangeSetInput: {
    type: 'structure', required: ['ChangeSetName'],
    members: {
      ChangeSetName: { shape: 'ChangeSetNameOrId' },
      StackName: { shape: 'StackNameOrId', doc: 'The name or id of the stack, when ChangeSetName is a name.' },
    },
  },
  DeleteStackInput: {
    type: 'structure', required: ['StackName'],
    members: {
      StackName: { shape: 'StackName' },
      RetainResources: { shape: 'RetainResources' },
      RoleARN: { shape: 'RoleARN' },
      ClientRequestToken: { shape: 'ClientRequestToken' },
      DeletionMode: { shape: 'DeletionMode' },
    },
  },
  DescribeChangeSetInput: {
    type: 'structure', required: ['ChangeSetName'],
    members: {
      ChangeSetName: { shape: 'ChangeSetNameOrId' },
      StackName: { shape: 'StackNameOrId', doc: 'The name or id of the stack, when ChangeSetName is a name.' },
      NextToken: { shape: 'NextToken' },
      IncludePropertyValues: { shape: 'IncludePropertyValues' },
    },
  },
  DescribeStackEventsInput: {
    type: 'structure', required: ['StackName'],
    members: {
      StackName: { shape: 'StackName', doc: 'The name or id of the stack (a deleted stack only by its id).' },
      NextToken: { shape: 'NextToken' },
    },
  },
  DescribeStackResourceInput: {
    type: 'structure', required: ['StackName', 'LogicalResourceId'],
    members: {
      StackName: { shape: 'StackName', doc: 'The name or id of the stack (a deleted stack only by its id).' },
      LogicalResourceId: { shape: 'LogicalResourceId' },
    },
  },
  DescribeStackResourcesInput: {
    type: 'structure',
    members: {
      StackName: { shape: 'StackName', doc: 'The name or id of the stack; give it or PhysicalResourceId.' },
      LogicalResourceId: { shape: 'LogicalResourceId', doc: 'Only the resource with this logical id.' },
      PhysicalResourceId: { shape: 'PhysicalResourceId', doc: 'Find the stack that holds this resource (a key id, say) instead of naming the stack.' },
    },
  },
  DescribeStacksInput: {
    type: 'structure',
    members: {
      StackName: { shape: 'StackName', doc: 'The name or id of the stack; every stack not deleted when left out (a deleted stack only by its id).' },
      NextToken: { shape: 'NextToken' },
    },
  },
  ExecuteChangeSetInput: {
    type: 'structure', required: ['ChangeSetName'],
    members: {
      ChangeSetName: { shape: 'ChangeSetNameOrId' },
      StackName: { shape: 'StackNameOrId', doc: 'The name or id of the stack, when ChangeSetName is a name.' },
      ClientRequestToken: { shape: 'ClientRequestToken' },
      DisableRollback: { shape: 'DisableRollback', doc: 'Keep the resources made so far when running the change set fails.' },
      RetainExceptOnCreate: { shape: 'RetainExceptOnCreate' },
    },
  },
  GetTemplateInput: {
    type: 'structure',
    members: {
      StackName: { shape: 'StackName', doc: 'The name or id of the stack.' },
      ChangeSetName: { shape: 'ChangeSetNameOrId', doc: 'The template of this change set of the stack instead of the stack\'s own.' },
      TemplateStage: { shape: 'TemplateStage' },
    },
  },
  GetTemplateSummaryInput: {
    type: 'structure',
    members: {
      TemplateBody: { shape: 'TemplateBody' },
      TemplateURL: { shape: 'TemplateURL' },
      StackName: { shape: 'StackNameOrId', doc: 'Summarise the template of this stack instead of a given one.' },
      StackSetName: { shape: 'StackSetNameOrId' },
      CallAs: { shape: 'CallAs' },
      TemplateSummaryConfig: { shape: 'TemplateSummaryConfig' },
    },
  },
  ListChangeSetsInput: {
    type: 'structure', required: ['StackName'],
    members: {
      StackName: { shape: 'StackNameOrId', doc: 'The name or id of the stack whose change sets to list.' },
      NextToken: { shape: 'NextToken' },
    },
  },
  ListExportsInput: {
    type: 'structure',
    members: {
      NextToken: { shape: 'NextToken' },
    },
  },
  ListStackResourcesInput: {
    type: 'structure', required: ['StackName'],
    members: {
      StackName: { shape: 'StackName', doc: 'The name or id of the stack (a deleted stack only by its id).' },
      NextToken: { shape: 'NextToken' },
    },
  },
  ListStacksInput: {
    type: 'structure',
    members: {
      NextToken: { shape: 'NextToken' },
      StackStatusFilter: { shape: 'StackStatusFilter' },
    },
  },
  UpdateStackInput: {
    type: 'structure', required: ['StackName'],
    members: {
      StackName: { shape: 'StackName' },
      TemplateBody: { shape: 'TemplateBody' },
      TemplateURL: { shape: 'TemplateURL' },
      UsePreviousTemplate: { shape: 'UsePreviousTemplate' },
      StackPolicyDuringUpdateBody: { shape: 'StackPolicyDuringUpdateBody' },
      StackPolicyDuringUpdateURL: { shape: 'StackPolicyDuringUpdateURL' },
      Parameters: { shape: 'Parameters' },
      Capabilities: { shape: 'Capabilities' },
      ResourceTypes: { shape: 'ResourceTypes' },
      RoleARN: { shape: 'RoleARN' },
      RollbackConfiguration: { shape: 'RollbackConfiguration' },
      StackPolicyBody: { shape: 'StackPolicyBody' },
      StackPolicyURL: { shape: 'StackPolicyURL' },
      NotificationARNs: { shape: 'NotificationARNs' },
      Tags: { shape: 'Tags' },
      DisableRollback: { shape: 'DisableRollback' },
      ClientRequestToken: { shape: 'ClientRequestToken' },
      RetainExceptOnCreate: { shape: 'RetainExceptOnCreate' },
    },
  },
  ValidateTemplateInput: {
    type: 'structure',
    members: {
      TemplateBody: { shape: 'TemplateBody' },
      TemplateURL: { shape: 'TemplateURL' },
    },
  },
};
