// GetKeyPolicy, PutKeyPolicy, ListKeyPolicies: the default policy, exact storage, JSON and size
// checks, the lockout safety check and its bypass.
import { describe, expect, it } from 'vitest';
import { expectKmsError, makeEnv } from './helpers.js';

const allowRoot = (action = 'kms:*', principal: unknown = { AWS: 'arn:aws:iam::111122223333:root' }) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: action, Resource: '*' }] });

describe('key policies', () => {
  it('GetKeyPolicy returns the default policy and its name', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    const res = await env.run('GetKeyPolicy', { KeyId });
    expect(res.PolicyName).toBe('default');
    expect(JSON.parse(res.Policy as string)).toEqual({
      Version: '2012-10-17', Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
    });
    expect(await env.run('GetKeyPolicy', { KeyId, PolicyName: 'default' })).toEqual(res);
    await expectKmsError(env.run('GetKeyPolicy', { KeyId, PolicyName: 'other' }), 'NotFoundException', 'No such policy exists');
  });

  it('PutKeyPolicy stores the document exactly, whitespace included', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    const policy = `{ "Statement" : [ {"Effect":"Allow", "Principal":{"AWS":["arn:aws:iam::111122223333:root"]},\n "Action":["kms:Put*", "kms:Get*"], "Resource":"*"} ] }  `;
    expect(await env.run('PutKeyPolicy', { KeyId, Policy: policy })).toEqual({});
    expect((await env.run('GetKeyPolicy', { KeyId })).Policy).toBe(policy);
    for (const ok of [allowRoot('kms:PutKeyPolicy'), allowRoot('*', '*'), allowRoot('kms:*', { AWS: '111122223333' })]) {
      await env.run('PutKeyPolicy', { KeyId, Policy: ok });
    }
  });

  it('refuses malformed documents and oversize ones, leaving the old policy', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    const before = (await env.run('GetKeyPolicy', { KeyId })).Policy;
    await expectKmsError(env.run('PutKeyPolicy', { KeyId, Policy: 'not json' }), 'MalformedPolicyDocumentException', 'The policy is not a valid JSON document.');
    await expectKmsError(env.run('PutKeyPolicy', { KeyId, Policy: '[1]' }), 'MalformedPolicyDocumentException');
    await expectKmsError(env.run('PutKeyPolicy', { KeyId, Policy: '{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}' }),
      'MalformedPolicyDocumentException', 'Policy contains a statement with no principal.');
    // since August 2025 AWS refuses statements without Resource (they were accepted and ineffective)
    await expectKmsError(env.run('PutKeyPolicy', { KeyId, Policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*"}]}' }),
      'MalformedPolicyDocumentException', 'Policy contains a statement with no resource.');
    const big = JSON.stringify({ Statement: [{ Sid: 'x'.repeat(33000), Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }] });
    await expectKmsError(env.run('PutKeyPolicy', { KeyId, Policy: big }), 'LimitExceededException');
    expect((await env.run('GetKeyPolicy', { KeyId })).Policy).toBe(before);
  });

  it('the lockout safety check refuses a policy that would lock the account out, unless bypassed', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    const lockout = 'The new key policy will not allow you to update the key policy in the future.';
    const bad = [
      allowRoot('kms:Encrypt'),
      allowRoot('kms:*', { AWS: 'arn:aws:iam::999999999999:root' }),
      // a Resource other than "*" is not this key: the statement gives nothing
      JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: 'arn:aws:kms:us-east-1:111122223333:key/other' }] }),
      JSON.stringify({ Statement: [JSON.parse(allowRoot()).Statement[0], { Effect: 'Deny', Principal: '*', Action: 'kms:PutKeyPolicy', Resource: '*' }] }),
    ];
    for (const Policy of bad) await expectKmsError(env.run('PutKeyPolicy', { KeyId, Policy }), 'MalformedPolicyDocumentException', lockout);
    await env.run('PutKeyPolicy', { KeyId, Policy: bad[0], BypassPolicyLockoutSafetyCheck: true });
    // and now the account is locked out, as the check warned: even its root may only Encrypt
    await expectKmsError(env.run('GetKeyPolicy', { KeyId }), 'AccessDeniedException',
      `User: arn:aws:iam::111122223333:root is not authorized to perform: kms:GetKeyPolicy on resource: arn:aws:kms:us-east-1:111122223333:key/${KeyId} because no resource-based policy allows the kms:GetKeyPolicy action`);
    await env.run('Encrypt', { KeyId, Plaintext: new Uint8Array([1]) });
    expect((await env.runIn({ ...env.ctx, authorization: { mode: 'off' } }, 'GetKeyPolicy', { KeyId })).Policy).toBe(bad[0]);
    // CreateKey applies the same checks
    await expectKmsError(env.run('CreateKey', { Policy: bad[0] }), 'MalformedPolicyDocumentException', lockout);
    await env.run('CreateKey', { Policy: bad[0], BypassPolicyLockoutSafetyCheck: true });
  });

  it('ListKeyPolicies lists only default, in every key state', async () => {
    const env = makeEnv();
    const { KeyId } = await env.newKey();
    expect(await env.run('ListKeyPolicies', { KeyId })).toEqual({ PolicyNames: ['default'], Truncated: false });
    expect(await env.run('ListKeyPolicies', { KeyId, Limit: 1 })).toEqual({ PolicyNames: ['default'], Truncated: false });
    await env.run('ScheduleKeyDeletion', { KeyId });
    expect((await env.run('ListKeyPolicies', { KeyId })).PolicyNames).toEqual(['default']);
    await expectKmsError(env.run('ListKeyPolicies', { KeyId: 'alias/x' }), 'InvalidArnException', 'Key Aliases are not supported for this operation.');
  });
});
