// Policy documents as IAM keeps and returns them: checked to be a JSON policy on the way in
// (MalformedPolicyDocument), stored as given, and URL-encoded on the way out as AWS's IAM does in
// GetUserPolicy, GetRolePolicy and Role.AssumeRolePolicyDocument (the CLI decodes them again).

import { KmsError } from '../../errors.js';

/**
 * Throws MalformedPolicyDocument unless `document` is a JSON object with a Statement (an object or
 * a non-empty list of objects). AWS checks much more (grammar, actions, principals); kms's policy
 * evaluator reports what it cannot read when it evaluates.
 */
export function checkPolicyDocument(document: string, message = 'Syntax errors in policy.'): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(document);
  } catch {
    throw new KmsError('MalformedPolicyDocument', message);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new KmsError('MalformedPolicyDocument', message);
  const statement = (parsed as Record<string, unknown>).Statement;
  const statements = Array.isArray(statement) ? statement : [statement];
  if (statement === undefined || statements.length === 0 || statements.some((s) => typeof s !== 'object' || s === null || Array.isArray(s))) {
    throw new KmsError('MalformedPolicyDocument', message);
  }
}

/** The trust policy of a role: AWS's text for JSON it cannot parse differs from other policies'. */
export function checkTrustPolicy(document: string): void {
  checkPolicyDocument(document, 'This policy contains invalid Json');
}

/** A document as IAM's responses carry it: urlencode(json), which botocore's json_decode_policies undoes. */
export function encodePolicyDocument(document: string): string {
  return encodeURIComponent(document);
}
