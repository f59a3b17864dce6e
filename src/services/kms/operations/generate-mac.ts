// GenerateMac: an HMAC of 1..4096 bytes with a GENERATE_VERIFY_MAC key. Must not import the CLI or
// other handlers.

import type { EngineContext } from '../../../engine/context.js';
import { computeMac, prepareMac } from '../key-use/mac.js';
import { dryRunStop } from '../requests.js';
import type { GenerateMacRequest, KmsOperations } from '../types.gen.js';

export const prepare = prepareMac;

export default async function generateMac(ctx: EngineContext, req: GenerateMacRequest): Promise<KmsOperations['GenerateMac']['output']> {
  const { key, algorithm, mac } = await computeMac(ctx, req, 'GenerateMac');
  dryRunStop(req.DryRun);
  return { Mac: mac, MacAlgorithm: algorithm, KeyId: key.Arn };
}
