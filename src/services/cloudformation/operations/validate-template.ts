// ValidateTemplate: the template's format, sections, types and references checked, and its
// parameters listed.

import type { EngineContext } from '../../../engine/context.js';
import { checkedTemplate, templateBodyOf } from '../stacks/prepare.js';
import { declaredParameters } from '../template/index.js';
import type { CloudformationOperations, ValidateTemplateInput } from '../types.gen.js';

type Output = CloudformationOperations['ValidateTemplate']['output'];

export default async function validateTemplate(_ctx: EngineContext, req: ValidateTemplateInput): Promise<Output> {
  const template = checkedTemplate(templateBodyOf(req));
  return {
    Parameters: declaredParameters(template).map((p) => ({
      ParameterKey: p.ParameterKey,
      ...(p.DefaultValue !== undefined ? { DefaultValue: p.DefaultValue } : {}),
      NoEcho: p.NoEcho,
      ...(p.Description !== undefined ? { Description: p.Description } : {}),
    })),
    ...(template.Description !== undefined ? { Description: String(template.Description) } : {}),
    Capabilities: [],
    DeclaredTransforms: [],
  };
}
