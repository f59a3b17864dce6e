// parsePolicy: the normalized form, the errors IAM and KMS raise on write, and the cache.
import { describe, expect, it } from 'vitest';
import { parsePolicy, PolicySyntaxError } from '../../src/authz/index.js';
import { doc } from './support.js';

function error(text: string, kind: 'resource' | 'identity' = 'resource'): string {
  try {
    parsePolicy(text, kind);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicySyntaxError);
    expect(err).toBeInstanceOf(Error);
    return (err as Error).message;
  }
  throw new Error('parsed');
}

const P = { AWS: 'arn:aws:iam::111122223333:root' };

describe('parsePolicy', () => {
  it('normalizes Statement, Action, Resource and Principal given as one value or a list', () => {
    const one = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: P, Action: 'kms:*', Resource: '*' } }), 'resource');
    const many = parsePolicy(doc([{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: [P.AWS, '444455556666'] }, Action: ['kms:Encrypt', 'kms:Decrypt'], NotResource: ['a', 'b'] }]), 'resource');
    expect(one.statements).toHaveLength(1);
    expect(one.statements[0]!.actions.patterns.map((m) => m.source)).toEqual(['kms:*']);
    expect(one.statements[0]!.principal!.spec.accounts).toEqual(new Set(['111122223333']));
    expect(many.statements[0]!.sid).toBe('Enable IAM User Permissions');
    expect(many.statements[0]!.actions.patterns).toHaveLength(2);
    expect(many.statements[0]!.resources).toMatchObject({ negated: true });
    expect(many.statements[0]!.principal!.spec.accounts).toEqual(new Set(['111122223333', '444455556666']));
  });
  it('the default key policy (KMS guide) parses', () => {
    const text = '{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1",\n  "Statement" : [ {\n    "Sid" : "Enable IAM User Permissions",\n    "Effect" : "Allow",\n    "Principal" : {\n      "AWS" : "arn:aws:iam::111122223333:root"\n    },\n    "Action" : "kms:*",\n    "Resource" : "*"\n  } ]\n}';
    expect(parsePolicy(text, 'resource').statements[0]).toMatchObject({ index: 0, effect: 'Allow', sid: 'Enable IAM User Permissions' });
  });
  it('caches by text: the same document compiles once', () => {
    const text = doc([{ Effect: 'Allow', Principal: '*', Action: 'kms:Encrypt', Resource: '*' }]);
    expect(parsePolicy(text, 'resource')).toBe(parsePolicy(text, 'resource'));
    // the kind is part of the key: the same text as an identity policy is another question
    expect(() => parsePolicy(text, 'identity')).toThrow(PolicySyntaxError);
  });

  const errors: [name: string, text: string, kind: 'resource' | 'identity', message: string][] = [
    ['not JSON', '{"Statement": [', 'resource', 'The policy is not a valid JSON document.'],
    ['JSON but not an object', '[1, 2]', 'resource', 'The policy is not a valid JSON document.'],
    ['null', 'null', 'identity', 'The policy is not a valid JSON document.'],
    ['a statement that is not an object', doc(['x']), 'resource', 'Policy contains a statement that is not a JSON object.'],
    ['no Effect', doc([{ Principal: P, Action: 'kms:*', Resource: '*' }]), 'resource', 'Policy statement is missing the required field Effect.'],
    ['Effect other than Allow/Deny', doc([{ Effect: 'allow', Principal: P, Action: 'kms:*', Resource: '*' }]), 'resource', 'Policy statement has an invalid Effect: "allow" (expected "Allow" or "Deny").'],
    ['both Action and NotAction', doc([{ Effect: 'Allow', Principal: P, Action: 'kms:*', NotAction: 'kms:Decrypt', Resource: '*' }]), 'resource', 'Policy statement must not contain both Action and NotAction.'],
    ['neither Action nor NotAction', doc([{ Effect: 'Allow', Principal: P, Resource: '*' }]), 'resource', 'Policy statement must contain actions.'],
    ['a resource policy statement with no principal', doc([{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }]), 'resource', 'Policy contains a statement with no principal.'],
    ['IAM: a Principal in an identity policy', doc([{ Effect: 'Allow', Principal: P, Action: 'kms:*', Resource: '*' }]), 'identity', 'Policy document should not specify a principal.'],
    ['a NotPrincipal in an identity policy', doc([{ Effect: 'Deny', NotPrincipal: P, Action: 'kms:*', Resource: '*' }]), 'identity', 'Policy document should not specify a principal.'],
    ['an unknown principal type', doc([{ Effect: 'Allow', Principal: { User: 'x' }, Action: 'kms:*', Resource: '*' }]), 'resource', 'Policy contains a statement with one or more invalid principals.'],
    ['an unknown condition operator', doc([{ Effect: 'Allow', Principal: P, Action: 'kms:*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'a' } } }]), 'resource', 'Policy contains an unknown condition operator: StringEqualz.'],
    ['NullIfExists (IfExists is not for Null)', doc([{ Effect: 'Allow', Principal: P, Action: 'kms:*', Resource: '*', Condition: { NullIfExists: { 'aws:username': 'true' } } }]), 'resource', 'Policy contains an unknown condition operator: NullIfExists.'],
    [
      'KMS: ForAllValues with kms:EncryptionContext:<k>',
      doc([{ Effect: 'Allow', Principal: P, Action: 'kms:Decrypt', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:AppName': 'App' } } }]),
      'resource',
      'OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.',
    ],
    [
      'KMS: ForAllValues with aws:RequestTag/<k>',
      doc([{ Effect: 'Allow', Principal: P, Action: 'kms:CreateKey', Resource: '*', Condition: { 'ForAllValues:StringLike': { 'aws:RequestTag/Env': '*' } } }]),
      'resource',
      'OverlyPermissiveCondition:RequestTag: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified tag or with an unspecified tag. To fix, remove ForAllValues.',
    ],
    ['a condition value that is an object', doc([{ Effect: 'Allow', Principal: P, Action: 'kms:*', Resource: '*', Condition: { StringEquals: { 'aws:username': { a: 1 } } } }]), 'resource', 'Policy statement has an invalid Condition element.'],
    ['an Action that is not a string', doc([{ Effect: 'Allow', Principal: P, Action: [1], Resource: '*' }]), 'resource', 'Policy statement has an invalid Action element.'],
  ];
  it.each(errors)('rejects %s', (_n, text, kind, message) => {
    expect(error(text, kind)).toBe(message);
  });
  it('ForAllValues with an encryption context key is accepted in an identity policy (IAM does not check it)', () => {
    const text = doc([{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:AppName': 'App' } } }]);
    expect(parsePolicy(text, 'identity').statements).toHaveLength(1);
  });
  it('every operator, with IfExists and both set qualifiers, parses', () => {
    const ops = ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike', 'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals', 'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals', 'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike'];
    const condition: Record<string, Record<string, string>> = { Null: { 'x:k': 'true' } };
    for (const op of ops) for (const prefix of ['', 'ForAnyValue:', 'ForAllValues:']) for (const suffix of ['', 'IfExists']) condition[`${prefix}${op}${suffix}`] = { 'x:k': '1' };
    const p = parsePolicy(doc([{ Effect: 'Allow', Action: '*', Resource: '*', Condition: condition }]), 'identity');
    expect(p.statements[0]!.conditions).toHaveLength(26 * 6 + 1);
  });
});
