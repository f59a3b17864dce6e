// Which price bucket a KMS request falls in, and whether the free tier may cover it (research
// audit-pricing.md §A3, §C.3). Pure: imports only errors.ts and the bucket names of prices.ts.

import { KmsError } from '../../../errors.js';
import type { Bucket } from './prices.js';

/** The two operations priced by the pair they generate, not by their (always symmetric) wrapping key. */
export const PAIR_OPERATIONS: ReadonlySet<string> = new Set(['GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext']);

/**
 * Operations that name no KMS key (custom key stores, the caller's own grants, account-wide lists, and
 * CreateKey, whose key does not exist yet): always standard, whatever key spec the ledger carries.
 * ListAliases and RetireGrant may name a key (KeyId is optional) and go by it when they do.
 */
export const KEYLESS_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateKey', 'GenerateRandom', 'ListKeys', 'ListRetirableGrants',
  'CreateCustomKeyStore', 'ConnectCustomKeyStore', 'DeleteCustomKeyStore', 'DescribeCustomKeyStores',
  'DisconnectCustomKeyStore', 'UpdateCustomKeyStore',
]);

/**
 * Bucket of a request that references a key of this KeySpec. Pricing page: "requests to APIs such as
 * Sign, Verify, Encrypt, Decrypt, and GetPublicKey that reference asymmetric KMS keys are excluded from
 * the free tier"; RSA 2048 has its own $0.03 line, other asymmetric keys $0.15 [doc P1]. Every other
 * operation naming such a key (DescribeKey, TagResource…) is priced the same way: the exclusion says "such
 * as", and no management exemption is documented [unverified]. Marked [unverified] in research §A3:
 * HMAC keys as standard (symmetric, not named in the exclusion); ML-DSA, Ed25519 and SM2 as $0.15 (third-
 * party notes). SM2 keys exist only in China's Regions, which have no price table here.
 */
const KEY_SPEC_BUCKET: Readonly<Record<string, Bucket>> = {
  SYMMETRIC_DEFAULT: 'standard',
  HMAC_224: 'standard', HMAC_256: 'standard', HMAC_384: 'standard', HMAC_512: 'standard',
  RSA_2048: 'rsa2048',
  RSA_3072: 'asymmetric', RSA_4096: 'asymmetric',
  ECC_NIST_P256: 'asymmetric', ECC_NIST_P384: 'asymmetric', ECC_NIST_P521: 'asymmetric', ECC_SECG_P256K1: 'asymmetric',
  ECC_NIST_EDWARDS25519: 'asymmetric', SM2: 'asymmetric',
  ML_DSA_44: 'asymmetric', ML_DSA_65: 'asymmetric', ML_DSA_87: 'asymmetric',
};

/**
 * Bucket of a GenerateDataKeyPair(WithoutPlaintext) by its KeyPairSpec: the page prices "RSA" and "ECC"
 * GenerateDataKeyPair requests [doc P1], so RSA_* is rsaPair and the NIST and SECG curves eccPair. The
 * page names no bucket for the two pair specs added later [unverified, decided here]: Ed25519
 * (ECC_NIST_EDWARDS25519, an ECC_ spec) and SM2 (an elliptic-curve scheme) are eccPair, since RSA key
 * generation is what the $12 price pays for and neither is RSA.
 */
const PAIR_SPEC_BUCKET: Readonly<Record<string, Bucket>> = {
  RSA_2048: 'rsaPair', RSA_3072: 'rsaPair', RSA_4096: 'rsaPair',
  ECC_NIST_P256: 'eccPair', ECC_NIST_P384: 'eccPair', ECC_NIST_P521: 'eccPair', ECC_SECG_P256K1: 'eccPair',
  ECC_NIST_EDWARDS25519: 'eccPair', SM2: 'eccPair',
};

function lookup(table: Readonly<Record<string, Bucket>>, value: string, member: string): Bucket {
  if (Object.hasOwn(table, value)) return table[value]!;
  // AWS's validation text for an enum member, with the values this table prices
  throw new KmsError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${Object.keys(table).join(', ')}]`,
  );
}

/**
 * A request's bucket. GenerateDataKeyPair(WithoutPlaintext) goes by its KeyPairSpec (research §C.3: "pair
 * requests go by KeyPairSpec"); without one (a request refused before any pair was made) it goes by its
 * key like any other request [unverified]. Any other operation goes by the spec of the key it references;
 * no key (KEYLESS_OPERATIONS, or keySpec undefined) is standard. Only standard requests may use the free
 * tier: asymmetric, RSA 2048 and both pair buckets "are excluded from the free tier" [doc P1].
 * Throws ValidationException for a spec no bucket is known for, rather than guess its price.
 */
export function classify(operation: string, keySpec: string | undefined, keyPairSpec: string | undefined): { bucket: Bucket; freeTier: boolean } {
  let bucket: Bucket;
  if (PAIR_OPERATIONS.has(operation) && keyPairSpec !== undefined) bucket = lookup(PAIR_SPEC_BUCKET, keyPairSpec, 'keyPairSpec');
  else if (KEYLESS_OPERATIONS.has(operation) || keySpec === undefined) bucket = 'standard';
  else bucket = lookup(KEY_SPEC_BUCKET, keySpec, 'keySpec');
  return { bucket, freeTier: bucket === 'standard' };
}
