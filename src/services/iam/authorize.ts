// Authorization of IAM, STS and CloudFormation requests: the caller's identity policies for `iam:<Operation>`
// (the account's root may do everything in its account), and for sts:AssumeRole the role's trust
// policy as well. sts:GetCallerIdentity needs no permission (AWS: "No permissions are required").
// Runs inside the request's transaction, before the handler. Must not import operation handlers.

import { accessDeniedMessage, decideIdentity, describeDecision, PolicySyntaxError } from '../../authz/index.js';
import type { Caller, ContextValue, Decision, SourcedPolicy } from '../../authz/types.js';
import type { EngineContext } from '../../engine/context.js';
import { KmsError } from '../../errors.js';
import { callerOf, identityPoliciesOf, roleTrustPolicy } from './callers.js';
import { policyArn } from './managed-policies.js';
import { roleArn, userArn, type PrincipalRecord } from './principals.js';
import { roleRecordName, userRecordName } from './records.js';

type Req = Record<string, unknown>;

/** Operations that, without UserName, act on the calling user. */
const ON_SELF = new Set(['GetUser', 'CreateAccessKey', 'DeleteAccessKey', 'ListAccessKeys']);

/**
 * The resource an IAM operation acts on, as IAM's authorization names it: the user (with its
 * path, when stored), role or policy the request names; `*` for lists.
 */
async function iamResource(ctx: EngineContext, operation: string, req: Req, caller: Caller): Promise<string> {
  if (typeof req.PolicyArn === 'string') return req.PolicyArn;
  // "would alice be allowed?" is asked of alice: the permission is checked on the principal simulated
  if (operation === 'SimulatePrincipalPolicy' && typeof req.PolicySourceArn === 'string') return req.PolicySourceArn;
  const named = async (kind: 'user' | 'role', name: string) => {
    const stored = await ctx.store.get<PrincipalRecord>(kind === 'user' ? userRecordName(ctx.account, name) : roleRecordName(ctx.account, name));
    const path = stored?.path ?? (typeof req.Path === 'string' ? req.Path : '/');
    return (kind === 'user' ? userArn : roleArn)(ctx.partition, ctx.account, path, stored?.name ?? name);
  };
  if (typeof req.UserName === 'string') return named('user', req.UserName);
  if (typeof req.RoleName === 'string') return named('role', req.RoleName);
  if (ON_SELF.has(operation) && caller.kind === 'user') return caller.arn;
  if (operation === 'CreatePolicy' && typeof req.PolicyName === 'string') {
    return policyArn(ctx.partition, ctx.account, typeof req.Path === 'string' ? req.Path : '/', req.PolicyName);
  }
  return '*';
}

/** Decides and enforces one identity-service request per the `authorization` setting. */
async function enforce(ctx: EngineContext, action: string, resourceOf: (caller: Caller) => Promise<string> | string, resourcePolicy?: SourcedPolicy): Promise<void> {
  const settings = ctx.authorization;
  const mode = settings?.mode ?? 'enforce';
  if (mode === 'off') return;
  const caller = await callerOf(ctx);
  const resource = await resourceOf(caller);
  const identity = await identityPoliciesOf(ctx.store, caller);
  const now = ctx.clock.now();
  let decision: Decision;
  try {
    decision = decideIdentity({
      request: { caller, action, resource, context: new Map<string, ContextValue>([['aws:CurrentTime', now], ['aws:EpochTime', Math.floor(now.getTime() / 1000)], ['aws:RequestedRegion', ctx.region]]) },
      resourceAccount: ctx.account,
      identityPolicies: identity,
      resourcePolicy,
    });
  } catch (err) {
    if (!(err instanceof PolicySyntaxError)) throw err;
    throw new KmsError('MalformedPolicyDocument', `A policy of ${caller.arn} cannot be evaluated (${err.message}).`);
  }
  if (settings?.debug) settings.report?.(`authorization: ${caller.arn} ${action} on ${resource}: ${describeDecision(decision, 'trust policy')}`);
  if (decision.decision === 'allowed') return;
  // STS words AssumeRole's denial without a reason (AWS's text, seen in many reports)
  const message = action === 'sts:AssumeRole' ? `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource}` : accessDeniedMessage(caller.arn, action, resource, decision);
  if (mode === 'audit') {
    settings?.report?.(`authorization audit: would deny: ${message}`);
    return;
  }
  throw new KmsError('AccessDenied', message);
}

