// UpdatePrimaryRegion: the replica in PrimaryRegion becomes the primary and the old primary a
// replica, in every related record. Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { checkKeyFor } from '../keys/key-states.js';
import { keyArn } from '../keys/key-record.js';
import { assertPrimary, regionContext, relatedRecords, writeRelationship } from '../keys/multi-region.js';
import { findKey, resolveKey } from '../keys/resolve.js';
import type { UpdatePrimaryRegionRequest, KmsOperations } from '../types.gen.js';

export default async function updatePrimaryRegion(ctx: EngineContext, req: UpdatePrimaryRegionRequest): Promise<KmsOperations['UpdatePrimaryRegion']['output']> {
  // UpdatePrimaryRegion: KeyId is the key id or key ARN of the current primary key (no aliases)
  const primary = await resolveKey(ctx, req.KeyId, { aliases: false });
  // Same refusal as ReplicateKey's recorded one for a replica or a regional key
  assertPrimary(primary);
  checkKeyFor(primary, 'UpdatePrimaryRegion');
  const region = req.PrimaryRegion;
  if (region === primary.Region) {
    throw new KmsError('UnsupportedOperationException', `${primary.Arn} is already the primary key in ${region}.`);
  }
  // UpdatePrimaryRegion: "The primary Region must already have a replica key."
  const rctx = regionContext(ctx, region);
  const replica = await findKey(rctx, primary.KeyId);
  if (!replica) throw new KmsError('NotFoundException', `Key '${keyArn(rctx, primary.KeyId)}' does not exist`);
  checkKeyFor(replica, 'UpdatePrimaryRegion');

  // The old primary takes the new primary's place in the replica list; the transient Updating
  // state of both keys ends at once in kms (the update is one transaction).
  const mr = primary.multiRegion!;
  const replicas = mr.replicaRegions.map((r) => (r === region ? primary.Region : r));
  const records = (await relatedRecords(ctx, primary)).map((k) => (k.Region === region ? replica : k));
  writeRelationship(ctx, records, region, replicas);
  return {};
}
