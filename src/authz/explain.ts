// One line describing a decision, for `--debug` and audit output: which statements allowed or
// denied, or what was missing. Imports only ./types.

import type { Decision, MatchedStatement } from './types.js';

function statement(m: MatchedStatement, resourcePolicyName: string): string {
  const where = m.sourcePolicyType === 'resource' ? `${resourcePolicyName} ${m.sourcePolicyId}` : `identity policy ${m.sourcePolicyId}`;
  return `${where} statement ${m.index}${m.sid !== undefined && m.sid !== '' ? ` (Sid ${JSON.stringify(m.sid)})` : ''}`;
}

/**
 * `allowed by key policy default statement 0 (Sid "Enable IAM User Permissions") and identity
 * policy X statement 1`, `allowed by grant <id>`, `explicitly denied by …`, `implicitly denied: …`.
 * `resourcePolicyName` names the resource policy's kind (`key policy`, `trust policy`).
 */
export function describeDecision(decision: Decision, resourcePolicyName = 'key policy'): string {
  const list = (ms: readonly MatchedStatement[]) => ms.map((m) => statement(m, resourcePolicyName)).join(' and ');
  const missing = decision.missingContextValues.length > 0 ? `; context lacked ${decision.missingContextValues.join(', ')}` : '';
  switch (decision.decision) {
    case 'allowed':
      if (decision.grantId !== undefined) return `allowed by grant ${decision.grantId}${missing}`;
      return decision.matched.length > 0 ? `allowed by ${list(decision.matched)}${missing}` : `allowed: the account's root user${missing}`;
    case 'explicitDeny':
      return `explicitly denied by ${list(decision.matched)}${missing}`;
    case 'implicitDeny':
      return decision.deniedBy === 'resource'
        ? `implicitly denied: no ${resourcePolicyName} statement allows the caller or its account${missing}`
        : `implicitly denied: no identity policy allows the action${missing}`;
  }
}
