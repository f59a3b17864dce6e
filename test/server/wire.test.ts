// toWire/fromWire: blobs base64, timestamps epoch seconds with milliseconds, recursion through
// structures, lists and maps, unknown members ignored, wrong JSON types a SerializationException.
import { describe, expect, it } from 'vitest';
import { KmsError } from '../../src/errors.js';
import { fromWire, toWire } from '../../src/api/wire.js';
import { model } from '../../src/services/kms/model/index.js';

function serialization(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof KmsError && err.code === 'SerializationException') return err.message;
    throw err;
  }
  return 'no error';
}

describe('toWire', () => {
  it('encodes blobs as base64 and dates as epoch seconds with fractional milliseconds', () => {
    const wire = toWire(model, 'EncryptRequest', {
      KeyId: 'alias/a',
      Plaintext: new Uint8Array([0xfb, 0xff, 0x00]),
      EncryptionContext: { b: '2', a: '1' },
      GrantTokens: ['t1'],
      Unknown: 'dropped',
    });
    expect(wire).toEqual({ KeyId: 'alias/a', Plaintext: '+/8A', EncryptionContext: { b: '2', a: '1' }, GrantTokens: ['t1'] });
    const meta = toWire(model, 'DescribeKeyResponse', {
      KeyMetadata: { KeyId: 'k', CreationDate: new Date(1700000000123), Enabled: true, EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], DeletionDate: undefined },
    });
    expect(meta).toEqual({ KeyMetadata: { KeyId: 'k', CreationDate: 1700000000.123, Enabled: true, EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } });
    expect(JSON.stringify(meta)).toContain('"CreationDate":1700000000.123');
  });

  it('encodes a subarray view by its own bytes', () => {
    const buf = new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 3);
    expect(toWire(model, 'DecryptResponse', { Plaintext: buf })).toEqual({ Plaintext: 'AgM=' });
  });
});

describe('fromWire', () => {
  it('is the inverse of toWire', () => {
    const value = {
      KeyMetadata: {
        KeyId: 'k',
        Arn: 'arn:aws:kms:us-east-1:111122223333:key/k',
        CreationDate: new Date(1700000000123),
        Enabled: false,
        MultiRegionConfiguration: { MultiRegionKeyType: 'PRIMARY', ReplicaKeys: [{ Arn: 'a', Region: 'eu-west-1' }] },
      },
    };
    expect(fromWire(model, 'DescribeKeyResponse', toWire(model, 'DescribeKeyResponse', value))).toEqual(value);
    const sign = { KeyId: 'k', Message: new Uint8Array([9, 8, 7]), SigningAlgorithm: 'ECDSA_SHA_256', MessageType: 'RAW' };
    expect(fromWire(model, 'SignRequest', toWire(model, 'SignRequest', sign))).toEqual(sign);
  });

  it('ignores members the model does not know, and nulls', () => {
    expect(fromWire(model, 'ListKeysRequest', { Limit: 5, Future: { x: 1 }, Marker: null })).toEqual({ Limit: 5 });
  });

  it('answers a wrong JSON type with Coral-style SerializationException texts', () => {
    expect(serialization(() => fromWire(model, 'ListKeysRequest', { Limit: '5' }))).toBe('class java.lang.String can not be converted to an Integer');
    expect(serialization(() => fromWire(model, 'EncryptRequest', { KeyId: 5 }))).toBe(
      'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String',
    );
    expect(serialization(() => fromWire(model, 'EncryptRequest', { KeyId: 'k', Plaintext: true }))).toBe('class java.lang.Boolean can not be converted to an ByteBuffer');
    expect(serialization(() => fromWire(model, 'EncryptRequest', { GrantTokens: 'x' }))).toBe('class java.lang.String can not be converted to an List');
    expect(serialization(() => fromWire(model, 'EncryptRequest', { EncryptionContext: ['a'] }))).toBe('Start of list found where not expected');
    expect(serialization(() => fromWire(model, 'EncryptRequest', { KeyId: { a: 1 } }))).toBe('Start of structure or map found where not expected.');
    expect(serialization(() => fromWire(model, 'EncryptRequest', [1]))).toBe('Start of list found where not expected');
    expect(serialization(() => fromWire(model, 'EncryptRequest', { Plaintext: 'not base64!' }))).toMatch(/Base64/);
    expect(serialization(() => fromWire(model, 'DescribeKeyResponse', { KeyMetadata: { KeyId: 'k', CreationDate: '2020-01-01' } }))).toBe(
      'class java.lang.String can not be converted to an Date',
    );
  });

  it('accepts base64 with line breaks, and an empty blob', () => {
    expect(fromWire(model, 'DecryptResponse', { Plaintext: 'AQID\nBA==' })).toEqual({ Plaintext: new Uint8Array([1, 2, 3, 4]) });
    expect(fromWire(model, 'DecryptResponse', { Plaintext: '' })).toEqual({ Plaintext: new Uint8Array([]) });
  });
});
