// Sign: a signature with an asymmetric SIGN_VERIFY key over a message (RAW), its digest (DIGEST) or
// ML-DSA's μ (EXTERNAL_MU). Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { privateMaterial } from '../keys/key-specs.js';
import { dryRunStop } from '../requests.js';
import { prepareSigning, signingKey } from '../key-use/signing.js';
import type { SignRequest, KmsOperations } from '../types.gen.js';

export const prepare = prepareSigning;

export default async function sign(ctx: EngineContext, req: SignRequest): Promise<KmsOperations['Sign']['output']> {
  const s = await signingKey(ctx, req, 'Sign');
  // The family checks the message against the algorithm (digest length, MessageType allowed)
  // before DryRun answers, as AWS validates a dry run fully; signing has no side effect.
  const signature = s.signer.sign(privateMaterial(ctx, s.key), s.algorithm, req.Message, s.messageType, ctx.random);
  dryRunStop(req.DryRun);
  return { KeyId: s.key.Arn, Signature: signature, SigningAlgorithm: s.algorithm };
}
