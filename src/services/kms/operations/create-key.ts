// CreateKey: a new customer managed key in the context's region, of any KeySpec the family
// registry serves, with AWS's usage rules. Must not import the CLI or other handlers.

import { readySpec, specFor } from '../../../crypto/families.js';
import { KmsError } from '../../../errors.js';
import type { EngineContext, PrepareContext } from '../../../engine/context.js';
import { checkOffered } from '../keys/key-specs.js';
import { checkPolicy, defaultKeyPolicy } from '../keys/key-policy.js';
import { addMaterial, keyArn, keyMetadata, newKeyId, newKeyRecord, saveKey } from '../keys/key-record.js';
import { newMultiRegionKeyId, primaryConfig } from '../keys/multi-region.js';
import { createTokenKey, isStoreOrigin, storeForNewKey } from '../custom-key-stores/store-keys.js';
import { checkTags } from '../keys/tags.js';
import { checkCustomId, customIdTaken, customMaterial, customTags, CUSTOM_MATERIAL_TAG } from '../keys/custom-tags.js';
import { keyRecordName } from '../records.js';
import { checkExternalSpec, importedMaterialId } from '../import/material-forms.js';
import type { CreateKeyRequest, KeySpec, KeyUsageType, KmsOperations } from '../types.gen.js';

function unsupported(message: string): KmsError {
  return new KmsError('UnsupportedOperationException', message);
}

/** The KeySpec asked for: KeySpec, else its deprecated twin CustomerMasterKeySpec, else SYMMETRIC_DEFAULT. */
function requestedSpec(req: CreateKeyRequest): KeySpec {
  return req.KeySpec ?? req.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT';
}

/** Key material made by prepare, before the transaction: RSA_4096 generation takes about a second. */
interface NewMaterial {
  material: Uint8Array;
  publicKey?: Uint8Array;
}

/**
 * Loads the spec's family and, for a key whose material kms makes (Origin AWS_KMS, outside custom
 * key stores), generates it. A request the handler then refuses only wastes the material.
 */
export async function prepare(ctx: PrepareContext, req: CreateKeyRequest): Promise<NewMaterial | undefined> {
  const spec = requestedSpec(req);
  await readySpec(spec, ctx.partition);
  const info = specFor(spec, ctx.partition);
  if (!info || (req.Origin ?? 'AWS_KMS') !== 'AWS_KMS' || req.CustomKeyStoreId !== undefined) return undefined;
  // LocalStack's _custom_key_material_ tag brings the material (keys/custom-tags.ts)
  if (customTags(req.Tags).material !== undefined) return undefined;
  const material = info.generateMaterial(ctx.random);
  // Asymmetric keys keep their SPKI public key beside the wrapped private key (GetPublicKey, Verify)
  return { material, publicKey: info.publicKey?.(material) };
}

