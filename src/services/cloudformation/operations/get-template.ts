// GetTemplate: the template exactly as it was submitted, the stack's or a change set's.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { findChangeSet } from '../stacks/change-sets.js';
import { requireStack } from '../stacks/store.js';
import type { CloudformationOperations, GetTemplateInput } from '../types.gen.js';

type Output = CloudformationOperations['GetTemplate']['output'];

export default async function getTemplate(ctx: EngineContext, req: GetTemplateInput): Promise<Output> {
  if (req.ChangeSetName !== undefined) {
    const cs = await findChangeSet(ctx.store, ctx, req.ChangeSetName, req.StackName);
    return { TemplateBody: cs.templateBody, StagesAvailable: ['Original', 'Processed'] };
  }
  if (req.StackName === undefined) throw new KmsError('ValidationError', 'Either StackName or ChangeSetName must be specified.');
  const stack = await requireStack(ctx.store, ctx, req.StackName);
  return { TemplateBody: stack.templateBody, StagesAvailable: ['Original', 'Processed'] };
}
