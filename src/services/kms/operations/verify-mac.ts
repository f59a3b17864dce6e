// VerifyMac: recomputes the HMAC and compares in constant time; a mismatch is
// KMSInvalidMacException (AWS sends no message). Must not import the CLI or other handlers.

import { macEquals } from '../../../crypto/hmac.js';
import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { computeMac, prepareMac } from '../key-use/mac.js';
import { dryRunStop } from '../requests.js';
import type { VerifyMacRequest, KmsOperations } from '../types.gen.js';

export const prepare = prepareMac;

export default async function verifyMac(ctx: EngineContext, req: VerifyMacRequest): Promise<KmsOperations['VerifyMac']['output']> {
  const { key, algorithm, mac } = await computeMac(ctx, req, 'VerifyMac');
  dryRunStop(req.DryRun);
  const given = req.Mac;
  // VerifyMac: a MAC that does not match is an exception, never MacValid false
  if (!macEquals(mac, given)) throw new KmsError('KMSInvalidMacException', '');
  return { KeyId: key.Arn, MacValid: true, MacAlgorithm: algorithm };
}
