// The CloudFormation API (2010-05-15): its response structures and the structures inside them (some of which
// requests carry too: Parameter, Tag, RollbackConfiguration, ResourceToImport, …).
// Data only: names, types and constraints as botocore's model has them; docs are ours.
import type { Shape } from '../../../api/types.js';

export const resultShapes: Readonly<Record<string, Shape>> = {
  Change: {
    type: 'structure', doc: 'One change a change set would make.',
    members: {
      Type: { shape: 'ChangeType' },
      HookInvocationCount: { shape: 'HookInvocationCount' },
      ResourceChange: { shape: 'ResourceChange' },
    },
  },
  ChangeSetSummary: {
    type: 'structure', doc: 'A change set, in brief.',
    members: {
      StackId: { shape: 'StackId' },
      StackName: { shape: 'StackName' },
      ChangeSetId: { shape: 'ChangeSetId' },
      ChangeSetName: { shape: 'ChangeSetName' },
      ExecutionStatus: { shape: 'ExecutionStatus' },
      Status: { shape: 'ChangeSetStatus', doc: 'Where the change set is in its making.' },
      StatusReason: { shape: 'ChangeSetStatusReason' },
      CreationTime: { shape: 'CreationTime' },
      Description: { shape: 'Description' },
      IncludeNestedStacks: { shape: 'IncludeNestedStacks' },
      ParentChangeSetId: { shape: 'ChangeSetId' },
      RootChangeSetId: { shape: 'ChangeSetId' },
      ImportExistingResources: { shape: 'ImportExistingResources' },
    },
  },
  CreateChangeSetOutput: {
    type: 'structure',
    members: {
      Id: { shape: 'ChangeSetId', doc: 'The id (ARN) of the change set.' },
      StackId: { shape: 'StackId', doc: 'The id (ARN) of the stack.' },
    },
  },
  CreateStackOutput: {
    type: 'structure',
    members: {
      StackId: { shape: 'StackId', doc: 'The id (ARN) of the new stack.' },
      OperationId: { shape: 'OperationId' },
    },
  },
  DeleteChangeSetOutput: {
    type: 'structure',
    members: {
    },
  },
  DescribeChangeSetOutput: {
    type: 'structure',
    members: {
      ChangeSetName: { shape: 'ChangeSetName' },
      ChangeSetId: { shape: 'ChangeSetId' },
      StackId: { shape: 'StackId' },
      StackName: { shape: 'StackName' },
      Description: { shape: 'Description' },
      Parameters: { shape: 'Parameters' },
      CreationTime: { shape: 'CreationTime' },
      ExecutionStatus: { shape: 'ExecutionStatus' },
      Status: { shape: 'ChangeSetStatus', doc: 'Where the change set is in its making.' },
      StatusReason: { shape: 'ChangeSetStatusReason' },
      StackDriftStatus: { shape: 'StackDriftStatus' },
      NotificationARNs: { shape: 'NotificationARNs' },
      RollbackConfiguration: { shape: 'RollbackConfiguration' },
      Capabilities: { shape: 'Capabilities' },
      Tags: { shape: 'Tags' },
      Changes: { shape: 'Changes', doc: 'The changes: one for each resource added, modified, removed or imported.' },
      NextToken: { shape: 'NextToken' },
      IncludeNestedStacks: { shape: 'IncludeNestedStacks' },
      ParentChangeSetId: { shape: 'ChangeSetId' },
      RootChangeSetId: { shape: 'ChangeSetId' },
      OnStackFailure: { shape: 'OnStackFailure' },
      ImportExistingResources: { shape: 'ImportExistingResources' },
      DeploymentMode: { shape: 'DeploymentMode' },
    },
  },
  DescribeStackEventsOutput: {
    type: 'structure',
    members: {
      StackEvents: { shape: 'StackEvents' },
      NextToken: { shape: 'NextToken' },
    },
  },
  DescribeStackResourceOutput: {
    type: 'structure',
    members: {
      StackResourceDetail: { shape: 'StackResourceDetail' },
    },
  },
  DescribeStackResourcesOutput: {
    type: 'structure',
    members: {
      StackResources: { shape: 'StackResources' },
    },
  },
  DescribeStacksOutput: {
    type: 'structure',
    members: {
      Stacks: { shape: 'Stacks' },
      NextToken: { shape: 'NextToken' },
    },
  },
  ExecuteChangeSetOutput: {
    type: 'structure',
    members: {
    },
  },
  Export: {
    type: 'structure', doc: 'An output a stack exports.',
    members: {
      ExportingStackId: { shape: 'StackId', doc: 'The id of the stack that exports it.' },
      Name: { shape: 'ExportName', doc: 'The name it is exported under.' },
      Value: { shape: 'ExportValue', doc: 'The exported value.' },
    },
  },
  GetTemplateOutput: {
    type: 'structure',
    members: {
      TemplateBody: { shape: 'TemplateBody' },
      StagesAvailable: { shape: 'StageList', doc: 'The stages the template can be shown in (Original, Processed).' },
    },
  },
  GetTemplateSummaryOutput: {
    type: 'structure',
    members: {
      Parameters: { shape: 'ParameterDeclarations', doc: 'The template\'s parameters, with their defaults and constraints.' },
      Description: { shape: 'Description' },
      Capabilities: { shape: 'Capabilities' },
      CapabilitiesReason: { shape: 'CapabilitiesReason', doc: 'Which resources need the capabilities.' },
      ResourceTypes: { shape: 'ResourceTypes' },
      Version: { shape: 'Version' },
      Metadata: { shape: 'Metadata' },
      DeclaredTransforms: { shape: 'TransformsList', doc: 'The transforms the template declares.' },
      ResourceIdentifierSummaries: { shape: 'ResourceIdentifierSummaries' },
      Warnings: { shape: 'Warnings' },
    },
  },
  ListChangeSetsOutput: {
    type: 'structure',
    members: {
      Summaries: { shape: 'ChangeSetSummaries' },
      NextToken: { shape: 'NextToken' },
    },
  },
  ListExportsOutput: {
    type: 'structure',
    members: {
      Exports: { shape: 'Exports' },
      NextToken: { shape: 'NextToken' },
    },
  },
  ListStackResourcesOutput: {
    type: 'structure',
    members: {
      StackResourceSummaries: { shape: 'StackResourceSummaries' },
      NextToken: { shape: 'NextToken' },
    },
  },
  ListStacksOutput: {
    type: 'structure',
    members: {
      StackSummaries: { shape: 'StackSummaries' },
      NextToken: { shape: 'NextToken' },
    },
  },
  LiveResourceDrift: {
    type: 'structure',
    members: {
      PreviousValue: { shape: 'ResourceDriftPreviousValue' },
      ActualValue: { shape: 'ResourceDriftActualValue' },
      DriftDetectionTimestamp: { shape: 'Timestamp' },
    },
  },
  ModuleInfo: {
    type: 'structure',
    members: {
      TypeHierarchy: { shape: 'TypeHierarchy' },
      LogicalIdHierarchy: { shape: 'LogicalIdHierarchy' },
    },
  },
  OperationEntry: {
    type: 'structure',
    members: {
      OperationType: { shape: 'OperationType' },
      OperationId: { shape: 'OperationId' },
    },
  },
  Output: {
    type: 'structure', doc: 'An output of a stack.',
    members: {
      OutputKey: { shape: 'OutputKey' },
      OutputValue: { shape: 'OutputValue' },
      Description: { shape: 'Description' },
      ExportName: { shape: 'ExportName' },
    },
  },
  Parameter: {
    type: 'structure', doc: 'A value for a template parameter.',
    members: {
      ParameterKey: { shape: 'ParameterKey' },
      ParameterValue: { shape: 'ParameterValue' },
      UsePreviousValue: { shape: 'UsePreviousValue' },
      ResolvedValue: { shape: 'ParameterValue', doc: 'For an SSM parameter type, the value it resolved to.' },
    },
  },
  ParameterConstraints: {
    type: 'structure',
    members: {
      AllowedValues: { shape: 'AllowedValues' },
    },
  },
  ParameterDeclaration: {
    type: 'structure',
    members: {
      ParameterKey: { shape: 'ParameterKey' },
      DefaultValue: { shape: 'ParameterValue', doc: 'The parameter\'s default value.' },
      ParameterType: { shape: 'ParameterType' },
      NoEcho: { shape: 'NoEcho' },
      Description: { shape: 'Description' },
      ParameterConstraints: { shape: 'ParameterConstraints' },
    },
  },
  ResourceChange: {
    type: 'structure', doc: 'What a change set would do to one resource.',
    members: {
      PolicyAction: { shape: 'PolicyAction' },
      Action: { shape: 'ChangeAction', doc: 'What the change does to the resource: Add, Modify, Remove, Import, …' },
      LogicalResourceId: { shape: 'LogicalResourceId' },
      PhysicalResourceId: { shape: 'PhysicalResourceId' },
      ResourceType: { shape: 'ResourceType' },
      Replacement: { shape: 'Replacement', doc: 'Whether the change replaces the resource: True, False or Conditional.' },
      Scope: { shape: 'Scope' },
      ResourceDriftStatus: { shape: 'StackResourceDriftStatus' },
      ResourceDriftIgnoredAttributes: { shape: 'ResourceDriftIgnoredAttributes' },
      Details: { shape: 'ResourceChangeDetails' },
      ChangeSetId: { shape: 'ChangeSetId' },
      ModuleInfo: { shape: 'ModuleInfo' },
      BeforeContext: { shape: 'BeforeContext' },
      AfterContext: { shape: 'AfterContext' },
      PreviousDeploymentContext: { shape: 'PreviousDeploymentContext' },
    },
  },
  ResourceChangeDetail: {
    type: 'structure',
    members: {
      Target: { shape: 'ResourceTargetDefinition' },
      Evaluation: { shape: 'EvaluationType' },
      ChangeSource: { shape: 'ChangeSource' },
      CausingEntity: { shape: 'CausingEntity' },
    },
  },
  ResourceDriftIgnoredAttribute: {
    type: 'structure',
    members: {
      Path: { shape: 'ResourcePropertyPath' },
      Reason: { shape: 'DriftIgnoredReason' },
    },
  },
  ResourceIdentifierSummary: {
    type: 'structure',
    members: {
      ResourceType: { shape: 'ResourceType' },
      LogicalResourceIds: { shape: 'LogicalResourceIds' },
      ResourceIdentifiers: { shape: 'ResourceIdentifiers' },
    },
  },
  ResourceTargetDefinition: {
    type: 'structure',
    members: {
      Attribute: { shape: 'ResourceAttribute' },
      Name: { shape: 'PropertyName' },
      RequiresRecreation: { shape: 'RequiresRecreation' },
      Path: { shape: 'ResourcePropertyPath' },
      BeforeValue: { shape: 'BeforeValue' },
      AfterValue: { shape: 'AfterValue' },
      BeforeValueFrom: { shape: 'BeforeValueFrom' },
      AfterValueFrom: { shape: 'AfterValueFrom' },
      Drift: { shape: 'LiveResourceDrift' },
      AttributeChangeType: { shape: 'AttributeChangeType' },
    },
  },
  ResourceToImport: {
    type: 'structure', required: ['ResourceType', 'LogicalResourceId', 'ResourceIdentifier'],
    members: {
      ResourceType: { shape: 'ResourceType' },
      LogicalResourceId: { shape: 'LogicalResourceId' },
      ResourceIdentifier: { shape: 'ResourceIdentifierProperties' },
    },
  },
  RollbackConfiguration: {
    type: 'structure',
    members: {
      RollbackTriggers: { shape: 'RollbackTriggers' },
      MonitoringTimeInMinutes: { shape: 'MonitoringTimeInMinutes' },
    },
  },
  RollbackTrigger: {
    type: 'structure', required: ['Arn', 'Type'],
    members: {
      Arn: { shape: 'Arn' },
      Type: { shape: 'Type' },
    },
  },
  Stack: {
    type: 'structure', required: ['StackName', 'CreationTime', 'StackStatus'], doc: 'A stack: its status, parameters, outputs and tags.',
    members: {
      StackId: { shape: 'StackId' },
      StackName: { shape: 'StackName' },
      ChangeSetId: { shape: 'ChangeSetId' },
      Description: { shape: 'Description' },
      Parameters: { shape: 'Parameters' },
      CreationTime: { shape: 'CreationTime' },
      DeletionTime: { shape: 'DeletionTime' },
      LastUpdatedTime: { shape: 'LastUpdatedTime' },
      RollbackConfiguration: { shape: 'RollbackConfiguration' },
      StackStatus: { shape: 'StackStatus' },
      StackStatusReason: { shape: 'StackStatusReason' },
      DisableRollback: { shape: 'DisableRollback' },
      NotificationARNs: { shape: 'NotificationARNs' },
      TimeoutInMinutes: { shape: 'TimeoutMinutes' },
      Capabilities: { shape: 'Capabilities' },
      Outputs: { shape: 'Outputs', doc: 'The stack\'s outputs, such as the ARN of a key it created.' },
      RoleARN: { shape: 'RoleARN' },
      Tags: { shape: 'Tags' },
      EnableTerminationProtection: { shape: 'EnableTerminationProtection' },
      ParentId: { shape: 'StackId', doc: 'For a nested stack, the id of the stack that holds it.' },
      RootId: { shape: 'StackId', doc: 'For a nested stack, the id of the top stack.' },
      DriftInformation: { shape: 'StackDriftInformation' },
      RetainExceptOnCreate: { shape: 'RetainExceptOnCreate' },
      DeletionMode: { shape: 'DeletionMode' },
      DetailedStatus: { shape: 'DetailedStatus' },
      LastOperations: { shape: 'LastOperations' },
    },
  },
  StackDriftInformation: {
    type: 'structure', required: ['StackDriftStatus'],
    members: {
      StackDriftStatus: { shape: 'StackDriftStatus' },
      LastCheckTimestamp: { shape: 'Timestamp' },
    },
  },
  StackDriftInformationSummary: {
    type: 'structure', required: ['StackDriftStatus'],
    members: {
      StackDriftStatus: { shape: 'StackDriftStatus' },
      LastCheckTimestamp: { shape: 'Timestamp' },
    },
  },
  StackEvent: {
    type: 'structure', required: ['StackId', 'EventId', 'StackName', 'Timestamp'], doc: 'A change of status of a stack or of one of its resources.',
    members: {
      StackId: { shape: 'StackId' },
      EventId: { shape: 'EventId' },
      StackName: { shape: 'StackName' },
      OperationId: { shape: 'OperationId' },
      LogicalResourceId: { shape: 'LogicalResourceId' },
      PhysicalResourceId: { shape: 'PhysicalResourceId' },
      ResourceType: { shape: 'ResourceType' },
      Timestamp: { shape: 'Timestamp' },
      ResourceStatus: { shape: 'ResourceStatus' },
      ResourceStatusReason: { shape: 'ResourceStatusReason' },
      ResourceProperties: { shape: 'ResourceProperties', doc: 'The properties the resource was given, as JSON.' },
      ClientRequestToken: { shape: 'ClientRequestToken' },
      HookType: { shape: 'HookType' },
      HookStatus: { shape: 'HookStatus' },
      HookStatusReason: { shape: 'HookStatusReason' },
      HookInvocationPoint: { shape: 'HookInvocationPoint' },
      HookInvocationId: { shape: 'HookInvocationId' },
      HookFailureMode: { shape: 'HookFailureMode' },
      DetailedStatus: { shape: 'DetailedStatus' },
    },
  },
  StackResource: {
    type: 'structure', required: ['LogicalResourceId', 'ResourceType', 'Timestamp', 'ResourceStatus'], doc: 'A resource of a stack.',
    members: {
      StackName: { shape: 'StackName' },
      StackId: { shape: 'StackId' },
      LogicalResourceId: { shape: 'LogicalResourceId' },
      PhysicalResourceId: { shape: 'PhysicalResourceId' },
      ResourceType: { shape: 'ResourceType' },
      Timestamp: { shape: 'Timestamp' },
      ResourceStatus: { shape: 'ResourceStatus' },
      ResourceStatusReason: { shape: 'ResourceStatusReason' },
      Description: { shape: 'Description' },
      DriftInformation: { shape: 'StackResourceDriftInformation' },
      ModuleInfo: { shape: 'ModuleInfo' },
    },
  },
  StackResourceDetail: {
    type: 'structure', required: ['LogicalResourceId', 'ResourceType', 'LastUpdatedTimestamp', 'ResourceStatus'], doc: 'A resource of a stack, in detail.',
    members: {
      StackName: { shape: 'StackName' },
      StackId: { shape: 'StackId' },
      LogicalResourceId: { shape: 'LogicalResourceId' },
      PhysicalResourceId: { shape: 'PhysicalResourceId' },
      ResourceType: { shape: 'ResourceType' },
      LastUpdatedTimestamp: { shape: 'Timestamp', doc: 'When the resource last changed.' },
      ResourceStatus: { shape: 'ResourceStatus' },
      ResourceStatusReason: { shape: 'ResourceStatusReason' },
      Description: { shape: 'Description' },
      Metadata: { shape: 'Metadata', doc: 'The resource\'s Metadata attribute in the template, as JSON.' },
      DriftInformation: { shape: 'StackResourceDriftInformation' },
      ModuleInfo: { shape: 'ModuleInfo' },
    },
  },
  StackResourceDriftInformation: {
    type: 'structure', required: ['StackResourceDriftStatus'],
    members: {
      StackResourceDriftStatus: { shape: 'StackResourceDriftStatus' },
      LastCheckTimestamp: { shape: 'Timestamp' },
    },
  },
  StackResourceDriftInformationSummary: {
    type: 'structure', required: ['StackResourceDriftStatus'],
    members: {
      StackResourceDriftStatus: { shape: 'StackResourceDriftStatus' },
      LastCheckTimestamp: { shape: 'Timestamp' },
    },
  },
  StackResourceSummary: {
    type: 'structure', required: ['LogicalResourceId', 'ResourceType', 'LastUpdatedTimestamp', 'ResourceStatus'], doc: 'A resource of a stack, in brief.',
    members: {
      LogicalResourceId: { shape: 'LogicalResourceId' },
      PhysicalResourceId: { shape: 'PhysicalResourceId' },
      ResourceType: { shape: 'ResourceType' },
      LastUpdatedTimestamp: { shape: 'Timestamp', doc: 'When the resource last changed.' },
      ResourceStatus: { shape: 'ResourceStatus' },
      ResourceStatusReason: { shape: 'ResourceStatusReason' },
      DriftInformation: { shape: 'StackResourceDriftInformationSummary' },
      ModuleInfo: { shape: 'ModuleInfo' },
    },
  },
  StackSummary: {
    type: 'structure', required: ['StackName', 'CreationTime', 'StackStatus'], doc: 'A stack, in brief.',
    members: {
      StackId: { shape: 'StackId' },
      StackName: { shape: 'StackName' },
      TemplateDescription: { shape: 'TemplateDescription', doc: 'The Description of the stack\'s template.' },
      CreationTime: { shape: 'CreationTime' },
      LastUpdatedTime: { shape: 'LastUpdatedTime' },
      DeletionTime: { shape: 'DeletionTime' },
      StackStatus: { shape: 'StackStatus' },
      StackStatusReason: { shape: 'StackStatusReason' },
      ParentId: { shape: 'StackId', doc: 'For a nested stack, the id of the stack that holds it.' },
      RootId: { shape: 'StackId', doc: 'For a nested stack, the id of the top stack.' },
      DriftInformation: { shape: 'StackDriftInformationSummary' },
      LastOperations: { shape: 'LastOperations' },
    },
  },
  Tag: {
    type: 'structure', required: ['Key', 'Value'], doc: 'A tag: a key and a value.',
    members: {
      Key: { shape: 'TagKey' },
      Value: { shape: 'TagValue' },
    },
  },
  TemplateParameter: {
    type: 'structure',
    members: {
      ParameterKey: { shape: 'ParameterKey' },
      DefaultValue: { shape: 'ParameterValue', doc: 'The parameter\'s default value.' },
      NoEcho: { shape: 'NoEcho' },
      Description: { shape: 'Description' },
    },
  },
  TemplateSummaryConfig: {
    type: 'structure',
    members: {
      TreatUnrecognizedResourceTypesAsWarnings: { shape: 'TreatUnrecognizedResourceTypesAsWarnings' },
    },
  },
  UpdateStackOutput: {
    type: 'structure',
    members: {
      StackId: { shape: 'StackId', doc: 'The id (ARN) of the stack.' },
      OperationId: { shape: 'OperationId' },
    },
  },
  ValidateTemplateOutput: {
    type: 'structure',
    members: {
      Parameters: { shape: 'TemplateParameters', doc: 'The template\'s parameters, with their defaults.' },
      Description: { shape: 'Description' },
      Capabilities: { shape: 'Capabilities' },
      CapabilitiesReason: { shape: 'CapabilitiesReason', doc: 'Which resources need the capabilities.' },
      DeclaredTransforms: { shape: 'TransformsList', doc: 'The transforms the template declares.' },
    },
  },
  Warnings: {
    type: 'structure',
    members: {
      UnrecognizedResourceTypes: { shape: 'ResourceTypes' },
    },
  },
};
