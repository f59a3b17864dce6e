// The key checks GenerateMac and VerifyMac share: a GENERATE_VERIFY_MAC key, Enabled, and a
// MacAlgorithm of its spec; then the HMAC itself. Must not import operation handlers or the CLI.

import type { EngineContext, PrepareContext } from '../../../engine/context.js';
import { checkAlgorithm, infoOf, prepareKeys, privateMaterial, wrongUsage } from '../keys/key-specs.js';
import type { KeyRecord } from '../keys/key-record.js';
import { useKey } from './last-usage.js';
import { resolveKey } from '../keys/resolve.js';
import type { GenerateMacRequest, MacAlgorithmSpec, VerifyMacRequest } from '../types.gen.js';

export async function prepareMac(ctx: PrepareContext, req: GenerateMacRequest | VerifyMacRequest): Promise<void> {
  await prepareKeys(ctx, [req.KeyId]);
}

/** GenerateMac/VerifyMac: the key, the algorithm, and the MAC of req.Message. */
export async function computeMac(
  ctx: EngineContext,
  req: GenerateMacRequest | VerifyMacRequest,
  operation: 'GenerateMac' | 'VerifyMac',
): Promise<{ key: KeyRecord; algorithm: MacAlgorithmSpec; mac: Uint8Array }> {
  const key = await resolveKey(ctx, req.KeyId, { aliases: true });
  useKey(ctx, key, operation);
  const info = infoOf(key);
  // recorded: "<arn> key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac."
  if (key.KeyUsage !== 'GENERATE_VERIFY_MAC' || !info.mac) throw wrongUsage(key, operation);
  // recorded: "Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224."
  const algorithm = checkAlgorithm(key, info.macAlgorithms, req.MacAlgorithm);
  const material = privateMaterial(ctx, key);
  const mac = info.mac.mac(material, algorithm, req.Message);
  material.fill(0);
  return { key, algorithm, mac };
}
