// How long one decision takes with a 20-statement key policy and 5 identity policies (printed,
// not asserted: timings vary by machine).
import { describe, expect, it } from 'vitest';
import { decideKms } from '../../src/authz/index.js';
import type { SourcedPolicy } from '../../src/authz/types.js';
import { A, doc, KEY, request, user } from './support.js';

describe('speed', () => {
  it('a 20-statement key policy and 5 identity policies', () => {
    const statements = Array.from({ length: 19 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: i % 5 === 0 ? 'Deny' : 'Allow',
      Principal: { AWS: [`arn:aws:iam::${A}:role/R${i}`, `arn:aws:iam::${A}:user/u${i}`] },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:App': `app${i}` }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
    }));
    const keyPolicy: SourcedPolicy = { id: 'default', type: 'resource', document: doc([{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }, ...statements]) };
    const identity: SourcedPolicy[] = Array.from({ length: 5 }, (_, i) => ({
      id: `P${i}`,
      type: 'user',
      document: doc([
        { Effect: 'Allow', Action: ['kms:Describe*', 'kms:List*'], Resource: '*' },
        { Effect: 'Allow', Action: 'kms:Encrypt', Resource: `arn:aws:kms:*:${A}:key/*`, Condition: { StringLike: { 'kms:EncryptionContext:App': ['app*', '${aws:username}'] } } },
        { Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
      ]),
    }));
    const req = request(user(), 'kms:Encrypt', KEY, { 'kms:EncryptionContext:App': 'app3', 'aws:SourceIp': '10.1.2.3', 'aws:username': 'alice' });
    const input = { request: req, resourceAccount: A, keyPolicy, identityPolicies: identity, crossAccountAllowed: true };
    expect(decideKms(input).decision).toBe('allowed');
    const n = 2000;
    const start = performance.now();
    for (let i = 0; i < n; i++) decideKms(input);
    const each = (performance.now() - start) / n;
    console.log(`authz: decideKms with a 20-statement key policy and 5 identity policies: ${(each * 1000).toFixed(1)} µs per decision (${n} runs)`);
  });
});
