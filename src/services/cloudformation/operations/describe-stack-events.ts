// DescribeStackEvents: a stack's events, newest first, a hundred a page.

import type { EngineContext } from '../../../engine/context.js';
import { eventShape, page } from '../stacks/list.js';
import { readEvents, requireStack } from '../stacks/store.js';
import type { CloudformationOperations, DescribeStackEventsInput } from '../types.gen.js';

type Output = CloudformationOperations['DescribeStackEvents']['output'];

export default async function describeStackEvents(ctx: EngineContext, req: DescribeStackEventsInput): Promise<Output> {
  const stack = await requireStack(ctx.store, ctx, req.StackName);
  const events = (await readEvents(ctx.store, ctx, stack)).reverse();
  const { items, nextToken } = page(events, req.NextToken, 100);
  return { StackEvents: items.map(eventShape), ...(nextToken ? { NextToken: nextToken } : {}) };
}
