// One policy against one request: which statements allow (the caller itself, or only its account),
// and which deny, with the condition keys they needed and the context lacked. Pure; the combination
// of policies is decide.ts's. Imports ./conditions, ./context, ./policy, ./principals, ./types.

import { evaluateConditions } from './conditions.js';
import { lookupFor, type Lookup } from './context.js';
import { parsePolicy, type ElementList, type Statement } from './policy.js';
import { notPrincipalExempts, principalLevel, type PrincipalLevel } from './principals.js';
import type { AuthRequest, MatchedStatement, SourcedPolicy } from './types.js';

export interface PolicyEvaluation {
  /** Allow statements naming the caller (or `*`), and every allowing statement of an identity policy. */
  allows: MatchedStatement[];
  /** Allow statements of a resource policy naming only the caller's account (the account principal). */
  accountAllows: MatchedStatement[];
  /** Deny statements that apply to the caller, directly or through its account. */
  denies: MatchedStatement[];
  /** Condition keys (and policy variables) a statement needed and the context lacked. */
  missing: string[];
}

function anyMatches(list: ElementList, value: string, lookup: Lookup, missing: Set<string>): boolean {
  const resolve = (k: string) => lookup.variable(k);
  const unresolved = (k: string) => missing.add(k);
  const hit = list.patterns.some((m) => m.test(value, resolve, unresolved));
  return hit !== list.negated;
}

// An action without a resource is requested on `*`; a Resource of the action's service ending in
// `:*` (arn:aws:kms:REGION:ACCOUNT:*, which the KMS guide accepts for such actions) covers it too.
const SERVICE_WILDCARD = /^arn:[^:]+:([^:]+):[^:]*:[^:]*:\*$/;

function resourceMatches(st: Statement, request: AuthRequest, lookup: Lookup, missing: Set<string>, kind: 'resource' | 'identity'): boolean {
  // No Resource: a resource policy's statement is about the resource it is attached to (a trust
  // policy has none); an identity statement without one names nothing (IAM refuses to store it).
  if (!st.resources) return kind === 'resource';
  if (anyMatches(st.resources, request.resource, lookup, missing)) return true;
  if (request.resource !== '*' || st.resources.negated) return false;
  const service = request.action.slice(0, request.action.indexOf(':')).toLowerCase();
  return st.resources.patterns.some((m) => SERVICE_WILDCARD.exec(m.source)?.[1]?.toLowerCase() === service);
}

/** The level at which a resource policy statement's Principal/NotPrincipal takes in the caller. */
function principalOf(st: Statement, request: AuthRequest): PrincipalLevel | undefined {
  const p = st.principal;
  if (!p) return 'direct';
  if (!p.negated) return principalLevel(p.spec, request.caller);
  // NotPrincipal: everyone not exempted (with Deny, as AWS supports it; with Allow, likewise literal)
  return notPrincipalExempts(p.spec, request.caller) ? undefined : 'direct';
}

function matched(policy: SourcedPolicy, st: Statement): MatchedStatement {
  const m: MatchedStatement = { sourcePolicyId: policy.id, sourcePolicyType: policy.type, index: st.index, effect: st.effect };
  if (st.sid !== undefined) m.sid = st.sid;
  return m;
}

/**
 * Evaluates `policy` (a resource policy — a key policy, a trust policy — or an identity policy)
 * for `request`. Throws PolicySyntaxError when the stored document does not parse: a policy
 * that cannot be read must not be silently skipped, as it may hold a Deny.
 */
export function evaluatePolicy(policy: SourcedPolicy, request: AuthRequest, kind: 'resource' | 'identity'): PolicyEvaluation {
  const compiled = parsePolicy(policy.document, kind);
  const lookup = lookupFor(request);
  const missing = new Set<string>();
  const out: PolicyEvaluation = { allows: [], accountAllows: [], denies: [], missing: [] };
  for (const st of compiled.statements) {
    const level = kind === 'identity' ? 'direct' : principalOf(st, request);
    if (level === undefined) continue;
    if (!anyMatches(st.actions, request.action, lookup, missing)) continue;
    if (!resourceMatches(st, request, lookup, missing, kind)) continue;
    if (!evaluateConditions(st.conditions, lookup, missing)) continue;
    // a Deny applies whether it names the caller or its account: a Deny for the account root denies all of the account
    if (st.effect === 'Deny') out.denies.push(matched(policy, st));
    else if (level === 'direct') out.allows.push(matched(policy, st));
    else out.accountAllows.push(matched(policy, st));
  }
  out.missing = [...missing];
  return out;
}
