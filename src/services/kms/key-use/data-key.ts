// The data key both GenerateDataKey operations make: KeySpec AES_256/AES_128 or NumberOfBytes
// 1..1024, exactly one of them. Must not import the CLI or handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { encryptWithKey, keyForEncrypt } from './cipher.js';
import { dryRunStop } from '../requests.js';
import type { DataKeySpec, GenerateDataKeyRequest, GenerateDataKeyWithoutPlaintextRequest } from '../types.gen.js';

const SPEC_BYTES: Readonly<Record<DataKeySpec, number>> = { AES_256: 32, AES_128: 16 };

export async function makeDataKey(
  ctx: EngineContext,
  req: GenerateDataKeyRequest | GenerateDataKeyWithoutPlaintextRequest,
  operation: string,
): Promise<{ plaintext: Uint8Array; blob: Uint8Array; keyArn: string; materialId: string }> {
  // GenerateDataKey: exactly one of KeySpec and NumberOfBytes (each checked against the model)
  if ((req.KeySpec === undefined) === (req.NumberOfBytes === undefined)) {
    throw new KmsError('ValidationException', 'Please specify either number of bytes or key spec.');
  }
  const length = req.KeySpec !== undefined ? SPEC_BYTES[req.KeySpec] : req.NumberOfBytes!;
  // GenerateDataKey: a symmetric encryption key (the default algorithm refuses asymmetric keys)
  const target = await keyForEncrypt(ctx, req.KeyId, operation);
  dryRunStop(req.DryRun);
  const plaintext = ctx.random(length);
  const { blob, materialId } = await encryptWithKey(ctx, target, plaintext, req.EncryptionContext);
  return { plaintext, blob, keyArn: target.key.Arn, materialId: materialId ?? '' };
}
