// The CloudFormation API (2010-05-15): the operations kms implements, on stacks of AWS::KMS::Key,
// AWS::KMS::Alias and AWS::KMS::ReplicaKey resources.
// Data only: inputs, outputs, errors and paginators from botocore; docs and examples are ours.
import type { OperationSpec } from '../../../api/types.js';

export const operations: Readonly<Record<string, OperationSpec>> = {
  CreateChangeSet: {
    name: 'CreateChangeSet',
    input: 'CreateChangeSetInput',
    output: 'CreateChangeSetOutput',
    errors: ['AlreadyExistsException', 'InsufficientCapabilitiesException', 'LimitExceededException'],
    doc: 'Creates a change set: the changes a template or new parameter values would make to a stack (or, with ChangeSetType CREATE, the stack a template would create), to review before running it with execute-change-set.',
    examples: [
      { command: 'kms cloudformation create-change-set --stack-name MyKMSKeyStack --change-set-name rotate-on --use-previous-template --parameters ParameterKey=EnableKeyRotation,ParameterValue=true', description: 'Creates a change set that would turn rotation on.' },
      { command: 'kms cloudformation create-change-set --stack-name NewKeyStack --change-set-name initial --change-set-type CREATE --template-body file://create-kms-cf.yaml', description: 'Creates a change set for a stack that does not exist yet.' },
    ],
  },
  CreateStack: {
    name: 'CreateStack',
    input: 'CreateStackInput',
    output: 'CreateStackOutput',
    errors: ['LimitExceededException', 'AlreadyExistsException', 'TokenAlreadyExistsException', 'InsufficientCapabilitiesException'],
    doc: 'Creates a stack from a template of AWS::KMS::Key, AWS::KMS::Alias and AWS::KMS::ReplicaKey resources and makes those resources in the local keyring. The stack ends in CREATE_COMPLETE, or rolls back as OnFailure says.',
    examples: [
      { command: 'kms cloudformation create-stack --stack-name MyKMSKeyStack --template-body file://create-kms-cf.yaml --parameters file://create-kms-params.json', description: 'Creates the stack MyKMSKeyStack from a template and a file of parameter values.' },
      { command: 'kms cloudformation create-stack --stack-name app-keys --template-body file://app-keys.yaml --parameters ParameterKey=AliasName,ParameterValue=alias/app --on-failure DELETE', description: 'Creates a stack with one parameter given inline; if creation fails, the stack is deleted.' },
    ],
  },
  DeleteChangeSet: {
    name: 'DeleteChangeSet',
    input: 'DeleteChangeSetInput',
    output: 'DeleteChangeSetOutput',
    errors: ['InvalidChangeSetStatusException'],
    doc: 'Deletes a change set that has not been run.',
    examples: [
      { command: 'kms cloudformation delete-change-set --stack-name MyKMSKeyStack --change-set-name rotate-on', description: 'Deletes the change set rotate-on.' },
    ],
  },
  DeleteStack: {
    name: 'DeleteStack',
    input: 'DeleteStackInput',
    errors: ['TokenAlreadyExistsException'],
    doc: 'Deletes a stack and the resources it made in the keyring (its keys are scheduled for deletion, its aliases removed), except those its template or RetainResources keeps.',
    examples: [
      { command: 'kms cloudformation delete-stack --stack-name MyKMSKeyStack', description: 'Deletes the stack MyKMSKeyStack and its resources.' },
    ],
  },
  DescribeChangeSet: {
    name: 'DescribeChangeSet',
    input: 'DescribeChangeSetInput',
    output: 'DescribeChangeSetOutput',
    errors: ['ChangeSetNotFoundException'],
    doc: 'Shows a change set: its status and the resources it would add, modify, remove or import.',
    paginator: {
      inputToken: 'NextToken', outputToken: 'NextToken', resultKey: 'Changes',
      nonAggregateKeys: ['ChangeSetName', 'ChangeSetId', 'StackId', 'StackName', 'Description', 'Parameters', 'CreationTime', 'ExecutionStatus', 'Status', 'StatusReason', 'NotificationARNs', 'RollbackConfiguration', 'Capabilities', 'Tags', 'ParentChangeSetId', 'IncludeNestedStacks', 'RootChangeSetId', 'OnStackFailure', 'ImportExistingResources', 'StackDriftStatus', 'DeploymentMode'],
    },
    examples: [
      { command: 'kms cloudformation describe-change-set --stack-name MyKMSKeyStack --change-set-name rotate-on', description: 'Shows the change set rotate-on.' },
    ],
  },
  DescribeStackEvents: {
    name: 'DescribeStackEvents',
    input: 'DescribeStackEventsInput',
    output: 'DescribeStackEventsOutput',
    errors: [],
    doc: 'Lists the events of a stack, newest first: each change of status of the stack and its resources as it was created, updated, rolled back or deleted.',
    paginator: { inputToken: 'NextToken', outputToken: 'NextToken', resultKey: 'StackEvents' },
    examples: [
      { command: 'kms cloudformation describe-stack-events --stack-name MyKMSKeyStack', description: 'Lists the events of MyKMSKeyStack.' },
      { command: 'kms cloudformation describe-stack-events --stack-name MyKMSKeyStack --max-items 5', description: 'Shows the five newest events.' },
    ],
  },
  DescribeStackResource: {
    name: 'DescribeStackResource',
    input: 'DescribeStackResourceInput',
    output: 'DescribeStackResourceOutput',
    errors: [],
    doc: 'Shows one resource of a stack by its logical id: its type, its physical id (a key id, an alias name), its status and its metadata.',
    examples: [
      { command: 'kms cloudformation describe-stack-resource --stack-name MyKMSKeyStack --logical-resource-id MyKey', description: 'Shows the resource MyKey of the stack.' },
    ],
  },
  DescribeStackResources: {
    name: 'DescribeStackResources',
    input: 'DescribeStackResourcesInput',
    output: 'DescribeStackResourcesOutput',
    errors: [],
    doc: 'Shows the resources of a stack, or finds the stack that holds a resource by its physical id (a key id, say).',
    examples: [
      { command: 'kms cloudformation describe-stack-resources --stack-name MyKMSKeyStack', description: 'Shows the resources of MyKMSKeyStack.' },
      { command: 'kms cloudformation describe-stack-resources --physical-resource-id 1234abcd-12ab-34cd-56ef-1234567890ab', description: 'Shows the stack resource that is this key.' },
    ],
  },
  DescribeStacks: {
    name: 'DescribeStacks',
    input: 'DescribeStacksInput',
    output: 'DescribeStacksOutput',
    errors: [],
    doc: 'Shows a stack, or every stack not deleted: its status, parameters, outputs and tags.',
    paginator: { inputToken: 'NextToken', outputToken: 'NextToken', resultKey: 'Stacks' },
    examples: [
      { command: 'kms cloudformation describe-stacks --stack-name MyKMSKeyStack', description: 'Shows the stack MyKMSKeyStack.' },
      { command: 'kms cloudformation describe-stacks --stack-name MyKMSKeyStack --query "Stacks[0].Outputs" --output table', description: 'Prints the stack\'s outputs, such as the ARN of its key, as a table.' },
    ],
  },
  ExecuteChangeSet: {
    name: 'ExecuteChangeSet',
    input: 'ExecuteChangeSetInput',
    output: 'ExecuteChangeSetOutput',
    errors: ['InvalidChangeSetStatusException', 'ChangeSetNotFoundException', 'InsufficientCapabilitiesException', 'TokenAlreadyExistsException'],
    doc: 'Runs a change set: updates (or creates) the stack as the change set describes. The stack\'s other change sets become obsolete.',
    examples: [
      { command: 'kms cloudformation execute-change-set --stack-name MyKMSKeyStack --change-set-name rotate-on', description: 'Runs the change set rotate-on.' },
    ],
  },
  GetTemplate: {
    name: 'GetTemplate',
    input: 'GetTemplateInput',
    output: 'GetTemplateOutput',
    errors: ['ChangeSetNotFoundException'],
    doc: 'Prints the template of a stack, or of one of its change sets, as it was given (Original) or after its transforms (Processed).',
    examples: [
      { command: 'kms cloudformation get-template --stack-name MyKMSKeyStack --query TemplateBody --output text', description: 'Prints the template of MyKMSKeyStack.' },
    ],
  },
  GetTemplateSummary: {
    name: 'GetTemplateSummary',
    input: 'GetTemplateSummaryInput',
    output: 'GetTemplateSummaryOutput',
    errors: ['StackSetNotFoundException'],
    doc: 'Summarises a template, given or of a stack, without making anything: its parameters, resource types, capabilities and transforms.',
    examples: [
      { command: 'kms cloudformation get-template-summary --template-body file://create-kms-cf.yaml', description: 'Summarises the template in the file.' },
      { command: 'kms cloudformation get-template-summary --stack-name MyKMSKeyStack', description: 'Summarises the template of MyKMSKeyStack.' },
    ],
  },
  ListChangeSets: {
    name: 'ListChangeSets',
    input: 'ListChangeSetsInput',
    output: 'ListChangeSetsOutput',
    errors: [],
    doc: 'Lists the change sets of a stack, with their status and whether they can be run.',
    paginator: { inputToken: 'NextToken', outputToken: 'NextToken', resultKey: 'Summaries' },
    examples: [
      { command: 'kms cloudformation list-change-sets --stack-name MyKMSKeyStack', description: 'Lists the change sets of MyKMSKeyStack.' },
    ],
  },
  ListExports: {
    name: 'ListExports',
    input: 'ListExportsInput',
    output: 'ListExportsOutput',
    errors: [],
    doc: 'Lists the outputs stacks export (an Export Name on an output), which other stacks import with Fn::ImportValue.',
    paginator: { inputToken: 'NextToken', outputToken: 'NextToken', resultKey: 'Exports' },
    examples: [
      { command: 'kms cloudformation list-exports', description: 'Lists every export.' },
    ],
  },
  ListStackResources: {
    name: 'ListStackResources',
    input: 'ListStackResourcesInput',
    output: 'ListStackResourcesOutput',
    errors: [],
    doc: 'Lists the resources of a stack in brief: logical id, physical id, type and status.',
    paginator: { inputToken: 'NextToken', outputToken: 'NextToken', resultKey: 'StackResourceSummaries' },
    examples: [
      { command: 'kms cloudformation list-stack-resources --stack-name MyKMSKeyStack', description: 'Lists the resources of MyKMSKeyStack.' },
    ],
  },
  ListStacks: {
    name: 'ListStacks',
    input: 'ListStacksInput',
    output: 'ListStacksOutput',
    errors: [],
    doc: 'Lists stacks in brief, deleted ones too, optionally only those in the given statuses.',
    paginator: { inputToken: 'NextToken', outputToken: 'NextToken', resultKey: 'StackSummaries' },
    examples: [
      { command: 'kms cloudformation list-stacks', description: 'Lists every stack.' },
      { command: 'kms cloudformation list-stacks --stack-status-filter CREATE_COMPLETE UPDATE_COMPLETE', description: 'Lists the stacks that were created or updated successfully.' },
    ],
  },
  UpdateStack: {
    name: 'UpdateStack',
    input: 'UpdateStackInput',
    output: 'UpdateStackOutput',
    errors: ['InsufficientCapabilitiesException', 'TokenAlreadyExistsException'],
    doc: 'Updates a stack to a new template or to new parameter values, changing, adding and removing its keys and aliases in the keyring to match.',
    examples: [
      { command: 'kms cloudformation update-stack --stack-name MyKMSKeyStack --template-body file://create-kms-cf.yaml --parameters file://create-kms-params.json', description: 'Updates MyKMSKeyStack to the template and parameters in the files.' },
      { command: 'kms cloudformation update-stack --stack-name MyKMSKeyStack --use-previous-template --parameters ParameterKey=EnableKeyRotation,ParameterValue=true', description: 'Keeps the template and changes one parameter.' },
    ],
  },
  ValidateTemplate: {
    name: 'ValidateTemplate',
    input: 'ValidateTemplateInput',
    output: 'ValidateTemplateOutput',
    errors: [],
    doc: 'Checks that a template is a well-formed CloudFormation template in JSON or YAML, and shows its parameters, description and the capabilities it needs.',
    examples: [
      { command: 'kms cloudformation validate-template --template-body file://create-kms-cf.yaml', description: 'Checks the template in the file.' },
    ],
  },
};
