// The template's values at run time: the Conditions section, and every intrinsic function in
// resources and outputs, against a scope the stack engine supplies. Imports ../../../errors.js, node
// built-ins and this folder's parse.ts (types) only.
import { KmsError } from '../../../errors.js';
import type { Template } from './parse.js';

/** What evaluation needs to know about the stack and its resources. */
export interface EvalScope {
  account: string;
  region: string;
  partition: string;
  urlSuffix: string;
  stackName: string;
  stackId: string;
  /** Resolved parameter values (strings; lists comma-joined) */
  parameters: Readonly<Record<string, string>>;
  /** The Ref value of a resource (its physical id); throw if unknown */
  resourceRef(logicalId: string): string;
  /** A resource's Fn::GetAtt value; the caller throws ValidationError for unknown attributes */
  resourceAtt(logicalId: string, attribute: string): unknown;
  /** Fn::ImportValue: the value of an export in this account+region; the caller throws "No export named X found." */
  importValue(name: string): string;
  /**
   * The template's Parameters and Mappings: a list parameter's Ref is an array only when its Type is
   * known, and Fn::FindInMap reads Mappings. Without it every parameter Ref is a string and
   * Fn::FindInMap finds nothing. (evaluateConditions takes the template itself.)
   */
  template?: Pick<Template, 'Parameters' | 'Mappings'>;
  /** AWS::NotificationARNs; [] when not given */
  notificationARNs?: readonly string[];
}

/** A marker for AWS::NoValue: resolveValue drops object members / list items that resolve to it. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export const PSEUDO_PARAMETERS: ReadonlySet<string> = new Set([
  'AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix', 'AWS::NotificationARNs', 'AWS::NoValue',
]);

/** CommaDelimitedList and List<Number>: Ref gives the items, trimmed. */
export const isListType = (type: unknown): boolean => type === 'CommaDelimitedList' || type === 'List<Number>';
export const splitList = (value: string): string[] => value.split(',').map((s) => s.trim());

const templateError = (message: string) => new KmsError('ValidationError', message);

// --- shapes -------------------------------------------------------------------------------------
// AWS's texts for a function given the wrong arguments. Ref, GetAtt, Join, Split, Sub, FindInMap and
// Equals are AWS's as seen in public reports; the Select, If, And/Or, Not, Base64, GetAZs and
// ImportValue texts follow the same pattern but are unverified.
export const SHAPE_MESSAGES: Readonly<Record<string, string>> = {
  Ref: 'Template format error: Every Ref object must have a single String value.',
  'Fn::GetAtt': 'Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
  'Fn::Join': 'Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
  'Fn::Split': 'Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.',
  'Fn::Sub': "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string",
  'Fn::FindInMap': 'Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value',
  'Fn::Equals': 'Template error: every Fn::Equals object requires a list of 2 string parameters.',
  'Fn::Select': 'Template error: Fn::Select requires a list argument with two elements: an integer index and a list',
  'Fn::If': 'Template error: Fn::If requires a list argument with three elements',
  'Fn::And': 'Template error: every Fn::And object requires a list of at least 2 and at most 10 boolean parameters.',
  'Fn::Or': 'Template error: every Fn::Or object requires a list of at least 2 and at most 10 boolean parameters.',
  'Fn::Not': 'Template error: every Fn::Not object requires one boolean parameter',
  'Fn::Base64': 'Template error: every Fn::Base64 object requires a string parameter',
  'Fn::GetAZs': 'Template error: every Fn::GetAZs object requires a string parameter',
  'Fn::ImportValue': 'Template error: every Fn::ImportValue object requires a string parameter',
  Condition: 'Template format error: Every Condition object must have a single String value.',
};

/** AWS's list, rule functions included [unverified: order]. */
const AWS_FUNCTIONS =
  'Fn::Base64, Fn::GetAtt, Fn::GetAZs, Fn::ImportValue, Fn::Join, Fn::Split, Fn::FindInMap, Fn::Select, Ref, Fn::Equals, Fn::If, Fn::Not, Condition, Fn::And, Fn::Or, Fn::Contains, Fn::EachMemberEquals, Fn::EachMemberIn, Fn::ValueOf, Fn::ValueOfAll, Fn::RefAll, Fn::Sub, Fn::Cidr';

/** The intrinsic named by a one-member object (`Condition` only where conditions are read), or undefined. */
export function intrinsicName(value: unknown, conditionsToo = false): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const k = keys[0]!;
  return k === 'Ref' || k.startsWith('Fn::') || (conditionsToo && k === 'Condition') ? k : undefined;
}

