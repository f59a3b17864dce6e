// What `kms iam simulate-principal-policy` answers for a `kms:` action: the decision a real KMS call
// would get, from the same pieces authorize.ts puts together for one — the key's policy (or the
// ResourcePolicy the simulation gives instead), the principal's identity policies, the operation's
// cross-account rule (actions.ts), a grant of the key naming the principal, and the request context
// callerContext/addKeyContext/addRequestContext build, with the simulation's ContextEntries over it.
// Loaded by IAM's SimulatePrincipalPolicy handler with a dynamic import (the one place services/iam
// reaches into services/kms; test/architecture.test.ts names the exception). Must not import
// operation handlers or the CLI.

import { parseArn } from '../../../api/arn.js';
import { decideKms, evaluatePolicy, parsePolicy, PolicySyntaxError } from '../../../authz/index.js';
import type { AuthRequest, Caller, ContextValue, Decision, EvalDecision, SourcedPolicy } from '../../../authz/types.js';
import type { EngineContext } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import type { GrantRecord } from '../grants/grants.js';
import { parseKmsArn, type KmsArn, type KeyRecord } from '../keys/key-record.js';
import { findKey } from '../keys/resolve.js';
import { grantKeyPrefix } from '../records.js';
import { OPERATION_ACCESS } from './actions.js';
import { aliasesOf, decideCheck, namesCaller } from './authorize.js';
import { addKeyContext, addRequestContext, callerContext } from './request-context.js';

export interface KmsSimulation {
  decision: Decision;
  /**
   * EvalDecisionDetails, for actions decided on a key: how each part of KMS's decision came out —
   * `IAM Policy` (the principal's identity policies; allowed for the key account's root, which
   * needs none), `Key Policy` (allowed when it lets the principal or its account in), and
   * `Grant <GrantId>` (allowed) when a grant made the decision, or `Key Not Found` (implicitDeny)
   * when the keyring holds no such key. Undefined for actions IAM policies alone decide.
   */
  details?: Record<string, EvalDecision>;
  /** The resource policy evaluated (the key policy, or the ResourcePolicy given instead), for MatchedStatements' positions. */
  resourcePolicy?: SourcedPolicy;
}

export interface KmsSimulationOptions {
  /** A key policy to evaluate instead of the key's own (SimulatePrincipalPolicy's ResourcePolicy). */
  resourcePolicy?: string;
  /** The account of a resource whose ARN names none (`*`); default: the keyring's account, as authorize.ts uses for `*`. */
  resourceOwner?: string;
}

/** SourcePolicyId of the ResourcePolicy the simulation gives. */
export const RESOURCE_POLICY_ID = 'ResourcePolicy';

interface ActionAccess {
  /** The KMS operation whose check this action is; undefined for an action no operation checks. */
  operation?: string;
  /** Checked on the operation's key (else on `*`: IAM policies alone decide). */
  onKey: boolean;
  crossAccount: boolean;
  grantOperation?: string;
  /** ReEncrypt's side: kms:ReEncryptTo sees the destination's context. */
  side: 'from' | 'to';
}

/** The operation an IAM action belongs to (actions.ts's table read backwards; ReEncryptFrom/To are ReEncrypt's two checks). */
function accessOf(action: string): ActionAccess {
  const lower = action.toLowerCase();
  if (lower === 'kms:reencryptfrom' || lower === 'kms:reencryptto') {
    const to = lower === 'kms:reencryptto';
    return { operation: 'ReEncrypt', onKey: true, crossAccount: true, grantOperation: to ? 'ReEncryptTo' : 'ReEncryptFrom', side: to ? 'to' : 'from' };
  }
  for (const [operation, a] of Object.entries(OPERATION_ACCESS)) {
    if (a.action.toLowerCase() === lower) return { operation, onKey: a.resource === 'key', crossAccount: a.crossAccount, grantOperation: a.grantOperation, side: 'from' };
  }
  // Choice: an action no KMS operation checks (a typo, a future action) is answered as a key
  // action without grants and without cross-account use — what the policies say, nothing more.
  return { onKey: true, crossAccount: false, side: 'from' };
}

/** The key a key ARN names, when this keyring holds it in that ARN's region and account. */
async function heldKey(ctx: EngineContext, arn: KmsArn): Promise<KeyRecord | undefined> {
  if (arn.partition !== ctx.partition) return undefined;
  const key = await findKey({ ...ctx, region: arn.region }, arn.name);
  return key && key.AWSAccountId === arn.account ? key : undefined;
}

