// DeleteStack: removes the stack's resources in reverse order (keys wait in PendingDeletion for
// their PendingWindowInDays; DeletionPolicy Retain keeps one), then the stack. A stack that does
// not exist is no error, as on AWS; nor is one whose export another stack imports: it goes back
// to its status, whose reason says so.

import type { RunContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { StackRun } from '../stacks/deploy.js';
import { findStack } from '../stacks/store.js';
import type { CloudformationOperations, DeleteStackInput } from '../types.gen.js';

const BUSY = new Set(['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'DELETE_IN_PROGRESS']);

/**
 * A stack operation writes its stack at every step, within milliseconds; one silent for this long
 * was interrupted (the CLI stopped, the server was killed), and its stack may then be deleted.
 */
const STALLED_MS = 10 * 60 * 1000;

export async function orchestrate(run: RunContext, req: DeleteStackInput): Promise<CloudformationOperations['DeleteStack']['output']> {
  const stack = await run.store.read((reader) => findStack(reader, run, req.StackName));
  if (!stack || stack.status === 'DELETE_COMPLETE') return {};
  if (req.RetainResources?.length && stack.status !== 'DELETE_FAILED') {
    throw new KmsError(
      'ValidationError',
      `Invalid operation on stack [${stack.stackId}]. RetainResources can only be specified when the stack is in the DELETE_FAILED state`,
    );
  }
  if (stack.enableTerminationProtection) {
    throw new KmsError('ValidationError', `Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`);
  }
  const runner = await StackRun.start(run, stack, req.ClientRequestToken);
  const previous = stack.status;
  await runner.setStatus('DELETE_IN_PROGRESS', 'User Initiated', async (tx) => {
    const current = await findStack(tx, run, stack.stackId);
    const quiet = run.clock.now().getTime() - (current?.lastEventTime ?? current?.creationTime ?? 0);
    if (current && BUSY.has(current.status) && quiet < STALLED_MS) {
      throw new KmsError('ValidationError', `Stack [${stack.stackName}] cannot be deleted while in status ${current.status}`);
    }
  });
  // AWS accepts the request, then puts the stack back as it was, saying why
  const inUse = await runner.exportInUse();
  if (inUse !== undefined) {
    await runner.setStatus(previous, inUse);
    return {};
  }
  await runner.delete(new Set(req.RetainResources ?? []));
  return {};
}
