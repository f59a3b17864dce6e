// GetParametersForImport: a fresh wrapping key pair for an EXTERNAL key, its public key and an
// ImportToken valid 24 hours (ctx.clock). Must not import the CLI or other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { importOf, wrappingAad } from '../import/import-state.js';
import { checkWrapping, newWrappingKey, PARAMETERS_VALID_MS, pregenerateWrappingKey, sealToken } from '../import/wrapping.js';
import { externalKey } from '../import/material-forms.js';
import { saveKey } from '../keys/key-record.js';
import type { GetParametersForImportRequest, KmsOperations } from '../types.gen.js';

export async function prepare(ctx: EngineContext, req: GetParametersForImportRequest): Promise<void> {
  await pregenerateWrappingKey(ctx, req, req.WrappingKeySpec);
}

export default function getParametersForImport(ctx: EngineContext, req: GetParametersForImportRequest): KmsOperations['GetParametersForImport']['output'] {
  const key = externalKey(ctx, req.KeyId, 'GetParametersForImport');
  const algorithm = req.WrappingAlgorithm;
  const spec = req.WrappingKeySpec;
  checkWrapping(ctx, algorithm, spec);

  const { privateKey, publicKey } = newWrappingKey(ctx, req, spec);
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
