// Which IAM actions each KMS operation needs, on what, and whether another account may be given
// them: one table, from the Service Authorization Reference and the KMS permissions reference
// (docs/authorization.md). Data only; imports nothing.

/** What an operation's permission is checked against. */
export type ResourceKind =
  /** the KMS key the request names (KeyId, or the key a ciphertext names) */
  | 'key'
  /** no resource: the action is allowed by IAM policies alone, on `*` */
  | '*';

export interface OperationAccess {
  /** The IAM action checked on the operation's key (or on `*`). */
  action: string;
  resource: ResourceKind;
  /** "Cross-account use: Yes" in the permissions reference. */
  crossAccount: boolean;
  /** An operation a grant may allow (the grant's Operations name it); undefined: no grant allows it. */
  grantOperation?: string;
}

const key = (action: string, crossAccount = false, grantOperation?: string): OperationAccess => ({
  action: `kms:${action}`,
  resource: 'key',
  crossAccount,
  grantOperation,
});
const any = (action: string): OperationAccess => ({ action: `kms:${action}`, resource: '*', crossAccount: false });
/** A cryptographic operation: cross-account, and grantable under its own name. */
const use = (op: string): OperationAccess => key(op, true, op);

/**
 * Every KMS operation. Operations with more than one check (ReEncrypt, the alias operations,
 * CreateKey with tags, ReplicateKey, UpdatePrimaryRegion, RetireGrant) are completed by
 * authorize.ts, which names the extra checks next to the code that makes them.
 */
export const OPERATION_ACCESS: Readonly<Record<string, OperationAccess>> = {
  CancelKeyDeletion: key('CancelKeyDeletion'),
  ConnectCustomKeyStore: any('ConnectCustomKeyStore'),
  CreateAlias: key('CreateAlias'),
  CreateCustomKeyStore: any('CreateCustomKeyStore'),
  CreateGrant: key('CreateGrant', true, 'CreateGrant'),
  CreateKey: any('CreateKey'),
  Decrypt: use('Decrypt'),
  DeleteAlias: key('DeleteAlias'),
  DeleteCustomKeyStore: any('DeleteCustomKeyStore'),
  DeleteImportedKeyMaterial: key('DeleteImportedKeyMaterial'),
  DeriveSharedSecret: use('DeriveSharedSecret'),
  DescribeCustomKeyStores: any('DescribeCustomKeyStores'),
  DescribeKey: use('DescribeKey'),
  DisableKey: key('DisableKey'),
  DisableKeyRotation: key('DisableKeyRotation'),
  DisconnectCustomKeyStore: any('DisconnectCustomKeyStore'),
  EnableKey: key('EnableKey'),
  EnableKeyRotation: key('EnableKeyRotation'),
  Encrypt: use('Encrypt'),
  GenerateDataKey: use('GenerateDataKey'),
  GenerateDataKeyPair: use('GenerateDataKeyPair'),
  GenerateDataKeyPairWithoutPlaintext: use('GenerateDataKeyPairWithoutPlaintext'),
  GenerateDataKeyWithoutPlaintext: use('GenerateDataKeyWithoutPlaintext'),
  GenerateMac: use('GenerateMac'),
  GenerateRandom: any('GenerateRandom'),
  GetKeyLastUsage: key('GetKeyLastUsage'),
  GetKeyPolicy: key('GetKeyPolicy'),
  GetKeyRotationStatus: key('GetKeyRotationStatus', true),
  GetParametersForImport: key('GetParametersForImport'),
  GetPublicKey: use('GetPublicKey'),
  ImportKeyMaterial: key('ImportKeyMaterial'),
  ListAliases: any('ListAliases'),
  ListGrants: key('ListGrants', true),
  ListKeyPolicies: key('ListKeyPolicies'),
  ListKeyRotations: key('ListKeyRotations'),
  ListKeys: any('ListKeys'),
  ListResourceTags: key('ListResourceTags'),
  ListRetirableGrants: any('ListRetirableGrants'),
  PutKeyPolicy: key('PutKeyPolicy'),
  // the source key's check; the destination's kms:ReEncryptTo is authorize.ts's second check
  ReEncrypt: key('ReEncryptFrom', true, 'ReEncryptFrom'),
  ReplicateKey: key('ReplicateKey'),
  // authorized by the grant itself (its retiring principal, or its grantee when it lists RetireGrant)
  RetireGrant: key('RetireGrant', true, 'RetireGrant'),
  RevokeGrant: key('RevokeGrant', true),
  RotateKeyOnDemand: key('RotateKeyOnDemand'),
  ScheduleKeyDeletion: key('ScheduleKeyDeletion'),
  Sign: use('Sign'),
  TagResource: key('TagResource'),
  UntagResource: key('UntagResource'),
  UpdateAlias: key('UpdateAlias'),
  UpdateCustomKeyStore: any('UpdateCustomKeyStore'),
  UpdateKeyDescription: key('UpdateKeyDescription'),
  UpdatePrimaryRegion: key('UpdatePrimaryRegion'),
  Verify: use('Verify'),
  VerifyMac: use('VerifyMac'),
};
