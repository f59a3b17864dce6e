// CreateStack: checks the template and parameters before anything exists, then makes the stack
// and its resources to a final status (CREATE_COMPLETE, or the rollback OnFailure asks for).

import type { RunContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { checkNewStackName, createStack, settingsOf, templateDescription } from '../stacks/lifecycle.js';
import { prepareTemplate, templateBodyOf } from '../stacks/prepare.js';
import type { CloudformationOperations, CreateStackInput } from '../types.gen.js';

export async function orchestrate(run: RunContext, req: CreateStackInput): Promise<CloudformationOperations['CreateStack']['output']> {
  checkNewStackName(req.StackName);
  if (req.OnFailure !== undefined && req.DisableRollback !== undefined) {
    // botocore's doc: "Specify either OnFailure or DisableRollback, but not both."
    throw new KmsError('ValidationError', 'You cannot specify both OnFailure and DisableRollback.');
  }
  const prepared = prepareTemplate(templateBodyOf(req), req.Parameters ?? []);
  const onFailure = req.OnFailure ?? (req.DisableRollback ? 'DO_NOTHING' : 'ROLLBACK');
  const settings = settingsOf(req as unknown as Record<string, unknown>, templateDescription(prepared));
  const stack = await createStack(run, req.StackName, prepared, settings, onFailure, req.ClientRequestToken);
  return { StackId: stack.stackId };
}
