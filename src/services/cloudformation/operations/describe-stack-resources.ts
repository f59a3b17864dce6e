// DescribeStackResources: a stack's resources, or the stack that holds a physical resource.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { liveStacks, resourceShape, shownResources } from '../stacks/list.js';
import { requireStack, type StackRecord } from '../stacks/store.js';
import type { CloudformationOperations, DescribeStackResourcesInput } from '../types.gen.js';

type Output = CloudformationOperations['DescribeStackResources']['output'];

export default async function describeStackResources(ctx: EngineContext, req: DescribeStackResourcesInput): Promise<Output> {
  let stack: StackRecord;
  if (req.StackName !== undefined) stack = await requireStack(ctx.store, ctx, req.StackName);
  else if (req.PhysicalResourceId !== undefined) {
    const physical = req.PhysicalResourceId;
    const holder = (await liveStacks(ctx.store, ctx)).find((s) => Object.values(s.resources).some((r) => r.physicalId === physical));
    if (!holder) throw new KmsError('ValidationError', `Stack for ${physical} does not exist`);
    stack = holder;
  } else {
    throw new KmsError('ValidationError', 'Either StackName or PhysicalResourceId must be specified.');
  }
  const resources = shownResources(stack).filter(
    (r) => (req.LogicalResourceId === undefined || r.logicalId === req.LogicalResourceId) && (req.PhysicalResourceId === undefined || r.physicalId === req.PhysicalResourceId),
  );
  return { StackResources: resources.map((r) => resourceShape(stack, r)) };
}