const isList = (v: unknown): v is unknown[] => Array.isArray(v);
const isListOrFn = (v: unknown) => isList(v) || intrinsicName(v) !== undefined;
const isStringOrFn = (v: unknown) => typeof v === 'string' || intrinsicName(v) !== undefined;

/**
 * The static check of one function's arguments, before anything is resolved: the message when
 * they cannot be right, else undefined. Refuses what kms does not run (Fn::Cidr, macros, unknown names).
 */
export function shapeError(fn: string, arg: unknown): KmsError | undefined {
  const bad = (ok: boolean) => (ok ? undefined : templateError(SHAPE_MESSAGES[fn]!));
  switch (fn) {
    case 'Ref':
    case 'Condition':
      return bad(typeof arg === 'string' && arg !== '');
    case 'Fn::GetAtt':
      return bad(typeof arg === 'string' ? /^[^.]+\.[^]+$/.test(arg) : isList(arg) && arg.length === 2 && typeof arg[0] === 'string' && arg[0] !== '' && isStringOrFn(arg[1]) && arg[1] !== '');
    case 'Fn::Sub':
      return bad(typeof arg === 'string' || (isList(arg) && arg.length === 2 && typeof arg[0] === 'string' && isPlainObject(arg[1])));
    case 'Fn::Join':
      return bad(isList(arg) && arg.length === 2 && isStringOrFn(arg[0]) && isListOrFn(arg[1]));
    case 'Fn::Split':
      return bad(isList(arg) && arg.length === 2 && isStringOrFn(arg[0]) && isStringOrFn(arg[1]));
    case 'Fn::Select':
      return bad(isList(arg) && arg.length === 2 && isListOrFn(arg[1]));
    case 'Fn::FindInMap':
      return bad(isList(arg) && arg.length === 3 && arg.every((a) => a !== null && typeof a !== 'object' ? a !== '' : intrinsicName(a) !== undefined));
    case 'Fn::If':
      return bad(isList(arg) && arg.length === 3 && typeof arg[0] === 'string');
    case 'Fn::Equals':
      return bad(isList(arg) && arg.length === 2);
    case 'Fn::And':
    case 'Fn::Or':
      return bad(isList(arg) && arg.length >= 2 && arg.length <= 10);
    case 'Fn::Not':
      return bad(isList(arg) && arg.length === 1);
    case 'Fn::Base64':
    case 'Fn::GetAZs':
    case 'Fn::ImportValue':
      return bad(arg !== null && (typeof arg !== 'object' || intrinsicName(arg) !== undefined));
    case 'Fn::Cidr':
      return templateError('Template error: kms does not support Fn::Cidr (it has no VPC or subnet resources); write the CIDR blocks out.');
    case 'Fn::Transform':
      return new KmsError('InsufficientCapabilitiesException', 'Requires capabilities : [CAPABILITY_AUTO_EXPAND]');
    default:
      return templateError(`Template format error: Encountered unsupported function: ${fn} Supported functions are: [${AWS_FUNCTIONS}]`);
  }
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** o[k] when o is an object that has k itself (never Object.prototype's members), else undefined. */
export const own = (o: unknown, k: string): unknown => (isPlainObject(o) && Object.hasOwn(o, k) ? o[k] : undefined);

// --- Fn::Sub ------------------------------------------------------------------------------------

/** A Fn::Sub string in pieces: literal text, and `${Name}` variables. `${!x}` is the text `${x}`. */
export function subParts(template: string): Array<string | { variable: string }> {
  const parts: Array<string | { variable: string }> = [];
  let last = 0;
  for (const m of template.matchAll(/\$\{([^}]*)\}/g)) {
    parts.push(template.slice(last, m.index));
    const body = m[1]!;
    parts.push(body.startsWith('!') ? `\${${body.slice(1)}}` : { variable: body.trim() });
    last = m.index! + m[0].length;
  }
  parts.push(template.slice(last));
  return parts.filter((p) => p !== '');
}

// --- evaluation ---------------------------------------------------------------------------------

interface Ctx {
  scope: EvalScope;
  template: Pick<Template, 'Parameters' | 'Mappings'> | undefined;
  condition(name: string, asked: 'Fn::If' | 'Condition'): boolean;
  /** In the Conditions section: only parameters, pseudo parameters, mappings and other conditions. */
  inConditions: boolean;
}

/** A value in a string context: CloudFormation is loosely typed, so numbers and booleans are their text. */
export function asText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** Resolves every intrinsic in `value` and returns the plain JSON value (NO_VALUE at the top level). */
export function resolveValue(value: unknown, scope: EvalScope, conditions: ReadonlyMap<string, boolean>): unknown {
  const ctx: Ctx = {
    scope,
    template: scope.template,
    inConditions: false,
    condition: (name, asked) => {
      const v = conditions.get(name);
      if (v === undefined) throw unknownCondition(name, asked);
      return v;
    },
  };
  return resolve(value, ctx);
}

// Undeclared condition names [unverified: AWS's exact wording for each place]
export function unknownCondition(name: string, asked: 'Fn::If' | 'Condition'): KmsError {
  return asked === 'Fn::If'
    ? templateError(`Template error: unresolved condition dependency ${name} in Fn::If`)
    : templateError(`Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`);
}

/** Evaluates the Conditions section, each condition once, in any order it refers to others. */
export function evaluateConditions(t: Template, scope: EvalScope): Map<string, boolean> {
  const declared = isPlainObject(t.Conditions) ? t.Conditions : {};
  const done = new Map<string, boolean>();
  const pending: string[] = [];
  const ctx: Ctx = {
    scope,
    template: t,
    inConditions: true,
    condition: (name, asked) => {
      const known = done.get(name);
      if (known !== undefined) return known;
      if (!Object.hasOwn(declared, name)) throw unknownCondition(name, asked);
      if (pending.includes(name)) {
        const cycle = pending.slice(pending.indexOf(name));
        // [unverified] AWS's text for conditions that refer to each other
        throw templateError(`Template format error: Circular dependency between conditions: [${Object.keys(declared).filter((c) => cycle.includes(c)).join(', ')}]`);
      }
      pending.push(name);
      const v = conditionOperand(declared[name], ctx);
      pending.pop();
      done.set(name, v);
      return v;
    },
  };
  for (const name of Object.keys(declared)) ctx.condition(name, 'Condition');
  return done;
}

function resolve(value: unknown, ctx: Ctx): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, ctx)).filter((v) => v !== NO_VALUE);
  if (value === null || typeof value !== 'object') return value;
  const fn = intrinsicName(value, ctx.inConditions);
  if (fn) return call(fn, (value as Record<string, unknown>)[fn], ctx);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const r = resolve(v, ctx);
    // defineProperty: a member named __proto__ stays a member (as JSON.parse keeps it), not a prototype
    if (r !== NO_VALUE) Object.defineProperty(out, k, { value: r, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function call(fn: string, arg: unknown, ctx: Ctx): unknown {
  const shape = shapeError(fn, arg);
  if (shape) throw shape;
  const a = arg as unknown[];
  const bad = () => templateError(SHAPE_MESSAGES[fn]!);
  const text = (v: unknown): string => {
    const s = asText(resolve(v, ctx));
    if (s === undefined) throw bad();
    return s;
  };
  switch (fn) {
    case 'Ref':
      return ref(arg as string, ctx);
    case 'Condition':
      return ctx.condition(arg as string, 'Condition');
    case 'Fn::GetAtt': {
      const [res, att] = typeof arg === 'string' ? splitAtt(arg) : [a[0] as string, text(a[1])];
      return getAtt(res, att, ctx);
    }
    case 'Fn::Sub':
      return sub(arg, ctx);
    case 'Fn::Join': {
      const items = resolve(a[1], ctx);
      if (!Array.isArray(items)) throw bad();
      return items.map((i) => asText(i) ?? throwIt(bad())).join(text(a[0]));
    }
    case 'Fn::Split':
      return text(a[1]).split(text(a[0]));
    case 'Fn::Select': {
      const index = resolve(a[0], ctx);
      const list = resolve(a[1], ctx);
      const i = typeof index === 'number' ? index : typeof index === 'string' && /^\s*\d+\s*$/.test(index) ? Number(index) : NaN;
      if (!Number.isInteger(i) || !Array.isArray(list)) throw bad();
      if (i < 0 || i >= list.length) throw templateError(`Template error: Fn::Select cannot select nonexistent value at index ${String(index)}`);
      return list[i];
    }
    case 'Fn::Base64':
      return Buffer.from(text(arg), 'utf8').toString('base64');
    case 'Fn::GetAZs': {
      const region = text(arg) || ctx.scope.region;
      return ['a', 'b', 'c'].map((z) => `${region}${z}`);
    }
    case 'Fn::FindInMap': {
      const [m, k1, k2] = a.map(text) as [string, string, string];
      const v = own(own(own(ctx.template?.Mappings, m), k1), k2);
      if (v === undefined) throw templateError(`Template error: Unable to get mapping for ${m}::${k1}::${k2}`);
      return v;
    }
    case 'Fn::If':
      return resolve(ctx.condition(a[0] as string, 'Fn::If') ? a[1] : a[2], ctx);
    case 'Fn::ImportValue':
      if (ctx.inConditions) throw resourceInConditions(text(arg));
      return ctx.scope.importValue(text(arg));
    case 'Fn::Equals':
      return comparable(resolve(a[0], ctx)) === comparable(resolve(a[1], ctx));
    case 'Fn::And':
      return a.map((c) => conditionOperand(c, ctx, fn)).every(Boolean);
    case 'Fn::Or':
      return a.map((c) => conditionOperand(c, ctx, fn)).some(Boolean);
    case 'Fn::Not':
      return !conditionOperand(a[0], ctx, fn);
  }
  throw templateError(`Template format error: Encountered unsupported function: ${fn} Supported functions are: [${AWS_FUNCTIONS}]`);
}

const throwIt = (e: Error): never => {
  throw e;
};

/** Fn::Equals compares text: `true` equals "true", 1 equals "1". */
function comparable(v: unknown): string {
  return asText(v) ?? JSON.stringify(v);
}

/** `A.B` -> [A, B], split at the first dot (an attribute may hold dots, e.g. Endpoint.Address). */
export function splitAtt(s: string): [string, string] {
  const dot = s.indexOf('.');
  return [s.slice(0, dot), s.slice(dot + 1)];
}

/**
 * A condition: `{Condition: X}`, a condition function, or what one of them resolves to. `fn` is the
 * function it is an operand of; none for a Conditions entry itself.
 */
function conditionOperand(value: unknown, ctx: Ctx, fn?: string): boolean {
  const v = intrinsicName(value, true) === 'Condition' ? call('Condition', (value as { Condition: unknown }).Condition, ctx) : resolve(value, ctx);
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  // [unverified] AWS's text for a Conditions entry that is not a boolean expression
  throw templateError(fn ? SHAPE_MESSAGES[fn]! : 'Template format error: Conditions can only be boolean operations on parameters and other conditions');
}

function resourceInConditions(name: string): KmsError {
  return templateError(`Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`);
}

function ref(name: string, ctx: Ctx): unknown {
  const s = ctx.scope;
  switch (name) {
    case 'AWS::AccountId': return s.account;
    case 'AWS::Region': return s.region;
    case 'AWS::Partition': return s.partition;
    case 'AWS::StackName': return s.stackName;
    case 'AWS::StackId': return s.stackId;
    case 'AWS::URLSuffix': return s.urlSuffix;
    case 'AWS::NotificationARNs': return [...(s.notificationARNs ?? [])];
    case 'AWS::NoValue': return NO_VALUE;
  }
  if (Object.hasOwn(s.parameters, name)) {
    const value = s.parameters[name]!;
    return isListType(ctx.template?.Parameters?.[name]?.Type) ? splitList(value) : value;
  }
  if (ctx.inConditions) throw resourceInConditions(name);
  return s.resourceRef(name);
}

function getAtt(resource: string, attribute: string, ctx: Ctx): unknown {
  if (ctx.inConditions) throw resourceInConditions(resource);
  return ctx.scope.resourceAtt(resource, attribute);
}

function sub(arg: unknown, ctx: Ctx): string {
  const [template, vars] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, unknown>]);
  const locals = new Map<string, unknown>();
  for (const [k, v] of Object.entries(vars)) locals.set(k, resolve(v, ctx));
  return subParts(template)
    .map((p) => {
      if (typeof p === 'string') return p;
      const name = p.variable;
      const v = locals.has(name) ? locals.get(name) : name.includes('.') ? getAtt(...splitAtt(name), ctx) : ref(name, ctx);
      const s = asText(v);
      // AWS's text for a list, an object or AWS::NoValue in a string [unverified]
      if (s === undefined) throw templateError(`Template error: variable ${name} in Fn::Sub expression does not resolve to a string`);
      return s;
    })
    .join('');
}
