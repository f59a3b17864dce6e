// ExecuteChangeSet: runs a change set's create or update to a final status; the stack's other
// change sets are then deleted, as AWS deletes them.

import type { RunContext } from '../../../engine/context.js';
import { deleteChangeSets, findChangeSet, notExecutable, setExecutionStatus } from '../stacks/change-sets.js';
import { checkUpdatable, createStack, updateStack } from '../stacks/lifecycle.js';
import { prepareTemplate } from '../stacks/prepare.js';
import { requireStack } from '../stacks/store.js';
import type { CloudformationOperations, ExecuteChangeSetInput } from '../types.gen.js';

export async function orchestrate(run: RunContext, req: ExecuteChangeSetInput): Promise<CloudformationOperations['ExecuteChangeSet']['output']> {
  const cs = await run.store.read((reader) => findChangeSet(reader, run, req.ChangeSetName, req.StackName));
  if (cs.executionStatus !== 'AVAILABLE') throw notExecutable(cs);
  const stack = await run.store.read((reader) => requireStack(reader, run, cs.stackId));
  // the parameters were checked when the change set was made; they are given again as values
  const given = cs.parameterKeys.map((k) => ({ ParameterKey: k, ParameterValue: cs.parameters[k] }));
  const prepared = prepareTemplate(cs.templateBody, given);
  const settings = { ...cs.settings, ...(req.DisableRollback !== undefined ? { disableRollback: req.DisableRollback } : {}) };
  if (cs.type === 'UPDATE') checkUpdatable(stack);
  await setExecutionStatus(run, cs, 'EXECUTE_IN_PROGRESS');
  if (cs.type === 'CREATE') {
    const onFailure = settings.disableRollback ? 'DO_NOTHING' : 'ROLLBACK';
    await createStack(run, stack.stackName, prepared, settings, onFailure, req.ClientRequestToken, stack);
  } else {
    await updateStack(run, stack, prepared, settings, req.ClientRequestToken, true);
  }
  await setExecutionStatus(run, cs, stack.status === 'CREATE_COMPLETE' || stack.status === 'UPDATE_COMPLETE' ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED');
  await deleteChangeSets(run, stack, new Set(stack.changeSets.filter((u) => u !== cs.uuid)));
  return {};
}
