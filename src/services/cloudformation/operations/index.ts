// The loader of the CloudFormation service's operations: one lazily imported module per
// operation, named after it in kebab case. The only module that imports an operation file.

import type { OperationModule } from '../../../engine/service.js';

/** Operations kms implements; an operation of the table missing here answers UnsupportedOperationException. */
export const OPERATION_LOADERS: Readonly<Record<string, () => Promise<OperationModule>>> = {
  CreateChangeSet: () => import('./create-change-set.js'),
  CreateStack: () => import('./create-stack.js'),
  DeleteChangeSet: () => import('./delete-change-set.js'),
  DeleteStack: () => import('./delete-stack.js'),
  DescribeChangeSet: () => import('./describe-change-set.js'),
  DescribeStackEvents: () => import('./describe-stack-events.js'),
  DescribeStackResource: () => import('./describe-stack-resource.js'),
  DescribeStackResources: () => import('./describe-stack-resources.js'),
  DescribeStacks: () => import('./describe-stacks.js'),
  ExecuteChangeSet: () => import('./execute-change-set.js'),
  GetTemplate: () => import('./get-template.js'),
  GetTemplateSummary: () => import('./get-template-summary.js'),
  ListChangeSets: () => import('./list-change-sets.js'),
  ListExports: () => import('./list-exports.js'),
  ListStackResources: () => import('./list-stack-resources.js'),
  ListStacks: () => import('./list-stacks.js'),
  UpdateStack: () => import('./update-stack.js'),
  ValidateTemplate: () => import('./validate-template.js'),
};