export default async function createKey(ctx: EngineContext, req: CreateKeyRequest, made: NewMaterial | undefined): Promise<KmsOperations['CreateKey']['output']> {
  // CreateKey: CustomerMasterKeySpec is the deprecated name of KeySpec; only one may be given
  if (req.KeySpec !== undefined && req.CustomerMasterKeySpec !== undefined) {
    throw new KmsError(
      'ValidationException',
      'You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.',
    );
  }
  const spec = requestedSpec(req);
  const info = specFor(spec, ctx.partition);
  if (!info) throw unsupported(`KeySpec ${spec} is not supported by kms yet.`);
  // CreateKey: SM2 exists only in the aws-cn partition; elsewhere it is not in the KeySpec enum
  checkOffered(ctx, info, req.KeySpec !== undefined ? 'keySpec' : 'customerMasterKeySpec');
  if (req.KeyUsage === undefined && info.defaultUsage === undefined) {
    throw new KmsError('ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  const usage = req.KeyUsage ?? (info.defaultUsage as KeyUsageType);
  if (!info.usages.includes(usage)) {
    throw new KmsError('ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}`);
  }
  const origin = req.Origin ?? 'AWS_KMS';
  if (origin !== 'AWS_KMS' && origin !== 'EXTERNAL' && !isStoreOrigin(origin)) throw unsupported(`Origin ${origin} is not supported by kms yet.`);
  // CreateKey Origin EXTERNAL: only the key specs AWS imports material for (import/material-forms.ts)
  if (origin === 'EXTERNAL') checkExternalSpec(spec, ctx.partition);
  // CreateKey: "you cannot create a multi-Region key in a custom key store"
  if (req.MultiRegion === true && req.CustomKeyStoreId !== undefined) {
    throw unsupported('Multi-Region keys cannot be created in a custom key store.');
  }
  // CreateKey CustomKeyStoreId: Origin, KeySpec and the store's connection are checked (custom-key-stores/store-keys.ts)
  const inStore = await storeForNewKey(ctx, req, spec, usage, origin);
  // LocalStack's _custom_id_ and _custom_key_material_ tags: honoured, and not kept as tags
  const custom = customTags(checkTags(req.Tags));
  const tags = custom.rest;
  if (tags.length > 50) throw new KmsError('TagException', 'Too many tags');
  if (custom.material !== undefined && (origin !== 'AWS_KMS' || inStore)) {
    throw new KmsError('ValidationException', `Tag ${CUSTOM_MATERIAL_TAG} gives the material of a key kms makes (Origin AWS_KMS); an ${origin} key gets its material elsewhere.`);
  }

  // CreateKey MultiRegion: a primary key, id `mrk-` + 32 hex digits
  const multiRegion = req.MultiRegion === true;
  let keyId: string;
  if (custom.id !== undefined) {
    keyId = checkCustomId(custom.id, multiRegion);
    if ((await ctx.store.get(keyRecordName(ctx.region, keyId))) !== undefined) throw customIdTaken(keyId);
  } else keyId = multiRegion ? newMultiRegionKeyId(ctx) : newKeyId(ctx);
  const key = newKeyRecord(ctx, keyId, {
    Description: req.Description ?? '',
    KeyUsage: usage,
    KeySpec: spec,
    Origin: origin,
    KeyManager: 'CUSTOMER',
    MultiRegion: multiRegion,
    // CreateKey: a given policy passes PutKeyPolicy's checks (key-policy.ts) and is kept exactly as sent
    Policy:
      req.Policy === undefined
        ? defaultKeyPolicy(ctx)
        : await checkPolicy(ctx, keyArn(ctx, keyId), req.Policy, req.BypassPolicyLockoutSafetyCheck === true),
    Tags: tags,
  });
  if (multiRegion) key.multiRegion = primaryConfig(ctx.region);
  // CreateKey Origin EXTERNAL: no material; the key is PendingImport until ImportKeyMaterial
  if (origin === 'EXTERNAL') key.KeyState = 'PendingImport';
  // CreateKey in a CloudHSM key store: the key material is generated on the store's token
  else if (inStore) await createTokenKey(ctx, key, inStore);
  else if (custom.material !== undefined) {
    const given = customMaterial(key, custom.material);
    // named after the key id and the material, as imported material is: the same key made from the
    // same tags in another keyring opens this one's ciphertexts
    addMaterial(ctx, key, given.material, importedMaterialId(key, given.material));
    if (given.publicKey) key.publicKey = given.publicKey;
    given.material.fill(0);
  } else {
    // prepare made the material for every key that reaches here (Origin AWS_KMS, no key store)
    if (!made) throw new KmsError('KMSInternalException', `No key material was generated for KeySpec ${spec}.`);
    addMaterial(ctx, key, made.material);
    if (made.publicKey) key.publicKey = made.publicKey;
    made.material.fill(0);
  }
  saveKey(ctx, key);
  return { KeyMetadata: keyMetadata(key) };
}
