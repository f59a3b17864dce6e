// Policy documents: JSON text → a compiled, normalized form (every list a list, every pattern a
// matcher, every condition compiled), checked as IAM and KMS check documents on write. Compiled
// policies are cached by text, so evaluating one key policy again costs no parse.
// Imports ./conditions, ./patterns, ./policy-error, ./principals.

import { compileConditions, type ConditionTest } from './conditions.js';
import { compilePattern, type Matcher } from './patterns.js';
import * as E from './policy-error.js';
import { parsePrincipal, type PrincipalSpec } from './principals.js';

export { PolicySyntaxError } from './policy-error.js';

/** A list element (Action, Resource, …): its patterns, and whether it is the Not- form. */
export interface ElementList {
  patterns: readonly Matcher[];
  negated: boolean;
}

export interface Statement {
  /** 0-based position in the Statement list. */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions: ElementList;
  /** Absent: the statement names no resource (a trust policy's statements; see evaluate.ts). */
  resources?: ElementList;
  /** Resource policies only. */
  principal?: { spec: PrincipalSpec; negated: boolean };
  conditions: readonly ConditionTest[];
}

export interface Policy {
  kind: 'resource' | 'identity';
  version?: string;
  statements: readonly Statement[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function stringList(v: unknown, element: string): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || list.some((x) => typeof x !== 'string')) throw new E.PolicySyntaxError(E.invalidElement(element));
  return list as string[];
}

function elementList(st: Record<string, unknown>, name: string, variables: boolean, ignoreCase: boolean): ElementList | undefined {
  const pos = st[name];
  const neg = st[`Not${name}`];
  if (pos !== undefined && neg !== undefined) throw new E.PolicySyntaxError(name === 'Action' ? E.BOTH_ACTIONS : E.BOTH_RESOURCES);
  if (pos === undefined && neg === undefined) return undefined;
  const negated = pos === undefined;
  const texts = stringList(negated ? neg : pos, negated ? `Not${name}` : name);
  return { negated, patterns: texts.map((t) => compilePattern(t, { glob: true, variables, ignoreCase })) };
}

function compileStatement(st: unknown, index: number, kind: Policy['kind'], variables: boolean): Statement {
  if (!isObject(st)) throw new E.PolicySyntaxError(E.NOT_A_STATEMENT);
  if (st.Effect === undefined) throw new E.PolicySyntaxError(E.missingEffect());
  if (st.Effect !== 'Allow' && st.Effect !== 'Deny') throw new E.PolicySyntaxError(E.invalidEffect(st.Effect));
  // Action/NotAction: exactly one; actions compare case-insensitively and take no variables
  const actions = elementList(st, 'Action', false, true);
  if (!actions) throw new E.PolicySyntaxError(E.NO_ACTIONS);
  // Resource/NotResource: case-sensitive (ARNs), variables allowed
  const resources = elementList(st, 'Resource', variables, false);
  const hasPrincipal = st.Principal !== undefined || st.NotPrincipal !== undefined;
  let principal: Statement['principal'];
  if (kind === 'identity') {
    if (hasPrincipal) throw new E.PolicySyntaxError(E.PRINCIPAL_IN_IDENTITY);
  } else {
    // PutKeyPolicy: "Each statement in the key policy must contain one or more principals"
    if (!hasPrincipal) throw new E.PolicySyntaxError(E.NO_PRINCIPAL);
    if (st.Principal !== undefined && st.NotPrincipal !== undefined) throw new E.PolicySyntaxError(E.BOTH_PRINCIPALS);
    const negated = st.Principal === undefined;
    principal = { spec: parsePrincipal(negated ? st.NotPrincipal : st.Principal), negated };
  }
  if (st.Sid !== undefined && typeof st.Sid !== 'string') throw new E.PolicySyntaxError(E.invalidElement('Sid'));
  const out: Statement = { index, effect: st.Effect, actions, conditions: compileConditions(st.Condition, variables, kind) };
  if (typeof st.Sid === 'string') out.sid = st.Sid;
  if (resources) out.resources = resources;
  if (principal) out.principal = principal;
  return out;
}

function compile(text: string, kind: Policy['kind']): Policy {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new E.PolicySyntaxError(E.NOT_JSON);
  }
  if (!isObject(doc)) throw new E.PolicySyntaxError(E.NOT_JSON);
  const version = typeof doc.Version === 'string' ? doc.Version : undefined;
  // "Policy variables": only in policies of Version 2012-10-17; older ones read `${…}` literally
  const variables = version === '2012-10-17';
  const raw = doc.Statement;
  // no Statement: a policy that allows and denies nothing
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const policy: Policy = { kind, statements: list.map((st, i) => compileStatement(st, i, kind, variables)) };
  if (version !== undefined) policy.version = version;
  return policy;
}

const CACHE_MAX = 256;
/** One cache per kind, keyed by the text itself (no concatenated key to build and hash per call). */
const caches: Record<Policy['kind'], Map<string, Policy>> = { resource: new Map(), identity: new Map() };

/**
 * Parses and compiles a policy document; throws PolicySyntaxError with a user-facing message.
 * The result is shared (cached by kind and text, at most 256 documents of each kind, least
 * recently used out): do not mutate it.
 */
export function parsePolicy(text: string, kind: 'resource' | 'identity'): Policy {
  const cache = caches[kind];
  const hit = cache.get(text);
  if (hit) {
    // refresh its place: the Map's order is the eviction order
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const policy = compile(text, kind);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(text, policy);
  return policy;
}
