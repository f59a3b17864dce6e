// Key policy documents: the name rule (only `default`), the 32 KB quota, JSON validation with AWS's
// MalformedPolicyDocumentException texts, and the lockout safety check. Policies are stored exactly as
// given; access/authorize.ts evaluates them. Must not import operation handlers or the CLI.

import { rootArn } from '../../../api/arn.js';
import { parsePolicy, PolicySyntaxError } from '../../../authz/index.js';
import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { policyLetsCallerUpdate } from '../access/lockout.js';

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

/**
 * CreateKey/PutKeyPolicy/ReplicateKey: the policy must be at most 32 KB and a policy document
 * whose statements each name a principal (src/authz parses it as IAM does), and (unless the
 * lockout check is bypassed) must let the caller call PutKeyPolicy again, as a real evaluation of
 * the caller's request under the new policy and its IAM policies decides. Returns the policy unchanged.
 */
export async function checkPolicy(ctx: EngineContext, keyArn: string, policy: string, bypass: boolean): Promise<string> {
  // PutKeyPolicy: "If the key policy exceeds the length constraint, KMS returns a LimitExceededException"
  if (Buffer.byteLength(policy, 'utf8') > POLICY_MAX_BYTES) {
    throw new KmsError('LimitExceededException', `The key policy exceeds the maximum size of ${POLICY_MAX_BYTES} bytes.`);
  }
  try {
    // Since 2025-08-18 AWS refuses key policy statements without Resource (AWS Health notice;
    // kms's wording, AWS's is unconfirmed). Statements without Action are refused by the parser.
    if (parsePolicy(policy, 'resource').statements.some((st) => st.resources === undefined)) throw malformed('Policy contains a statement with no resource.');
  } catch (err) {
    if (err instanceof PolicySyntaxError) throw malformed(err.message);
    throw err;
  }
  if (bypass) return policy;
  // The lockout safety check (real AWS text, quoted by many users)
  if (!(await policyLetsCallerUpdate(ctx, keyArn, policy))) throw malformed('The new key policy will not allow you to update the key policy in the future.');
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
