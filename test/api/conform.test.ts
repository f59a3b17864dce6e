// conformOutput: output members in the model's order, recursively, undefined members dropped,
// unknown members refused (a handler's bug fails a test rather than vanish), values (Uint8Array,
// Date) passed through untouched.
import { describe, expect, it } from 'vitest';
import { conformOutput, UnknownResponseMemberError } from '../../src/api/conform.js';
import { model, shape } from '../../src/services/kms/model/index.js';
import type { StructureShape } from '../../src/api/types.js';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('conformOutput', () => {
  it('orders top-level members as the model does and keeps values as they are', () => {
    const blob = new Uint8Array([1, 2, 3]);
    const out = conformOutput(model, 'Encrypt', { EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyId: ARN, CiphertextBlob: blob });
    expect(Object.keys(out)).toEqual(['CiphertextBlob', 'KeyId', 'EncryptionAlgorithm']);
    expect(out.CiphertextBlob).toBe(blob);
  });

  it('drops undefined members', () => {
    const out = conformOutput(model, 'Decrypt', { Plaintext: undefined, KeyId: ARN, Internal: undefined });
    expect(out).toEqual({ KeyId: ARN });
    expect(Object.keys(out)).toEqual(['KeyId']);
  });

  it('refuses a member the model does not know, at any depth, naming it', () => {
    const unknown = (op: string, response: Record<string, unknown>) => {
      try {
        conformOutput(model, op, response);
      } catch (err) {
        expect(err).toBeInstanceOf(UnknownResponseMemberError);
        return (err as UnknownResponseMemberError).member;
      }
      return undefined;
    };
    expect(unknown('Decrypt', { KeyId: ARN, Internal: 'x' })).toBe('Internal');
    // a misspelt member, as a handler might write it
    expect(unknown('Encrypt', { KeyId: ARN, CipherTextBlob: new Uint8Array(1) })).toBe('CipherTextBlob');
    expect(unknown('DescribeKey', { KeyMetadata: { KeyId: 'k', Arn: ARN, KeyStat: 'Enabled' } })).toBe('KeyStat');
    expect(unknown('ListGrants', { Grants: [{ KeyId: ARN, GrantID: 'g' }], Truncated: false })).toBe('GrantID');
    expect(unknown('DeleteAlias', { anything: 1 })).toBe('anything');
  });

  it('orders nested structures, and keeps Dates', () => {
    const created = new Date(0);
    const out = conformOutput(model, 'DescribeKey', {
      KeyMetadata: {
        KeyState: 'Enabled',
        Arn: ARN,
        KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        CreationDate: created,
        Description: undefined,
        MultiRegionConfiguration: {
          ReplicaKeys: [{ Region: 'eu-west-1', Arn: ARN }],
          PrimaryKey: { Region: 'us-east-1', Arn: ARN },
          MultiRegionKeyType: 'PRIMARY',
        },
      },
    });
    const meta = out.KeyMetadata as Record<string, unknown>;
    const order = Object.keys((shape('KeyMetadata') as StructureShape).members);
    expect(Object.keys(meta)).toEqual(order.filter((k) => k in meta));
    expect(Object.keys(meta)).toEqual(['KeyId', 'Arn', 'CreationDate', 'KeyState', 'MultiRegionConfiguration']);
    expect(meta.CreationDate).toBe(created);
    const mrc = meta.MultiRegionConfiguration as Record<string, unknown>;
    expect(Object.keys(mrc)).toEqual(['MultiRegionKeyType', 'PrimaryKey', 'ReplicaKeys']);
    expect(Object.keys(mrc.PrimaryKey as object)).toEqual(['Arn', 'Region']);
    expect(Object.keys((mrc.ReplicaKeys as object[])[0]!)).toEqual(['Arn', 'Region']);
  });

  it('orders structures inside lists and map values inside them', () => {
    const out = conformOutput(model, 'ListGrants', {
      Truncated: false,
      Grants: [
        {
          Operations: ['Decrypt'],
          Constraints: { EncryptionContextEquals: { b: '2', a: '1' }, EncryptionContextSubset: undefined },
          GrantId: 'g1',
          KeyId: ARN,
        },
      ],
    });
    expect(Object.keys(out)).toEqual(['Grants', 'Truncated']);
    const grant = (out.Grants as Record<string, unknown>[])[0]!;
    expect(Object.keys(grant)).toEqual(['KeyId', 'GrantId', 'Operations', 'Constraints']);
    // Map entries keep their own order; only undefined members go.
    expect(grant.Constraints).toEqual({ EncryptionContextEquals: { b: '2', a: '1' } });
    expect(Object.keys((grant.Constraints as { EncryptionContextEquals: object }).EncryptionContextEquals)).toEqual(['b', 'a']);
  });

  it('returns a new object and leaves the response alone', () => {
    const response = { KeyId: ARN, Signature: new Uint8Array(2), SigningAlgorithm: 'ECDSA_SHA_256' };
    const copy = { ...response };
    const out = conformOutput(model, 'Sign', response);
    expect(out).not.toBe(response);
    expect(response).toEqual(copy);
  });

  it('answers {} for operations without output and throws on unknown operations', () => {
    expect(model.operations.DeleteAlias?.output).toBeUndefined();
    expect(conformOutput(model, 'DeleteAlias', {})).toEqual({});
    expect(() => conformOutput(model, 'NoSuchOperation', {})).toThrow(/unknown operation/);
  });
});
