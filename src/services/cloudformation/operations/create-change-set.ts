// CreateChangeSet: works out what an update (or, with ChangeSetType CREATE, a new stack) would
// do, and keeps it for review. A CREATE makes the stack at once in REVIEW_IN_PROGRESS.

import type { RunContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { createChangeSet } from '../stacks/change-sets.js';
import { checkNewStackName, checkUpdatable, newStack, settingsOf, templateDescription } from '../stacks/lifecycle.js';
import { prepareTemplate, templateBodyOf } from '../stacks/prepare.js';
import { findStack } from '../stacks/store.js';
import type { CloudformationOperations, CreateChangeSetInput } from '../types.gen.js';

export async function orchestrate(run: RunContext, req: CreateChangeSetInput): Promise<CloudformationOperations['CreateChangeSet']['output']> {
  const type = req.ChangeSetType ?? 'UPDATE';
  if (type === 'IMPORT') throw new KmsError('ValidationError', 'kms does not import existing resources into stacks (ChangeSetType IMPORT).');
  const existing = await run.store.read((reader) => findStack(reader, run, req.StackName));
  let stack;
  if (type === 'CREATE') {
    if (existing && existing.status !== 'REVIEW_IN_PROGRESS') {
      throw new KmsError('AlreadyExistsException', `Stack [${req.StackName}] already exists and cannot be created again with the changeSet [${req.ChangeSetName}].`);
    }
    if (!existing) checkNewStackName(req.StackName);
    if (req.UsePreviousTemplate) throw new KmsError('ValidationError', 'UsePreviousTemplate cannot be used with ChangeSetType CREATE.');
  } else {
    if (!existing) throw new KmsError('ValidationError', `Stack [${req.StackName}] does not exist`);
    checkUpdatable(existing);
  }
  const prepared = prepareTemplate(templateBodyOf(req, existing?.templateBody), req.Parameters ?? [], existing?.parameters);
  const settings = settingsOf(req as unknown as Record<string, unknown>, templateDescription(prepared));
  stack = existing ?? newStack(run, req.StackName, prepared, settings, 'REVIEW_IN_PROGRESS');
  const cs = await createChangeSet(run, req.ChangeSetName, type, stack, prepared, settings, req.Description);
  return { Id: cs.changeSetId, StackId: stack.stackId };
}
