// Combining policies into one decision: KMS's rules (key policy, IAM policies, grants; the account
// statement bounds what IAM can delegate) and the plain IAM rules the IAM and STS services use.
// See docs/authorization.md "The decision" and research/authz.md §1.2. Imports ./evaluate, ./types.

import { evaluatePolicy, type PolicyEvaluation } from './evaluate.js';
import type { AuthRequest, Decision, MatchedStatement, SourcedPolicy } from './types.js';

export interface KmsDecisionInput {
  request: AuthRequest;
  /** The key's account; defaults to the caller's. */
  resourceAccount?: string;
  /** Absent for actions without a key (kms:CreateKey, kms:ListKeys, …): IAM policies alone decide. */
  keyPolicy?: SourcedPolicy;
  /** The caller's IAM policies (none for the root). */
  identityPolicies: readonly SourcedPolicy[];
  /** Whether the operation may be used across accounts at all (authz.md §1.5). */
  crossAccountAllowed: boolean;
  /** A grant the caller (authorize.ts) found that allows the request, if any. */
  grantId?: string;
}

export interface IdentityDecisionInput {
  request: AuthRequest;
  resourceAccount: string;
  identityPolicies: readonly SourcedPolicy[];
  /** A role's trust policy, for sts:AssumeRole. */
  resourcePolicy?: SourcedPolicy;
}

interface Evaluated {
  resource?: PolicyEvaluation;
  identityAllows: MatchedStatement[];
  identityDenies: MatchedStatement[];
  missing: string[];
}

function evaluateAll(request: AuthRequest, resource: SourcedPolicy | undefined, identity: readonly SourcedPolicy[]): Evaluated {
  const out: Evaluated = { identityAllows: [], identityDenies: [], missing: [] };
  const seen = new Map<string, string>();
  const note = (keys: readonly string[]) => {
    for (const k of keys) if (!seen.has(k.toLowerCase())) seen.set(k.toLowerCase(), k);
  };
  if (resource) {
    out.resource = evaluatePolicy(resource, request, 'resource');
    note(out.resource.missing);
  }
  for (const p of identity) {
    const e = evaluatePolicy(p, request, 'identity');
    out.identityAllows.push(...e.allows);
    out.identityDenies.push(...e.denies);
    note(e.missing);
  }
  out.missing = [...seen.values()];
  return out;
}

const allowed = (matched: MatchedStatement[], missing: string[]): Decision => ({ decision: 'allowed', matched, missingContextValues: missing });
const implicit = (deniedBy: 'resource' | 'identity', missing: string[]): Decision => ({ decision: 'implicitDeny', deniedBy, matched: [], missingContextValues: missing });

/** Step 1 of both orders: any explicit Deny wins, and the message names the resource policy when it denied. */
function explicitDeny(e: Evaluated): Decision | undefined {
  const resourceDenies = e.resource?.denies ?? [];
  if (resourceDenies.length === 0 && e.identityDenies.length === 0) return undefined;
  return {
    decision: 'explicitDeny',
    deniedBy: resourceDenies.length > 0 ? 'resource' : 'identity',
    matched: [...resourceDenies, ...e.identityDenies],
    missingContextValues: e.missing,
  };
}

/**
 * AWS KMS's decision for one permission (authz.md §1.2):
 * 1. an explicit Deny in the key policy or an IAM policy → explicitDeny (it beats grants too);
 * 2. no key (IAM-only actions): the root of the resource account, or an IAM allow;
 * 3. same account: a key policy statement naming the caller; or one naming its account (whose
 *    actions and conditions must themselves match, so they bound IAM) AND an IAM allow;
 * 4. another account, for operations usable across accounts: a key policy allow (caller or
 *    account) AND an IAM allow in the caller's account;
 * 5. a grant → allowed;
 * 6. implicitDeny, naming the identity-based policy when the key policy let the caller's account
 *    (or, across accounts, the caller) in for this action, else the resource-based one.
 * The root user needs no IAM policy on its own account's side (it has every IAM permission), so in
 * 3 and 4 an IAM allow is implied for it; the key policy still binds it.
 */
export function decideKms(input: KmsDecisionInput): Decision {
  const { request } = input;
  const caller = request.caller;
  const e = evaluateAll(request, input.keyPolicy, input.identityPolicies);
  const deny = explicitDeny(e);
  if (deny) return deny;

  const resourceAccount = input.resourceAccount ?? caller.account;
  const identityAllows = e.identityAllows;
  const isRoot = caller.kind === 'root';

  if (!input.keyPolicy) {
    if (isRoot && caller.account === resourceAccount) return allowed([], e.missing);
    if (identityAllows.length > 0) return allowed(identityAllows, e.missing);
    return withGrant(input, implicit('identity', e.missing));
  }

  const key = e.resource!;
  const iamSide = isRoot || identityAllows.length > 0;
  if (caller.account === resourceAccount) {
    if (key.allows.length > 0) return allowed(key.allows, e.missing);
    if (key.accountAllows.length > 0 && iamSide) return allowed([...key.accountAllows, ...identityAllows], e.missing);
    return withGrant(input, implicit(key.accountAllows.length > 0 ? 'identity' : 'resource', e.missing));
  }
  const keySide = [...key.allows, ...key.accountAllows];
  if (input.crossAccountAllowed && keySide.length > 0 && iamSide) return allowed([...keySide, ...identityAllows], e.missing);
  // Choice (AWS undocumented): for an operation that cannot be used across accounts, the key
  // policy's allow is "not effective", so the message names the resource-based policy.
  return withGrant(input, implicit(input.crossAccountAllowed && keySide.length > 0 ? 'identity' : 'resource', e.missing));
}

/** Step 5: a grant allows what the policies did not (never what they explicitly deny: step 1 ran first). */
function withGrant(input: KmsDecisionInput, denial: Decision): Decision {
  if (input.grantId === undefined) return denial;
  return { decision: 'allowed', matched: [], missingContextValues: denial.missingContextValues, grantId: input.grantId };
}

/**
 * IAM's decision for IAM and STS actions: an explicit Deny anywhere → explicitDeny; the root of
 * the resource account → allowed; with a trust policy (sts:AssumeRole) the trust policy must let
 * the caller in — directly (same account), or through its account together with an IAM allow —
 * else implicitDeny naming the resource-based policy; without one, an IAM allow → allowed, else
 * implicitDeny naming the identity-based policy.
 */
export function decideIdentity(input: IdentityDecisionInput): Decision {
  const { request } = input;
  const caller = request.caller;
  const e = evaluateAll(request, input.resourcePolicy, input.identityPolicies);
  const deny = explicitDeny(e);
  if (deny) return deny;
  if (caller.kind === 'root' && caller.account === input.resourceAccount) return allowed([], e.missing);
  const idAllows = e.identityAllows;
  if (!e.resource) return idAllows.length > 0 ? allowed(idAllows, e.missing) : implicit('identity', e.missing);
  // a trust policy is always required: an IAM allow alone does not let a caller assume a role
  const sameAccount = caller.account === input.resourceAccount;
  if (sameAccount && e.resource.allows.length > 0) return allowed(e.resource.allows, e.missing);
  const trusted = [...e.resource.allows, ...e.resource.accountAllows];
  if (trusted.length > 0 && idAllows.length > 0) return allowed([...trusted, ...idAllows], e.missing);
  return implicit(trusted.length > 0 ? 'identity' : 'resource', e.missing);
}
