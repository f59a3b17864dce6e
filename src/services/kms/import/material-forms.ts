// Imported key material (BYOK): which key specs take it, the form each must have (raw bytes for
// symmetric and HMAC keys, PKCS#8 DER private keys for asymmetric ones) and its KeyMaterialId.
// Must not import operation handlers or the CLI; crypto through node:crypto and the family registry.

import { createHash, createPrivateKey } from 'node:crypto';
import { specFor } from '../../../crypto/families.js';
import { KmsError } from '../../../errors.js';
import { partitionOf, type EngineContext } from '../../../engine/context.js';
import { checkCustomerManaged, checkKeyState } from '../keys/key-states.js';
import type { KeyRecord } from '../keys/key-record.js';
import { resolveKey } from '../keys/resolve.js';

/**
 * Key specs AWS takes imported material for (developer guide, "Requirements for imported key
 * material"): symmetric, HMAC, RSA, the NIST/SECG curves and SM2 (China Regions). ML-DSA and
 * Ed25519 keys are not importable here (inferred: AWS lists neither).
 */
export const HMAC_KEY_BYTES: Readonly<Record<string, readonly [number, number]>> = {
  // Importing HMAC keys: the key length ranges AWS accepts, in bytes (min, max)
  HMAC_224: [28, 64],
  HMAC_256: [32, 64],
  HMAC_384: [48, 128],
  HMAC_512: [64, 128],
};
export const RSA_BITS: Readonly<Record<string, number>> = { RSA_2048: 2048, RSA_3072: 3072, RSA_4096: 4096 };
export const EC_CURVES: Readonly<Record<string, string>> = {
  ECC_NIST_P256: 'prime256v1',
  ECC_NIST_P384: 'secp384r1',
  ECC_NIST_P521: 'secp521r1',
  ECC_SECG_P256K1: 'secp256k1',
};

export function isImportableSpec(spec: string): boolean {
  return spec === 'SYMMETRIC_DEFAULT' || spec === 'SM2' || spec in HMAC_KEY_BYTES || spec in RSA_BITS || spec in EC_CURVES;
}

/** CreateKey Origin EXTERNAL: refuses the specs AWS does not import material for (our wording). */
export function checkExternalSpec(spec: string, _partition: string): void {
  if (!isImportableSpec(spec)) {
    throw new KmsError('UnsupportedOperationException', `KeySpec ${spec} is not supported for KMS keys with EXTERNAL origin.`);
  }
}

/** Symmetric material: 256 bits, or 128 bits (SM4) in China Regions. */
export function symmetricMaterialBytes(key: KeyRecord): number {
  return partitionOf(key.Region) === 'aws-cn' ? 16 : 32;
}

function incorrect(message: string): KmsError {
  return new KmsError('IncorrectKeyMaterialException', message);
}

/** ImportKeyMaterial: the wrong kind of material for the key spec (AWS's wording is unknown; ours). */
function wrongFormat(key: KeyRecord): KmsError {
  return incorrect(`The key material is not valid for a KMS key with key spec ${key.KeySpec}.`);
}

/** A PKCS#8 DER private key of the spec's type and size, re-encoded canonically by OpenSSL. */
function pkcs8Of(key: KeyRecord, der: Uint8Array): Uint8Array {
  let k;
  try {
    k = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  } catch {
    throw wrongFormat(key);
  }
  const details = k.asymmetricKeyDetails ?? {};
  const bits = RSA_BITS[key.KeySpec];
  if (bits !== undefined) {
    // Importing RSA keys: an RSA private key of exactly the spec's modulus size
    if (k.asymmetricKeyType !== 'rsa' || details.modulusLength !== bits) throw wrongFormat(key);
  } else if (k.asymmetricKeyType !== 'ec' || details.namedCurve !== EC_CURVES[key.KeySpec]) {
    // Importing ECC keys: a private key on the spec's named curve
    throw wrongFormat(key);
  }
  return new Uint8Array(k.export({ type: 'pkcs8', format: 'der' }));
}

/**
 * Checks unwrapped material against the key spec and returns it as the key record stores it:
 * raw bytes for symmetric and HMAC keys, PKCS#8 DER for asymmetric keys (with its SPKI public key).
 */
export function checkMaterial(key: KeyRecord, material: Uint8Array): { material: Uint8Array; publicKey?: Uint8Array } {
  const spec = key.KeySpec;
  if (spec === 'SYMMETRIC_DEFAULT') {
    if (material.length !== symmetricMaterialBytes(key)) throw wrongFormat(key);
    return { material };
  }
  const hmac = HMAC_KEY_BYTES[spec];
  if (hmac) {
    if (material.length < hmac[0] || material.length > hmac[1]) throw wrongFormat(key);
    return { material };
  }
  const info = specFor(spec, partitionOf(key.Region));
  if (!info?.publicKey) throw wrongFormat(key);
  if (spec === 'SM2') {
    // SM2 keys are read by the SM2 family's own DER code (OpenSSL builds differ in SM2 support)
    try {
      return { material, publicKey: info.publicKey(material) };
    } catch {
      throw wrongFormat(key);
    }
  }
  const canonical = pkcs8Of(key, material);
  return { material: canonical, publicKey: info.publicKey(canonical) };
}

/**
 * ImportKeyMaterial: "KMS assigns a unique identifier to the key material based on the KMS key ID
 * and the imported key material" — SHA-256 over both, 64 lowercase hex digits (BackingKeyIdType).
 */
export function importedMaterialId(key: KeyRecord, material: Uint8Array): string {
  return createHash('sha256').update('kms imported key material v1\0').update(key.KeyId).update('\0').update(material).digest('hex');
}

/**
 * The key of an import operation: a key id or key ARN (no aliases), of origin EXTERNAL ([9] "<arn>
 * origin is AWS_KMS which is not valid for this operation.", recorded), in a state the key-state
 * matrix allows for `operation`.
 */
export async function externalKey(ctx: EngineContext, keyId: string, operation: string): Promise<KeyRecord> {
  const key = await resolveKey(ctx, keyId, { aliases: false });
  checkCustomerManaged(key, operation);
  if (key.Origin !== 'EXTERNAL') {
    throw new KmsError('UnsupportedOperationException', `${key.Arn} origin is ${key.Origin} which is not valid for this operation.`);
  }
  checkKeyState(key, operation);
  return key;
}
