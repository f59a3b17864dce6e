// ListChangeSets: a stack's change sets, summarised.

import type { EngineContext } from '../../../engine/context.js';
import { changeSetsOf } from '../stacks/change-sets.js';
import { page } from '../stacks/list.js';
import { requireStack } from '../stacks/store.js';
import type { CloudformationOperations, ListChangeSetsInput } from '../types.gen.js';

type Output = CloudformationOperations['ListChangeSets']['output'];

export default async function listChangeSets(ctx: EngineContext, req: ListChangeSetsInput): Promise<Output> {
  const stack = await requireStack(ctx.store, ctx, req.StackName);
  const { items, nextToken } = page(await changeSetsOf(ctx.store, ctx, stack), req.NextToken, 100);
  return {
    Summaries: items.map((cs) => ({
      StackId: cs.stackId,
      StackName: cs.stackName,
      ChangeSetId: cs.changeSetId,
      ChangeSetName: cs.name,
      ExecutionStatus: cs.executionStatus,
      Status: cs.status,
      ...(cs.statusReason !== undefined ? { StatusReason: cs.statusReason } : {}),
      CreationTime: new Date(cs.creationTime),
      ...(cs.description !== undefined ? { Description: cs.description } : {}),
      IncludeNestedStacks: false,
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
