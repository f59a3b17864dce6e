// AccessDeniedException texts and the --debug line.
import { describe, expect, it } from 'vitest';
import { accessDeniedMessage, describeDecision } from '../../src/authz/index.js';
import type { Decision } from '../../src/authz/types.js';

const implicit = (deniedBy: 'resource' | 'identity'): Decision => ({ decision: 'implicitDeny', deniedBy, matched: [], missingContextValues: [] });
const explicit = (deniedBy: 'resource' | 'identity'): Decision => ({ decision: 'explicitDeny', deniedBy, matched: [{ sourcePolicyId: 'default', sourcePolicyType: 'resource', index: 1, sid: 'Deny', effect: 'Deny' }], missingContextValues: [] });
const KEY = 'arn:aws:kms:us-east-1:193567999519:key/810965d7-0000-0000-0000-000000000000';

describe('accessDeniedMessage', () => {
  it.each<[string, string, string, string | undefined, Decision, string]>([
    ['trussworks/terraform-aws-s3-anti-virus#48: implicit, IAM side', 'arn:aws:sts::193567999519:assumed-role/lambda-alpha-amsterdam-clamav-scan/alpha-amsterdam-clamav-scan', 'kms:Decrypt', KEY, implicit('identity'),
      `User: arn:aws:sts::193567999519:assumed-role/lambda-alpha-amsterdam-clamav-scan/alpha-amsterdam-clamav-scan is not authorized to perform: kms:Decrypt on resource: ${KEY} because no identity-based policy allows the kms:Decrypt action`],
    ['4dn-dcic/tibanna#402: implicit, key policy side', 'arn:aws:sts::123456789012:assumed-role/tibanna_a_run_task_awsem/run_task_awsem_tibanna_a', 'kms:Decrypt', KEY, implicit('resource'),
      `User: arn:aws:sts::123456789012:assumed-role/tibanna_a_run_task_awsem/run_task_awsem_tibanna_a is not authorized to perform: kms:Decrypt on resource: ${KEY} because no resource-based policy allows the kms:Decrypt action`],
    ['aws/aws-nitro-enclaves-sdk-c#157: explicit, key policy', 'arn:aws:sts::123456789012:assumed-role/enclave_role/i-09654650371b8eff3', 'kms:Decrypt', KEY, explicit('resource'),
      `User: arn:aws:sts::123456789012:assumed-role/enclave_role/i-09654650371b8eff3 is not authorized to perform: kms:Decrypt on resource: ${KEY} with an explicit deny in a resource-based policy`],
    ['IAM guide: explicit, identity-based', 'arn:aws:iam::123456789012:user/alice', 'kms:Encrypt', KEY, explicit('identity'),
      `User: arn:aws:iam::123456789012:user/alice is not authorized to perform: kms:Encrypt on resource: ${KEY} with an explicit deny in an identity-based policy`],
    ['aws-ia/terraform-aws-control_tower_account_factory#569: an action on *', 'arn:aws:sts::123456789012:assumed-role/AWSAFTAdmin/AWSAFT-Session', 'kms:CreateKey', '*', implicit('identity'),
      'User: arn:aws:sts::123456789012:assumed-role/AWSAFTAdmin/AWSAFT-Session is not authorized to perform: kms:CreateKey on resource: * because no identity-based policy allows the kms:CreateKey action'],
    ['LeanerCloud/CUDly#1670: a secondary permission has no resource', 'arn:aws:sts::909626172446:assumed-role/cudly-terraform-deploy/GitHubActions', 'kms:TagResource', undefined, implicit('identity'),
      'User: arn:aws:sts::909626172446:assumed-role/cudly-terraform-deploy/GitHubActions is not authorized to perform: kms:TagResource because no identity-based policy allows the kms:TagResource action'],
  ])('%s', (_n, caller, action, resource, decision, text) => {
    expect(accessDeniedMessage(caller, action, resource, decision)).toBe(text);
  });
  it('refuses an allowed decision', () => {
    expect(() => accessDeniedMessage('arn:aws:iam::1:root', 'kms:Encrypt', '*', { decision: 'allowed', matched: [], missingContextValues: [] })).toThrow();
  });
});

describe('describeDecision', () => {
  it('names the allowing statements', () => {
    const d: Decision = {
      decision: 'allowed',
      matched: [
        { sourcePolicyId: 'default', sourcePolicyType: 'resource', sid: 'Enable IAM User Permissions', index: 0, effect: 'Allow' },
        { sourcePolicyId: 'X', sourcePolicyType: 'user', index: 1, effect: 'Allow' },
      ],
      missingContextValues: [],
    };
    expect(describeDecision(d)).toBe('allowed by key policy default statement 0 (Sid "Enable IAM User Permissions") and identity policy X statement 1');
  });
  it('grants, denials and missing keys', () => {
    expect(describeDecision({ decision: 'allowed', matched: [], missingContextValues: [], grantId: 'g1' })).toBe('allowed by grant g1');
    expect(describeDecision(explicit('resource'))).toBe('explicitly denied by key policy default statement 1 (Sid "Deny")');
    expect(describeDecision({ ...implicit('resource'), missingContextValues: ['kms:EncryptionContext:App'] })).toBe(
      'implicitly denied: no key policy statement allows the caller or its account; context lacked kms:EncryptionContext:App',
    );
    expect(describeDecision(implicit('identity'))).toBe('implicitly denied: no identity policy allows the action');
    expect(describeDecision(implicit('resource'), 'trust policy')).toBe('implicitly denied: no trust policy statement allows the caller or its account');
  });
});
