// Stacks as the describe and list operations show them: the live ones, every one (deleted stacks
// stay listed, as AWS keeps them for 90 days), and the API shapes of a stack, its resources and
// its events. Pages are opaque tokens over a position.

import type { CallScope, RecordReader } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { stackNamePrefix, stackPrefix, stackRecordName } from '../records.js';
import type { Capability, ResourceStatus, Stack, StackEvent, StackResource, StackResourceDetail, StackResourceSummary, StackStatus, StackSummary } from '../types.gen.js';
import type { EventRecord, ResourceRecord, StackRecord } from './store.js';

/** The stacks that are not deleted, by name. */
export async function liveStacks(store: RecordReader, scope: CallScope): Promise<StackRecord[]> {
  const names = await store.list<{ uuid: string }>(stackNamePrefix(scope.account, scope.region));
  const stacks = await Promise.all(names.map((n) => store.get<StackRecord>(stackRecordName(scope.account, scope.region, n.value.uuid))));
  return stacks.filter((s): s is StackRecord => s !== undefined);
}

/** Every stack, deleted ones too, newest first (as ListStacks orders them). */
export async function allStacks(store: RecordReader, scope: CallScope): Promise<StackRecord[]> {
  const all = (await store.list<StackRecord>(stackPrefix(scope.account, scope.region))).map((r) => r.value);
  return all.sort((a, b) => b.creationTime - a.creationTime || (a.stackId < b.stackId ? -1 : 1));
}

/** One page of `items` from a NextToken (the position, base64), at most `size` long. */
export function page<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; nextToken?: string } {
  let start = 0;
  if (token !== undefined) {
    const decoded = /^kms:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
    if (!decoded) throw new KmsError('ValidationError', 'Invalid NextToken');
    start = Number(decoded[1]);
  }
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { nextToken: Buffer.from(`kms:${end}`).toString('base64') } : {}) };
}

const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

/** A stack as DescribeStacks shows it (NoEcho parameters as `****`). */
export function stackShape(stack: StackRecord): Stack {
  const noEcho = new Set(stack.noEcho);
  return strip<Stack>({
    StackId: stack.stackId,
    StackName: stack.stackName,
    ChangeSetId: undefined,
    Description: stack.description,
    Parameters: stack.parameterKeys.map((k) => ({ ParameterKey: k, ParameterValue: noEcho.has(k) ? '****' : stack.parameters[k] })),
    CreationTime: date(stack.creationTime),
    DeletionTime: date(stack.deletionTime),
    LastUpdatedTime: date(stack.lastUpdatedTime),
    RollbackConfiguration: {},
    StackStatus: stack.status as StackStatus,
    StackStatusReason: stack.statusReason,
    DisableRollback: stack.disableRollback,
    NotificationARNs: stack.notificationARNs,
    TimeoutInMinutes: stack.timeoutInMinutes,
    Capabilities: stack.capabilities.length ? (stack.capabilities as Capability[]) : undefined,
    Outputs: stack.outputs.length ? stack.outputs : undefined,
    RoleARN: stack.roleARN,
    Tags: stack.tags,
    EnableTerminationProtection: stack.enableTerminationProtection,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  });
}

/** A stack as ListStacks summarises it. */
export function stackSummary(stack: StackRecord): StackSummary {
  return strip<StackSummary>({
    StackId: stack.stackId,
    StackName: stack.stackName,
    TemplateDescription: stack.description,
    CreationTime: date(stack.creationTime),
    LastUpdatedTime: date(stack.lastUpdatedTime),
    DeletionTime: date(stack.deletionTime),
    StackStatus: stack.status as StackStatus,
    StackStatusReason: stack.statusReason,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  });
}

/** A resource as DescribeStackResources shows it. */
export function resourceShape(stack: StackRecord, res: ResourceRecord): StackResource {
  return strip<StackResource>({
    StackName: stack.stackName,
    StackId: stack.stackId,
    LogicalResourceId: res.logicalId,
    PhysicalResourceId: res.physicalId,
    ResourceType: res.type,
    Timestamp: new Date(res.timestamp),
    ResourceStatus: res.status as ResourceStatus,
    ResourceStatusReason: res.statusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  });
}

/** A resource as DescribeStackResource details it. */
export function resourceDetail(stack: StackRecord, res: ResourceRecord): StackResourceDetail {
  const { Timestamp, ...rest } = resourceShape(stack, res);
  return { ...rest, LastUpdatedTimestamp: Timestamp, Metadata: '{}' };
}

/** A resource as ListStackResources summarises it. */
export function resourceSummary(res: ResourceRecord): StackResourceSummary {
  return strip<StackResourceSummary>({
    LogicalResourceId: res.logicalId,
    PhysicalResourceId: res.physicalId,
    ResourceType: res.type,
    LastUpdatedTimestamp: new Date(res.timestamp),
    ResourceStatus: res.status as ResourceStatus,
    ResourceStatusReason: res.statusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  });
}

/** An event as DescribeStackEvents shows it. */
export function eventShape(e: EventRecord): StackEvent {
  // a stack's own events carry stack statuses (REVIEW_IN_PROGRESS, …) the enum leaves out
  return strip<StackEvent>({ ...e, ResourceStatus: e.ResourceStatus as ResourceStatus, Timestamp: new Date(e.Timestamp) });
}

/** The resources a stack still has, deleted ones left out (DescribeStackResources shows live ones). */
export function shownResources(stack: StackRecord): ResourceRecord[] {
  return Object.values(stack.resources).filter((r) => r.status !== 'DELETE_COMPLETE');
}

/** The members that have a value: the API leaves absent members out. */
function strip<T>(o: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