/** Sets `key` (replacing a key that differs only in case: the evaluator would see both values). */
function override(context: Map<string, ContextValue>, key: string, value: ContextValue): void {
  const lower = key.toLowerCase();
  for (const k of [...context.keys()]) if (k.toLowerCase() === lower) context.delete(k);
  context.set(key, value);
}

const EC_PREFIX = 'kms:encryptioncontext:';

/**
 * The encryption context the simulation's `kms:EncryptionContext:<k>` entries describe, for grant
 * constraints (single values only; a list value is no encryption context pair).
 */
function encryptionContextOf(given: ReadonlyMap<string, ContextValue>): Record<string, string> | undefined {
  const pairs = [...given].filter(([k, v]) => k.toLowerCase().startsWith(EC_PREFIX) && k.length > EC_PREFIX.length && typeof v === 'string');
  return pairs.length > 0 ? Object.fromEntries(pairs.map(([k, v]) => [k.slice(EC_PREFIX.length), v as string])) : undefined;
}

function valueOf(given: ReadonlyMap<string, ContextValue>, key: string): ContextValue | undefined {
  for (const [k, v] of given) if (k.toLowerCase() === key.toLowerCase()) return v;
  return undefined;
}

/**
 * The request a grant is checked against, rebuilt from the context: the encryption context for
 * the cryptographic operations, and for CreateGrant the child grant kms:GrantOperations and
 * kms:GrantConstraintType describe (no kms:GrantOperations: a child grant asking for nothing).
 */
function grantRequestOf(given: ReadonlyMap<string, ContextValue>): Record<string, unknown> {
  const ec = encryptionContextOf(given);
  const req: Record<string, unknown> = { EncryptionContext: ec, SourceEncryptionContext: ec, DestinationEncryptionContext: ec };
  const ops = valueOf(given, 'kms:GrantOperations');
  req.Operations = Array.isArray(ops) ? ops : typeof ops === 'string' ? [ops] : [];
  const type = valueOf(given, 'kms:GrantConstraintType');
  if (type === 'EncryptionContextEquals' || type === 'EncryptionContextSubset') req.Constraints = { [type]: ec ?? {} };
  return req;
}

/** What one kind of policy says on its own, for EvalDecisionDetails. */
function partOf(policies: readonly SourcedPolicy[], request: AuthRequest, kind: 'resource' | 'identity', implied: boolean): EvalDecision {
  let allows = implied;
  for (const p of policies) {
    const e = evaluatePolicy(p, request, kind);
    if (e.denies.length > 0) return 'explicitDeny';
    if (e.allows.length > 0 || e.accountAllows.length > 0) allows = true;
  }
  return allows ? 'allowed' : 'implicitDeny';
}

/** Parses a key policy before it is evaluated: one that cannot be read must not be skipped (it may hold a Deny). */
function checkKeyPolicy(policy: SourcedPolicy, resource: string): void {
  try {
    parsePolicy(policy.document, 'resource');
  } catch (err) {
    if (!(err instanceof PolicySyntaxError)) throw err;
    const which = policy.id === RESOURCE_POLICY_ID ? 'ResourcePolicy' : `The key policy of ${resource}`;
    throw new KmsError('PolicyEvaluation', `${which} cannot be evaluated (${err.message}).`);
  }
}

/**
 * The decision KMS would make if `caller` (whose identity policies are `identity`, already
 * parsed by the caller of this function) asked for `action` on `resourceArn`, with `given`
 * (the simulation's ContextEntries, converted) over the context a real call would carry:
 * the caller's keys (without this IAM call's own source address and transport), the operation's
 * defaults (kms:EncryptionAlgorithm SYMMETRIC_DEFAULT…, as a request without those parameters
 * gets; none for CreateGrant), the key's keys, and kms:EncryptionContextKeys from the kms:EncryptionContext:<k> entries
 * unless given.
 *
 * - A key action on a key ARN this keyring holds: key policy (or options.resourcePolicy instead),
 *   IAM, the cross-account rule, then a grant of the key naming the caller for the action's grant
 *   operation whose constraints hold for the entries' encryption context — decideCheck, as a call.
 * - A key action on a key ARN the keyring does not hold: with options.resourcePolicy, that policy
 *   as the key policy (no grants, no key keys: there is no key); without one, implicitDeny (a real
 *   call fails with NotFoundException), explicitDeny if an identity policy denies it anyway, and
 *   `Key Not Found` in the details.
 * - kms:RetireGrant on a key: a grant naming the caller as retiring principal (or as grantee, with
 *   RetireGrant among its operations) allows it; else IAM alone, as for the account ("not
 *   effective in a key policy").
 * - Anything else (an action without a key such as kms:CreateKey, or a resource that is `*` or an
 *   alias ARN): IAM policies alone, for the resource's account (the ARN's, else
 *   options.resourceOwner, else the keyring's).
 */
