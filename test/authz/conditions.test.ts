// Condition operators, IfExists, Null, ForAnyValue/ForAllValues, key-name case and the encryption
// context, each case an IAM-guide example or rule where one exists.
import { describe, expect, it } from 'vitest';
import type { ContextValue } from '../../src/authz/types.js';
import { conditionHolds } from './support.js';

type Row = [name: string, condition: unknown, context: Record<string, ContextValue>, holds: boolean];

const T = '2024-06-01T12:00:00Z';
const rows: Row[] = [
  // String
  ['StringEquals match', { StringEquals: { 'aws:username': 'alice' } }, { 'aws:username': 'alice' }, true],
  ['StringEquals is case-sensitive', { StringEquals: { 'aws:username': 'Alice' } }, { 'aws:username': 'alice' }, false],
  ['StringEquals: several values are ORed', { StringEquals: { 'kms:KeySpec': ['RSA_2048', 'SYMMETRIC_DEFAULT'] } }, { 'kms:KeySpec': 'SYMMETRIC_DEFAULT' }, true],
  ['StringNotEquals differs', { StringNotEquals: { 'aws:username': 'bob' } }, { 'aws:username': 'alice' }, true],
  ['StringNotEquals: several values are NORed', { StringNotEquals: { 'aws:username': ['bob', 'alice'] } }, { 'aws:username': 'alice' }, false],
  ['StringEqualsIgnoreCase', { StringEqualsIgnoreCase: { 'aws:username': 'ALICE' } }, { 'aws:username': 'alice' }, true],
  ['StringNotEqualsIgnoreCase', { StringNotEqualsIgnoreCase: { 'aws:username': 'ALICE' } }, { 'aws:username': 'alice' }, false],
  ['IAM guide: Condition operators, StringLike example (home/${aws:username}/*)', { StringLike: { 's3:prefix': ['', 'home/', 'home/${aws:username}/*'] } }, { 's3:prefix': 'home/alice/docs', 'aws:username': 'alice' }, true],
  ['StringLike ? is one character', { StringLike: { 'kms:KeySpec': 'RSA_?048' } }, { 'kms:KeySpec': 'RSA_2048' }, true],
  ['StringLike is case-sensitive', { StringLike: { 'kms:KeySpec': 'rsa_*' } }, { 'kms:KeySpec': 'RSA_2048' }, false],
  ['StringNotLike', { StringNotLike: { 'kms:KeySpec': 'RSA_*' } }, { 'kms:KeySpec': 'ECC_NIST_P256' }, true],
  ['StringEquals on a boolean context value', { StringEquals: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': false }, true],
  // Numeric
  ['NumericEquals', { NumericEquals: { 'kms:RotationPeriodInDays': '365' } }, { 'kms:RotationPeriodInDays': 365 }, true],
  ['NumericNotEquals', { NumericNotEquals: { 'kms:RotationPeriodInDays': '365' } }, { 'kms:RotationPeriodInDays': 90 }, true],
  ['KMS guide: kms:RotationPeriodInDays NumericLessThanEquals 180', { NumericLessThanEquals: { 'kms:RotationPeriodInDays': '180' } }, { 'kms:RotationPeriodInDays': 365 }, false],
  ['NumericLessThan', { NumericLessThan: { 'kms:ScheduleKeyDeletionPendingWindowInDays': 30 } }, { 'kms:ScheduleKeyDeletionPendingWindowInDays': 7 }, true],
  ['KMS guide: ScheduleKeyDeletionPendingWindowInDays NumericGreaterThanEquals 21', { NumericGreaterThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '21' } }, { 'kms:ScheduleKeyDeletionPendingWindowInDays': 7 }, false],
  ['NumericGreaterThan with a decimal', { NumericGreaterThan: { 'x:n': '1.5' } }, { 'x:n': '2' }, true],
  ['Numeric: a non-number never matches', { NumericEquals: { 'x:n': '1' } }, { 'x:n': 'one' }, false],
  // Date
  ['DateEquals ISO 8601', { DateEquals: { 'aws:CurrentTime': T } }, { 'aws:CurrentTime': new Date(T) }, true],
  ['DateNotEquals', { DateNotEquals: { 'aws:CurrentTime': T } }, { 'aws:CurrentTime': new Date('2024-06-02T00:00:00Z') }, true],
  ['IAM guide: DateLessThan aws:CurrentTime (before the deadline)', { DateLessThan: { 'aws:CurrentTime': '2024-12-31T23:59:59Z' } }, { 'aws:CurrentTime': new Date(T) }, true],
  ['DateLessThanEquals at the boundary', { DateLessThanEquals: { 'aws:CurrentTime': T } }, { 'aws:CurrentTime': new Date(T) }, true],
  ['DateGreaterThan with epoch seconds in the policy', { DateGreaterThan: { 'aws:CurrentTime': '1700000000' } }, { 'aws:CurrentTime': new Date(T) }, true],
  ['DateGreaterThanEquals against aws:EpochTime (a number)', { DateGreaterThanEquals: { 'aws:EpochTime': '2024-06-01T12:00:00Z' } }, { 'aws:EpochTime': Date.parse(T) / 1000 }, true],
  ['KMS guide: kms:ValidTo DateLessThan', { DateLessThan: { 'kms:ValidTo': '2024-01-01T00:00:00Z' } }, { 'kms:ValidTo': '2025-01-01T00:00:00Z' }, false],
  // Bool, Binary
  ['IAM guide: Bool aws:SecureTransport false', { Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': false }, true],
  ['Bool true vs false', { Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:SecureTransport': false }, false],
  ['Bool with a JSON boolean value', { Bool: { 'kms:MultiRegion': true } }, { 'kms:MultiRegion': true }, true],
  ['BinaryEquals', { BinaryEquals: { 'x:bin': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, { 'x:bin': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }, true],
  ['BinaryEquals differs', { BinaryEquals: { 'x:bin': 'AAAA' } }, { 'x:bin': 'AAAB' }, false],
  // IP
  ['IAM guide: IpAddress 203.0.113.0/24', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.9' }, true],
  ['IpAddress outside the block', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.114.1' }, false],
  ['IAM guide: IpAddress IPv6 2001:DB8:1234:5678::/64', { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }, true],
  ['IpAddress IPv6 outside', { IpAddress: { 'aws:SourceIp': '2001:DB8:1234:5678::/64' } }, { 'aws:SourceIp': '2001:db8:1234:5679::1' }, false],
  ['IpAddress a bare address', { IpAddress: { 'aws:SourceIp': '127.0.0.1' } }, { 'aws:SourceIp': '127.0.0.1' }, true],
  ['IpAddress IPv4-mapped IPv6 source', { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '::ffff:10.1.2.3' }, true],
  ['NotIpAddress', { NotIpAddress: { 'aws:SourceIp': ['192.0.2.0/24', '203.0.113.0/24'] } }, { 'aws:SourceIp': '198.51.100.1' }, true],
  ['NotIpAddress inside', { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } }, { 'aws:SourceIp': '192.0.2.7' }, false],
  // ARN
  ['ArnEquals', { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Ops' } }, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Ops' }, true],
  ['ArnEquals takes wildcards as ArnLike does', { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Ops' } }, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Ops' }, true],
  ['ArnLike: * stays within its segment', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } }, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Ops' }, false],
  ['SCP example: ArnLike aws:PrincipalArn arn:aws:iam::*:root', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } }, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:root' }, true],
  ['ArnLike: the resource part may hold colons and slashes', { ArnLike: { 'aws:SourceArn': 'arn:aws:logs:us-east-1:*:log-group:*' } }, { 'aws:SourceArn': 'arn:aws:logs:us-east-1:111122223333:log-group:app:*' }, true],
  ['ArnLike is case-sensitive', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ops' } }, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Ops' }, false],
  ['ArnNotEquals', { ArnNotEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Ops' } }, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/Dev' }, true],
  ['ArnNotLike', { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/Ops*' } }, { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/OpsAdmin' }, false],
  ['ArnLike: a value that is not an ARN never matches', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:root' } }, { 'aws:PrincipalArn': 'root' }, false],
  // several operators and keys are ANDed
  ['two keys under one operator: both must hold', { StringEquals: { 'aws:username': 'alice', 'kms:KeySpec': 'RSA_2048' } }, { 'aws:username': 'alice', 'kms:KeySpec': 'SYMMETRIC_DEFAULT' }, false],
  ['two operators: both must hold', { StringEquals: { 'aws:username': 'alice' }, Bool: { 'aws:SecureTransport': 'true' } }, { 'aws:username': 'alice', 'aws:SecureTransport': true }, true],
];

describe('condition operators', () => {
  it.each(rows)('%s', (_name, condition, context, holds) => {
    expect(conditionHolds(condition, context).holds).toBe(holds);
  });
});

// Every operator, with and without IfExists, on a context that lacks its key:
// "If the key … is not present … the condition is false"; negated operators → true; IfExists → true.
const OPS: [op: string, value: string, negated: boolean][] = [
  ['StringEquals', 'a', false], ['StringNotEquals', 'a', true], ['StringEqualsIgnoreCase', 'a', false], ['StringNotEqualsIgnoreCase', 'a', true],
  ['StringLike', 'a*', false], ['StringNotLike', 'a*', true], ['NumericEquals', '1', false], ['NumericNotEquals', '1', true],
  ['NumericLessThan', '1', false], ['NumericLessThanEquals', '1', false], ['NumericGreaterThan', '1', false], ['NumericGreaterThanEquals', '1', false],
  ['DateEquals', T, false], ['DateNotEquals', T, true], ['DateLessThan', T, false], ['DateLessThanEquals', T, false], ['DateGreaterThan', T, false], ['DateGreaterThanEquals', T, false],
  ['Bool', 'true', false], ['BinaryEquals', 'AAAA', false], ['IpAddress', '10.0.0.0/8', false], ['NotIpAddress', '10.0.0.0/8', true],
  ['ArnEquals', 'arn:aws:iam::*:root', false], ['ArnLike', 'arn:aws:iam::*:root', false], ['ArnNotEquals', 'arn:aws:iam::*:root', true], ['ArnNotLike', 'arn:aws:iam::*:root', true],
];

describe('a missing key, and IfExists', () => {
  expect(OPS).toHaveLength(26);
  it.each(OPS)('%s on a missing key', (op, value, negated) => {
    const r = conditionHolds({ [op]: { 'x:absent': value } }, {});
    expect(r.holds).toBe(negated);
    // positive operators record the key in missingContextValues
    expect(r.missing).toEqual(negated ? [] : ['x:absent']);
  });
  it.each(OPS)('%sIfExists on a missing key is true', (op, value) => {
    expect(conditionHolds({ [`${op}IfExists`]: { 'x:absent': value } }, {})).toEqual({ holds: true, missing: [] });
  });
  // IfExists on a present key: as the plain operator
  const present: [op: string, value: string, ctx: ContextValue, holds: boolean][] = [
    ['StringEquals', 'a', 'a', true], ['StringEquals', 'a', 'b', false], ['StringNotEquals', 'a', 'a', false], ['StringLike', 'a*', 'abc', true],
    ['NumericLessThan', '5', 3, true], ['NumericGreaterThan', '5', 3, false], ['DateGreaterThan', '2020-01-01T00:00:00Z', new Date(T), true],
    ['Bool', 'true', false, false], ['IpAddress', '10.0.0.0/8', '10.9.9.9', true], ['NotIpAddress', '10.0.0.0/8', '10.9.9.9', false],
    ['ArnLike', 'arn:aws:iam::*:root', 'arn:aws:iam::111122223333:root', true], ['ArnNotLike', 'arn:aws:iam::*:root', 'arn:aws:iam::111122223333:root', false],
    ['StringEqualsIgnoreCase', 'A', 'a', true], ['NumericEquals', '2', 3, false], ['DateEquals', T, new Date(T), true], ['BinaryEquals', 'AAAA', 'AAAA', true],
  ];
  it.each(present)('%sIfExists %s on a present value %s', (op, value, ctx, holds) => {
    expect(conditionHolds({ [`${op}IfExists`]: { 'x:k': value } }, { 'x:k': ctx }).holds).toBe(holds);
    expect(conditionHolds({ [op]: { 'x:k': value } }, { 'x:k': ctx }).holds).toBe(holds);
  });
  it('IAM guide: IfExists example (ec2:InstanceType StringLikeIfExists) holds when the key is absent and checks it when present', () => {
    const c = { StringLikeIfExists: { 'ec2:InstanceType': ['t1.*', 't2.*', 'm3.*'] } };
    expect(conditionHolds(c, {}).holds).toBe(true);
    expect(conditionHolds(c, { 'ec2:InstanceType': 't2.micro' }).holds).toBe(true);
    expect(conditionHolds(c, { 'ec2:InstanceType': 'c5.large' }).holds).toBe(false);
  });
});

describe('Null', () => {
  it.each<[string, string, Record<string, ContextValue>, boolean]>([
    ['KMS guide: Null kms:BypassPolicyLockoutSafetyCheck true, key absent', 'true', {}, true],
    ['Null true, key present', 'true', { 'x:k': 'v' }, false],
    ['IAM guide: Null false requires the key (aws:TokenIssueTime)', 'false', { 'x:k': 'v' }, true],
    ['Null false, key absent', 'false', {}, false],
    ['Null true on an empty set', 'true', { 'x:k': [] }, true],
  ])('%s', (_n, value, ctx, holds) => {
    const r = conditionHolds({ Null: { 'x:k': value } }, ctx);
    expect(r.holds).toBe(holds);
    expect(r.missing).toEqual([]);
  });
});

describe('ForAnyValue / ForAllValues', () => {
  const rowsSet: [name: string, op: string, policy: string[], ctx: ContextValue | undefined, holds: boolean][] = [
    ['IAM guide: ForAllValues:StringEquals aws:TagKeys, subset', 'ForAllValues:StringEquals', ['environment', 'cost-center'], ['environment'], true],
    ['ForAllValues:StringEquals, one value outside', 'ForAllValues:StringEquals', ['environment', 'cost-center'], ['environment', 'owner'], false],
    ['ForAllValues "also returns true if there are no context keys in the request"', 'ForAllValues:StringEquals', ['environment'], undefined, true],
    ['ForAllValues on an empty set', 'ForAllValues:StringEquals', ['environment'], [], true],
    ['IAM guide: ForAnyValue:StringEquals, one value matches', 'ForAnyValue:StringEquals', ['environment', 'cost-center'], ['owner', 'cost-center'], true],
    ['ForAnyValue:StringEquals, none matches', 'ForAnyValue:StringEquals', ['environment'], ['owner'], false],
    ['ForAnyValue on an absent key is false', 'ForAnyValue:StringEquals', ['environment'], undefined, false],
    ['ForAnyValue on an empty set is false', 'ForAnyValue:StringEquals', ['environment'], [], false],
    ['IAM guide: ForAllValues:StringNotLike aws:TagKeys key1*, key2:audit (matches)', 'ForAllValues:StringNotLike', ['key1*'], ['key2:audit'], true],
    ['IAM guide: ForAllValues:StringNotLike key1*, key1:legal (no match)', 'ForAllValues:StringNotLike', ['key1*'], ['key1:legal'], false],
    ['IAM guide: ForAllValues:StringNotLike key1*, key absent (matches)', 'ForAllValues:StringNotLike', ['key1*'], undefined, true],
    ['ForAllValues:StringNotLike, mixed set', 'ForAllValues:StringNotLike', ['key1*'], ['key1:hr', 'key2:x'], false],
    ['ForAnyValue:StringNotEquals: one value outside the list', 'ForAnyValue:StringNotEquals', ['a', 'b'], ['a', 'c'], true],
    ['ForAnyValue:StringNotEquals: all values listed', 'ForAnyValue:StringNotEquals', ['a', 'b'], ['a', 'b'], false],
    ['ForAnyValue:StringNotEquals on an absent key is false', 'ForAnyValue:StringNotEquals', ['a'], undefined, false],
    ['KMS guide: ForAllValues:StringEquals kms:GrantOperations (bare names)', 'ForAllValues:StringEquals', ['Encrypt', 'Decrypt'], ['Decrypt'], true],
    ['kms:GrantOperations: a kms:-prefixed value never matches', 'ForAllValues:StringEquals', ['kms:Decrypt'], ['Decrypt'], false],
    ['KMS guide: ForAnyValue:StringLike kms:ResourceAliases alias/finance*', 'ForAnyValue:StringLike', ['alias/finance*'], ['alias/app', 'alias/finance-key'], true],
    ['ForAnyValue:StringEqualsIfExists on an absent key is true', 'ForAnyValue:StringEqualsIfExists', ['a'], undefined, true],
    ['ForAnyValue on a single-valued context value', 'ForAnyValue:StringEquals', ['a'], 'a', true],
  ];
  it.each(rowsSet)('%s', (_n, op, policy, ctx, holds) => {
    expect(conditionHolds({ [op]: { 'aws:TagKeys': policy } }, ctx === undefined ? {} : { 'aws:TagKeys': ctx }).holds).toBe(holds);
  });
  it('a multivalued value without a qualifier: positive = any value matches; negated = no value matches', () => {
    expect(conditionHolds({ StringEquals: { 'x:k': 'b' } }, { 'x:k': ['a', 'b'] }).holds).toBe(true);
    expect(conditionHolds({ StringNotEquals: { 'x:k': 'b' } }, { 'x:k': ['a', 'b'] }).holds).toBe(false);
    expect(conditionHolds({ StringNotEquals: { 'x:k': 'c' } }, { 'x:k': ['a', 'b'] }).holds).toBe(true);
  });
});

describe('condition key names and the encryption context', () => {
  it('condition key names are case-insensitive, both ways', () => {
    expect(conditionHolds({ StringEquals: { 'AWS:USERNAME': 'alice' } }, { 'aws:username': 'alice' }).holds).toBe(true);
    expect(conditionHolds({ StringEquals: { 'kms:keyspec': 'RSA_2048' } }, { 'kms:KeySpec': 'RSA_2048' }).holds).toBe(true);
  });
  it('KMS guide: kms:EncryptionContext:<k> — the key part is case-insensitive', () => {
    const c = { StringEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp' } };
    expect(conditionHolds(c, { 'kms:EncryptionContext:appname': 'ExampleApp' }).holds).toBe(true);
    expect(conditionHolds(c, { 'kms:EncryptionContext:APPNAME': 'ExampleApp' }).holds).toBe(true);
  });
  it('KMS guide: kms:EncryptionContext value is compared as the operator says', () => {
    const ctx = { 'kms:EncryptionContext:AppName': 'exampleapp' };
    expect(conditionHolds({ StringEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp' } }, ctx).holds).toBe(false);
    expect(conditionHolds({ StringEqualsIgnoreCase: { 'kms:EncryptionContext:AppName': 'ExampleApp' } }, ctx).holds).toBe(true);
  });
  it('KMS guide: StringNotEquals on an absent encryption context key is true (a Deny would fire)', () => {
    expect(conditionHolds({ StringNotEquals: { 'kms:EncryptionContext:AppName': 'ExampleApp' } }, {}).holds).toBe(true);
  });
  it('an encryption context holding one key in two cases: the condition sees both values', () => {
    const ctx = { 'kms:EncryptionContext:Dept': 'IT', 'kms:EncryptionContext:dept': 'HR' };
    expect(conditionHolds({ StringEquals: { 'kms:EncryptionContext:DEPT': 'HR' } }, ctx).holds).toBe(true);
  });
  it('KMS guide: Null kms:EncryptionContextKeys false requires an encryption context', () => {
    expect(conditionHolds({ Null: { 'kms:EncryptionContextKeys': 'false' } }, {}).holds).toBe(false);
    expect(conditionHolds({ Null: { 'kms:EncryptionContextKeys': 'false' } }, { 'kms:EncryptionContextKeys': ['AppName'] }).holds).toBe(true);
  });
});
