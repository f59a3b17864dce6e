// ListStacks: every stack, deleted ones too, newest first, filtered by status.

import type { EngineContext } from '../../../engine/context.js';
import { allStacks, page, stackSummary } from '../stacks/list.js';
import type { CloudformationOperations, ListStacksInput } from '../types.gen.js';

type Output = CloudformationOperations['ListStacks']['output'];

export default async function listStacks(ctx: EngineContext, req: ListStacksInput): Promise<Output> {
  const filter = req.StackStatusFilter?.length ? new Set<string>(req.StackStatusFilter) : undefined;
  const stacks = (await allStacks(ctx.store, ctx)).filter((s) => !filter || filter.has(s.status));
  const { items, nextToken } = page(stacks, req.NextToken, 100);
  return { StackSummaries: items.map(stackSummary), ...(nextToken ? { NextToken: nextToken } : {}) };
}
