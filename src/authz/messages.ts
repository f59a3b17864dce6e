// AccessDeniedException's text, as AWS writes it (IAM User Guide, "Troubleshooting access denied
// error messages"; the KMS texts quoted in research/authz.md §2.2). Imports only ./types.

import type { Decision } from './types.js';

/**
 * `User: <arn> is not authorized to perform: <action>[ on resource: <resource>] <reason>`.
 *
 * - `resource` undefined: a secondary permission (CreateKey's kms:TagResource), which AWS names
 *   without ` on resource: …`; `*` prints as `on resource: *`.
 * - No trailing period: five of the six KMS quotes in §2.2 (2023–2026, CLI and SDK output) end
 *   without one; only the 2021 EC2Cryptomatic quote has it.
 * - An explicit deny in an identity-based policy is not followed by `: <policy ARN>` (AWS's 2026
 *   addition for managed policies, unconfirmed for KMS).
 */
export function accessDeniedMessage(callerArn: string, action: string, resource: string | undefined, decision: Decision): string {
  if (decision.decision === 'allowed') throw new Error('accessDeniedMessage: the decision allows the request');
  const on = resource === undefined ? '' : ` on resource: ${resource}`;
  const policy = decision.deniedBy === 'resource' ? 'resource-based' : 'identity-based';
  const reason =
    decision.decision === 'explicitDeny'
      ? `with an explicit deny in ${policy === 'identity-based' ? 'an' : 'a'} ${policy} policy`
      : `because no ${policy} policy allows the ${action} action`;
  return `User: ${callerArn} is not authorized to perform: ${action}${on} ${reason}`;
}
