// PolicySyntaxError: a policy document IAM or KMS would refuse to store, with a message fit to show
// the user (KMS wraps it in MalformedPolicyDocumentException). Imports nothing.

/** A policy document that does not parse as an IAM policy; `message` is the user-facing text. */
export class PolicySyntaxError extends Error {
  override readonly name = 'PolicySyntaxError';
}

// The texts this layer raises. Where AWS's own wording is unconfirmed the constant says so.
export const NOT_JSON = 'The policy is not a valid JSON document.';
export const NO_PRINCIPAL = 'Policy contains a statement with no principal.';
/** IAM's text for a Principal in an identity policy. */
export const PRINCIPAL_IN_IDENTITY = 'Policy document should not specify a principal.';
/** KMS's text for a principal it cannot read (MalformedPolicyDocumentException). */
export const INVALID_PRINCIPAL = 'Policy contains a statement with one or more invalid principals.';
/** IAM's text for a statement with neither Action nor NotAction. */
export const NO_ACTIONS = 'Policy statement must contain actions.';
// unconfirmed wordings
export const BOTH_ACTIONS = 'Policy statement must not contain both Action and NotAction.';
export const BOTH_RESOURCES = 'Policy statement must not contain both Resource and NotResource.';
export const BOTH_PRINCIPALS = 'Policy statement must not contain both Principal and NotPrincipal.';
export const NOT_A_STATEMENT = 'Policy contains a statement that is not a JSON object.';

/** authz.md §3.3: KMS rejects ForAllValues with kms:EncryptionContext:<k> (text as AWS documents it). */
export const FOR_ALL_VALUES_EC =
  'OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.';
/** The same rule for aws:RequestTag/<k>; AWS's wording for tags is unconfirmed (modelled on the EC text). */
export const FOR_ALL_VALUES_TAG =
  'OverlyPermissiveCondition:RequestTag: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified tag or with an unspecified tag. To fix, remove ForAllValues.';

export function missingEffect(): string {
  return 'Policy statement is missing the required field Effect.';
}
export function invalidEffect(effect: unknown): string {
  return `Policy statement has an invalid Effect: ${JSON.stringify(effect)} (expected "Allow" or "Deny").`;
}
export function unknownOperator(op: string): string {
  return `Policy contains an unknown condition operator: ${op}.`;
}
export function invalidElement(element: string): string {
  return `Policy statement has an invalid ${element} element.`;
}
