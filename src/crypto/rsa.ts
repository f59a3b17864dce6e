// RSA_2048/3072/4096 key specs: key generation, SPKI export, RSASSA-PSS/PKCS#1 v1.5 signing and
// RSAES-OAEP encryption with node:crypto (OpenSSL). Must not import the engine, the keyring or the CLI.

import {
  constants,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  privateDecrypt,
  publicEncrypt,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto';
import { KmsError } from '../errors.js';
import type { AsymmetricCipherFamily, KeySpecInfo, MessageType, RandomBytes, SigningFamily } from './registry.js';
import { seededRsaMaterial } from './rsa-seeded.js';
import { encryptOaep, HASH_BYTES, modulus, signPkcs1Digest, signPssDigest, verifyPkcs1Digest, verifyPssDigest, type RsaHash } from './rsa-pad.js';

/** What each signing algorithm means: RSASSA-PSS (MGF1 on the same hash, salt = digest) or PKCS#1 v1.5. */
const SIGNING: Readonly<Record<string, { hash: RsaHash; pss: boolean }>> = {
  RSASSA_PKCS1_V1_5_SHA_256: { hash: 'sha256', pss: false },
  RSASSA_PKCS1_V1_5_SHA_384: { hash: 'sha384', pss: false },
  RSASSA_PKCS1_V1_5_SHA_512: { hash: 'sha512', pss: false },
  RSASSA_PSS_SHA_256: { hash: 'sha256', pss: true },
  RSASSA_PSS_SHA_384: { hash: 'sha384', pss: true },
  RSASSA_PSS_SHA_512: { hash: 'sha512', pss: true },
};

/** RSAES-OAEP: the hash is also MGF1's hash, and the label is empty (AWS takes none). */
const ENCRYPTION: Readonly<Record<string, { hash: 'sha1' | 'sha256'; hLen: number }>> = {
  RSAES_OAEP_SHA_1: { hash: 'sha1', hLen: 20 },
  RSAES_OAEP_SHA_256: { hash: 'sha256', hLen: 32 },
};

/** DescribeKey/GetPublicKey list order, as AWS shows it. */
export const RSA_SIGNING_ALGORITHMS: readonly string[] = Object.keys(SIGNING);
export const RSA_ENCRYPTION_ALGORITHMS: readonly string[] = Object.keys(ENCRYPTION);

/** AWS's answer for an algorithm the key spec does not support (the HMAC wording AWS uses). */
function incompatible(algorithm: string, spec: string): KmsError {
  return new KmsError('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${spec}.`);
}

/**
 * Parsed keys by the SHA-256 of their DER, most recent last. OpenSSL 3 takes longer to decode and
 * set up a PKCS#8 key than to sign with it (test/bench/crypto-rsa.mjs, RSA-2048: ~1,100 signs/s
 * parsing each time, ~3,800 with the key kept), so a long-lived process (`kms serve`) keeps the
 * last few keys parsed. Keyed by content, so an entry is never stale.
 */
const parsed = new Map<string, KeyObject>();
const PARSED_MAX = 32;

function cachedKey(kind: 'pkcs8' | 'spki', der: Uint8Array): KeyObject {
  const id = `${kind}:${createHash('sha256').update(der).digest('base64')}`;
  let key = parsed.get(id);
  if (key) {
    parsed.delete(id);
  } else {
    const bytes = Buffer.from(der);
    key =
      kind === 'pkcs8'
        ? createPrivateKey({ key: bytes, format: 'der', type: 'pkcs8' })
        : createPublicKey({ key: bytes, format: 'der', type: 'spki' });
    if (parsed.size >= PARSED_MAX) parsed.delete(parsed.keys().next().value!);
  }
  parsed.set(id, key);
  return key;
}

const privateKeyOf = (material: Uint8Array): KeyObject => cachedKey('pkcs8', material);
const publicKeyOf = (spki: Uint8Array): KeyObject => cachedKey('spki', spki);

/** Sign/Verify with MessageType DIGEST: the message is the digest, exactly hLen bytes. */
function checkDigest(algorithm: string, hash: RsaHash, message: Uint8Array, messageType: MessageType): void {
  if (messageType === 'DIGEST' && message.length !== HASH_BYTES[hash]) {
    // Sign/Verify: recorded AWS ValidationException text
    throw new KmsError('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
  }
  if (messageType !== 'RAW' && messageType !== 'DIGEST') {
    // Sign: EXTERNAL_MU is for ML-DSA keys only
    throw new KmsError('ValidationException', `MessageType ${messageType} is not supported for algorithm ${algorithm}.`);
  }
}

function signer(spec: string): SigningFamily {
  const lookup = (algorithm: string): { hash: RsaHash; pss: boolean } => {
    const alg = SIGNING[algorithm];
    if (!alg) throw incompatible(algorithm, spec);
    return alg;
  };
  return {
    sign(privateKey: Uint8Array, algorithm: string, message: Uint8Array, messageType: MessageType, random: RandomBytes): Uint8Array {
      const { hash, pss } = lookup(algorithm);
      checkDigest(algorithm, hash, message, messageType);
      const key = privateKeyOf(privateKey);
      if (messageType === 'DIGEST') {
        // node:crypto hashes what it signs, so a given digest goes through our EMSA encoders
        return pss ? signPssDigest(key, hash, message, random(HASH_BYTES[hash])) : signPkcs1Digest(key, hash, message);
      }
      // a deterministic keyring's PSS salt comes from its stream, not OpenSSL's
      if (pss && random.seeded) return signPssDigest(key, hash, createHash(hash).update(message).digest(), random(HASH_BYTES[hash]));
      const padding = pss ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
      return new Uint8Array(nodeSign(hash, message, { key, padding, saltLength: HASH_BYTES[hash] }));
    },
    verify(publicKey: Uint8Array, algorithm: string, message: Uint8Array, messageType: MessageType, signature: Uint8Array): boolean {
      const { hash, pss } = lookup(algorithm);
      checkDigest(algorithm, hash, message, messageType);
      const key = publicKeyOf(publicKey);
      if (messageType === 'DIGEST') {
        return pss ? verifyPssDigest(key, hash, message, signature) : verifyPkcs1Digest(key, hash, message, signature);
      }
      // RFC 8017 §8.1.2 / §8.2.2 step 1: the signature is exactly k bytes (OpenSSL would take a
      // signature whose leading zero byte was dropped)
      if (signature.length !== modulus(key).k) return false;
      const padding = pss ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
      try {
        // the salt length is checked exactly: AWS signs with salt = digest length
        return nodeVerify(hash, message, { key, padding, saltLength: HASH_BYTES[hash] }, signature);
      } catch {
        return false;
      }
    },
  };
}

function cipher(spec: string, bits: number): AsymmetricCipherFamily {
  const k = bits / 8;
  const lookup = (algorithm: string): { hash: 'sha1' | 'sha256'; hLen: number } => {
    const alg = ENCRYPTION[algorithm];
    if (!alg) throw incompatible(algorithm, spec);
    return alg;
  };
  // RFC 8017 §7.1.1: mLen <= k - 2hLen - 2 (214/190, 342/318, 470/446 bytes, as AWS)
  const maxPlaintextLength = (algorithm: string): number => k - 2 * lookup(algorithm).hLen - 2;
  return {
    maxPlaintextLength,
    encrypt(publicKey: Uint8Array, algorithm: string, plaintext: Uint8Array, random: RandomBytes): Uint8Array {
      const { hash, hLen } = lookup(algorithm);
      const max = maxPlaintextLength(algorithm);
      if (plaintext.length > max) {
        // Encrypt: recorded AWS ValidationException text
        throw new KmsError('ValidationException', `Algorithm ${algorithm} and key spec ${spec} cannot encrypt data larger than ${max} bytes.`);
      }
      const key = publicKeyOf(publicKey);
      // a deterministic keyring's OAEP seed comes from its stream, not OpenSSL's
      if (random.seeded) return encryptOaep(key, hash, plaintext, random(hLen));
      return new Uint8Array(publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, plaintext));
    },
    decrypt(privateKey: Uint8Array, algorithm: string, ciphertext: Uint8Array): Uint8Array | undefined {
      const { hash } = lookup(algorithm);
      // RFC 8017 §7.1.2 step 1: the ciphertext is exactly k bytes
      if (ciphertext.length !== k) return undefined;
      const key = privateKeyOf(privateKey);
      try {
        return new Uint8Array(privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, ciphertext));
      } catch {
        return undefined;
      }
    },
  };
}

/** A fresh RSA key pair (e = 65537) as PKCS#8 DER. OpenSSL draws the primes from its own DRBG. */
export function generateRsaMaterial(bits: number): Uint8Array {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicExponent: 0x10001,
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  return new Uint8Array(privateKey);
}

/** GetPublicKey: the X.509 SubjectPublicKeyInfo DER of PKCS#8 DER material. */
export function rsaPublicKey(material: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKeyOf(material)).export({ type: 'spki', format: 'der' });
  return new Uint8Array(spki);
}

function rsaSpec(bits: 2048 | 3072 | 4096): KeySpecInfo {
  const spec = `RSA_${bits}`;
  return {
    spec,
    // CreateKey: RSA keys are ENCRYPT_DECRYPT or SIGN_VERIFY; AWS refuses KEY_AGREEMENT
    // ("KeyUsage KEY_AGREEMENT is not compatible with KeySpec RSA_2048") and there is no default
    usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
    encryptionAlgorithms: RSA_ENCRYPTION_ALGORITHMS,
    signingAlgorithms: RSA_SIGNING_ALGORITHMS,
    // a deterministic keyring's primes come from its stream (rsa-seeded.ts), otherwise OpenSSL's
    generateMaterial: (random) => (random.seeded ? seededRsaMaterial(bits, random) : generateRsaMaterial(bits)),
    publicKey: rsaPublicKey,
    dataKeyPair: true,
    signer: signer(spec),
    cipher: cipher(spec, bits),
  };
}

/** The RSA family's registry entries (registered by src/crypto/families.ts). */
export const specs: readonly KeySpecInfo[] = [rsaSpec(2048), rsaSpec(3072), rsaSpec(4096)];

