// UpdateStack: the new template (or the previous one) and parameters (UsePreviousValue), checked
// before the stack changes; "No updates are to be performed." when nothing would change. The
// stack's change sets are then dropped, as AWS invalidates them.

import type { RunContext } from '../../../engine/context.js';
import { deleteChangeSets } from '../stacks/change-sets.js';
import { checkUpdatable, settingsOf, templateDescription, updateStack } from '../stacks/lifecycle.js';
import { prepareTemplate, templateBodyOf } from '../stacks/prepare.js';
import { requireStack } from '../stacks/store.js';
import type { CloudformationOperations, UpdateStackInput } from '../types.gen.js';

export async function orchestrate(run: RunContext, req: UpdateStackInput): Promise<CloudformationOperations['UpdateStack']['output']> {
  const stack = await run.store.read((reader) => requireStack(reader, run, req.StackName));
  checkUpdatable(stack);
  const prepared = prepareTemplate(templateBodyOf(req, stack.templateBody), req.Parameters ?? [], stack.parameters);
  const settings = settingsOf(req as unknown as Record<string, unknown>, templateDescription(prepared));
  await updateStack(run, stack, prepared, settings, req.ClientRequestToken);
  // the stack's change sets were made against what it was: AWS drops them
  await deleteChangeSets(run, stack, new Set(stack.changeSets));
  return { StackId: stack.stackId };
}
