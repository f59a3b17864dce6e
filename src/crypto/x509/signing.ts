// How a KMS signing algorithm signs an X.509 structure: the signature AlgorithmIdentifier (DER,
// byte for byte as RFC 4055, 5758, 8410, 9881 and OpenSSL write them) and what to hand KMS's Sign
// (MessageType and message). Must not import the engine, the keyring or the CLI.

import { createHash } from 'node:crypto';
import { fromHex } from './der.js';
import { externalMu } from '../ml-dsa.js';

/** KMS Sign's message size limit (PlaintextType: 4096 bytes). */
const RAW_LIMIT = 4096;

/** What to ask KMS's Sign for, for one to-be-signed structure. */
export interface SignRequest {
  MessageType: 'RAW' | 'DIGEST' | 'EXTERNAL_MU';
  Message: Uint8Array;
}

export interface X509Signing {
  /** The signature AlgorithmIdentifier, DER. */
  algorithmId: Uint8Array;
  /** The Sign request for the DER to be signed (tbs). */
  request(tbs: Uint8Array, spki: Uint8Array): SignRequest;
}

/** Why a key or algorithm cannot sign X.509 structures (the CLI prints it as a usage error). */
export class SigningError extends Error {}

const PSS = (hashOid: string, salt: string) =>
  `304106092a864886f70d01010a3034a00f300d0609608648016503040${hashOid}0500a11c301a06092a864886f70d010108300d0609608648016503040${hashOid}0500a2030201${salt}`;

const digest = (hash: string) => (tbs: Uint8Array): SignRequest => ({ MessageType: 'DIGEST', Message: new Uint8Array(createHash(hash).update(tbs).digest()) });

/** RAW, for algorithms that sign the message itself (pure Ed25519; SM2DSA, whose Z KMS computes). */
const raw = (algorithm: string) => (tbs: Uint8Array): SignRequest => {
  if (tbs.length > RAW_LIMIT) throw new SigningError(`${algorithm} signs the data itself, and this one is ${tbs.length} bytes: KMS signs at most ${RAW_LIMIT}`);
  return { MessageType: 'RAW', Message: tbs };
};

/** RSA and ECDSA sign a digest (no size limit); the rest as `raw` says. */
const ALGORITHMS: Readonly<Record<string, { id: string; request: (tbs: Uint8Array, spki: Uint8Array) => SignRequest }>> = {
  RSASSA_PKCS1_V1_5_SHA_256: { id: '300d06092a864886f70d01010b0500', request: digest('sha256') },
  RSASSA_PKCS1_V1_5_SHA_384: { id: '300d06092a864886f70d01010c0500', request: digest('sha384') },
  RSASSA_PKCS1_V1_5_SHA_512: { id: '300d06092a864886f70d01010d0500', request: digest('sha512') },
  // RFC 4055 §3.1: hash and MGF1 with the same hash, salt = hash length, trailerField default (omitted)
  RSASSA_PSS_SHA_256: { id: PSS('201', '20'), request: digest('sha256') },
  RSASSA_PSS_SHA_384: { id: PSS('202', '30'), request: digest('sha384') },
  RSASSA_PSS_SHA_512: { id: PSS('203', '40'), request: digest('sha512') },
  // RFC 5758 §3.2: ecdsa-with-SHA*, parameters absent
  ECDSA_SHA_256: { id: '300a06082a8648ce3d040302', request: digest('sha256') },
  ECDSA_SHA_384: { id: '300a06082a8648ce3d040303', request: digest('sha384') },
  ECDSA_SHA_512: { id: '300a06082a8648ce3d040304', request: digest('sha512') },
  // RFC 8410 §3: id-Ed25519, pure EdDSA over the message
  ED25519_SHA_512: { id: '300506032b6570', request: raw('ED25519_SHA_512') },
  // GM/T 0006: SM2-with-SM3 (1.2.156.10197.1.501); KMS's RAW signing includes Z with the default distinguishing ID
  SM2DSA: { id: '300a06082a811ccf55018375', request: raw('SM2DSA') },
};

/** RFC 9881 §2: id-ml-dsa-44/65/87, parameters absent; pure ML-DSA with the empty context. */
const ML_DSA_IDS: Readonly<Record<string, string>> = { ML_DSA_44: '11', ML_DSA_65: '12', ML_DSA_87: '13' };

/**
 * The X.509 signing of `algorithm` with a key of `keySpec`. KMS's Sign refuses an algorithm the
 * spec does not offer; here only what X.509 cannot express is refused.
 */
export function x509Signing(keySpec: string, algorithm: string): X509Signing {
  if (algorithm === 'ED25519_PH_SHA_512') {
    // RFC 8410 defines pure Ed25519 only (its draft's Ed25519ph identifiers were removed)
    throw new SigningError('ED25519_PH_SHA_512 has no X.509 signature algorithm (RFC 8410 defines pure Ed25519 only): use ED25519_SHA_512');
  }
  const mldsa = ML_DSA_IDS[keySpec];
  if (mldsa !== undefined && algorithm === 'ML_DSA_SHAKE_256') {
    return {
      algorithmId: fromHex(`300b06096086480165030403${mldsa}`),
      // past KMS's RAW limit (an ML-DSA-87 key alone is 2.6 KB), the μ the engine would compute (AWS's guide)
      request: (tbs, spki) => (tbs.length <= RAW_LIMIT ? { MessageType: 'RAW', Message: tbs } : { MessageType: 'EXTERNAL_MU', Message: externalMu(spki, tbs) }),
    };
  }
  const known = ALGORITHMS[algorithm];
  if (!known) throw new SigningError(`${algorithm} cannot sign X.509 structures with a ${keySpec} key`);
  return { algorithmId: fromHex(known.id), request: known.request };
}

/** The signing algorithm a key spec uses when none is given: the one it has, or PKCS#1 v1.5 SHA-256 for RSA (the most widely verified). */
export function defaultSigningAlgorithm(keySpec: string): string | undefined {
  if (keySpec.startsWith('RSA_')) return 'RSASSA_PKCS1_V1_5_SHA_256';
  return (
    {
      ECC_NIST_P256: 'ECDSA_SHA_256',
      ECC_SECG_P256K1: 'ECDSA_SHA_256',
      ECC_NIST_P384: 'ECDSA_SHA_384',
      ECC_NIST_P521: 'ECDSA_SHA_512',
      ECC_NIST_EDWARDS25519: 'ED25519_SHA_512',
      SM2: 'SM2DSA',
      ML_DSA_44: 'ML_DSA_SHAKE_256',
      ML_DSA_65: 'ML_DSA_SHAKE_256',
      ML_DSA_87: 'ML_DSA_SHAKE_256',
    } as Record<string, string>
  )[keySpec];
}
