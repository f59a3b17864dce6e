// Key policy documents: the name rule (only `default`), the 32 KB quota, JSON validation with AWS's
// MalformedPolicyDocumentException texts, and the lockout safety check. Policies are stored exactly as
// given and are not evaluated. Must not import operation handlers or the CLI.

import { rootArn } from '../../../api/arn.js';
import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';

/** Quotas, "Key policy document size": 32 KB (32,768 bytes). */
export const POLICY_MAX_BYTES = 32768;

function malformed(message: string): KmsError {
  return new KmsError('MalformedPolicyDocumentException', message);
}

/** GetKeyPolicy/PutKeyPolicy: PolicyName defaults to `default`, the only policy a key has. */
export function checkPolicyName(name: string | undefined): void {
  if (name === undefined || name === 'default') return;
  // kms's wording (AWS's is unconfirmed; moto answers the same)
  throw new KmsError('NotFoundException', 'No such policy exists');
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** IAM wildcard match (`*`, `?`), case-insensitive as IAM compares actions. */
function wildcard(pattern: string, value: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(value);
}

/** Whether the statement's Principal names the caller: the account, its root, or everyone. */
function namesCaller(ctx: EngineContext, principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  const aws = asList((principal as Record<string, unknown>).AWS);
  const root = rootArn(ctx.partition, ctx.account);
  return aws.some((p) => p === '*' || p === root || p === ctx.account);
}

function coversPutKeyPolicy(st: Record<string, unknown>): boolean {
  if (st.Action !== undefined) return asList(st.Action).some((a) => typeof a === 'string' && wildcard(a, 'kms:PutKeyPolicy'));
  // NotAction: every action but those listed
  if (st.NotAction !== undefined) return !asList(st.NotAction).some((a) => typeof a === 'string' && wildcard(a, 'kms:PutKeyPolicy'));
  return false;
}

function coversKey(st: Record<string, unknown>, keyArn: string): boolean {
  return asList(st.Resource).some((r) => typeof r === 'string' && wildcard(r, keyArn));
}

/**
 * CreateKey/PutKeyPolicy: the policy must be a JSON object with statements that each name a
 * principal, at most 32 KB, and (unless the lockout check is bypassed) must let the caller
 * (the account's root: kms has no other callers yet) call PutKeyPolicy again. Returns the policy unchanged.
 */
export function checkPolicy(ctx: EngineContext, keyArn: string, policy: string, bypass: boolean): string {
  // PutKeyPolicy: "If the key policy exceeds the length constraint, KMS returns a LimitExceededException"
  if (Buffer.byteLength(policy, 'utf8') > POLICY_MAX_BYTES) {
    throw new KmsError('LimitExceededException', `The key policy exceeds the maximum size of ${POLICY_MAX_BYTES} bytes.`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    // AWS's wording for a document that is not JSON is unconfirmed
    throw malformed('The policy is not a valid JSON document.');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw malformed('The policy is not a valid JSON document.');
  const statements = asList((doc as Record<string, unknown>).Statement);
  for (const st of statements) {
    if (st === null || typeof st !== 'object' || Array.isArray(st)) throw malformed('The policy is not a valid JSON document.');
    const s = st as Record<string, unknown>;
    // PutKeyPolicy: "Each statement in the key policy must contain one or more principals"
    if (s.Principal === undefined && s.NotPrincipal === undefined) throw malformed('Policy contains a statement with no principal.');
  }
  if (bypass) return policy;
  const applies = (s: Record<string, unknown>): boolean => namesCaller(ctx, s.Principal) && coversPutKeyPolicy(s) && coversKey(s, keyArn);
  const list = statements as Record<string, unknown>[];
  const allowed = list.some((s) => s.Effect === 'Allow' && applies(s));
  const denied = list.some((s) => s.Effect === 'Deny' && applies(s) && s.Condition === undefined);
  // The lockout safety check (real AWS text, quoted by many users)
  if (!allowed || denied) throw malformed('The new key policy will not allow you to update the key policy in the future.');
  return policy;
}

/**
 * Developer guide, "Default key policy": a key created through the API without a policy gets one
 * statement giving the owning account (its root principal) every kms action. AWS returns it in this
 * layout from GetKeyPolicy.
 */
export function defaultKeyPolicy(ctx: EngineContext): string {
  return [
    '{',
    '  "Version" : "2012-10-17",',
    '  "Id" : "key-default-1",',
    '  "Statement" : [ {',
    '    "Sid" : "Enable IAM User Permissions",',
    '    "Effect" : "Allow",',
    '    "Principal" : {',
    `      "AWS" : "${rootArn(ctx.partition, ctx.account)}"`,
    '    },',
    '    "Action" : "kms:*",',
    '    "Resource" : "*"',
    '  } ]',
    '}',
  ].join('\n');
}
