// A template made ready for a stack, before any stack record exists: parsed, checked against the
// types kms provides, its Fn::GetAtt attributes checked against their providers, and its
// parameters given values. Every failure here is a ValidationError of the request itself.

import { KmsError } from '../../../errors.js';
import { PROVIDERS, SUPPORTED_TYPES } from '../resources/index.js';
import {
  checkTemplate,
  declaredParameters,
  noEchoParameters,
  parseTemplate,
  references,
  resolveParameters,
  type ParameterInput,
  type Template,
} from '../template/index.js';

export interface PreparedTemplate {
  body: string;
  template: Template;
  /** Every declared parameter's value (strings; lists comma-joined). */
  parameters: Record<string, string>;
  parameterKeys: string[];
  noEcho: string[];
}

/** The template body a request gives: TemplateBody, or the stack's own with UsePreviousTemplate. */
export function templateBodyOf(req: { TemplateBody?: string; TemplateURL?: string; UsePreviousTemplate?: boolean }, previous?: string): string {
  const given = req.TemplateBody !== undefined || req.TemplateURL !== undefined;
  if (req.UsePreviousTemplate && given) throw new KmsError('ValidationError', 'You cannot specify both usePreviousTemplate and Template Body/Template URL.');
  if (req.UsePreviousTemplate && previous !== undefined) return previous;
  if (req.TemplateURL !== undefined && req.TemplateBody !== undefined) throw new KmsError('ValidationError', 'Specify exactly one of TemplateBody or TemplateUrl.');
  if (req.TemplateURL !== undefined) {
    // kms runs offline: it cannot fetch from S3, and says so rather than pretend
    throw new KmsError('ValidationError', `kms cannot read templates from URLs (${req.TemplateURL}): pass the template itself with --template-body file://<path>.`);
  }
  if (req.TemplateBody === undefined) throw new KmsError('ValidationError', 'Either Template URL or Template Body must be specified.');
  return req.TemplateBody;
}

/** Parses and checks a body, with nothing about parameters (ValidateTemplate, GetTemplateSummary). */
export function checkedTemplate(body: string): Template {
  const template = parseTemplate(body);
  checkTemplate(template, new Set(SUPPORTED_TYPES));
  checkAttributes(template);
  return template;
}

/** A template and its parameter values, checked (`previous`: the stack's values, for UsePreviousValue). */
export function prepareTemplate(body: string, given: readonly ParameterInput[] = [], previous?: Readonly<Record<string, string>>): PreparedTemplate {
  const template = checkedTemplate(body);
  const parameters = resolveParameters(template, given, previous);
  return {
    body,
    template,
    parameters,
    parameterKeys: declaredParameters(template).map((p) => p.ParameterKey),
    noEcho: [...noEchoParameters(template)],
  };
}

/**
 * Fn::GetAtt attributes a resource type does not have are refused before anything is made, in
 * CloudFormation's words.
 */
function checkAttributes(template: Template): void {
  const values = [...Object.values(template.Resources).map((r) => r.Properties), template.Outputs];
  for (const ref of values.flatMap((v) => references(v))) if (ref.attribute !== undefined) checkAttribute(template, ref.target, ref.attribute);
}

function checkAttribute(template: Template, logicalId: string, attribute: string): void {
  const type = template.Resources[logicalId]?.Type;
  const provider = type === undefined ? undefined : PROVIDERS[type];
  // an unknown resource is checkTemplate's to report
  if (!provider || provider.attributes.includes(attribute)) return;
  throw new KmsError('ValidationError', `Template error: resource ${logicalId} does not support attribute type ${attribute} in Fn::GetAtt`);
}
