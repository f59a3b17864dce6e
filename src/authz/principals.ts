// The Principal and NotPrincipal elements: parsed once, and matched against the caller at the level
// KMS cares about — the caller itself (direct) or only its account (the account principal, which
// lets IAM policies delegate). IAM User Guide, "AWS JSON policy elements: Principal/NotPrincipal".
// Imports src/api/arn, ./policy-error, ./types.

import { parseArn } from '../api/arn.js';
import * as E from './policy-error.js';
import type { Caller } from './types.js';

export interface PrincipalSpec {
  /** `"*"` or `{"AWS": "*"}`: everyone. */
  any: boolean;
  /** Account principals: `arn:aws:iam::A:root` or `A` ("a 12-digit id is the account's root"). */
  accounts: ReadonlySet<string>;
  /** Other AWS principals, exactly as written: users, roles, role sessions, unique ids. */
  arns: ReadonlySet<string>;
}

/** How a statement's principal names the caller. */
export type PrincipalLevel = 'direct' | 'account';

const ACCOUNT_ID = /^\d{12}$/;
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

/** Parses a Principal/NotPrincipal value; Service, Federated and CanonicalUser principals are kept out (they never name an IAM caller). */
export function parsePrincipal(raw: unknown): PrincipalSpec {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  if (raw === '*') return { any: true, accounts, arns };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new E.PolicySyntaxError(E.INVALID_PRINCIPAL);
  let any = false;
  for (const [type, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(type)) throw new E.PolicySyntaxError(E.INVALID_PRINCIPAL);
    const list = asList(value);
    if (list.length === 0 || list.some((p) => typeof p !== 'string')) throw new E.PolicySyntaxError(E.INVALID_PRINCIPAL);
    if (type !== 'AWS') continue;
    for (const p of list as string[]) {
      if (p === '*') any = true;
      else if (ACCOUNT_ID.test(p)) accounts.add(p);
      else {
        const arn = parseArn(p);
        if (arn && arn.service === 'iam' && arn.resource === 'root') accounts.add(arn.account);
        else arns.add(p);
      }
    }
  }
  return { any, accounts, arns };
}

/** Whether the spec names the caller itself: its ARN, a role session's role, its unique id, or everyone. */
function namesCaller(spec: PrincipalSpec, caller: Caller): boolean {
  if (spec.any || spec.arns.has(caller.arn) || spec.arns.has(caller.userId)) return true;
  return caller.roleArn !== undefined && spec.arns.has(caller.roleArn);
}

/**
 * Principal: `direct` when the statement names the caller (or `*`); `account` when it names only
 * the caller's account — except that the account's root is the account principal itself, so for
 * the root that is `direct`.
 */
export function principalLevel(spec: PrincipalSpec, caller: Caller): PrincipalLevel | undefined {
  if (namesCaller(spec, caller)) return 'direct';
  if (spec.accounts.has(caller.account)) return caller.kind === 'root' ? 'direct' : 'account';
  return undefined;
}

/**
 * NotPrincipal: whether the caller is exempt. The IAM guide: "you must also specify the account ARN
 * of the principal that you don't want to deny. Otherwise, the policy might deny access to the
 * entire account"; AWS checks "first the account, then the role, and then the assumed-role user".
 * So the caller is exempt only when its account is listed AND (it is the root, or it or — for a
 * role session — its role is listed); a listed account alone exempts only the root.
 */
export function notPrincipalExempts(spec: PrincipalSpec, caller: Caller): boolean {
  if (spec.any) return true;
  if (!spec.accounts.has(caller.account)) return false;
  return caller.kind === 'root' || namesCaller(spec, caller);
}
