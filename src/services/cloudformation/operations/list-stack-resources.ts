// ListStackResources: a stack's resources, summarised.

import type { EngineContext } from '../../../engine/context.js';
import { page, resourceSummary, shownResources } from '../stacks/list.js';
import { requireStack } from '../stacks/store.js';
import type { CloudformationOperations, ListStackResourcesInput } from '../types.gen.js';

type Output = CloudformationOperations['ListStackResources']['output'];

export default async function listStackResources(ctx: EngineContext, req: ListStackResourcesInput): Promise<Output> {
  const stack = await requireStack(ctx.store, ctx, req.StackName);
  const { items, nextToken } = page(shownResources(stack), req.NextToken, 100);
  return { StackResourceSummaries: items.map(resourceSummary), ...(nextToken ? { NextToken: nextToken } : {}) };
}
