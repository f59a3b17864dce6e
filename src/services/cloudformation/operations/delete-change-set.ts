// DeleteChangeSet: forgets a change set that was not executed.

import type { RunContext } from '../../../engine/context.js';
import { deleteChangeSets, findChangeSet } from '../stacks/change-sets.js';
import { requireStack } from '../stacks/store.js';
import type { CloudformationOperations, DeleteChangeSetInput } from '../types.gen.js';

export async function orchestrate(run: RunContext, req: DeleteChangeSetInput): Promise<CloudformationOperations['DeleteChangeSet']['output']> {
  const cs = await run.store.read((reader) => findChangeSet(reader, run, req.ChangeSetName, req.StackName));
  const stack = await run.store.read((reader) => requireStack(reader, run, cs.stackId));
  await deleteChangeSets(run, stack, new Set([cs.uuid]));
  return {};
}
