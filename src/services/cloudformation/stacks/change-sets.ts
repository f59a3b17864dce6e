// Change sets: an update (or a create) worked out and kept for review, then executed or deleted.
// A CREATE change set makes the stack at once in REVIEW_IN_PROGRESS, as AWS does; a change set
// that changes nothing is FAILED with the reason `aws cloudformation deploy` looks for.

import type { CallScope, RecordReader, RunContext } from '../../../engine/context.js';
import { uuidV4 } from '../../../deps.js';
import { KmsError } from '../../../errors.js';
import { changeSetRecordName } from '../records.js';
import { StackRun, type PlannedChange } from './deploy.js';
import type { PreparedTemplate } from './prepare.js';
import { findStack, saveStack, writeEvent, type StackRecord, type Tag } from './store.js';
import type { StackSettings } from './lifecycle.js';

export interface ChangeSetRecord {
  changeSetId: string;
  uuid: string;
  name: string;
  stackId: string;
  stackName: string;
  type: 'CREATE' | 'UPDATE';
  status: 'CREATE_COMPLETE' | 'FAILED' | 'DELETE_COMPLETE';
  statusReason?: string;
  executionStatus: 'AVAILABLE' | 'UNAVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'EXECUTE_FAILED' | 'OBSOLETE';
  /** epoch ms */
  creationTime: number;
  description?: string;
  templateBody: string;
  parameters: Record<string, string>;
  parameterKeys: string[];
  noEcho: string[];
  settings: StackSettings;
  tags: Tag[];
  changes: PlannedChange[];
}

/** AWS's reason for a change set with nothing in it (`aws cloudformation deploy` matches it). */
export const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

/** `arn:<partition>:cloudformation:<region>:<account>:changeSet/<name>/<uuid>` */
function changeSetArn(scope: CallScope, name: string, uuid: string): string {
  return `arn:${scope.partition}:cloudformation:${scope.region}:${scope.account}:changeSet/${name}/${uuid}`;
}

const CHANGE_SET_ARN = /^arn:[\w-]+:cloudformation:[\w-]+:\d{12}:changeSet\/[^/]+\/([0-9a-f-]{36})$/;

/** The change set a ChangeSetName (name with StackName, or id) names; ChangeSetNotFound otherwise. */
export async function findChangeSet(store: RecordReader, scope: CallScope, nameOrId: string, stackName?: string): Promise<ChangeSetRecord> {
  // the code on the wire (botocore's error.code of ChangeSetNotFoundException), HTTP 404
  const notFound = () => new KmsError('ChangeSetNotFound', `ChangeSet [${nameOrId}] does not exist`);
  const byId = CHANGE_SET_ARN.exec(nameOrId);
  if (byId) {
    const cs = await store.get<ChangeSetRecord>(changeSetRecordName(scope.account, scope.region, byId[1]!));
    if (!cs || cs.changeSetId !== nameOrId) throw notFound();
    return cs;
  }
  if (stackName === undefined) throw new KmsError('ValidationError', 'StackName must be specified if ChangeSetName is not specified as an ARN.');
  const stack = await findStack(store, scope, stackName);
  if (!stack) throw notFound();
  for (const uuid of stack.changeSets) {
    const cs = await store.get<ChangeSetRecord>(changeSetRecordName(scope.account, scope.region, uuid));
    if (cs?.name === nameOrId) return cs;
  }
  throw notFound();
}

/** The change sets a stack has, oldest first. */
export async function changeSetsOf(store: RecordReader, scope: CallScope, stack: StackRecord): Promise<ChangeSetRecord[]> {
  const all = await Promise.all(stack.changeSets.map((uuid) => store.get<ChangeSetRecord>(changeSetRecordName(scope.account, scope.region, uuid))));
  return all.filter((c): c is ChangeSetRecord => c !== undefined);
}

/**
 * Makes a change set for `stack` (an UPDATE) or for a new stack (a CREATE, whose
 * REVIEW_IN_PROGRESS stack `review` is written with it).
 */
