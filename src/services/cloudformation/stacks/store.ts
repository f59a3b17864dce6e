// A stack as the keyring keeps it: its template (verbatim), parameters, resources, outputs and
// status, and the events written as it changes. Reading a stack by name or by id, and writing
// it back with its new events, in one transaction each.

import type { CallScope, RecordReader, RecordTx } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { eventPrefix, eventRecordName, stackNameRecordName, stackRecordName } from '../records.js';

export interface Tag {
  Key: string;
  Value: string;
}

/** One resource of a stack: what the template declared, resolved, and what its provider made. */
export interface ResourceRecord {
  logicalId: string;
  type: string;
  /** The Ref value: a key id, an alias name; absent until created. */
  physicalId?: string;
  status: string;
  statusReason?: string;
  /** epoch ms of the last change */
  timestamp: number;
  /** The properties as resolved (intrinsics evaluated) and checked, as the provider got them. */
  properties: Record<string, unknown>;
  /** Fn::GetAtt values */
  attributes: Record<string, unknown>;
  deletionPolicy?: string;
  updateReplacePolicy?: string;
}

export interface OutputRecord {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

export interface StackRecord {
  stackId: string;
  uuid: string;
  stackName: string;
  status: string;
  statusReason?: string;
  /** epoch ms */
  creationTime: number;
  lastUpdatedTime?: number;
  deletionTime?: number;
  description?: string;
  /** The body exactly as submitted (GetTemplate returns it). */
  templateBody: string;
  /** Every declared parameter's value, as a string (lists comma-joined). */
  parameters: Record<string, string>;
  /** Declared parameters in template order, and those shown as `****`. */
  parameterKeys: string[];
  noEcho: string[];
  disableRollback: boolean;
  capabilities: string[];
  notificationARNs: string[];
  tags: Tag[];
  roleARN?: string;
  timeoutInMinutes?: number;
  enableTerminationProtection: boolean;
  outputs: OutputRecord[];
  resources: Record<string, ResourceRecord>;
  /** Export names this stack's template imports (Fn::ImportValue), so an export in use stays. */
  imports: string[];
  /** Change sets made for this stack, by UUID, oldest first. */
  changeSets: string[];
  /** The number of events written so far, and the time of the last one (epoch ms). */
  eventCount: number;
  lastEventTime?: number;
}

/** A stack event, as DescribeStackEvents shows it (timestamps epoch ms). */
export interface EventRecord {
  EventId: string;
  StackId: string;
  StackName: string;
  LogicalResourceId: string;
  PhysicalResourceId: string;
  ResourceType: string;
  Timestamp: number;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ResourceProperties?: string;
  ClientRequestToken?: string;
}

/** `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>` */
export function stackArn(scope: CallScope, name: string, uuid: string): string {
  return `arn:${scope.partition}:cloudformation:${scope.region}:${scope.account}:stack/${name}/${uuid}`;
}

const STACK_ARN = /^arn:[\w-]+:cloudformation:[\w-]+:\d{12}:stack\/[^/]+\/([0-9a-f-]{36})$/;

/**
 * The stack a StackName names: a name finds the live stack of that name, a stack id finds the
 * stack even once deleted (as on AWS). Undefined when there is none.
 */
export async function findStack(store: RecordReader, scope: CallScope, nameOrId: string): Promise<StackRecord | undefined> {
  const byId = STACK_ARN.exec(nameOrId);
  if (byId) {
    const stack = await store.get<StackRecord>(stackRecordName(scope.account, scope.region, byId[1]!));
    return stack?.stackId === nameOrId ? stack : undefined;
  }
  const live = await store.get<{ uuid: string }>(stackNameRecordName(scope.account, scope.region, nameOrId));
  return live ? store.get<StackRecord>(stackRecordName(scope.account, scope.region, live.uuid)) : undefined;
}

/** As findStack; a missing stack is ValidationError with `message(nameOrId)`. */
export async function requireStack(store: RecordReader, scope: CallScope, nameOrId: string, message = doesNotExist): Promise<StackRecord> {
  const stack = await findStack(store, scope, nameOrId);
  if (!stack) throw new KmsError('ValidationError', message(nameOrId));
  return stack;
}

/** AWS's text for most operations on a stack that is not there. */
export const doesNotExist = (name: string): string => `Stack [${name}] does not exist`;
/** DescribeStacks's text (`aws cloudformation deploy` matches it to tell a new stack). */
export const noStackWithId = (name: string): string => `Stack with id ${name} does not exist`;

/** Writes the stack and, when it is live, the index from its name. */
export function saveStack(tx: RecordTx, scope: CallScope, stack: StackRecord): void {
  tx.put(stackRecordName(scope.account, scope.region, stack.uuid), stack);
  const nameRecord = stackNameRecordName(scope.account, scope.region, stack.stackName);
  if (stack.status === 'DELETE_COMPLETE') tx.delete(nameRecord);
  else tx.put(nameRecord, { uuid: stack.uuid });
}

/** Appends one event to the stack's record of them (saveStack writes the new count). */
export function writeEvent(tx: RecordTx, scope: CallScope, stack: StackRecord, event: Omit<EventRecord, 'StackId' | 'StackName'>): void {
  const record: EventRecord = { StackId: stack.stackId, StackName: stack.stackName, ...event };
  tx.put(eventRecordName(scope.account, scope.region, stack.uuid, stack.eventCount), record);
  stack.eventCount += 1;
}

/** The stack's events, oldest first. */
export async function readEvents(store: RecordReader, scope: CallScope, stack: StackRecord): Promise<EventRecord[]> {
  return (await store.list<EventRecord>(eventPrefix(scope.account, scope.region, stack.uuid))).map((r) => r.value);
}
