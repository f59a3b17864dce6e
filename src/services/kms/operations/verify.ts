// Verify: checks a signature with the key's public key; a bad signature is
// KMSInvalidSignatureException (AWS sends no message). Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { publicKeyOf } from '../keys/key-specs.js';
import { dryRunStop } from '../requests.js';
import { prepareSigning, signingKey } from '../key-use/signing.js';
import type { VerifyRequest, KmsOperations } from '../types.gen.js';

export const prepare = prepareSigning;

export default async function verify(ctx: EngineContext, req: VerifyRequest): Promise<KmsOperations['Verify']['output']> {
  const s = await signingKey(ctx, req, 'Verify');
  const ok = s.signer.verify(
    publicKeyOf(ctx, s.key, s.info),
    s.algorithm,
    req.Message,
    s.messageType,
    req.Signature,
  );
  dryRunStop(req.DryRun);
  // Verify: an invalid signature is an exception, never SignatureValid false
  if (!ok) throw new KmsError('KMSInvalidSignatureException', '');
  return { KeyId: s.key.Arn, SignatureValid: true, SigningAlgorithm: s.algorithm };
}