export async function createChangeSet(
  run: RunContext,
  name: string,
  type: 'CREATE' | 'UPDATE',
  stack: StackRecord,
  prepared: PreparedTemplate,
  settings: StackSettings,
  description: string | undefined,
): Promise<ChangeSetRecord> {
  const uuid = uuidV4(run.random);
  const runner = await StackRun.start(run, stack);
  const tags = settings.tags ?? stack.tags;
  // a new stack has no resources: every resource its conditions keep is an Add
  const changes = runner.plan(prepared, tags);
  const empty = type === 'UPDATE' && runner.unchanged(prepared, { description: settings.description, tags });
  const cs: ChangeSetRecord = {
    changeSetId: changeSetArn(run, name, uuid),
    uuid,
    name,
    stackId: stack.stackId,
    stackName: stack.stackName,
    type,
    status: empty ? 'FAILED' : 'CREATE_COMPLETE',
    ...(empty ? { statusReason: NO_CHANGES } : {}),
    executionStatus: empty ? 'UNAVAILABLE' : 'AVAILABLE',
    creationTime: run.clock.now().getTime(),
    ...(description !== undefined ? { description } : {}),
    templateBody: prepared.body,
    parameters: prepared.parameters,
    parameterKeys: prepared.parameterKeys,
    noEcho: prepared.noEcho,
    settings,
    tags: settings.tags ?? stack.tags,
    changes,
  };
  await run.store.transaction(async (tx) => {
    const current = (await findStack(tx, run, stack.stackId)) ?? stack;
    for (const other of await changeSetsOf(tx, run, current)) {
      if (other.name === name) throw new KmsError('AlreadyExistsException', `ChangeSet [${name}] already exists`);
    }
    current.changeSets = [...current.changeSets, uuid];
    stack.changeSets = current.changeSets;
    if (type === 'CREATE' && current.eventCount === 0) {
      current.lastEventTime = run.clock.now().getTime();
      writeEvent(tx, run, current, {
        EventId: uuidV4(run.random),
        LogicalResourceId: current.stackName,
        PhysicalResourceId: current.stackId,
        ResourceType: 'AWS::CloudFormation::Stack',
        Timestamp: current.lastEventTime,
        ResourceStatus: 'REVIEW_IN_PROGRESS',
        ResourceStatusReason: 'User Initiated',
      });
    }
    saveStack(tx, run, current);
    tx.put(changeSetRecordName(run.account, run.region, uuid), cs);
  });
  return cs;
}

/** Forgets a change set (DeleteChangeSet; the others of a stack once one is executed). */
export async function deleteChangeSets(run: RunContext, stack: StackRecord, uuids: ReadonlySet<string>): Promise<void> {
  await run.store.transaction(async (tx) => {
    const current = (await findStack(tx, run, stack.stackId)) ?? stack;
    for (const uuid of uuids) tx.delete(changeSetRecordName(run.account, run.region, uuid));
    current.changeSets = current.changeSets.filter((u) => !uuids.has(u));
    stack.changeSets = current.changeSets;
    saveStack(tx, run, current);
  });
}

/** Moves a change set's ExecutionStatus: EXECUTE_IN_PROGRESS (only from AVAILABLE), then EXECUTE_COMPLETE or EXECUTE_FAILED. */
export async function setExecutionStatus(run: RunContext, cs: ChangeSetRecord, status: ChangeSetRecord['executionStatus']): Promise<void> {
  await run.store.transaction(async (tx) => {
    const current = await tx.get<ChangeSetRecord>(changeSetRecordName(run.account, run.region, cs.uuid));
    // claimed in the transaction that checks it, so a change set runs once
    if (status === 'EXECUTE_IN_PROGRESS' && current?.executionStatus !== 'AVAILABLE') throw notExecutable(current ?? cs);
    tx.put(changeSetRecordName(run.account, run.region, cs.uuid), { ...(current ?? cs), executionStatus: status });
  });
}

/** AWS's text for executing a change set that is not AVAILABLE. */
export function notExecutable(cs: ChangeSetRecord): KmsError {
  return new KmsError('InvalidChangeSetStatus', `ChangeSet [${cs.changeSetId}] cannot be executed in its current execution status of [${cs.executionStatus}]`);
}

/** A change set's Changes, as DescribeChangeSet lists them. */
export function changesShape(cs: ChangeSetRecord): Record<string, unknown>[] {
  return cs.changes.map((c) => ({
    Type: 'Resource',
    ResourceChange: {
      Action: c.action,
      LogicalResourceId: c.logicalId,
      ...(c.physicalId !== undefined ? { PhysicalResourceId: c.physicalId } : {}),
      ResourceType: c.type,
      ...(c.action === 'Modify'
        ? {
            Replacement: c.replacement ? 'True' : 'False',
            Scope: c.properties.length ? ['Properties'] : [],
            Details: c.properties.map((p) => ({
              Target: { Attribute: 'Properties', Name: p, RequiresRecreation: c.replacement ? 'Always' : 'Never' },
              Evaluation: 'Static',
              ChangeSource: 'DirectModification',
            })),
          }
        : { Scope: [], Details: [] }),
    },
  }));
}
