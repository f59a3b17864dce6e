// The engine's view of the key families: which registry entry serves a key (partition variants
// included), its public key, AWS's usage/algorithm refusals, and the `prepare` step that loads a
// family before an operation's transaction. Must not import operation handlers or the CLI.

import { offeredIn, readySpec, specFor, type KeySpecInfo } from '../../../crypto/families.js';
import { KmsError } from '../../../errors.js';
import { partitionOf, type EngineContext, type PrepareContext } from '../../../engine/context.js';
import { currentMaterial, parseKmsArn, type KeyRecord } from './key-record.js';
import type { AliasRecord } from './resolve.js';
import { aliasRecordName, keyRecordName } from '../records.js';

/** The registry entry of a key's spec in the key's own partition (SM4 for symmetric keys in aws-cn). */
export function infoOf(key: KeyRecord): KeySpecInfo {
  const info = specFor(key.KeySpec, partitionOf(key.Region));
  if (!info) throw new KmsError('KMSInternalException', `KeySpec ${key.KeySpec} is not available in this build of kms.`);
  return info;
}

/** AWS: "<arn> key usage is SIGN_VERIFY which is not valid for Encrypt." */
export function wrongUsage(key: KeyRecord, operation: string): KmsError {
  return new KmsError('InvalidKeyUsageException', `${key.Arn} key usage is ${key.KeyUsage} which is not valid for ${operation}.`);
}

/** AWS (recorded for GenerateMac/VerifyMac, seen for Encrypt): "Algorithm X is incompatible with key spec Y." */
export function incompatibleAlgorithm(algorithm: string, spec: string): KmsError {
  return new KmsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${spec}.`);
}

/** Checks `algorithm` against the list DescribeKey shows for the key (the same list AWS enforces). */
export function checkAlgorithm<A extends string>(key: KeyRecord, list: readonly string[] | undefined, algorithm: A): A {
  if (!(list ?? []).includes(algorithm)) throw incompatibleAlgorithm(algorithm, key.KeySpec);
  return algorithm;
}

/** The key's private material (PKCS#8 DER for asymmetric keys, raw bytes for HMAC keys). */
export function privateMaterial(ctx: EngineContext, key: KeyRecord): Uint8Array {
  return currentMaterial(ctx, key).bytes;
}

/** The SPKI DER public key, kept in the record at creation (derived again for older records). */
export function publicKeyOf(ctx: EngineContext, key: KeyRecord, info: KeySpecInfo): Uint8Array {
  if (key.publicKey) return key.publicKey;
  if (!info.publicKey) throw new KmsError('KMSInternalException', `${key.Arn} has no public key.`);
  return info.publicKey(privateMaterial(ctx, key));
}

/**
 * The KeySpec of the key an identifier names, read without side effects (prepare must not write);
 * undefined when it names nothing, which the handler then reports with AWS's error.
 */
export async function peekKeySpec(ctx: PrepareContext, keyId: string | undefined): Promise<string | undefined> {
  if (keyId === undefined) return undefined;
  let id = parseKmsArn(keyId)?.name ?? keyId;
  if (id.startsWith('alias/')) {
    const alias = await ctx.store.get<AliasRecord>(aliasRecordName(ctx.region, id));
    if (!alias) return undefined;
    id = alias.TargetKeyId;
  }
  return (await ctx.store.get<KeyRecord>(keyRecordName(ctx.region, id)))?.KeySpec;
}

/** prepare(): loads the families of the keys a request names and of any extra specs it names. */
export async function prepareKeys(ctx: PrepareContext, keyIds: readonly (string | undefined)[], specs: readonly string[] = []): Promise<void> {
  for (const id of keyIds) await readySpec(await peekKeySpec(ctx, id), ctx.partition);
  for (const s of specs) await readySpec(s, ctx.partition);
}

/**
 * Enum sets as AWS lists them outside the partitions a spec is offered in: AWS drops SM2 from the
 * KeySpec enum outside China, so asking for it is the model's enum ValidationException there.
 * KeySpec order: recorded (12 values) with the specs added since appended (unconfirmed order);
 * DataKeyPairSpec: the model's order.
 */
const KEY_SPEC_ORDER = [
  'RSA_2048', 'ECC_NIST_P384', 'ECC_NIST_P256', 'ECC_NIST_P521', 'HMAC_384', 'RSA_3072', 'ECC_SECG_P256K1',
  'RSA_4096', 'SYMMETRIC_DEFAULT', 'HMAC_256', 'HMAC_224', 'HMAC_512', 'SM2', 'ML_DSA_44', 'ML_DSA_65',
  'ML_DSA_87', 'ECC_NIST_EDWARDS25519',
];
const ENUM_ORDER: Readonly<Record<string, readonly string[]>> = {
  keySpec: KEY_SPEC_ORDER,
  customerMasterKeySpec: KEY_SPEC_ORDER,
  keyPairSpec: [
    'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
    'SM2', 'ECC_NIST_EDWARDS25519',
  ],
};

/** Throws AWS's enum ValidationException when `info` is not offered in the context's partition. */
export function checkOffered(ctx: EngineContext, info: KeySpecInfo, member: 'keySpec' | 'customerMasterKeySpec' | 'keyPairSpec'): void {
  if (offeredIn(info, ctx.partition)) return;
  const offered = ENUM_ORDER[member]!.filter((s) => {
    const other = specFor(s, ctx.partition);
    return other === undefined || offeredIn(other, ctx.partition);
  });
  throw new KmsError(
    'ValidationException',
    `1 validation error detected: Value '${info.spec}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${offered.join(', ')}]`,
  );
}
