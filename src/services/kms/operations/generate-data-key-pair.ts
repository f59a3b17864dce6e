// GenerateDataKeyPair: a key pair (PKCS#8 private key, SPKI public key) with the private key also
// encrypted under a symmetric key. Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { makeDataKeyPair, prepareDataKeyPair, type NewPair } from '../key-use/data-key-pair.js';
import type { GenerateDataKeyPairRequest, KmsOperations } from '../types.gen.js';

export const prepare = prepareDataKeyPair;

export default async function generateDataKeyPair(ctx: EngineContext, req: GenerateDataKeyPairRequest, pair: NewPair | undefined): Promise<KmsOperations['GenerateDataKeyPair']['output']> {
  const p = await makeDataKeyPair(ctx, req, 'GenerateDataKeyPair', pair);
  return {
    PrivateKeyCiphertextBlob: p.blob,
    PrivateKeyPlaintext: p.privateKey,
    PublicKey: p.publicKey,
    KeyId: p.keyArn,
    KeyPairSpec: p.spec,
    KeyMaterialId: p.materialId,
  };
}
