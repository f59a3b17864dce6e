// The stack operations that change a stack, shared by CreateStack/UpdateStack and by
// ExecuteChangeSet: the checks AWS makes before it accepts the request, the first write (the
// stack's status and its "User Initiated" event), then the run to a final status.

import type { RunContext } from '../../../engine/context.js';
import { uuidV4 } from '../../../deps.js';
import { KmsError } from '../../../errors.js';
import { StackRun } from './deploy.js';
import type { PreparedTemplate } from './prepare.js';
import { findStack, stackArn, type StackRecord, type Tag } from './store.js';

/** What a create or update sets besides the template and its parameters. */
export interface StackSettings {
  description?: string;
  tags?: Tag[];
  capabilities?: string[];
  notificationARNs?: string[];
  roleARN?: string;
  timeoutInMinutes?: number;
  disableRollback?: boolean;
  enableTerminationProtection?: boolean;
}

/** The members of CreateStack/UpdateStack/CreateChangeSet a stack keeps. */
export function settingsOf(req: Record<string, unknown>, description: string | undefined): StackSettings {
  const s: StackSettings = { description };
  if (Array.isArray(req.Tags)) s.tags = req.Tags as Tag[];
  if (Array.isArray(req.Capabilities)) s.capabilities = req.Capabilities as string[];
  if (Array.isArray(req.NotificationARNs)) s.notificationARNs = req.NotificationARNs as string[];
  if (typeof req.RoleARN === 'string') s.roleARN = req.RoleARN;
  if (typeof req.TimeoutInMinutes === 'number') s.timeoutInMinutes = req.TimeoutInMinutes;
  if (typeof req.DisableRollback === 'boolean') s.disableRollback = req.DisableRollback;
  if (typeof req.EnableTerminationProtection === 'boolean') s.enableTerminationProtection = req.EnableTerminationProtection;
  return s;
}

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;

