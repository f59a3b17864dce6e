// The structural pre-flight of a template, before any stack exists: what ValidateTemplate checks
// plus what CreateStack refuses up front, each with AWS's text where it is known.
// Imports ../../../errors.js and this folder's modules only.
import { KmsError } from '../../../errors.js';
import { creationOrder, dependsOn, inCycles, references } from './graph.js';
import { intrinsicName, isPlainObject, own, PSEUDO_PARAMETERS, shapeError, unknownCondition } from './intrinsics.js';
import { PARAMETER_TYPES } from './parameters.js';
import type { ParameterDecl, ResourceDecl, Template } from './parse.js';

const invalid = (message: string) => new KmsError('ValidationError', message);
const formatError = (message: string) => invalid(`Template format error: ${message}`);

const SECTIONS = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs']);
const RESOURCE_ATTRIBUTES = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata', 'CreationPolicy', 'UpdatePolicy']);
const PARAMETER_ATTRIBUTES = new Set(['Type', 'Default', 'AllowedValues', 'AllowedPattern', 'MinLength', 'MaxLength', 'MinValue', 'MaxValue', 'NoEcho', 'Description', 'ConstraintDescription']);
const POLICIES = new Set(['Delete', 'Retain', 'RetainExceptOnCreate']);
/** The KMS types AWS has: any other AWS::KMS:: name is one AWS does not know either. */
const AWS_KMS_TYPES = new Set(['AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::KMS::ReplicaKey']);
/** CloudFormation guide, "Supported AWS-specific parameter types" (checked against the account's EC2 and Route 53). */
const AWS_PARAMETER_TYPES = new Set(
  ['AWS::EC2::AvailabilityZone::Name', 'AWS::EC2::Image::Id', 'AWS::EC2::Instance::Id', 'AWS::EC2::KeyPair::KeyName', 'AWS::EC2::SecurityGroup::GroupName', 'AWS::EC2::SecurityGroup::Id', 'AWS::EC2::Subnet::Id', 'AWS::EC2::Volume::Id', 'AWS::EC2::VPC::Id', 'AWS::Route53::HostedZone::Id'].flatMap((t) => [t, `List<${t}>`]),
);
/** CloudFormation quotas: 200 parameters, 500 resources, 200 outputs. */
const LIMITS = { parameters: 200, resources: 500, outputs: 200 } as const;
const ALPHANUMERIC = /^[A-Za-z0-9]{1,255}$/;

/** Structural pre-flight; throws the first problem found. */
export function checkTemplate(t: Template, supportedTypes: ReadonlySet<string>): void {
  // [unverified] AWS's text for another version
  if (Object.hasOwn(t, 'AWSTemplateFormatVersion') && t.AWSTemplateFormatVersion !== '2010-09-09') throw formatError('unsupported value for AWSTemplateFormatVersion.');
  const unknownSections = Object.keys(t).filter((k) => !SECTIONS.has(k));
  if (unknownSections.length > 0) throw formatError(`Invalid template property or properties [${unknownSections.join(', ')}]`);
  // before anything else: a macro may rewrite every other section
  if (t.Transform !== undefined || containsKey(t, 'Fn::Transform')) throw new KmsError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]');
  if (!isPlainObject(t.Resources) || Object.keys(t.Resources).length === 0) throw formatError('At least one Resources member must be defined.');
  for (const section of ['Parameters', 'Mappings', 'Conditions', 'Outputs'] as const) {
    // [unverified] AWS's text for a section that is not a map
    if (t[section] !== undefined && t[section] !== null && !isPlainObject(t[section])) throw formatError(`${section} must be a map`);
  }
  const parameters = isPlainObject(t.Parameters) ? t.Parameters : {};
  const resources = t.Resources;
  const outputs = isPlainObject(t.Outputs) ? t.Outputs : {};
  const conditions = isPlainObject(t.Conditions) ? t.Conditions : {};
  for (const [what, n] of [['parameters', Object.keys(parameters).length], ['resources', Object.keys(resources).length], ['outputs', Object.keys(outputs).length]] as const) {
    if (n > LIMITS[what]) throw formatError(`Number of ${what}, ${n}, is greater than maximum allowed, ${LIMITS[what]}`);
  }

  for (const [name, p] of Object.entries(parameters)) checkParameter(name, p);
  checkMappings(t.Mappings);
  for (const name of Object.keys(parameters)) {
    // [unverified] AWS's text when a name is both a parameter and a resource
    if (Object.hasOwn(resources, name)) throw formatError(`Parameter and resource names must be unique: ${name} is both`);
  }
  for (const [id, r] of Object.entries(resources)) checkResourceShape(id, r, conditions);
  checkTypes(resources, supportedTypes);
  for (const [id, r] of Object.entries(resources)) checkPolicies(id, r);
  // where a value can reach a resource's properties or an output; Description and Metadata are text
  refuseDynamicReferences({ Resources: resources, Outputs: outputs, Conditions: conditions, Mappings: t.Mappings });

  // members, not the sections: a resource may be named Ref, a condition Condition
  checkFunctions(Object.values(conditions), conditions, true);
  checkFunctions(Object.values(resources), conditions, false);
  checkFunctions(Object.values(outputs), conditions, false);
  checkConditionReferences(conditions, parameters);
  checkReferences('Resources', resources, parameters, resources);
  for (const [name, o] of Object.entries(outputs)) checkOutput(name, o, conditions);
  checkReferences('Outputs', outputs, parameters, resources);
  creationOrder(t);
}

function containsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => containsKey(v, key));
  if (!isPlainObject(value)) return false;
  return Object.hasOwn(value, key) || Object.values(value).some((v) => containsKey(v, key));
}

function checkParameter(name: string, p: unknown): void {
  if (!ALPHANUMERIC.test(name)) throw formatError(`Parameter name ${name} is non alphanumeric.`);
  if (!isPlainObject(p) || typeof p.Type !== 'string') throw formatError('Every Parameters object must contain a Type member.');
  const decl = p as unknown as ParameterDecl;
  // [unverified] AWS's text for an unknown parameter attribute
  for (const k of Object.keys(p)) if (!PARAMETER_ATTRIBUTES.has(k)) throw formatError(`Invalid template parameter property '${k}'`);
  const type = decl.Type;
  if (type.startsWith('AWS::SSM::Parameter::')) {
    throw invalid(`Parameter '${name}' has type ${type}, which kms does not support: kms has no Systems Manager Parameter Store to read values from. Declare it as String and give its value.`);
  }
  if (AWS_PARAMETER_TYPES.has(type)) {
    throw invalid(`Parameter '${name}' has the AWS-specific type ${type}, which kms does not support: kms has no EC2 or Route 53 resources to check values against. Declare it as String.`);
  }
  if (!PARAMETER_TYPES.has(type)) throw formatError(`Unrecognized parameter type: ${type}`);
  if (p.AllowedValues !== undefined && !Array.isArray(p.AllowedValues)) throw formatError('Every AllowedValues member must be a list.');
  for (const k of ['MinLength', 'MaxLength', 'MinValue', 'MaxValue'] as const) {
    const v = p[k];
    // [unverified] AWS's text for a bound that is not a number; only text and numbers convert (a
    // map or a list is no bound, and Number() of a map whose toString is not a function throws)
    const numeric = typeof v === 'number' || (typeof v === 'string' && v !== '');
    if (v !== undefined && v !== null && (!numeric || !Number.isFinite(Number(v)))) throw formatError(`Parameter '${name}' ${k} must be a number`);
  }
  if (p.AllowedPattern !== undefined && typeof p.AllowedPattern !== 'string') throw formatError(`Parameter '${name}' AllowedPattern must be a string`);
}

function checkMappings(mappings: unknown): void {
  if (!isPlainObject(mappings)) return;
  // AWS's texts for a mapping that is not a map of maps, and for a value that is neither text nor a list
  for (const [name, top] of Object.entries(mappings)) {
    if (!isPlainObject(top)) throw formatError(`Every Mappings member ${name} must be a map`);
    for (const second of Object.values(top)) {
      if (!isPlainObject(second)) throw formatError(`Every Mappings member ${name} must be a map`);
      for (const v of Object.values(second)) if (v === null || (typeof v === 'object' && !Array.isArray(v))) throw formatError('Every Mappings attribute must be a String or a List.');
    }
  }
}

