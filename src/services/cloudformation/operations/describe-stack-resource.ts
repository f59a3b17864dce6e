// DescribeStackResource: one resource of a stack, in detail.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { resourceDetail } from '../stacks/list.js';
import { requireStack } from '../stacks/store.js';
import type { CloudformationOperations, DescribeStackResourceInput } from '../types.gen.js';

type Output = CloudformationOperations['DescribeStackResource']['output'];

export default async function describeStackResource(ctx: EngineContext, req: DescribeStackResourceInput): Promise<Output> {
  const stack = await requireStack(ctx.store, ctx, req.StackName);
  const res = stack.resources[req.LogicalResourceId];
  if (!res) throw new KmsError('ValidationError', `Resource ${req.LogicalResourceId} does not exist for stack ${stack.stackName}`);
  return { StackResourceDetail: resourceDetail(stack, res) };
}
