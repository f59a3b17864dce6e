// GenerateRandom: 1..1024 random bytes from the injected source. Must not import the CLI or handlers.

import { KmsError } from '../errors.js';
import type { EngineContext } from './context.js';
import { checkRange, requireMember } from './requests.js';

export default function generateRandom(ctx: EngineContext, req: Record<string, unknown>): Record<string, unknown> {
  // GenerateRandom: NumberOfBytes is needed (AWS's own message) and is 1..1024
  requireMember(req.NumberOfBytes, 'NumberOfBytes is required.');
  checkRange(req.NumberOfBytes, 1, 1024, 'numberOfBytes');
  if (req.CustomKeyStoreId !== undefined) {
    throw new KmsError('UnsupportedOperationException', 'Custom key stores are not supported by kms yet.');
  }
  if (req.Recipient !== undefined) throw new KmsError('UnsupportedOperationException', 'Recipient is not supported by kms.');
  return { Plaintext: ctx.random(req.NumberOfBytes as number) };
}
