// The request context KMS builds for condition keys, operation by operation: each key against the
// operations it applies to (Developer Guide, "Condition keys for AWS KMS"), with the defaults AWS
// applies when a parameter is absent, plus the caller's and the key's keys.
import { describe, expect, it } from 'vitest';
import type { Caller, ContextValue } from '../../src/authz/types.js';
import type { EngineContext } from '../../src/engine/context.js';
import { OPERATION_ACCESS } from '../../src/services/kms/access/actions.js';
import { addKeyContext, addRequestContext, callerContext } from '../../src/services/kms/access/request-context.js';
import type { KeyRecord } from '../../src/services/kms/keys/key-record.js';

const contextOf = (operation: string, req: Record<string, unknown>, side: 'from' | 'to' = 'from') => {
  const c = new Map<string, ContextValue>();
  addRequestContext(c, operation, req, side);
  return Object.fromEntries(c);
};

const EC = { EncryptionContext: { App: 'billing', env: 'prod' } };
const EC_KEYS = { 'kms:EncryptionContext:App': 'billing', 'kms:EncryptionContext:env': 'prod', 'kms:EncryptionContextKeys': ['App', 'env'] };

/** [operation, request, the context it must produce] — every key the operation sets, nothing more. */
const CASES: [string, Record<string, unknown>, Record<string, ContextValue>][] = [
  ['Encrypt', {}, { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' }],
  ['Encrypt', { EncryptionAlgorithm: 'RSAES_OAEP_SHA_256', ...EC }, { 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_256', ...EC_KEYS }],
  ['Decrypt', EC, { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT', ...EC_KEYS }],
  ['GenerateDataKey', EC, { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT', ...EC_KEYS }],
  ['GenerateDataKeyWithoutPlaintext', {}, { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' }],
  ['GenerateDataKeyPair', { KeyPairSpec: 'ECC_NIST_P256', ...EC }, { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT', 'kms:DataKeyPairSpec': 'ECC_NIST_P256', ...EC_KEYS }],
  ['GenerateDataKeyPairWithoutPlaintext', { KeyPairSpec: 'RSA_2048' }, { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT', 'kms:DataKeyPairSpec': 'RSA_2048' }],
  ['Sign', { SigningAlgorithm: 'ECDSA_SHA_256' }, { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'RAW' }],
  ['Verify', { SigningAlgorithm: 'ECDSA_SHA_256', MessageType: 'DIGEST' }, { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' }],
  ['GenerateMac', { MacAlgorithm: 'HMAC_SHA_256' }, { 'kms:MacAlgorithm': 'HMAC_SHA_256' }],
  ['VerifyMac', { MacAlgorithm: 'HMAC_SHA_512' }, { 'kms:MacAlgorithm': 'HMAC_SHA_512' }],
  ['DeriveSharedSecret', { KeyAgreementAlgorithm: 'ECDH' }, { 'kms:KeyAgreementAlgorithm': 'ECDH' }],
  [
    'CreateGrant',
    { Operations: ['Decrypt', 'RetireGrant'], GranteePrincipal: 'arn:aws:iam::111122223333:role/app', RetiringPrincipal: 'arn:aws:iam::111122223333:root', Constraints: { EncryptionContextSubset: { App: 'billing' } } },
    {
      'kms:GrantOperations': ['Decrypt', 'RetireGrant'],
      'kms:GranteePrincipal': 'arn:aws:iam::111122223333:role/app',
      'kms:RetiringPrincipal': 'arn:aws:iam::111122223333:root',
      'kms:GrantConstraintType': 'EncryptionContextSubset',
      'kms:EncryptionContext:App': 'billing',
      'kms:EncryptionContextKeys': ['App'],
    },
  ],
  ['CreateGrant', { Operations: ['Encrypt'], GranteePrincipal: 'p', Constraints: { EncryptionContextEquals: { a: 'b' } } }, { 'kms:GrantOperations': ['Encrypt'], 'kms:GranteePrincipal': 'p', 'kms:GrantConstraintType': 'EncryptionContextEquals', 'kms:EncryptionContext:a': 'b', 'kms:EncryptionContextKeys': ['a'] }],
  ['CreateKey', {}, { 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT', 'kms:KeyOrigin': 'AWS_KMS', 'kms:MultiRegion': false }],
  [
    'CreateKey',
    { KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY', Origin: 'EXTERNAL', MultiRegion: true, BypassPolicyLockoutSafetyCheck: false, Tags: [{ TagKey: 'team', TagValue: 'red' }] },
    { 'kms:KeySpec': 'ECC_NIST_P384', 'kms:KeyUsage': 'SIGN_VERIFY', 'kms:KeyOrigin': 'EXTERNAL', 'kms:MultiRegion': true, 'kms:MultiRegionKeyType': 'PRIMARY', 'kms:BypassPolicyLockoutSafetyCheck': false, 'aws:RequestTag/team': 'red', 'aws:TagKeys': ['team'] },
  ],
  // the deprecated CustomerMasterKeySpec counts as KeySpec
  ['CreateKey', { CustomerMasterKeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }, { 'kms:KeySpec': 'RSA_2048', 'kms:KeyUsage': 'ENCRYPT_DECRYPT', 'kms:KeyOrigin': 'AWS_KMS', 'kms:MultiRegion': false }],
  ['PutKeyPolicy', { BypassPolicyLockoutSafetyCheck: true }, { 'kms:BypassPolicyLockoutSafetyCheck': true }],
  ['PutKeyPolicy', {}, {}],
  ['TagResource', { Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'b', TagValue: '2' }] }, { 'aws:RequestTag/a': '1', 'aws:RequestTag/b': '2', 'aws:TagKeys': ['a', 'b'] }],
  ['UntagResource', { TagKeys: ['a'] }, { 'aws:TagKeys': ['a'] }],
  ['EnableKeyRotation', {}, { 'kms:RotationPeriodInDays': 365 }],
  ['EnableKeyRotation', { RotationPeriodInDays: 90 }, { 'kms:RotationPeriodInDays': 90 }],
  ['ScheduleKeyDeletion', {}, { 'kms:ScheduleKeyDeletionPendingWindowInDays': 30 }],
  ['ScheduleKeyDeletion', { PendingWindowInDays: 7 }, { 'kms:ScheduleKeyDeletionPendingWindowInDays': 7 }],
  ['ImportKeyMaterial', { ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: new Date('2027-01-01T00:00:00Z') }, { 'kms:ExpirationModel': 'KEY_MATERIAL_EXPIRES', 'kms:ValidTo': new Date('2027-01-01T00:00:00Z') }],
  ['GetParametersForImport', { WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' }, { 'kms:WrappingAlgorithm': 'RSAES_OAEP_SHA_256', 'kms:WrappingKeySpec': 'RSA_4096' }],
  ['ReplicateKey', { ReplicaRegion: 'eu-west-1' }, { 'kms:ReplicaRegion': 'eu-west-1' }],
  ['UpdatePrimaryRegion', { PrimaryRegion: 'eu-west-1' }, { 'kms:PrimaryRegion': 'eu-west-1' }],
  ['DescribeKey', {}, {}],
  ['ListGrants', {}, {}],
];

describe('the request context, operation by operation', () => {
  it.each(CASES)('%s %j', (operation, req, want) => {
    expect(contextOf(operation, req)).toEqual(want);
  });

  it('ReEncrypt: the source check sees the source context and algorithm, the destination check its own', () => {
    const req = { SourceEncryptionContext: { a: '1' }, DestinationEncryptionContext: { b: '2' }, DestinationEncryptionAlgorithm: 'RSAES_OAEP_SHA_1' };
    expect(contextOf('ReEncrypt', req, 'from')).toEqual({ 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT', 'kms:EncryptionContext:a': '1', 'kms:EncryptionContextKeys': ['a'] });
    expect(contextOf('ReEncrypt', req, 'to')).toEqual({ 'kms:EncryptionAlgorithm': 'RSAES_OAEP_SHA_1', 'kms:EncryptionContext:b': '2', 'kms:EncryptionContextKeys': ['b'] });
  });

  it('covers every operation of the action table', () => {
    const named = new Set([...CASES.map(([op]) => op), 'ReEncrypt']);
    // operations whose only keys are the caller's and the key's
    const none = ['CancelKeyDeletion', 'ConnectCustomKeyStore', 'CreateAlias', 'CreateCustomKeyStore', 'DeleteAlias', 'DeleteCustomKeyStore', 'DeleteImportedKeyMaterial', 'DescribeCustomKeyStores', 'DisableKey', 'DisableKeyRotation', 'DisconnectCustomKeyStore', 'EnableKey', 'GenerateRandom', 'GetKeyLastUsage', 'GetKeyPolicy', 'GetKeyRotationStatus', 'GetPublicKey', 'ListAliases', 'ListKeyPolicies', 'ListKeyRotations', 'ListKeys', 'ListResourceTags', 'ListRetirableGrants', 'RetireGrant', 'RevokeGrant', 'RotateKeyOnDemand', 'UpdateAlias', 'UpdateCustomKeyStore', 'UpdateKeyDescription'];
    for (const op of none) expect(contextOf(op, { KeyId: 'k', AliasName: 'alias/x' }), op).toEqual({});
    expect(Object.keys(OPERATION_ACCESS).filter((op) => !named.has(op) && !none.includes(op))).toEqual([]);
    expect(Object.keys(OPERATION_ACCESS)).toHaveLength(54);
  });
});

describe('the caller\'s and the key\'s keys', () => {
  const ctx = {
    region: 'eu-west-1',
    account: '111122223333',
    partition: 'aws',
    clock: { now: () => new Date('2026-12-03T10:00:00Z') },
    random: () => new Uint8Array(),
    caller: { accessKeyId: 'ASIAEXAMPLE', sourceIp: '10.1.2.3' },
  } as unknown as EngineContext;

  it('a role session: aws:PrincipalArn is its role, aws:userid its role id and session; time from the engine\'s clock', () => {
    const session: Caller = { arn: 'arn:aws:sts::444455556666:assumed-role/app/s1', account: '444455556666', kind: 'assumed-role', userId: 'AROAEXAMPLE:s1', roleArn: 'arn:aws:iam::444455556666:role/app', tags: { team: 'red' } };
    expect(Object.fromEntries(callerContext(ctx, session))).toEqual({
      'aws:PrincipalArn': 'arn:aws:iam::444455556666:role/app',
      'aws:PrincipalAccount': '444455556666',
      'aws:PrincipalType': 'AssumedRole',
      'aws:userid': 'AROAEXAMPLE:s1',
      'aws:PrincipalTag/team': 'red',
      'aws:CurrentTime': new Date('2026-12-03T10:00:00Z'),
      'aws:EpochTime': 1_796_292_000,
      'aws:RequestedRegion': 'eu-west-1',
      'aws:SourceIp': '10.1.2.3',
      'aws:SecureTransport': false,
      'kms:CallerAccount': '444455556666',
    });
  });

  it('kms:ViaService and aws:CalledVia only when the via_service setting names a service', () => {
    const user: Caller = { arn: 'arn:aws:iam::111122223333:user/alice', account: '111122223333', kind: 'user', userId: 'AIDAEXAMPLE', userName: 'alice' };
    const via = Object.fromEntries(callerContext({ ...ctx, authorization: { mode: 'enforce', viaService: 's3' } }, user));
    expect(via).toMatchObject({ 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'aws:username': 'alice', 'aws:PrincipalType': 'User', 'aws:CalledVia': ['s3.amazonaws.com'] });
    expect(Object.keys(Object.fromEntries(callerContext(ctx, user)))).not.toContain('kms:ViaService');
  });

  it('the key: spec, usage, origin, multi-Region type, tags and aliases', () => {
    const key = { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'AWS_KMS', MultiRegion: true, multiRegion: { type: 'REPLICA' }, Tags: [{ TagKey: 'env', TagValue: 'prod' }] } as unknown as KeyRecord;
    const c = new Map<string, ContextValue>();
    addKeyContext(c, key, ['alias/app']);
    expect(Object.fromEntries(c)).toEqual({
      'kms:KeySpec': 'HMAC_256',
      'kms:CustomerMasterKeySpec': 'HMAC_256',
      'kms:KeyUsage': 'GENERATE_VERIFY_MAC',
      'kms:CustomerMasterKeyUsage': 'GENERATE_VERIFY_MAC',
      'kms:KeyOrigin': 'AWS_KMS',
      'kms:MultiRegion': true,
      'kms:MultiRegionKeyType': 'REPLICA',
      'aws:ResourceTag/env': 'prod',
      'kms:ResourceAliases': ['alias/app'],
    });
  });
});