/** IAM: `iam:<Operation>` on the user, role or policy the request names. */
export function authorizeIamRequest(ctx: EngineContext, operation: string, req: Req): Promise<void> {
  return asQueryService(async () => {
    // the caller is known (and its secret checked) even with authorization off
    if (ctx.authorization?.mode === 'off') await callerOf(ctx);
    await enforce(ctx, `iam:${operation}`, (caller) => iamResource(ctx, operation, req, caller));
  });
}

/**
 * CloudFormation: `cloudformation:<Operation>` on the stack the request names
 * (`arn:…:stack/<name>/*`, as IAM policies name stacks), `*` when it names none. The KMS calls a
 * stack then makes are authorized one by one, as the same caller.
 */
export function authorizeCloudFormationRequest(ctx: EngineContext, operation: string, req: Req): Promise<void> {
  return asQueryService(async () => {
    if (ctx.authorization?.mode === 'off') await callerOf(ctx);
    await enforce(ctx, `cloudformation:${operation}`, () => stackResource(ctx, req.StackName));
  });
}

/**
 * A service whose calls name no resource (CloudTrail's LookupEvents, Cost Explorer's
 * GetCostAndUsage): `action` on `*`, in the caller's identity policies.
 */
export async function authorizeIdentityRequest(ctx: EngineContext, action: string): Promise<void> {
  if (ctx.authorization?.mode === 'off') await callerOf(ctx);
  await enforce(ctx, action, () => '*');
}

function stackResource(ctx: EngineContext, stackName: unknown): string {
  if (typeof stackName !== 'string') return '*';
  // a stack id names the stack by name and UUID; a name stands for any stack of that name
  const id = /^arn:[\w-]+:cloudformation:[\w-]+:\d{12}:stack\/([^/]+)\/[0-9a-f-]+$/.exec(stackName);
  return id ? stackName : `arn:${ctx.partition}:cloudformation:${ctx.region}:${ctx.account}:stack/${stackName}/*`;
}

/**
 * IAM and STS call a signature that does not match SignatureDoesNotMatch (KMS:
 * InvalidSignatureException), with the same text.
 */
async function asQueryService(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof KmsError && err.code === 'InvalidSignatureException') throw new KmsError('SignatureDoesNotMatch', err.message);
    throw err;
  }
}

/** STS: AssumeRole needs the role's trust policy (and, for a trust in the account, an IAM allow); GetCallerIdentity nothing. */
export function authorizeStsRequest(ctx: EngineContext, operation: string, req: Req): Promise<void> {
  return asQueryService(() => authorizeSts(ctx, operation, req));
}

async function authorizeSts(ctx: EngineContext, operation: string, req: Req): Promise<void> {
  // who calls is checked whatever the setting (the caller's secret, its session's expiry)
  const caller = await callerOf(ctx);
  if (operation === 'GetCallerIdentity') return;
  if (operation === 'AssumeRole' && ctx.authorization?.mode !== 'off' && caller.kind === 'root') {
    // AWS refuses the root user before it looks at the role (its text, as users quote it)
    const message = 'Roles may not be assumed by root accounts.';
    if (ctx.authorization?.mode !== 'audit') throw new KmsError('AccessDenied', message);
    ctx.authorization.report?.(`authorization audit: would deny: ${message}`);
    return;
  }
  if (operation === 'AssumeRole' && typeof req.RoleArn === 'string') {
    const trust = await roleTrustPolicy(ctx.store, req.RoleArn);
    // an unknown role: the handler answers AccessDenied itself
    if (!trust) return;
    await enforce(ctx, 'sts:AssumeRole', () => trust.id, trust);
    return;
  }
  await enforce(ctx, `sts:${operation}`, () => '*');
}
