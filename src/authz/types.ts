// The vocabulary of authorization, shared by the evaluator (this folder), the IAM and STS services
// (who the callers are, which identity policies they carry) and KMS (key policies, grants).
// Types only; imports nothing.

/** The principal a call runs as, as AWS builds it for the request context. */
export interface Caller {
  /**
   * What error messages and `sts get-caller-identity` name: `arn:aws:iam::A:root`,
   * `arn:aws:iam::A:user/PATH/NAME`, `arn:aws:sts::A:assumed-role/ROLE/SESSION`.
   */
  arn: string;
  /** 12 digits: the principal's own account (not necessarily the key's). */
  account: string;
  kind: 'root' | 'user' | 'assumed-role';
  /** aws:userid: the account for root, AIDA… for a user, `AROA…:SESSION` for a role session. */
  userId: string;
  /** aws:username: IAM users only. */
  userName?: string;
  /** aws:PrincipalArn for a role session: the role's ARN (arn:aws:iam::A:role/PATH/NAME). */
  roleArn?: string;
  /** aws:PrincipalTag/<k>. */
  tags?: Readonly<Record<string, string>>;
}

/** A value in the request context, as IAM's condition operators see it. */
export type ContextValue = string | boolean | number | Date | readonly string[];

/**
 * The request context: condition key → value. Keys are matched case-insensitively (look them up
 * through the evaluator's helpers, never with `[]`); `kms:EncryptionContext:<k>` keys are stored
 * with <k> as sent; a key that is absent is not in the map.
 */
export type RequestContext = ReadonlyMap<string, ContextValue>;

/** One authorization question: may `caller` perform `action` on `resource` with this context? */
export interface AuthRequest {
  caller: Caller;
  /** `kms:Encrypt`, `iam:CreateUser`, … */
  action: string;
  /** A key ARN, an alias ARN, a role ARN, or `*` for actions without a resource. */
  resource: string;
  context: RequestContext;
}

/** Where a policy came from, for MatchedStatements and --debug (simulate-principal-policy's words). */
export type PolicySourceType = 'resource' | 'user' | 'role' | 'group' | 'user-managed' | 'aws-managed';

/** A policy document and its provenance. */
export interface SourcedPolicy {
  /** The policy's id in MatchedStatements: `default` for a key policy, the inline policy's name, a managed policy's ARN. */
  id: string;
  type: PolicySourceType;
  /** The document as stored (JSON text). */
  document: string;
}

/** A statement that decided (or took part in deciding) a request. */
export interface MatchedStatement {
  sourcePolicyId: string;
  sourcePolicyType: PolicySourceType;
  /** The statement's Sid, when it has one. */
  sid?: string;
  /** 0-based position of the statement in the policy's Statement list. */
  index: number;
  effect: 'Allow' | 'Deny';
}

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** The answer, with enough detail for AccessDeniedException's text, --debug and simulate-principal-policy. */
export interface Decision {
  decision: EvalDecision;
  /**
   * For a denial, which kind of policy the message names: `resource` (no key policy statement
   * lets the caller or its account in, or the key policy denies) or `identity`.
   */
  deniedBy?: 'resource' | 'identity';
  /** The statements that allowed (an allow) or denied (an explicit deny). Empty for implicit denials. */
  matched: MatchedStatement[];
  /** Condition keys a statement tested that the context lacked (simulate-principal-policy's MissingContextValues). */
  missingContextValues: string[];
  /** For an allow that came from a grant: its id. */
  grantId?: string;
}
