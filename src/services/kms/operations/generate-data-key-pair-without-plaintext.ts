// GenerateDataKeyPairWithoutPlaintext: a key pair whose private key is returned only encrypted
// under a symmetric key. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { makeDataKeyPair, prepareDataKeyPair, type NewPair } from '../key-use/data-key-pair.js';
import type { GenerateDataKeyPairWithoutPlaintextRequest, KmsOperations } from '../types.gen.js';

export const prepare = prepareDataKeyPair;

export default async function generateDataKeyPairWithoutPlaintext(ctx: EngineContext, req: GenerateDataKeyPairWithoutPlaintextRequest, pair: NewPair | undefined): Promise<KmsOperations['GenerateDataKeyPairWithoutPlaintext']['output']> {
  const p = await makeDataKeyPair(ctx, req, 'GenerateDataKeyPairWithoutPlaintext', pair);
  p.privateKey.fill(0);
  return {
    PrivateKeyCiphertextBlob: p.blob,
    PublicKey: p.publicKey,
    KeyId: p.keyArn,
    KeyPairSpec: p.spec,
    KeyMaterialId: p.materialId,
  };
}
