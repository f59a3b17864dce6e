// ReplicateKey: a replica of a multi-Region primary key in another Region of the same partition,
// sharing its id, spec, usage, origin, rotation and key material, with its own description, tags
// and policy. Must not import the CLI or other handlers.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { checkPolicy, defaultKeyPolicy } from '../keys/key-policy.js';
import { checkKeyFor } from '../keys/key-states.js';
import { keyArn, keyMetadata, type KeyRecord } from '../keys/key-record.js';
import {
  assertPrimary,
  copySharedProperties,
  regionContext,
  relatedRecords,
  writeRelationship,
} from '../keys/multi-region.js';
import { findKey, resolveKey } from '../keys/resolve.js';
import { checkTags, MAX_TAGS } from '../keys/tags.js';
import type { KmsOperations, ReplicateKeyRequest, ReplicateKeyResponse } from '../types.gen.js';

function unsupported(message: string): KmsError {
  return new KmsError('UnsupportedOperationException', message);
}

/** ReplicaRegion: another Region of the primary's partition, holding no key with this id yet. */
async function checkReplicaRegion(ctx: EngineContext, primary: KeyRecord, region: string): Promise<EngineContext> {
  // ReplicateKey: "The replica must be in a different Amazon Web Services Region than its primary key"
  if (region === primary.Region) {
    throw unsupported(`${primary.Arn} cannot be replicated into its own Region ${region}.`);
  }
  const rctx = regionContext(ctx, region);
  // ReplicateKey: "... but in the same Amazon Web Services partition"
  if (rctx.partition !== ctx.partition) {
    throw unsupported(`${region} is not in the ${ctx.partition} partition of ${primary.Arn}.`);
  }
  // ReplicateKey: one replica per Region, even while that replica is pending deletion
  // (findKey purges a replica whose deletion date has passed, which frees the Region)
  if (await findKey(rctx, primary.KeyId)) {
    throw new KmsError('AlreadyExistsException', `Key '${keyArn(rctx, primary.KeyId)}' already exists`);
  }
  return rctx;
}

export default async function replicateKey(ctx: EngineContext, req: ReplicateKeyRequest): Promise<KmsOperations['ReplicateKey']['output']> {
  // ReplicateKey: KeyId is the key id or key ARN of a multi-Region primary key (no aliases)
  const primary = await resolveKey(ctx, req.KeyId, { aliases: false });
  // Recorded: replicating a replica or a regional key → "<arn> is not a multi-region primary key."
  assertPrimary(primary);
  // Key states: Disabled → DisabledException; pending (replica) deletion and Updating refuse
  checkKeyFor(primary, 'ReplicateKey');
  const rctx = await checkReplicaRegion(ctx, primary, req.ReplicaRegion);
  const tags = checkTags(req.Tags);
  if (tags.length > MAX_TAGS) throw new KmsError('TagException', 'Too many tags');

  const replica: KeyRecord = {
    v: 1,
    KeyId: primary.KeyId,
    Arn: keyArn(rctx, primary.KeyId),
    AWSAccountId: primary.AWSAccountId,
    Region: rctx.region,
    CreationDate: ctx.clock.now().getTime(),
    // ReplicateKey: Description defaults to the empty string (not the primary's)
    Description: (req.Description ?? ''),
    KeyUsage: primary.KeyUsage,
    KeySpec: primary.KeySpec,
    // ReplicateKey: "If you replicate a multi-Region primary key with imported key material, the
    // replica key is created with no key material" (PendingImport); it lists the primary's material
    // ids, none imported (copySharedProperties below)
    KeyState: primary.Origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
    Origin: primary.Origin,
    KeyManager: 'CUSTOMER',
    MultiRegion: true,
    // ReplicateKey: no Policy → the default key policy; a given one passes PutKeyPolicy's checks
    // (key-policy.ts) and is kept exactly as sent
    Policy:
      req.Policy === undefined
        ? defaultKeyPolicy(rctx)
        : await checkPolicy(rctx, keyArn(rctx, primary.KeyId), req.Policy, req.BypassPolicyLockoutSafetyCheck === true),
    PolicyName: 'default',
    Tags: tags,
    materials: [],
    currentMaterialId: '',
  };
  copySharedProperties(ctx, primary, replica);
  const mr = primary.multiRegion!;
  writeRelationship(ctx, [...await relatedRecords(ctx, primary), replica], mr.primaryRegion, [...mr.replicaRegions, rctx.region]);

  // Recorded: the response shows the transient Creating state (Enabled false, no
  // CurrentKeyMaterialId); kms finishes replication at once, so the next read shows Enabled.
  // For an imported-material primary it also shows the primary's ExpirationModel, which the replica's
  // own DescribeKey lacks until material is imported into it (captured by radkawar/stackd
  // testdata/aws/kms/imports_multi_region.json, replicate_imported_primary and replica_pending_poll).
  const model = primary.import?.expirationModel;
  const meta = keyMetadata(model === undefined ? replica : { ...replica, import: { ...replica.import!, expirationModel: model } });
  meta.Enabled = false;
  meta.KeyState = 'Creating';
  delete meta.CurrentKeyMaterialId;
  const res: ReplicateKeyResponse = { ReplicaKeyMetadata: meta, ReplicaPolicy: replica.Policy };
  // Recorded: ReplicaTags is absent when no tags were given
  if (req.Tags !== undefined) res.ReplicaTags = tags.map((t) => ({ ...t }));
  return res;
}