export async function simulateKmsAction(
  ctx: EngineContext,
  caller: Caller,
  identity: readonly SourcedPolicy[],
  action: string,
  resourceArn: string,
  given: ReadonlyMap<string, ContextValue>,
  options: KmsSimulationOptions = {},
): Promise<KmsSimulation> {
  const access = accessOf(action);
  const arn = parseKmsArn(resourceArn);
  // the simulated call's scope: the resource's region, and no transport facts of this IAM call
  const scope: EngineContext = { ...ctx, region: arn && arn.partition === ctx.partition ? arn.region : ctx.region, caller: undefined };
  const context = callerContext(scope, caller);
  // the defaults a request without those parameters gets; CreateGrant's keys are its parameters
  // themselves (no defaults: an empty kms:GrantOperations would match ForAllValues vacuously)
  if (access.operation !== undefined && access.operation !== 'CreateGrant') addRequestContext(context, access.operation, {}, access.side);
  const onKey = access.onKey && arn?.kind === 'key';
  const key = onKey ? await heldKey(ctx, arn) : undefined;
  if (key) addKeyContext(context, key, await aliasesOf(scope, key));
  for (const [k, v] of given) override(context, k, v);
  const ec = encryptionContextOf(given);
  if (ec && valueOf(given, 'kms:EncryptionContextKeys') === undefined) override(context, 'kms:EncryptionContextKeys', Object.keys(ec));
  const request: AuthRequest = { caller, action, resource: resourceArn, context };
  const resourceAccount = key?.AWSAccountId ?? (parseArn(resourceArn)?.account || options.resourceOwner || ctx.account);
  const iamPart = () => partOf(identity, request, 'identity', caller.kind === 'root' && caller.account === resourceAccount);

  if (access.operation === 'RetireGrant' && onKey) {
    if (key) {
      const grants = await ctx.store.list<GrantRecord>(grantKeyPrefix(key.Region, key.KeyId));
      const byGrant = grants.find(({ value: g }) => namesCaller(g.RetiringPrincipal, caller, ctx.partition) || (g.Operations.includes('RetireGrant') && namesCaller(g.GranteePrincipal, caller, ctx.partition)));
      if (byGrant) return { decision: { decision: 'allowed', matched: [], missingContextValues: [], grantId: byGrant.value.GrantId }, details: { [`Grant ${byGrant.value.GrantId}`]: 'allowed' } };
    }
    const decision = decideKms({ request, resourceAccount, identityPolicies: identity, crossAccountAllowed: false });
    return { decision, details: { 'IAM Policy': iamPart() } };
  }

  if (onKey) {
    const keyPolicy: SourcedPolicy | undefined =
      options.resourcePolicy !== undefined ? { id: RESOURCE_POLICY_ID, type: 'resource', document: options.resourcePolicy } : key && { id: key.PolicyName, type: 'resource', document: key.Policy };
    if (!keyPolicy) {
      // honest about what it cannot know: no key, no key policy, no grants; a real call fails
      const iamOnly = decideKms({ request, resourceAccount, identityPolicies: identity, crossAccountAllowed: false });
      const decision: Decision = iamOnly.decision === 'explicitDeny' ? iamOnly : { decision: 'implicitDeny', deniedBy: 'resource', matched: [], missingContextValues: iamOnly.missingContextValues };
      return { decision, details: { 'IAM Policy': iamPart(), 'Key Not Found': 'implicitDeny' } };
    }
    checkKeyPolicy(keyPolicy, resourceArn);
    let decision: Decision;
    if (key) {
      // the key as a call would see it, its policy replaced by the simulation's when one is given
      const simulated: KeyRecord = { ...key, Policy: keyPolicy.document, PolicyName: keyPolicy.id };
      const check = { action, resource: resourceArn, key: simulated, context, crossAccount: access.crossAccount, grantOperation: access.grantOperation };
      decision = await decideCheck(ctx, caller, identity, check, access.operation ?? '', grantRequestOf(given));
    } else {
      decision = decideKms({ request, resourceAccount, keyPolicy, identityPolicies: identity, crossAccountAllowed: access.crossAccount });
    }
    const details: Record<string, EvalDecision> = { 'IAM Policy': iamPart(), 'Key Policy': partOf([keyPolicy], request, 'resource', false) };
    if (decision.grantId !== undefined) details[`Grant ${decision.grantId}`] = 'allowed';
    return { decision, details, resourcePolicy: keyPolicy };
  }

  return { decision: decideKms({ request, resourceAccount, identityPolicies: identity, crossAccountAllowed: false }) };
}
