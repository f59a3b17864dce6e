// validateInput: AWS's ValidationException texts for the model's rules (required, length, range,
// enum, pattern, nested paths) and SerializationException for values of the wrong type.
import { describe, expect, it } from 'vitest';
import { validateInput } from '../../src/api/validate.js';
import { KmsError } from '../../src/errors.js';
import { model } from '../../src/services/kms/model/index.js';

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';

/** The KmsError validateInput throws, or undefined when the request passes. */
function outcome(op: string, request: Record<string, unknown>): { code: string; message: string } | undefined {
  try {
    validateInput(model, op, request);
    return undefined;
  } catch (err) {
    if (!(err instanceof KmsError)) throw err;
    return { code: err.code, message: err.message };
  }
}

function validation(op: string, request: Record<string, unknown>): string {
  const out = outcome(op, request);
  expect(out?.code).toBe('ValidationException');
  return out!.message;
}

// Messages recorded against real AWS KMS by LocalStack's KMS test suite (localstack/localstack,
// Apache-2.0: Copyright (c) 2017+ LocalStack contributors, Copyright (c) 2016 Atlassian Pty Ltd;
// see /work/shared/aws-recorded). Copied here as test data under that licence.
describe('messages recorded from AWS', () => {
  it('GenerateRandom NumberOfBytes is 1..1024', () => {
    expect(validation('GenerateRandom', { NumberOfBytes: 0 })).toBe(
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(validation('GenerateRandom', { NumberOfBytes: 1025 })).toBe(
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
  });

  it('Encrypt Plaintext is at most 4096 bytes, and sensitive values are not shown', () => {
    expect(validation('Encrypt', { KeyId: KEY, Plaintext: new Uint8Array(4097) })).toBe(
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
  });

  it('enums: MacAlgorithm in the recorded order, KeyAgreementAlgorithm', () => {
    const mac = "1 validation error detected: Value 'INVALID' at 'macAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [HMAC_SHA_384, HMAC_SHA_256, HMAC_SHA_224, HMAC_SHA_512]";
    expect(validation('GenerateMac', { KeyId: KEY, Message: new Uint8Array(3), MacAlgorithm: 'INVALID' })).toBe(mac);
    expect(
      validation('VerifyMac', { KeyId: KEY, Message: new Uint8Array(3), Mac: new Uint8Array(32), MacAlgorithm: 'INVALID' }),
    ).toBe(mac);
    expect(
      validation('DeriveSharedSecret', { KeyId: KEY, KeyAgreementAlgorithm: 'INVALID', PublicKey: new Uint8Array(91) }),
    ).toBe(
      "1 validation error detected: Value 'INVALID' at 'keyAgreementAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ECDH]",
    );
  });

  it('enums whose recorded set is older than the model: same wording, values in model order', () => {
    // Recorded with 12 KeySpecs and 3 KeyUsages, in AWS's hash order; the model has more now.
    const spec = validation('CreateKey', { KeySpec: 'HMAC_random', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(spec).toMatch(
      /^1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: \[RSA_2048, .*\]$/,
    );
    for (const v of ['ECC_NIST_P384', 'HMAC_384', 'ECC_SECG_P256K1', 'SYMMETRIC_DEFAULT', 'HMAC_512']) expect(spec).toContain(v);
    expect(validation('CreateKey', { KeyUsage: 'RANDOM' })).toBe(
      "1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT, GENERATE_VERIFY_MAC, KEY_AGREEMENT]",
    );
  });

  it('tags: list items are <list>.<1-based index>.member.<member>', () => {
    expect(validation('CreateKey', { Tags: [{ TagKey: 'a'.repeat(129), TagValue: 'x' }] })).toBe(
      `1 validation error detected: Value '${'a'.repeat(129)}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
    expect(validation('TagResource', { KeyId: KEY, Tags: [{ TagKey: 'k', TagValue: 'v'.repeat(257) }] })).toBe(
      `1 validation error detected: Value '${'v'.repeat(257)}' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
  });
});

describe('rules of the model', () => {
  it('accepts valid requests, including members the model does not require', () => {
    expect(outcome('Encrypt', { KeyId: KEY, Plaintext: new Uint8Array(4096), EncryptionContext: { a: 'b' } })).toBeUndefined();
    // GenerateRandom's NumberOfBytes is optional in the model: "NumberOfBytes is required." is the engine's.
    expect(outcome('GenerateRandom', {})).toBeUndefined();
    expect(outcome('ListKeys', { Limit: 1000, Marker: 'abc' })).toBeUndefined();
    expect(outcome('CreateKey', {})).toBeUndefined();
  });

  it('reports missing required members as null values', () => {
    expect(validation('DescribeKey', {})).toBe(
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
    );
    expect(validation('Encrypt', {})).toBe(
      "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; Value null at 'plaintext' failed to satisfy constraint: Member must not be null",
    );
    expect(validation('CreateKey', { Tags: [{ TagKey: 'k' }] })).toBe(
      "1 validation error detected: Value null at 'tags.1.member.tagValue' failed to satisfy constraint: Member must not be null",
    );
  });

  it('checks string, blob and list lengths and integer ranges', () => {
    expect(validation('DescribeKey', { KeyId: '' })).toBe(
      "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(validation('Encrypt', { KeyId: KEY, Plaintext: new Uint8Array(0) })).toContain(
      "Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(validation('Decrypt', { CiphertextBlob: new Uint8Array(6145) })).toBe(
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=6145 cap=6145]' at 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144",
    );
    const tokens = Array.from({ length: 11 }, (_, i) => `t${i}`);
    expect(validation('Encrypt', { KeyId: KEY, Plaintext: new Uint8Array(1), GrantTokens: tokens })).toBe(
      `1 validation error detected: Value '[${tokens.join(', ')}]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10`,
    );
    expect(validation('ListKeys', { Limit: 1001 })).toBe(
      "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
    );
    expect(validation('ScheduleKeyDeletion', { KeyId: KEY, PendingWindowInDays: 0 })).toContain(
      "Value '0' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('checks items of a list of strings at <list>.<n>.member', () => {
    expect(validation('Encrypt', { KeyId: KEY, Plaintext: new Uint8Array(1), GrantTokens: ['ok', ''] })).toBe(
      "1 validation error detected: Value '' at 'grantTokens.2.member' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('checks patterns against the whole value, showing the model pattern', () => {
    expect(validation('CreateAlias', { AliasName: 'alias/bad name', TargetKeyId: KEY })).toBe(
      "1 validation error detected: Value 'alias/bad name' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    );
    expect(validation('GetKeyPolicy', { KeyId: KEY, PolicyName: 'de-fault' })).toContain(
      "at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+",
    );
    expect(outcome('GetKeyPolicy', { KeyId: KEY, PolicyName: 'default' })).toBeUndefined();
  });

  it('reports every broken rule, joined by "; ", in member order', () => {
    const msg = validation('ReEncrypt', {
      CiphertextBlob: new Uint8Array(1),
      DestinationKeyId: '',
      DestinationEncryptionAlgorithm: 'AES',
    });
    expect(msg).toBe(
      "2 validation errors detected: Value '' at 'destinationKeyId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value 'AES' at 'destinationEncryptionAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1, RSAES_OAEP_SHA_256, SM2PKE]",
    );
  });

  it('checks nested structures and leaves sensitive strings out', () => {
    const msg = validation('CreateCustomKeyStore', {
      CustomKeyStoreName: 'x',
      XksProxyAuthenticationCredential: { AccessKeyId: 'ABCDE', RawSecretAccessKey: 'short' },
    });
    expect(msg).toMatch(/^2 validation errors detected: /);
    expect(msg).toContain("Value at 'xksProxyAuthenticationCredential.accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 20");
    expect(msg).toContain("Value at 'xksProxyAuthenticationCredential.rawSecretAccessKey' failed to satisfy constraint: Member must have length greater than or equal to 43");
  });
});

describe('wrong types and unknown members', () => {
  it('ignores members the model does not have', () => {
    expect(outcome('DescribeKey', { KeyId: KEY, Bogus: 1 })).toBeUndefined();
  });

  it('answers a value of the wrong type with SerializationException before any constraint', () => {
    expect(outcome('GenerateRandom', { NumberOfBytes: '32' })).toEqual({
      code: 'SerializationException',
      message: 'class java.lang.String can not be converted to an Integer',
    });
    expect(outcome('DescribeKey', { KeyId: 5 })?.code).toBe('SerializationException');
    expect(outcome('Encrypt', { KeyId: KEY, Plaintext: 'text' })?.code).toBe('SerializationException');
    expect(outcome('Encrypt', { KeyId: '', Plaintext: new Uint8Array(1), EncryptionContext: { a: 1 } })?.code).toBe(
      'SerializationException',
    );
    expect(outcome('CreateKey', { Tags: { TagKey: 'a' } })).toEqual({
      code: 'SerializationException',
      message: 'Start of structure or map found where not expected.',
    });
    expect(outcome('DescribeKey', { KeyId: [KEY] })?.message).toBe('Start of list found where not expected');
  });

  it('rejects an operation the model does not have', () => {
    expect(outcome('NoSuchOperation', {})?.code).toBe('UnknownOperationException');
  });
});
