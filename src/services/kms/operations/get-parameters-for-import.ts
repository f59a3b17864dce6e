// GetParametersForImport: a fresh wrapping key pair for an EXTERNAL key (made by prepare, before
// the transaction), its public key and an ImportToken valid 24 hours (ctx.clock). Must not import
// the CLI or other handlers.

import type { EngineContext, PrepareContext } from '../../../engine/context.js';
import { importOf, wrappingAad } from '../import/import-state.js';
import { KmsError } from '../../../errors.js';
import { checkWrapping, newWrappingKey, PARAMETERS_VALID_MS, sealToken, type WrappingKeyPair } from '../import/wrapping.js';
import { externalKey } from '../import/material-forms.js';
import { saveKey } from '../keys/key-record.js';
import type { GetParametersForImportRequest, KmsOperations } from '../types.gen.js';

export function prepare(ctx: PrepareContext, req: GetParametersForImportRequest): Promise<WrappingKeyPair | undefined> {
  return newWrappingKey(req.WrappingKeySpec, ctx.random);
}

export default async function getParametersForImport(
  ctx: EngineContext,
  req: GetParametersForImportRequest,
  pair: WrappingKeyPair | undefined,
): Promise<KmsOperations['GetParametersForImport']['output']> {
  const key = await externalKey(ctx, req.KeyId, 'GetParametersForImport');
  const algorithm = req.WrappingAlgorithm;
  const spec = req.WrappingKeySpec;
  checkWrapping(ctx, algorithm, spec);

  // checkWrapping admits only the specs prepare makes a pair for
  if (!pair) throw new KmsError('KMSInternalException', `Wrapping key spec ${spec} is not available.`);
  const { privateKey, publicKey } = pair;
  const id = Buffer.from(ctx.random(16)).toString('hex');
  const validTo = ctx.clock.now().getTime() + PARAMETERS_VALID_MS;
  // A new set replaces the previous one: only the latest token and public key import
  importOf(key).wrapping = { id, algorithm, spec, validTo, privateKey: ctx.store.wrapMaterial(wrappingAad(key, id), privateKey) };
  privateKey.fill(0);
  saveKey(ctx, key);
  return {
    KeyId: key.Arn,
    ImportToken: sealToken(ctx, key, { keyId: key.KeyId, wrappingId: id, validTo }),
    PublicKey: publicKey,
    ParametersValidTo: new Date(validTo),
  };
}
