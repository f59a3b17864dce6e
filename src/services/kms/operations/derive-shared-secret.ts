// DeriveSharedSecret: ECDH between a KEY_AGREEMENT key and a peer's SPKI public key; the raw shared
// secret is returned. Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext, PrepareContext } from '../../../engine/context.js';
import { checkAlgorithm, infoOf, prepareKeys, privateMaterial, wrongUsage } from '../keys/key-specs.js';
import { dryRunStop } from '../requests.js';
import { useKey } from '../key-use/last-usage.js';
import { resolveKey } from '../keys/resolve.js';
import type { DeriveSharedSecretRequest, KmsOperations } from '../types.gen.js';

export async function prepare(ctx: PrepareContext, req: DeriveSharedSecretRequest): Promise<void> {
  await prepareKeys(ctx, [req.KeyId]);
}

export default async function deriveSharedSecret(ctx: EngineContext, req: DeriveSharedSecretRequest): Promise<KmsOperations['DeriveSharedSecret']['output']> {
  if (req.Recipient !== undefined) throw new KmsError('UnsupportedOperationException', 'Recipient is not supported by kms.');
  const key = await resolveKey(ctx, req.KeyId, { aliases: true });
  useKey(ctx, key, 'DeriveSharedSecret');
  const info = infoOf(key);
  // recorded: "<arn> key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret."
  if (key.KeyUsage !== 'KEY_AGREEMENT' || !info.agreement) throw wrongUsage(key, 'DeriveSharedSecret');
  const algorithm = checkAlgorithm(key, info.keyAgreementAlgorithms, req.KeyAgreementAlgorithm);
  // The family rejects a peer key that is malformed or on another curve (recorded: ValidationException)
  const material = privateMaterial(ctx, key);
  const secret = info.agreement.deriveSharedSecret(material, algorithm, req.PublicKey);
  material.fill(0);
  dryRunStop(req.DryRun);
  return { KeyId: key.Arn, SharedSecret: secret, KeyAgreementAlgorithm: algorithm, KeyOrigin: key.Origin };
}
