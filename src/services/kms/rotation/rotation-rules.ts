// Which keys each rotation operation accepts, with AWS's refusals: the key-state matrix first
// (key-states.ts), then the key type. Must not import operation handlers or the CLI.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import type { KeyRecord } from '../keys/key-record.js';
import { checkKeyFor } from '../keys/key-states.js';
import { resolveKey } from '../keys/resolve.js';
import { isReplica, isSymmetricEncryption } from './rotation.js';

/** Rotation operations name their key by key id or key ARN only (API reference: no aliases). */
export async function rotationKey(ctx: EngineContext, keyId: string, operation: string): Promise<KeyRecord> {
  const key = await resolveKey(ctx, keyId, { aliases: false });
  checkKeyFor(key, operation);
  return key;
}

/** Key-state footnotes [6]/[7]: "<key ARN> origin is <Origin> which is not valid for this operation." */
export function originRefusal(key: KeyRecord): KmsError {
  return new KmsError('UnsupportedOperationException', `${key.Arn} origin is ${key.Origin} which is not valid for this operation.`);
}

/** Keys in a custom key store (CloudHSM or external) never rotate. */
export function inCustomKeyStore(key: KeyRecord): boolean {
  return key.Origin === 'AWS_CLOUDHSM' || key.Origin === 'EXTERNAL_KEY_STORE';
}

/**
 * The type checks of rotation operations: asymmetric and HMAC keys answer UnsupportedOperationException
 * with an empty message (recorded for RotateKeyOnDemand); imported ([6], recorded) and custom key
 * store keys ([7]) name their origin, unless `importedRotates` (RotateKeyOnDemand on symmetric EXTERNAL
 * keys, which rotate to imported material pending rotation).
 */
export function assertRotatable(key: KeyRecord, opts: { importedRotates: boolean }): void {
  if (inCustomKeyStore(key)) throw originRefusal(key);
  if (!isSymmetricEncryption(key)) {
    if (key.Origin === 'EXTERNAL') throw originRefusal(key);
    throw new KmsError('UnsupportedOperationException', '');
  }
  if (key.Origin === 'EXTERNAL' && !opts.importedRotates) throw originRefusal(key);
}

/**
 * EnableKeyRotation: "To enable or disable automatic rotation of a set of related multi-Region keys,
 * set the property on the primary key"; RotateKeyOnDemand: "invoke the on-demand rotation on the
 * primary key". kms answers a replica with the text AWS gives ReplicateKey on a replica.
 */
export function assertNotReplica(key: KeyRecord): void {
  if (isReplica(key)) throw new KmsError('UnsupportedOperationException', `${key.Arn} is not a multi-region primary key.`);
}
