// The names of the IAM and STS records in the store: one module, so that every name and prefix is
// written once (STS's sessions live here too: IAM's callers.ts reads them). IAM is global: names
// carry the account, never a region. Names of users, roles and policies are kept lower-cased, as
// IAM treats names that differ only in case as one. Imports nothing.

/** An IAM user (UserRecord, principals.ts), its inline policies, attachments and key ids inside. */
export const userRecordName = (account: string, userName: string): string => `iam/${account}/user/${userName.toLowerCase()}`;
export const userPrefix = (account: string): string => `iam/${account}/user/`;

/** An IAM role (RoleRecord, principals.ts), with its trust policy and inline policies inside. */
export const roleRecordName = (account: string, roleName: string): string => `iam/${account}/role/${roleName.toLowerCase()}`;
export const rolePrefix = (account: string): string => `iam/${account}/role/`;

/** A customer managed policy (ManagedPolicyRecord, managed-policies.ts); one name per account. */
export const policyRecordName = (account: string, policyName: string): string => `iam/${account}/policy/${policyName.toLowerCase()}`;
export const policyPrefix = (account: string): string => `iam/${account}/policy/`;

/** An access key a user was issued: `iam-access-key/<AKIA…>` (AccessKeyRecord, access-keys.ts). */
export const accessKeyRecordName = (accessKeyId: string): string => `iam-access-key/${accessKeyId}`;
export const ACCESS_KEY_PREFIX = 'iam-access-key/';

/** A role session STS issued: `sts-session/<ASIA…>` (SessionRecord, sessions.ts). */
export const sessionRecordName = (accessKeyId: string): string => `sts-session/${accessKeyId}`;
export const SESSION_PREFIX = 'sts-session/';
