// DescribeKey: the KeyMetadata of a key named by key id, key ARN, alias name or alias ARN.
// Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { keyMetadata } from '../keys/key-record.js';
import { resolveKey } from '../keys/resolve.js';
import type { DescribeKeyRequest, KmsOperations } from '../types.gen.js';

export default async function describeKey(ctx: EngineContext, req: DescribeKeyRequest): Promise<KmsOperations['DescribeKey']['output']> {
  // DescribeKey: any key state; all four identifier forms
  const key = await resolveKey(ctx, req.KeyId, { aliases: true });
  return { KeyMetadata: keyMetadata(key) };
}
