// GetPublicKey: the SPKI DER public key of an asymmetric key, with its spec, usage and the algorithm
// list of that usage. Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext, PrepareContext } from '../../../engine/context.js';
import { infoOf, prepareKeys, publicKeyOf } from '../keys/key-specs.js';
import { checkKeyFor } from '../keys/key-states.js';
import { resolveKey } from '../keys/resolve.js';
import type { CustomerMasterKeySpec, EncryptionAlgorithmSpec, GetPublicKeyRequest, GetPublicKeyResponse, KeyAgreementAlgorithmSpec, KmsOperations, SigningAlgorithmSpec } from '../types.gen.js';

export async function prepare(ctx: PrepareContext, req: GetPublicKeyRequest): Promise<void> {
  await prepareKeys(ctx, [req.KeyId]);
}

export default async function getPublicKey(ctx: EngineContext, req: GetPublicKeyRequest): Promise<KmsOperations['GetPublicKey']['output']> {
  const key = await resolveKey(ctx, req.KeyId, { aliases: true });
  checkKeyFor(key, 'GetPublicKey');
  const info = infoOf(key);
  // GetPublicKey: symmetric encryption and HMAC keys have no public key (UnsupportedOperationException;
  // AWS's exact wording is unconfirmed)
  if (!info.publicKey) throw new KmsError('UnsupportedOperationException', 'GetPublicKey is not supported for symmetric keys.');
  const res: GetPublicKeyResponse = {
    KeyId: key.Arn,
    PublicKey: publicKeyOf(ctx, key, info),
    CustomerMasterKeySpec: key.KeySpec as CustomerMasterKeySpec,
    KeySpec: key.KeySpec,
    KeyUsage: key.KeyUsage,
  };
  // GetPublicKey: the algorithm list of the key's usage only
  if (key.KeyUsage === 'ENCRYPT_DECRYPT' && info.encryptionAlgorithms) res.EncryptionAlgorithms = [...info.encryptionAlgorithms] as EncryptionAlgorithmSpec[];
  if (key.KeyUsage === 'SIGN_VERIFY' && info.signingAlgorithms) res.SigningAlgorithms = [...info.signingAlgorithms] as SigningAlgorithmSpec[];
  if (key.KeyUsage === 'KEY_AGREEMENT' && info.keyAgreementAlgorithms) res.KeyAgreementAlgorithms = [...info.keyAgreementAlgorithms] as KeyAgreementAlgorithmSpec[];
  return res;
}
