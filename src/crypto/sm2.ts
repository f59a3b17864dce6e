// The SM2 key spec (China Regions only): SM2DSA, SM2PKE and ECDH over DER keys, as AWS KMS offers them.
// Must not import the engine, the keyring or the CLI; the engine registers `specs` (families.ts).

import { KmsError } from '../errors.js';
import type { AgreementFamily, AsymmetricCipherFamily, KeySpecInfo, MessageType, SigningFamily } from './registry.js';
import * as c from './sm2-curve.js';
import * as der from './sm2-der.js';

export const SM2_SPEC = 'SM2';
export const SM2DSA = 'SM2DSA';
export const SM2PKE = 'SM2PKE';
export const ECDH = 'ECDH';
/** API Encrypt: "SM2PKE: 1024 bytes (China Regions only)". */
export const SM2PKE_MAX_PLAINTEXT = 1024;
/** SM2DSA hashes with SM3: a DIGEST message is e = SM3(Z ‖ M), 32 bytes. */
export const SM2_DIGEST_BYTES = 32;

function requireAlgorithm(algorithm: string, expected: string): void {
  // The engine checks the spec's lists first; this guards direct callers.
  if (algorithm !== expected) throw new KmsError('ValidationException', `Algorithm ${algorithm} is not supported for key spec SM2.`);
}

/** The private scalar and public point of SM2 PKCS#8 material (the point derived when absent). */
function privateKey(pkcs8: Uint8Array): { d: bigint; pub: ReturnType<typeof c.decodePoint> } {
  const { d, point } = der.decodePkcs8(pkcs8);
  const scalar = c.privateScalar(d);
  return { d: scalar, pub: point ? c.decodePoint(point) : c.publicPoint(scalar) };
}

/** SPKI DER → point; a malformed key, another curve or a point off the curve → undefined. */
function tryPublicKey(spki: Uint8Array): ReturnType<typeof c.decodePoint> | undefined {
  try {
    return c.decodePoint(der.decodeSpki(spki));
  } catch {
    return undefined;
  }
}

/** e for SM2DSA: RAW hashes Z ‖ M with the default ID; DIGEST takes the caller's e as is. */
function digestOf(pub: ReturnType<typeof c.decodePoint>, message: Uint8Array, messageType: MessageType): Uint8Array {
  if (messageType === 'RAW') return c.messageDigest(pub, message);
  // Sign/Verify: EXTERNAL_MU is ML-DSA's alone (our wording; the engine may refuse it first)
  if (messageType !== 'DIGEST') throw new KmsError('ValidationException', `MessageType ${messageType} is not supported for algorithm ${SM2DSA}.`);
  // Sign/Verify: "the length of the Message value must match the length of hashed messages"
  if (message.length !== SM2_DIGEST_BYTES) {
    throw new KmsError('ValidationException', `Digest is invalid length for algorithm ${SM2DSA}.`);
  }
  return message;
}

export const sm2Signer: SigningFamily = {
  sign(material, algorithm, message, messageType, random) {
    requireAlgorithm(algorithm, SM2DSA);
    const { d, pub } = privateKey(material);
    const { r, s } = c.signDigest(d, digestOf(pub, message, messageType), random);
    return der.encodeSignature(r, s);
  },
  verify(publicKey, algorithm, message, messageType, signature) {
    requireAlgorithm(algorithm, SM2DSA);
    const pub = tryPublicKey(publicKey);
    if (!pub) return false;
    const e = digestOf(pub, message, messageType);
    let rs: { r: bigint; s: bigint };
    try {
      rs = der.decodeSignature(signature);
    } catch {
      return false; // a malformed signature is a failed verification (KMSInvalidSignatureException)
    }
    return c.verifyDigest(pub, e, rs.r, rs.s);
  },
};

export const sm2Cipher: AsymmetricCipherFamily = {
  maxPlaintextLength(algorithm) {
    requireAlgorithm(algorithm, SM2PKE);
    return SM2PKE_MAX_PLAINTEXT;
  },
  encrypt(publicKey, algorithm, plaintext, random) {
    requireAlgorithm(algorithm, SM2PKE);
    const pub = tryPublicKey(publicKey);
    if (!pub) throw new TypeError('sm2: stored public key is not an SM2 key');
    const { x1, y1, c3, c2 } = c.encrypt(pub, plaintext, random);
    return der.encodeCiphertext(x1, y1, c3, c2);
  },
  decrypt(material, algorithm, ciphertext) {
    requireAlgorithm(algorithm, SM2PKE);
    const { d } = privateKey(material);
    try {
      const { x1, y1, c3, c2 } = der.decodeCiphertext(ciphertext);
      return c.decrypt(d, x1, y1, c3, c2);
    } catch {
      return undefined;
    }
  },
};

/** DeriveSharedSecret with a peer key that is not an SM2 SPKI (our wording; AWS's is unrecorded). */
export const INVALID_PEER_KEY = 'The public key is not a valid SM2 public key.';

export const sm2Agreement: AgreementFamily = {
  deriveSharedSecret(material, algorithm, peerPublicKey) {
    requireAlgorithm(algorithm, ECDH);
    const peer = tryPublicKey(peerPublicKey);
    if (!peer) throw new KmsError('ValidationException', INVALID_PEER_KEY);
    const { d } = privateKey(material);
    return c.sharedSecret(d, peer);
  },
};

/** PKCS#8 DER of a fresh SM2 key pair (needs ready()). */
export function generateSm2Material(random: (n: number) => Uint8Array): Uint8Array {
  const { d, point } = c.generateKeyPair(random);
  return der.encodePkcs8(d, point);
}

/** The SPKI DER of SM2 PKCS#8 material. */
export function sm2PublicKey(material: Uint8Array): Uint8Array {
  return der.encodeSpki(privateKey(material).pub.toBytes(false));
}

/** KeySpec SM2: one usage per key, as CreateKey documents; also a KeyPairSpec in China Regions. */
export const specs: readonly KeySpecInfo[] = [
  {
    spec: SM2_SPEC,
    usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'],
    encryptionAlgorithms: [SM2PKE],
    signingAlgorithms: [SM2DSA],
    keyAgreementAlgorithms: [ECDH],
    generateMaterial: generateSm2Material,
    publicKey: sm2PublicKey,
    ready: c.loadSm2,
    partitions: ['aws-cn'],
    dataKeyPair: true,
    signer: sm2Signer,
    cipher: sm2Cipher,
    agreement: sm2Agreement,
  },
];
