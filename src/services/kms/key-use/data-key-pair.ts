// The data key pair both GenerateDataKeyPair operations make: a fresh key pair of KeyPairSpec, its
// PKCS#8 private key encrypted under a symmetric key with the encryption context. Must not import
// the CLI or handlers.

import { readySpec, specFor } from '../../../crypto/families.js';
import { KmsError } from '../../../errors.js';
import type { EngineContext, PrepareContext } from '../../../engine/context.js';
import { encryptWithKey, keyForEncrypt } from './cipher.js';
import { checkOffered, prepareKeys } from '../keys/key-specs.js';
import { dryRunStop } from '../requests.js';
import type { DataKeyPairSpec, GenerateDataKeyPairRequest, GenerateDataKeyPairWithoutPlaintextRequest } from '../types.gen.js';

type PairRequest = GenerateDataKeyPairRequest | GenerateDataKeyPairWithoutPlaintextRequest;

/** A key pair made by prepare, before the transaction (RSA_4096 generation takes about a second). */
export interface NewPair {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
}

/** Loads the families the request names and makes the pair; undefined for a spec the handler refuses. */
export async function prepareDataKeyPair(ctx: PrepareContext, req: PairRequest): Promise<NewPair | undefined> {
  await prepareKeys(ctx, [req.KeyId]);
  await readySpec(req.KeyPairSpec, ctx.partition);
  const info = specFor(req.KeyPairSpec, ctx.partition);
  if (!info?.dataKeyPair || !info.publicKey) return undefined;
  const privateKey = info.generateMaterial(ctx.random);
  return { privateKey, publicKey: info.publicKey(privateKey) };
}

export interface DataKeyPair {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  blob: Uint8Array;
  keyArn: string;
  materialId: string;
  spec: DataKeyPairSpec;
}

export async function makeDataKeyPair(ctx: EngineContext, req: PairRequest, operation: string, pair: NewPair | undefined): Promise<DataKeyPair> {
  if ('Recipient' in req && req.Recipient !== undefined) throw new KmsError('UnsupportedOperationException', 'Recipient is not supported by kms.');
  const spec = req.KeyPairSpec;
  const info = specFor(spec, ctx.partition);
  // prepare made a pair for every spec kms serves as a data key pair, and only for those
  if (!pair || !info) throw new KmsError('UnsupportedOperationException', `KeyPairSpec ${spec} is not supported by kms yet.`);
  // GenerateDataKeyPair: SM2 pairs only in China Regions (outside, SM2 is not in the enum)
  checkOffered(ctx, info, 'keyPairSpec');
  // GenerateDataKeyPair: the wrapping key is a symmetric encryption key
  const target = await keyForEncrypt(ctx, req.KeyId, operation);
  dryRunStop(req.DryRun);
  const { privateKey, publicKey } = pair;
  const { blob, materialId } = await encryptWithKey(ctx, target, privateKey, req.EncryptionContext);
  return { privateKey, publicKey, blob, keyArn: target.key.Arn, materialId: materialId ?? '', spec };
}
