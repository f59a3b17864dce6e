import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { service as kmsService } from '../../src/services/kms/index.js';
import { bytes, expectKmsError, makeEnv } from './helpers.js';

const OPERATIONS: readonly string[] = Object.keys(kmsService.model.operations);
const implementedOperations = (): string[] => [...kmsService.implemented()];

async function setup() {
  const env = makeEnv();
  const meta = await env.newKey();
  return { env, KeyId: meta.KeyId as string, Arn: meta.Arn as string, material: meta.CurrentKeyMaterialId as string };
}

describe('Encrypt / Decrypt', () => {
  it('round-trips with the recorded response members', async () => {
    const { env, KeyId, Arn, material } = await setup();
    const enc = await env.run('Encrypt', { KeyId, Plaintext: bytes('hello'), EncryptionContext: { a: '1' } });
    expect(Object.keys(enc).sort()).toEqual(['CiphertextBlob', 'EncryptionAlgorithm', 'KeyId']);
    expect(enc.KeyId).toBe(Arn);
    expect(enc.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(enc.CiphertextBlob).toBeInstanceOf(Uint8Array);
    const dec = await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: '1' } });
    expect(Object.keys(dec).sort()).toEqual(['EncryptionAlgorithm', 'KeyId', 'KeyMaterialId', 'Plaintext']);
    expect(dec).toEqual({ KeyId: Arn, Plaintext: bytes('hello'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: material });
  });

  it('accepts every identifier form for Encrypt and the matching KeyId for Decrypt', async () => {
    const { env, KeyId, Arn } = await setup();
    await env.run('CreateAlias', { AliasName: 'alias/k', TargetKeyId: KeyId });
    for (const id of [KeyId, Arn, 'alias/k', 'arn:aws:kms:us-east-1:111122223333:alias/k']) {
      const enc = await env.run('Encrypt', { KeyId: id, Plaintext: bytes('x') });
      const dec = await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, KeyId: id });
      expect(dec.Plaintext).toEqual(bytes('x'));
    }
  });

  it('fails with InvalidCiphertextException for a wrong or missing context', async () => {
    const { env, KeyId } = await setup();
    const enc = await env.run('Encrypt', { KeyId, Plaintext: bytes('hello'), EncryptionContext: { a: '1' } });
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob }), 'InvalidCiphertextException', '');
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: '2' } }), 'InvalidCiphertextException', '');
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: '1', b: '' } }), 'InvalidCiphertextException', '');
  });

  it('fails for every single-byte change of a blob', async () => {
    const { env, KeyId } = await setup();
    const blob = (await env.run('Encrypt', { KeyId, Plaintext: bytes('tamper me') })).CiphertextBlob as Uint8Array;
    let n = 0;
    for (let i = 0; i < blob.length; i++) {
      const bad = blob.slice();
      bad[i] = bad[i]! ^ 0x01;
      await expectKmsError(env.run('Decrypt', { CiphertextBlob: bad }), 'InvalidCiphertextException');
      n++;
    }
    expect(n).toBe(blob.length);
  });

  it('answers IncorrectKeyException when KeyId is not the blob key', async () => {
    const { env, KeyId } = await setup();
    const other = await env.newKey();
    const enc = await env.run('Encrypt', { KeyId, Plaintext: bytes('x') });
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, KeyId: other.KeyId }), 'IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');
    await expectKmsError(env.run('ReEncrypt', { CiphertextBlob: enc.CiphertextBlob, SourceKeyId: other.KeyId, DestinationKeyId: KeyId }), 'IncorrectKeyException');
  });

  it('refuses disabled and pending-deletion keys', async () => {
    const { env, KeyId, Arn } = await setup();
    const enc = await env.run('Encrypt', { KeyId, Plaintext: bytes('x') });
    await env.run('DisableKey', { KeyId });
    await expectKmsError(env.run('Encrypt', { KeyId, Plaintext: bytes('x') }), 'DisabledException', `${Arn} is disabled.`);
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob }), 'DisabledException', `${Arn} is disabled.`);
    await expectKmsError(env.run('GenerateDataKey', { KeyId, KeySpec: 'AES_256' }), 'DisabledException');
    await env.run('ScheduleKeyDeletion', { KeyId });
    await expectKmsError(env.run('Encrypt', { KeyId, Plaintext: bytes('x') }), 'KMSInvalidStateException', `${Arn} is pending deletion.`);
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob }), 'KMSInvalidStateException', `${Arn} is pending deletion.`);
    await env.run('CancelKeyDeletion', { KeyId });
    await env.run('EnableKey', { KeyId });
    expect((await env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob })).Plaintext).toEqual(bytes('x'));
  });

  it('checks Plaintext length 1..4096 and the algorithm', async () => {
    const { env, KeyId } = await setup();
    await env.run('Encrypt', { KeyId, Plaintext: new Uint8Array(4096) });
    await expectKmsError(env.run('Encrypt', { KeyId, Plaintext: new Uint8Array(4097) }), 'ValidationException', "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
    await expectKmsError(env.run('Encrypt', { KeyId, Plaintext: new Uint8Array(0) }), 'ValidationException', /greater than or equal to 1/);
    await expectKmsError(env.run('Encrypt', { KeyId, Plaintext: bytes('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }), 'InvalidKeyUsageException');
  });

  it('answers DryRunOperationException after the checks pass', async () => {
    const { env, KeyId } = await setup();
    const msg = 'The request would have succeeded, but the DryRun option is set.';
    const enc = await env.run('Encrypt', { KeyId, Plaintext: bytes('x') });
    await expectKmsError(env.run('Encrypt', { KeyId, Plaintext: bytes('x'), DryRun: true }), 'DryRunOperationException', msg);
    await expectKmsError(env.run('Decrypt', { CiphertextBlob: enc.CiphertextBlob, DryRun: true }), 'DryRunOperationException', msg);
    await expectKmsError(env.run('ReEncrypt', { CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: KeyId, DryRun: true }), 'DryRunOperationException', msg);
    await expectKmsError(env.run('GenerateDataKey', { KeyId, NumberOfBytes: 8, DryRun: true }), 'DryRunOperationException', msg);
    await expectKmsError(env.run('GenerateDataKeyWithoutPlaintext', { KeyId, KeySpec: 'AES_128', DryRun: true }), 'DryRunOperationException', msg);
    await env.run('DisableKey', { KeyId });
    await expectKmsError(env.run('Encrypt', { KeyId, Plaintext: bytes('x'), DryRun: true }), 'DisabledException');
  });
});

describe('ReEncrypt', () => {
  it('moves a blob to another key and context with the recorded members', async () => {
    const { env, KeyId, Arn, material } = await setup();
    const dest = await env.newKey();
    const enc = await env.run('Encrypt', { KeyId, Plaintext: bytes('move me'), EncryptionContext: { s: '1' } });
    const re = await env.run('ReEncrypt', {
      CiphertextBlob: enc.CiphertextBlob, SourceEncryptionContext: { s: '1' }, DestinationKeyId: dest.KeyId, DestinationEncryptionContext: { d: '2' },
    });
    expect(re).toEqual({
      CiphertextBlob: re.CiphertextBlob, SourceKeyId: Arn, KeyId: dest.Arn, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', SourceKeyMaterialId: material, DestinationKeyMaterialId: dest.CurrentKeyMaterialId,
    });
    const dec = await env.run('Decrypt', { CiphertextBlob: re.CiphertextBlob, EncryptionContext: { d: '2' } });
    expect(dec.Plaintext).toEqual(bytes('move me'));
    expect(dec.KeyId).toBe(dest.Arn);
    await expectKmsError(env.run('ReEncrypt', { CiphertextBlob: enc.CiphertextBlob, DestinationKeyId: dest.KeyId }), 'InvalidCiphertextException');
  });
});

describe('GenerateDataKey / GenerateDataKeyWithoutPlaintext / GenerateRandom', () => {
  it('makes data keys of the asked size that decrypt back', async () => {
    const { env, KeyId, Arn, material } = await setup();
    const dk = await env.run('GenerateDataKey', { KeyId, KeySpec: 'AES_256', EncryptionContext: { x: 'y' } });
    expect(Object.keys(dk).sort()).toEqual(['CiphertextBlob', 'KeyId', 'KeyMaterialId', 'Plaintext']);
    expect(dk.KeyId).toBe(Arn);
    expect(dk.KeyMaterialId).toBe(material);
    expect((dk.Plaintext as Uint8Array).length).toBe(32);
    expect((await env.run('Decrypt', { CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { x: 'y' } })).Plaintext).toEqual(dk.Plaintext);
    expect(((await env.run('GenerateDataKey', { KeyId, KeySpec: 'AES_128' })).Plaintext as Uint8Array).length).toBe(16);
    expect(((await env.run('GenerateDataKey', { KeyId, NumberOfBytes: 1024 })).Plaintext as Uint8Array).length).toBe(1024);
    const wp = await env.run('GenerateDataKeyWithoutPlaintext', { KeyId, NumberOfBytes: 7 });
    expect(Object.keys(wp).sort()).toEqual(['CiphertextBlob', 'KeyId', 'KeyMaterialId']);
    expect(((await env.run('Decrypt', { CiphertextBlob: wp.CiphertextBlob })).Plaintext as Uint8Array).length).toBe(7);
  });

  it('needs exactly one of KeySpec and NumberOfBytes, within limits', async () => {
    const { env, KeyId } = await setup();
    const msg = 'Please specify either number of bytes or key spec.';
    for (const op of ['GenerateDataKey', 'GenerateDataKeyWithoutPlaintext']) {
      await expectKmsError(env.run(op, { KeyId }), 'ValidationException', msg);
      await expectKmsError(env.run(op, { KeyId, KeySpec: 'AES_256', NumberOfBytes: 32 }), 'ValidationException', msg);
      await expectKmsError(env.run(op, { KeyId, NumberOfBytes: 0 }), 'ValidationException', "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1");
      await expectKmsError(env.run(op, { KeyId, NumberOfBytes: 1025 }), 'ValidationException', "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
    }
  });

  it('generates 1..1024 random bytes with the recorded errors', async () => {
    const env = makeEnv();
    expect(await env.run('GenerateRandom', { NumberOfBytes: 12 })).toEqual({ Plaintext: expect.any(Uint8Array) });
    expect(((await env.run('GenerateRandom', { NumberOfBytes: 1024 })).Plaintext as Uint8Array).length).toBe(1024);
    await expectKmsError(env.run('GenerateRandom', {}), 'ValidationException', 'NumberOfBytes is required.');
    await expectKmsError(env.run('GenerateRandom', { NumberOfBytes: 0 }), 'ValidationException', "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1");
    await expectKmsError(env.run('GenerateRandom', { NumberOfBytes: 1025 }), 'ValidationException', "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
  });
});

describe('runOperation', () => {
  it('loads handlers lazily: the KMS loader imports no operation module statically', () => {
    const src = readFileSync(new URL('../../src/services/kms/operations/index.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/^import .* from '\.\/[a-z-]+\.js'/m);
    expect(src).toMatch(/Encrypt: \(\) => import\('\.\/encrypt\.js'\)/);
  });

  it("implements every one of the API's 54 operations", () => {
    expect(OPERATIONS).toHaveLength(54);
    expect([...implementedOperations()].sort()).toEqual([...OPERATIONS].sort());
  });

  it('rejects names that are not KMS operations', async () => {
    await expectKmsError(makeEnv().run('Frobnicate', {}), 'UnknownOperationException');
  });
});
