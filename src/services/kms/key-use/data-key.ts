// The data key both GenerateDataKey operations make: KeySpec AES_256/AES_128 or NumberOfBytes
// 1..1024, exactly one of them. Must not import the CLI or handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { encryptWithKey, keyForEncrypt } from './cipher.js';
import { checkRange, dryRunStop } from '../requests.js';
import type { GenerateDataKeyRequest, GenerateDataKeyWithoutPlaintextRequest } from '../types.gen.js';

const SPEC_BYTES: Readonly<Record<string, number>> = { AES_256: 32, AES_128: 16 };

export function makeDataKey(
  ctx: EngineContext,
  req: GenerateDataKeyRequest | GenerateDataKeyWithoutPlaintextRequest,
  operation: string,
): { plaintext: Uint8Array; blob: Uint8Array; keyArn: string; materialId: string } {
  // GenerateDataKey: NumberOfBytes is 1..1024
  checkRange(req.NumberOfBytes, 1, 1024, 'numberOfBytes');
  const hasSpec = req.KeySpec !== undefined && req.KeySpec !== null;
  const hasBytes = req.NumberOfBytes !== undefined && req.NumberOfBytes !== null;
  // GenerateDataKey: exactly one of KeySpec and NumberOfBytes
  if (hasSpec === hasBytes) throw new KmsError('ValidationException', 'Please specify either number of bytes or key spec.');
  const length = hasSpec ? SPEC_BYTES[req.KeySpec!] : req.NumberOfBytes;
  if (length === undefined) {
    throw new KmsError(
      'ValidationException',
      `1 validation error detected: Value '${req.KeySpec}' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]`,
    );
  }
  // GenerateDataKey: a symmetric encryption key (the default algorithm refuses asymmetric keys)
  const target = keyForEncrypt(ctx, req.KeyId, operation);
  dryRunStop(req.DryRun);
  const plaintext = ctx.random(length);
  const { blob, materialId } = encryptWithKey(ctx, target, plaintext, req.EncryptionContext);
  return { plaintext, blob, keyArn: target.key.Arn, materialId: materialId ?? '' };
}
