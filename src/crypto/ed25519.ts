// ECC_NIST_EDWARDS25519: Ed25519 key pairs, ED25519_SHA_512 (pure, RAW) and ED25519_PH_SHA_512
// (Ed25519ph, DIGEST). Must not import the engine, the keyring or the CLI.

import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { KmsError } from '../errors.js';
import { digestLengthError, incompatibleAlgorithm, spkiOf } from './ecc.js';
import { loadNobleEd25519ph, nobleEd25519ph } from './ecc-noble.js';
import type { KeySpecInfo, MessageType, RandomBytes, SigningFamily } from './registry.js';

export const SPEC = 'ECC_NIST_EDWARDS25519';
/** Sign: ED25519_PH_SHA_512 takes one SHA-512 digest (64 bytes). */
const SHA512_BYTES = 64;

/**
 * Sign/Verify, MessageType: ED25519_SHA_512 requires RAW and ED25519_PH_SHA_512 requires DIGEST;
 * the other pairing is a ValidationException (wording as reported from real KMS by other emulators).
 */
function checkRequest(algorithm: string, message: Uint8Array, messageType: MessageType): void {
  const required = algorithm === 'ED25519_SHA_512' ? 'RAW' : algorithm === 'ED25519_PH_SHA_512' ? 'DIGEST' : undefined;
  if (required === undefined) throw incompatibleAlgorithm(algorithm, SPEC);
  if (messageType !== required) {
    throw new KmsError('ValidationException', `Message type ${messageType} is incompatible with algorithm ${algorithm}.`);
  }
  if (required === 'DIGEST' && message.length !== SHA512_BYTES) throw digestLengthError(algorithm);
}

function rawKey(value: string | undefined): Uint8Array {
  if (value === undefined) throw new TypeError('ed25519: key has no raw value');
  return new Uint8Array(Buffer.from(value, 'base64url'));
}

/**
 * ED25519_SHA_512: RFC 8032 Ed25519 by node:crypto (OpenSSL). ED25519_PH_SHA_512: RFC 8032 §5.1
 * Ed25519ph (phflag 1, empty context) by noble, which OpenSSL 3.0 lacks. The Sign API notes that
 * KMS still applies the SHA-512 prehash to the 64-byte digest it is given, so the input is
 * hashed twice: noble's ed25519ph hashes the message it is handed, which is that digest.
 */
export const ed25519Signer: SigningFamily = {
  sign(privateKey, algorithm, message, messageType) {
    checkRequest(algorithm, message, messageType);
    const key = createPrivateKey({ key: Buffer.from(privateKey), format: 'der', type: 'pkcs8' });
    if (algorithm === 'ED25519_SHA_512') return new Uint8Array(nodeSign(null, message, key));
    return nobleEd25519ph().sign(message, rawKey(key.export({ format: 'jwk' }).d));
  },
  verify(publicKey, algorithm, message, messageType, signature) {
    checkRequest(algorithm, message, messageType);
    const key = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' });
    try {
      if (algorithm === 'ED25519_SHA_512') return nodeVerify(null, message, key, signature);
      // RFC 8032 §5.1.7 strict decoding (not ZIP-215), as OpenSSL verifies pure Ed25519
      return nobleEd25519ph().verify(signature, message, rawKey(key.export({ format: 'jwk' }).x), { zip215: false });
    } catch {
      return false;
    }
  },
};

/** RFC 8410 §7: the PKCS#8 DER of an Ed25519 private key, before its 32-byte seed. */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A fresh PKCS#8 DER Ed25519 key (OpenSSL's generator and RNG; a deterministic keyring's stream gives the seed). */
function generate(random: RandomBytes): Uint8Array {
  if (random.seeded) return new Uint8Array(Buffer.concat([PKCS8_PREFIX, random(32)]));
  const pair = generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  return new Uint8Array(pair.privateKey);
}

/** Key spec reference: Ed25519 keys sign and verify only (no KEY_AGREEMENT). */
export const specs: readonly KeySpecInfo[] = [
  {
    spec: SPEC,
    usages: ['SIGN_VERIFY'],
    signingAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'],
    generateMaterial: generate,
    publicKey: spkiOf,
    // DataKeyPairSpec (botocore model) includes ECC_NIST_EDWARDS25519
    dataKeyPair: true,
    signer: ed25519Signer,
    ready: loadNobleEd25519ph,
  },
];
