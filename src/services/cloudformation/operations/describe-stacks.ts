// DescribeStacks: one stack by name or id (a deleted one only by id), or every live stack.

import type { EngineContext } from '../../../engine/context.js';
import { liveStacks, page, stackShape } from '../stacks/list.js';
import { noStackWithId, requireStack } from '../stacks/store.js';
import type { CloudformationOperations, DescribeStacksInput } from '../types.gen.js';

type Output = CloudformationOperations['DescribeStacks']['output'];

export default async function describeStacks(ctx: EngineContext, req: DescribeStacksInput): Promise<Output> {
  if (req.StackName !== undefined) {
    const stack = await requireStack(ctx.store, ctx, req.StackName, noStackWithId);
    return { Stacks: [stackShape(stack)] };
  }
  const all = (await liveStacks(ctx.store, ctx)).sort((a, b) => b.creationTime - a.creationTime);
  const { items, nextToken } = page(all, req.NextToken, 100);
  return { Stacks: items.map(stackShape), ...(nextToken ? { NextToken: nextToken } : {}) };
}
