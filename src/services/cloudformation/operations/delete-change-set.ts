// DeleteChangeSet: forgets a change set that was not executed. One that is not there is no error
// as long as its stack is (AWS answers 200; the CDK relies on it before every deploy).

import type { RunContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { deleteChangeSets, findChangeSet } from '../stacks/change-sets.js';
import { requireStack } from '../stacks/store.js';
import type { CloudformationOperations, DeleteChangeSetInput } from '../types.gen.js';

export async function orchestrate(run: RunContext, req: DeleteChangeSetInput): Promise<CloudformationOperations['DeleteChangeSet']['output']> {
  const found = await run.store.read(async (reader) => {
    // a change set named by name needs its stack, which must exist
    if (req.StackName !== undefined) await requireStack(reader, run, req.StackName);
    try {
      return await findChangeSet(reader, run, req.ChangeSetName, req.StackName);
    } catch (err) {
      if (err instanceof KmsError && err.code === 'ChangeSetNotFound') return undefined;
      throw err;
    }
  });
  if (!found) return {};
  const stack = await run.store.read((reader) => requireStack(reader, run, found.stackId));
  await deleteChangeSets(run, stack, new Set([found.uuid]));
  return {};
}