function checkResourceShape(id: string, r: unknown, conditions: Record<string, unknown>): void {
  if (!ALPHANUMERIC.test(id)) throw formatError(`Resource name ${id} is non alphanumeric.`);
  if (!isPlainObject(r) || typeof r.Type !== 'string') throw formatError(`[/Resources/${id}] Every Resources object must contain a Type member.`);
  for (const k of Object.keys(r)) if (!RESOURCE_ATTRIBUTES.has(k)) throw invalid(`Invalid template resource property '${k}'`);
  if (r.Condition !== undefined) {
    if (typeof r.Condition !== 'string') throw formatError(`[/Resources/${id}/Condition] Every Condition member must be a string.`);
    if (!Object.hasOwn(conditions, r.Condition)) throw unknownCondition(r.Condition, 'Condition');
  }
  // [unverified] AWS's text for a DependsOn that is not names
  if (!dependsOn(r as unknown as ResourceDecl).every((d) => typeof d === 'string')) throw formatError(`[/Resources/${id}/DependsOn] DependsOn must be a string or a list of strings.`);
}

/** One error naming every type kms cannot create, as AWS names every type it does not know. */
function checkTypes(resources: Record<string, ResourceDecl>, supported: ReadonlySet<string>): void {
  const missing = [...new Set(Object.values(resources).map((r) => r.Type))].filter((type) => !supported.has(type));
  if (missing.length === 0) return;
  const message = `Unrecognized resource types: [${missing.join(', ')}]`;
  // A type AWS has but kms lacks gets a hint; a name AWS does not know either keeps AWS's text alone.
  const real = missing.some((type) => (/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(type) && (!type.startsWith('AWS::KMS::') || AWS_KMS_TYPES.has(type))) || /^Custom::[A-Za-z0-9_@-]{1,60}$/.test(type));
  throw formatError(real ? `${message} kms provides only ${[...supported].sort().join(', ')}.` : message);
}

function checkPolicies(id: string, r: ResourceDecl): void {
  for (const attribute of ['DeletionPolicy', 'UpdateReplacePolicy'] as const) {
    const v = r[attribute];
    if (v === undefined) continue;
    // [unverified] AWS's texts; Snapshot is a real value, but only for types that keep snapshots
    if (v === 'Snapshot') throw formatError(`[/Resources/${id}/${attribute}] ${attribute} Snapshot is not supported for resources of type ${r.Type}; use Delete, Retain or RetainExceptOnCreate.`);
    if (typeof v !== 'string' || !POLICIES.has(v)) throw formatError(`[/Resources/${id}/${attribute}] Unrecognized ${attribute} ${JSON.stringify(v)}: use Delete, Retain or RetainExceptOnCreate.`);
  }
}

function refuseDynamicReferences(value: unknown, path = ''): void {
  if (typeof value === 'string') {
    const m = /\{\{resolve:[^}]*\}\}/.exec(value);
    if (m) throw invalid(`kms does not support dynamic references: ${m[0]} at ${path.slice(1)}. kms has no Systems Manager Parameter Store or Secrets Manager to resolve it from; use a parameter instead.`);
  } else if (Array.isArray(value)) value.forEach((v, i) => refuseDynamicReferences(v, `${path}/${i}`));
  else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) refuseDynamicReferences(v, `${path}/${k}`);
}

/**
 * Every intrinsic's arguments, and every condition name they use. `Condition` is a function in the
 * Conditions section and as an operand of Fn::And/Or/Not; elsewhere it is an ordinary key (a
 * key policy statement has one).
 */
