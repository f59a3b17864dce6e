// The key checks Sign and Verify share: a SIGN_VERIFY key in the Enabled state, a SigningAlgorithm
// of its spec, a MessageType. Must not import operation handlers or the CLI.

import type { MessageType, SigningFamily } from '../../../crypto/registry.js';
import type { KeySpecInfo } from '../../../crypto/families.js';
import type { EngineContext, PrepareContext } from '../../../engine/context.js';
import { checkAlgorithm, infoOf, prepareKeys, wrongUsage } from '../keys/key-specs.js';
import type { KeyRecord } from '../keys/key-record.js';
import { useKey } from './last-usage.js';
import { resolveKey } from '../keys/resolve.js';
import type { SignRequest, SigningAlgorithmSpec, VerifyRequest } from '../types.gen.js';

export interface SigningKey {
  key: KeyRecord;
  info: KeySpecInfo;
  signer: SigningFamily;
  algorithm: SigningAlgorithmSpec;
  messageType: MessageType;
}

export async function prepareSigning(ctx: PrepareContext, req: SignRequest | VerifyRequest): Promise<void> {
  await prepareKeys(ctx, [req.KeyId]);
}

/** Sign/Verify: key usage SIGN_VERIFY (InvalidKeyUsageException), an algorithm the spec lists. */
export async function signingKey(ctx: EngineContext, req: SignRequest | VerifyRequest, operation: 'Sign' | 'Verify'): Promise<SigningKey> {
  const key = await resolveKey(ctx, req.KeyId, { aliases: true });
  useKey(ctx, key, operation);
  const info = infoOf(key);
  if (key.KeyUsage !== 'SIGN_VERIFY' || !info.signer) throw wrongUsage(key, operation);
  const algorithm = checkAlgorithm(key, info.signingAlgorithms, req.SigningAlgorithm);
  // Sign: MessageType defaults to RAW (validateInput has checked the enum); which types an
  // algorithm takes is the family's rule (Ed25519 RAW/DIGEST split, EXTERNAL_MU for ML-DSA only)
  const messageType = req.MessageType ?? 'RAW';
  return { key, info, signer: info.signer, algorithm, messageType };
}