/** A new stack's name, as CreateStack checks it (an id or other text is refused). */
export function checkNewStackName(name: string): void {
  if (!STACK_NAME.test(name) || name.length > 128) {
    throw new KmsError(
      'ValidationError',
      `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    );
  }
}

/** The description a template gives (its Description section). */
export function templateDescription(prepared: PreparedTemplate): string | undefined {
  const d = prepared.template.Description;
  return d === undefined ? undefined : String(d);
}

/** A new stack record in `status`, not yet written. */
export function newStack(run: RunContext, name: string, prepared: PreparedTemplate, settings: StackSettings, status: string): StackRecord {
  const uuid = uuidV4(run.random);
  return {
    stackId: stackArn(run, name, uuid),
    uuid,
    stackName: name,
    status,
    creationTime: run.clock.now().getTime(),
    ...(settings.description !== undefined ? { description: settings.description } : {}),
    templateBody: prepared.body,
    parameters: prepared.parameters,
    parameterKeys: prepared.parameterKeys,
    noEcho: prepared.noEcho,
    disableRollback: settings.disableRollback ?? false,
    capabilities: settings.capabilities ?? [],
    notificationARNs: settings.notificationARNs ?? [],
    tags: settings.tags ?? [],
    ...(settings.roleARN !== undefined ? { roleARN: settings.roleARN } : {}),
    ...(settings.timeoutInMinutes !== undefined ? { timeoutInMinutes: settings.timeoutInMinutes } : {}),
    enableTerminationProtection: settings.enableTerminationProtection ?? false,
    outputs: [],
    resources: {},
    imports: [],
    changeSets: [],
    eventCount: 0,
  };
}

/** AWS's text when a stack with the name is live already. */
export function alreadyExists(name: string): KmsError {
  return new KmsError('AlreadyExistsException', `Stack [${name}] already exists`);
}

/**
 * Creates a stack: writes it CREATE_IN_PROGRESS with its "User Initiated" event (refusing a name
 * in use), then makes its resources. `review` is the REVIEW_IN_PROGRESS stack a CREATE change
 * set made, which becomes the stack.
 */
export async function createStack(
  run: RunContext,
  name: string,
  prepared: PreparedTemplate,
  settings: StackSettings,
  onFailure: 'ROLLBACK' | 'DELETE' | 'DO_NOTHING',
  clientRequestToken?: string,
  review?: StackRecord,
): Promise<StackRecord> {
  const stack = review ?? newStack(run, name, prepared, settings, 'CREATE_IN_PROGRESS');
  if (review) Object.assign(stack, { ...newStack(run, name, prepared, settings, 'CREATE_IN_PROGRESS'), stackId: review.stackId, uuid: review.uuid, creationTime: review.creationTime, changeSets: review.changeSets, eventCount: review.eventCount });
  const runner = await StackRun.start(run, stack, clientRequestToken);
  await runner.setStatus('CREATE_IN_PROGRESS', 'User Initiated', async (tx) => {
    const live = await findStack(tx, run, name);
    if (live && live.stackId !== stack.stackId) throw alreadyExists(name);
    if (review && live?.status !== 'REVIEW_IN_PROGRESS') throw new KmsError('ValidationError', `Stack:${stack.stackId} is in ${live?.status ?? 'DELETE_COMPLETE'} state and can not be updated.`);
  });
  await runner.create(prepared, onFailure);
  return stack;
}

/**
 * The statuses a stack can be updated from; CREATE_FAILED and UPDATE_FAILED are where a stack
 * whose rollback was disabled stops, and an update retries what failed.
 */
const UPDATABLE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE', 'CREATE_FAILED', 'UPDATE_FAILED', 'IMPORT_COMPLETE', 'IMPORT_ROLLBACK_COMPLETE']);

/** Refuses an update of a stack in a status that allows none, in AWS's words. */
export function checkUpdatable(stack: StackRecord): void {
  if (!UPDATABLE.has(stack.status)) throw new KmsError('ValidationError', `Stack:${stack.stackId} is in ${stack.status} state and can not be updated.`);
}

/**
 * Updates a stack to `prepared`: "No updates are to be performed." when nothing would change;
 * else UPDATE_IN_PROGRESS "User Initiated", then the run (rolling back on failure).
 */
export async function updateStack(run: RunContext, stack: StackRecord, prepared: PreparedTemplate, settings: StackSettings, clientRequestToken?: string, checked = false): Promise<void> {
  const runner = await StackRun.start(run, stack, clientRequestToken);
  const next = {
    description: settings.description,
    tags: settings.tags ?? stack.tags,
  };
  if (!checked && runner.unchanged(prepared, next)) throw new KmsError('ValidationError', 'No updates are to be performed.');
  const retag = JSON.stringify(next.tags) !== JSON.stringify(stack.tags);
  const previous = {
    templateBody: stack.templateBody,
    parameters: stack.parameters,
    parameterKeys: stack.parameterKeys,
    noEcho: stack.noEcho,
    description: stack.description,
    tags: stack.tags,
    capabilities: stack.capabilities,
    notificationARNs: stack.notificationARNs,
    roleARN: stack.roleARN,
    timeoutInMinutes: stack.timeoutInMinutes,
    disableRollback: stack.disableRollback,
  };
  const commitTemplate = (): void => {
    stack.templateBody = prepared.body;
    stack.parameters = prepared.parameters;
    stack.parameterKeys = prepared.parameterKeys;
    stack.noEcho = prepared.noEcho;
    if (next.description === undefined) delete stack.description;
    else stack.description = next.description;
    stack.tags = next.tags;
    if (settings.capabilities) stack.capabilities = settings.capabilities;
    if (settings.notificationARNs) stack.notificationARNs = settings.notificationARNs;
    if (settings.roleARN !== undefined) stack.roleARN = settings.roleARN;
  };
  const restoreTemplate = (): void => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete (stack as unknown as Record<string, unknown>)[k];
      else (stack as unknown as Record<string, unknown>)[k] = v;
    }
  };
  stack.lastUpdatedTime = run.clock.now().getTime();
  // the stack's tags apply to the resources the update makes or tags
  stack.tags = next.tags;
  await runner.setStatus('UPDATE_IN_PROGRESS', 'User Initiated', async (tx) => {
    // another update may have started since the stack was read
    const current = await findStack(tx, run, stack.stackId);
    if (current) checkUpdatable(current);
  });
  await runner.update(prepared, settings.disableRollback ?? false, retag, commitTemplate, restoreTemplate);
}