function checkFunctions(value: unknown, conditions: Record<string, unknown>, conditionsToo: boolean): void {
  if (Array.isArray(value)) return value.forEach((v) => checkFunctions(v, conditions, conditionsToo));
  if (!isPlainObject(value)) return;
  const fn = intrinsicName(value, conditionsToo);
  if (!fn) return Object.values(value).forEach((v) => checkFunctions(v, conditions, conditionsToo));
  const arg = value[fn];
  const shape = shapeError(fn, arg);
  if (shape) throw shape;
  if (fn === 'Condition' && !Object.hasOwn(conditions, arg as string)) throw unknownCondition(arg as string, 'Condition');
  if (fn === 'Fn::If' && !Object.hasOwn(conditions, (arg as unknown[])[0] as string)) throw unknownCondition((arg as string[])[0]!, 'Fn::If');
  const operands = fn === 'Fn::And' || fn === 'Fn::Or' || fn === 'Fn::Not';
  const args = fn === 'Fn::If' ? (arg as unknown[]).slice(1) : arg;
  checkFunctions(args, conditions, conditionsToo || operands);
}

/** The Conditions section may use parameters, pseudo parameters and other conditions, in no cycle. */
function checkConditionReferences(conditions: Record<string, unknown>, parameters: Record<string, unknown>): void {
  const bad = [...new Set(references(Object.values(conditions)).filter((r) => r.attribute !== undefined || !(PSEUDO_PARAMETERS.has(r.target) || Object.hasOwn(parameters, r.target))).map((r) => r.target))];
  if (bad.length > 0) throw formatError(`Unresolved dependencies [${bad.join(', ')}]. Cannot reference resources in the Conditions block of the template`);
  const edges = new Map(Object.entries(conditions).map(([name, c]) => [name, conditionNames(c)]));
  const cyclic = inCycles(edges);
  // [unverified] AWS's text for conditions that refer to each other
  if (cyclic.size > 0) throw formatError(`Circular dependency between conditions: [${Object.keys(conditions).filter((c) => cyclic.has(c)).join(', ')}]`);
}

function conditionNames(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => conditionNames(v, out));
  else if (isPlainObject(value)) {
    const fn = intrinsicName(value, true);
    if (fn === 'Condition' && typeof value.Condition === 'string') out.add(value.Condition);
    if (fn === 'Fn::If' && Array.isArray(value[fn]) && typeof value[fn][0] === 'string') out.add(value[fn][0]);
    Object.values(value).forEach((v) => conditionNames(v, out));
  }
  return out;
}

/** Ref, Fn::GetAtt, Fn::Sub and DependsOn must name a parameter, a pseudo parameter or a resource. */
function checkReferences(block: 'Resources' | 'Outputs', members: Record<string, unknown>, parameters: Record<string, unknown>, resources: Record<string, unknown>): void {
  const unresolved = new Set<string>();
  for (const member of Object.values(members)) {
    if (!isPlainObject(member)) continue;
    const { DependsOn: _explicit, ...rest } = member;
    for (const r of references(rest)) {
      const known = Object.hasOwn(resources, r.target) || (r.attribute === undefined && (PSEUDO_PARAMETERS.has(r.target) || Object.hasOwn(parameters, r.target)));
      if (!known) unresolved.add(r.target);
    }
    if (block === 'Resources') for (const d of dependsOn(member as unknown as ResourceDecl)) if (!Object.hasOwn(resources, d as string)) unresolved.add(d as string);
  }
  // AWS's text for the Resources block; the Outputs form follows it [unverified]
  if (unresolved.size > 0) throw formatError(`Unresolved resource dependencies [${[...unresolved].join(', ')}] in the ${block} block of the template`);
}

function checkOutput(name: string, o: unknown, conditions: Record<string, unknown>): void {
  // [unverified] AWS's text for an output's name
  if (!ALPHANUMERIC.test(name)) throw formatError(`Output name ${name} is non alphanumeric.`);
  if (!isPlainObject(o) || o.Value === undefined || o.Value === null) throw formatError('Every Outputs member must contain a Value object');
  if (o.Condition !== undefined && (typeof o.Condition !== 'string' || !Object.hasOwn(conditions, o.Condition))) throw unknownCondition(String(o.Condition), 'Condition');
  // [unverified] AWS's text for an Export without a Name
  if (o.Export !== undefined && own(o.Export, 'Name') === undefined) throw formatError('Every Export member must contain a Name object');
}
