// A template's parameters: their declarations as ValidateTemplate lists them, and the values a
// stack operation gives them, checked against every constraint. Imports ../../../errors.js and this
// folder's parse.ts and intrinsics.ts only.
import { KmsError } from '../../../errors.js';
import { asText, isListType, isPlainObject, splitList } from './intrinsics.js';
import type { ParameterDecl, Template } from './parse.js';

/** Parameter values as given on the API: ParameterKey, ParameterValue, UsePreviousValue. */
export interface ParameterInput {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
}

/** The parameter types kms runs; AWS-specific and SSM types are refused by checkTemplate. */
export const PARAMETER_TYPES: ReadonlySet<string> = new Set(['String', 'Number', 'List<Number>', 'CommaDelimitedList']);

const invalid = (message: string) => new KmsError('ValidationError', message);

function declarations(t: Template): Array<[string, ParameterDecl]> {
  return isPlainObject(t.Parameters) ? Object.entries(t.Parameters).filter(([, p]) => isPlainObject(p)) : [];
}

/** A declaration's value as AWS stores it: text, a list comma-joined. */
function stored(v: unknown): string | undefined {
  return Array.isArray(v) ? v.map((i) => asText(i) ?? '').join(',') : asText(v);
}

/** NoEcho may be written as a boolean or as the text "true". */
const noEcho = (p: ParameterDecl): boolean => p.NoEcho === true || (typeof p.NoEcho === 'string' && p.NoEcho.toLowerCase() === 'true');

/** The value each declared parameter takes, as a string (lists stay comma-joined, as AWS stores them). */
export function resolveParameters(t: Template, given: readonly ParameterInput[], previous?: Readonly<Record<string, string>>): Record<string, string> {
  const decls = declarations(t);
  const declared = new Set(decls.map(([k]) => k));
  const inputs = given.filter((g): g is ParameterInput & { ParameterKey: string } => typeof g.ParameterKey === 'string');
  if (decls.length === 0 && inputs.length > 0) throw invalid('Parameter values specified for a template which does not require them.');
  const unknown = [...new Set(inputs.map((g) => g.ParameterKey).filter((k) => !declared.has(k)))];
  if (unknown.length > 0) throw invalid(`Parameters: [${unknown.join(', ')}] do not exist in the template`);

  const values: Record<string, string> = {};
  const missing: string[] = [];
  for (const [key, decl] of decls) {
    const input = inputs.findLast((g) => g.ParameterKey === key);
    if (input?.UsePreviousValue === true) {
      // [unverified] AWS's texts for these two UsePreviousValue mistakes
      if (input.ParameterValue !== undefined && input.ParameterValue !== '') {
        throw invalid(`Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true and non empty value for a parameter`);
      }
      if (previous === undefined || !Object.hasOwn(previous, key)) {
        throw invalid(`Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
      }
      values[key] = previous[key]!;
    } else if (input?.ParameterValue !== undefined) {
      values[key] = input.ParameterValue;
    } else {
      const d = stored(decl.Default);
      if (d === undefined) missing.push(key);
      else values[key] = d;
    }
  }
  if (missing.length > 0) throw invalid(`Parameters: [${missing.join(', ')}] must have values`);
  for (const [key, decl] of decls) checkValue(key, decl, values[key]!);
  return values;
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * One value against its declaration. Lists are checked item by item. The AllowedValues, pattern and
 * "must be a number." texts are AWS's as seen in public reports; the four length/range texts are
 * [unverified]. A ConstraintDescription stands in for every constraint's text but AllowedValues',
 * as the CloudFormation guide describes it ("explains a constraint when the constraint is violated").
 */
function checkValue(key: string, decl: ParameterDecl, value: string): void {
  const type = decl.Type;
  const items = isListType(type) ? splitList(value) : [value];
  const numeric = type === 'Number' || type === 'List<Number>';
  const fail = (own: string): never => {
    throw invalid(typeof decl.ConstraintDescription === 'string' && decl.ConstraintDescription !== '' ? `Parameter '${key}' failed to satisfy constraint: ${decl.ConstraintDescription}` : own);
  };
  const allowed = Array.isArray(decl.AllowedValues) ? decl.AllowedValues.map(stored) : undefined;
  const pattern = typeof decl.AllowedPattern === 'string' ? wholeMatch(key, decl.AllowedPattern) : undefined;
  const bound = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));
  const [minLength, maxLength, minValue, maxValue] = [decl.MinLength, decl.MaxLength, decl.MinValue, decl.MaxValue].map(bound);
  for (const item of items) {
    if (numeric && !NUMBER.test(item)) throw invalid(`Parameter '${key}' must be a number.`);
    if (allowed && !allowed.includes(item)) throw invalid(`Parameter '${key}' must be one of AllowedValues`);
    if (pattern && !pattern.test(item)) fail(`Parameter '${key}' must match pattern ${decl.AllowedPattern}`);
    if (!numeric) {
      if (minLength !== undefined && item.length < minLength) fail(`Parameter '${key}' must contain at least ${minLength} characters`);
      if (maxLength !== undefined && item.length > maxLength) fail(`Parameter '${key}' must contain at most ${maxLength} characters`);
    } else {
      const n = Number(item);
      if (minValue !== undefined && n < minValue) fail(`Parameter '${key}' must be a number not less than ${minValue}`);
      if (maxValue !== undefined && n > maxValue) fail(`Parameter '${key}' must be a number not greater than ${maxValue}`);
    }
  }
}

/** AllowedPattern must match the whole value (AWS anchors it, as Java's String.matches does). */
function wholeMatch(key: string, pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    try {
      return new RegExp(`^(?:${pattern})$`);
    } catch {
      // [unverified] AWS checks the pattern with Java's regex syntax when the template is read
      throw invalid(`Template format error: Parameter '${key}' has an invalid AllowedPattern ${pattern}`);
    }
  }
}

/** The template's parameters as ValidateTemplate/GetTemplateSummary list them. */
export function declaredParameters(t: Template): Array<{
  ParameterKey: string;
  DefaultValue?: string;
  NoEcho: boolean;
  Description?: string;
  ParameterType: string;
  ParameterConstraints: { AllowedValues?: string[] };
}> {
  return declarations(t).map(([key, p]) => {
    const defaultValue = stored(p.Default);
    const description = asText(p.Description);
    return {
      ParameterKey: key,
      ...(defaultValue !== undefined ? { DefaultValue: defaultValue } : {}),
      NoEcho: noEcho(p),
      ...(description !== undefined ? { Description: description } : {}),
      ParameterType: p.Type,
      ParameterConstraints: Array.isArray(p.AllowedValues) ? { AllowedValues: p.AllowedValues.map((v) => stored(v) ?? '') } : {},
    };
  });
}

/** Names of parameters with NoEcho true (DescribeStacks shows '****'). */
export function noEchoParameters(t: Template): Set<string> {
  return new Set(declarations(t).filter(([, p]) => noEcho(p)).map(([k]) => k));
}
