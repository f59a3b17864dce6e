// Policy documents for the authorization suites: the test account, a second account, their
// principals, and one-line builders of statements and documents.

export const A = '111122223333';
export const B = '444455556666';
export const ROOT = `arn:aws:iam::${A}:root`;
export const ALICE = `arn:aws:iam::${A}:user/alice`;

/** A policy document (Version 2012-10-17) of these statements. */
export const doc = (...Statement: object[]): string => JSON.stringify({ Version: '2012-10-17', Statement });
/** An identity-policy statement allowing `Action` on every resource, unless `extra` says otherwise. */
export const allow = (Action: string | string[], extra: object = {}): object => ({ Effect: 'Allow', Action, Resource: '*', ...extra });
export const deny = (Action: string | string[], extra: object = {}): object => ({ Effect: 'Deny', Action, Resource: '*', ...extra });
/** The default key policy's statement: the account may delegate every kms action through IAM. */
export const ACCOUNT_STATEMENT = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' };
