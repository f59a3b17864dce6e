// DescribeChangeSet: a change set's status and its changes.

import type { EngineContext } from '../../../engine/context.js';
import { changesShape, findChangeSet } from '../stacks/change-sets.js';
import type { Capability, CloudformationOperations, DescribeChangeSetInput } from '../types.gen.js';

type Output = CloudformationOperations['DescribeChangeSet']['output'];

export default async function describeChangeSet(ctx: EngineContext, req: DescribeChangeSetInput): Promise<Output> {
  const cs = await findChangeSet(ctx.store, ctx, req.ChangeSetName, req.StackName);
  const noEcho = new Set(cs.noEcho);
  return {
    Changes: changesShape(cs),
    ChangeSetName: cs.name,
    ChangeSetId: cs.changeSetId,
    StackId: cs.stackId,
    StackName: cs.stackName,
    ...(cs.description !== undefined ? { Description: cs.description } : {}),
    Parameters: cs.parameterKeys.map((k) => ({ ParameterKey: k, ParameterValue: noEcho.has(k) ? '****' : cs.parameters[k] })),
    CreationTime: new Date(cs.creationTime),
    ExecutionStatus: cs.executionStatus,
    Status: cs.status,
    ...(cs.statusReason !== undefined ? { StatusReason: cs.statusReason } : {}),
    NotificationARNs: cs.settings.notificationARNs ?? [],
    RollbackConfiguration: {},
    Capabilities: (cs.settings.capabilities ?? []) as Capability[],
    Tags: cs.tags,
    IncludeNestedStacks: false,
  };
}
