// ECC_NIST_P256/P384/P521 and ECC_SECG_P256K1: key pairs, ECDSA (DER signatures) and ECDH.
// Must not import the engine, the keyring or the CLI (registry types and errors only).

import {
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import { KmsError } from '../errors.js';
import { loadNobleEcdsa, nobleEcdsa } from './ecc-noble.js';
import type { AgreementFamily, KeySpecInfo, MessageType, RandomBytes, SigningFamily } from './registry.js';

/** One curve as AWS names it and as node:crypto / noble name it. */
export interface EccCurve {
  spec: string;
  /** The curve name node:crypto reports in asymmetricKeyDetails.namedCurve. */
  nodeCurve: 'prime256v1' | 'secp384r1' | 'secp521r1' | 'secp256k1';
  /** Key spec reference: the one ECDSA algorithm each ECC spec allows. */
  algorithm: string;
  hash: 'sha256' | 'sha384' | 'sha512';
  digestLength: number;
  /** Key spec reference: NIST curves may be KEY_AGREEMENT keys; secp256k1 is SIGN_VERIFY only. */
  agreement: boolean;
  /** RFC 5480 §2.1.1: the SPKI AlgorithmIdentifier, id-ecPublicKey with the namedCurve OID (hex). */
  algorithmId: string;
}

const EC_PUBLIC_KEY = '06072a8648ce3d0201'; // RFC 5480: id-ecPublicKey

export const CURVES: readonly EccCurve[] = [
  { spec: 'ECC_NIST_P256', nodeCurve: 'prime256v1', algorithm: 'ECDSA_SHA_256', hash: 'sha256', digestLength: 32, agreement: true, algorithmId: `3013${EC_PUBLIC_KEY}06082a8648ce3d030107` },
  { spec: 'ECC_NIST_P384', nodeCurve: 'secp384r1', algorithm: 'ECDSA_SHA_384', hash: 'sha384', digestLength: 48, agreement: true, algorithmId: `3010${EC_PUBLIC_KEY}06052b81040022` },
  { spec: 'ECC_NIST_P521', nodeCurve: 'secp521r1', algorithm: 'ECDSA_SHA_512', hash: 'sha512', digestLength: 64, agreement: true, algorithmId: `3010${EC_PUBLIC_KEY}06052b81040023` },
  { spec: 'ECC_SECG_P256K1', nodeCurve: 'secp256k1', algorithm: 'ECDSA_SHA_256', hash: 'sha256', digestLength: 32, agreement: false, algorithmId: `3010${EC_PUBLIC_KEY}06052b8104000a` },
];

/** Sign/Verify: an algorithm the spec does not offer (AWS's wording for HMAC keys, recorded). */
export function incompatibleAlgorithm(algorithm: string, spec: string): KmsError {
  return new KmsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${spec}.`);
}

/** Sign/Verify: MessageType DIGEST must be exactly one digest of the algorithm's hash (recorded). */
export function digestLengthError(algorithm: string): KmsError {
  return new KmsError('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
}

function privateKeyObject(pkcs8: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(spki: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}

/** The SPKI DER public key of PKCS#8 DER material (any key type node:crypto reads). */
export function spkiOf(pkcs8: Uint8Array): Uint8Array {
  return new Uint8Array(createPublicKey(privateKeyObject(pkcs8)).export({ type: 'spki', format: 'der' }));
}

function b64url(value: string | undefined, what: string): Uint8Array {
  if (value === undefined) throw new TypeError(`ecc: key has no ${what}`);
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

/** Throws unless `algorithm`/`messageType` suit the curve and a DIGEST has the hash's length. */
function checkRequest(curve: EccCurve, algorithm: string, message: Uint8Array, messageType: MessageType): void {
  if (algorithm !== curve.algorithm) throw incompatibleAlgorithm(algorithm, curve.spec);
  if (messageType === 'DIGEST') {
    if (message.length !== curve.digestLength) throw digestLengthError(algorithm);
  } else if (messageType !== 'RAW') {
    throw new KmsError('ValidationException', `Message type ${messageType} is incompatible with key spec ${curve.spec}.`);
  }
}

/**
 * ECDSA. RAW: node:crypto hashes and signs (OpenSSL). DIGEST: node:crypto cannot sign a given
 * digest (sign(null, …) still hashes with SHA-256 for EC keys), so noble signs it as is
 * (prehash: false). Signatures are DER, high or low S as they come, as AWS returns them.
 */
function ecdsa(curve: EccCurve): SigningFamily {
  return {
    sign(privateKey: Uint8Array, algorithm: string, message: Uint8Array, messageType: MessageType, random: RandomBytes) {
      checkRequest(curve, algorithm, message, messageType);
      const key = privateKeyObject(privateKey);
      // a deterministic keyring's nonces come from its stream (below), not OpenSSL's
      if (messageType === 'RAW' && !random.seeded) return new Uint8Array(nodeSign(curve.hash, message, { key, dsaEncoding: 'der' }));
      const digest = messageType === 'RAW' ? createHash(curve.hash).update(message).digest() : message;
      const scalar = b64url(key.export({ format: 'jwk' }).d, 'private scalar');
      const extraEntropy = random(32); // RFC 6979 §3.6: hedged nonces, like OpenSSL's random k
      return nobleEcdsa()[curve.nodeCurve].sign(digest, scalar, { prehash: false, lowS: false, format: 'der', extraEntropy });
    },
    verify(publicKey: Uint8Array, algorithm: string, message: Uint8Array, messageType: MessageType, signature: Uint8Array) {
      checkRequest(curve, algorithm, message, messageType);
      const key = publicKeyObject(publicKey);
      if (messageType === 'RAW') {
        try {
          return nodeVerify(curve.hash, message, { key, dsaEncoding: 'der' }, signature);
        } catch {
          return false;
        }
      }
      const jwk = key.export({ format: 'jwk' });
      const point = Buffer.concat([Uint8Array.of(4), b64url(jwk.x, 'x'), b64url(jwk.y, 'y')]);
      try {
        // OpenSSL-style signatures may have a high S: accept them, as AWS and OpenSSL do
        return nobleEcdsa()[curve.nodeCurve].verify(signature, message, point, { prehash: false, lowS: false, format: 'der' });
      } catch {
        return false;
      }
    },
  };
}

/**
 * True when `der` is one DER SEQUENCE with nothing after it whose AlgorithmIdentifier names the
 * curve. OpenSSL also reads explicit curve parameters (RFC 5480 §2.1.1 forbids them in PKIX), and
 * would take ones with a wrong cofactor as the named curve (Wycheproof NoCofactor/LargeCofactor).
 */
function namedCurveSpki(curve: EccCurve, der: Uint8Array): boolean {
  if (der.length < 2 || der[0] !== 0x30) return false;
  const first = der[1]!;
  let header = 2;
  let length = first;
  if (first === 0x81) [header, length] = [3, der[2] ?? 0];
  else if (first === 0x82) [header, length] = [4, ((der[2] ?? 0) << 8) | (der[3] ?? 0)];
  else if (first >= 0x80) return false;
  if (header + length !== der.length) return false;
  const algorithmId = Buffer.from(curve.algorithmId, 'hex');
  return Buffer.from(der.subarray(header, header + algorithmId.length)).equals(algorithmId);
}

/** DeriveSharedSecret's peer key: SPKI DER on the same named curve, else ValidationException. */
export function peerKey(curve: EccCurve, peerPublicKey: Uint8Array): KeyObject {
  // Recorded: AWS answers an unusable PublicKey with a ValidationException and an empty message
  const invalid = new KmsError('ValidationException', '');
  if (!namedCurveSpki(curve, peerPublicKey)) throw invalid;
  let key: KeyObject;
  try {
    key = publicKeyObject(peerPublicKey);
  } catch {
    throw invalid;
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== curve.nodeCurve) throw invalid;
  return key;
}

/** ECDH (node:crypto): the raw shared secret, the x coordinate padded to the field size. */
function ecdh(curve: EccCurve): AgreementFamily {
  return {
    deriveSharedSecret(privateKey: Uint8Array, algorithm: string, peerPublicKey: Uint8Array) {
      if (algorithm !== 'ECDH') {
        throw new KmsError('ValidationException', `Algorithm ${algorithm} is incompatible with key spec ${curve.spec}.`);
      }
      const publicKey = peerKey(curve, peerPublicKey);
      try {
        return new Uint8Array(diffieHellman({ privateKey: privateKeyObject(privateKey), publicKey }));
      } catch {
        throw new KmsError('ValidationException', '');
      }
    },
  };
}

/** JWK curve names (RFC 7518 §6.2.1.1; secp256k1 as node:crypto and RFC 8812 name it). */
const JWK_CURVE: Readonly<Record<EccCurve['nodeCurve'], string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };

/**
 * A deterministic keyring's key pair: the private scalar from the keyring's stream, reduced into
 * [1, n − 1] as FIPS 186-5 §A.4.1 does with extra bits (noble's randomSecretKey), as PKCS#8 DER.
 */
function seededKey(curve: EccCurve, random: RandomBytes): Uint8Array {
  const noble = nobleEcdsa()[curve.nodeCurve];
  const d = noble.utils.randomSecretKey(random(noble.lengths.seed!));
  const point = noble.getPublicKey(d, false);
  const half = (point.length - 1) / 2;
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
  const jwk = { kty: 'EC', crv: JWK_CURVE[curve.nodeCurve], d: b64(d), x: b64(point.subarray(1, 1 + half)), y: b64(point.subarray(1 + half)) };
  return new Uint8Array(createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'der' }));
}

/** A fresh PKCS#8 DER key pair on the curve (OpenSSL's generator and RNG; a deterministic keyring's stream). */
function generate(curve: EccCurve, random: RandomBytes): Uint8Array {
  if (random.seeded) return seededKey(curve, random);
  const { privateKey } = generateKeyPairSync('ec', {
    namedCurve: curve.nodeCurve,
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  return new Uint8Array(privateKey);
}

function specInfo(curve: EccCurve): KeySpecInfo {
  return {
    spec: curve.spec,
    usages: curve.agreement ? ['SIGN_VERIFY', 'KEY_AGREEMENT'] : ['SIGN_VERIFY'],
    signingAlgorithms: [curve.algorithm],
    ...(curve.agreement ? { keyAgreementAlgorithms: ['ECDH'], agreement: ecdh(curve) } : {}),
    generateMaterial: (random) => generate(curve, random),
    publicKey: spkiOf,
    dataKeyPair: true,
    signer: ecdsa(curve),
    ready: loadNobleEcdsa,
  };
}

/** The four ECDSA/ECDH key specs. */
export const specs: readonly KeySpecInfo[] = CURVES.map(specInfo);
