// GetTemplateSummary: a template's parameters, resource types and description, given or a stack's.

import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { checkedTemplate, templateBodyOf } from '../stacks/prepare.js';
import { requireStack } from '../stacks/store.js';
import { declaredParameters } from '../template/index.js';
import type { CloudformationOperations, GetTemplateSummaryInput } from '../types.gen.js';

type Output = CloudformationOperations['GetTemplateSummary']['output'];

export default async function getTemplateSummary(ctx: EngineContext, req: GetTemplateSummaryInput): Promise<Output> {
  if (req.StackSetName !== undefined) throw new KmsError('ValidationError', 'kms has no stack sets.');
  let body: string;
  if (req.StackName !== undefined) {
    if (req.TemplateBody !== undefined || req.TemplateURL !== undefined) {
      throw new KmsError('ValidationError', 'Exactly one of TemplateBody, TemplateUrl, StackName or StackSetName must be specified.');
    }
    body = (await requireStack(ctx.store, ctx, req.StackName)).templateBody;
  } else body = templateBodyOf(req);
  const template = checkedTemplate(body);
  const resources = Object.entries(template.Resources);
  return {
    Parameters: declaredParameters(template).map((p) => ({
      ParameterKey: p.ParameterKey,
      ...(p.DefaultValue !== undefined ? { DefaultValue: p.DefaultValue } : {}),
      ParameterType: p.ParameterType,
      NoEcho: p.NoEcho,
      ...(p.Description !== undefined ? { Description: p.Description } : {}),
      ParameterConstraints: p.ParameterConstraints,
    })),
    ...(template.Description !== undefined ? { Description: String(template.Description) } : {}),
    ResourceTypes: [...new Set(resources.map(([, r]) => r.Type))],
    Version: template.AWSTemplateFormatVersion ?? '2010-09-09',
    DeclaredTransforms: [],
    ResourceIdentifierSummaries: identifierSummaries(resources.map(([id, r]) => [id, r.Type] as const)),
  };
}

/** The identifier each type's resources are known by (KMS keys: KeyId; aliases: AliasName). */
const IDENTIFIERS: Readonly<Record<string, string>> = { 'AWS::KMS::Key': 'KeyId', 'AWS::KMS::Alias': 'AliasName', 'AWS::KMS::ReplicaKey': 'KeyId' };

function identifierSummaries(resources: ReadonlyArray<readonly [string, string]>): Array<{ ResourceType: string; LogicalResourceIds: string[]; ResourceIdentifiers: string[] }> {
  const byType = new Map<string, string[]>();
  for (const [id, type] of resources) byType.set(type, [...(byType.get(type) ?? []), id]);
  return [...byType].map(([type, ids]) => ({ ResourceType: type, LogicalResourceIds: ids, ResourceIdentifiers: IDENTIFIERS[type] ? [IDENTIFIERS[type]!] : [] }));
}
