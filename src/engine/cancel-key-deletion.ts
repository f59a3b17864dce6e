// CancelKeyDeletion: PendingDeletion → Disabled, as AWS does. Must not import the CLI or other handlers.

import { KmsError } from '../errors.js';
import type { EngineContext } from './context.js';
import { saveKey } from './keys.js';
import { resolveKey } from './resolve.js';

export default function cancelKeyDeletion(ctx: EngineContext, req: Record<string, unknown>): Record<string, unknown> {
  // CancelKeyDeletion: key id or key ARN; the key must be PendingDeletion and ends Disabled
  const key = resolveKey(ctx, String(req.KeyId), { aliases: false });
  if (key.KeyState !== 'PendingDeletion') {
    throw new KmsError('KMSInvalidStateException', `${key.Arn} is not pending deletion.`);
  }
  key.KeyState = 'Disabled';
  delete key.DeletionDate;
  saveKey(ctx, key);
  return { KeyId: key.Arn };
}
