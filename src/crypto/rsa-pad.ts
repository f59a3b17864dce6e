// RSA signature encodings over a given digest (EMSA-PSS, EMSA-PKCS1-v1_5), for MessageType DIGEST,
// where node:crypto can only sign a message it hashes itself; and RSAES-OAEP with a given seed, for
// deterministic keyrings, where OpenSSL would draw the seed itself. Must not import the engine or the CLI.

import { constants, createHash, privateEncrypt, publicDecrypt, publicEncrypt, timingSafeEqual, type KeyObject } from 'node:crypto';

export type RsaHash = 'sha256' | 'sha384' | 'sha512';

/** Digest lengths in bytes (hLen). */
export const HASH_BYTES: Readonly<Record<RsaHash, number>> = { sha256: 32, sha384: 48, sha512: 64 };

/** RFC 8017 §9.2 note 1: the DER DigestInfo prefix (AlgorithmIdentifier with NULL parameters). */
const DIGEST_INFO: Readonly<Record<RsaHash, Buffer>> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

/** RFC 8017 §B.2.1: MGF1 with `hash`. */
function mgf1(hash: RsaHash | 'sha1', seed: Uint8Array, length: number): Buffer {
  const out = Buffer.alloc(length);
  const counter = Buffer.alloc(4);
  for (let done = 0, i = 0; done < length; i++) {
    counter.writeUInt32BE(i);
    const block = createHash(hash).update(seed).update(counter).digest();
    done += block.copy(out, done);
  }
  return out;
}

/** RFC 8017 §9.1.1 step 5-6: H = Hash(0x00 * 8 || mHash || salt). */
function pssHash(hash: RsaHash, mHash: Uint8Array, salt: Uint8Array): Buffer {
  return createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
}

/**
 * RFC 8017 §7.1.1 (RSAES-OAEP-ENCRYPT) with an empty label, MGF1 on the same hash, and the given
 * `seed` (hLen bytes): what OpenSSL's OAEP does with a seed of its own drawing. The caller checks
 * the plaintext's length.
 */
export function encryptOaep(key: KeyObject, hash: 'sha1' | 'sha256', message: Uint8Array, seed: Uint8Array): Uint8Array {
  const { k } = modulus(key);
  const hLen = seed.length;
  const lHash = createHash(hash).digest();
  // DB = lHash || PS || 0x01 || M
  const db = Buffer.alloc(k - hLen - 1);
  lHash.copy(db);
  db[db.length - message.length - 1] = 0x01;
  Buffer.from(message).copy(db, db.length - message.length);
  const dbMask = mgf1(hash, seed, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= dbMask[i]!;
  const maskedSeed = Buffer.from(seed);
  const seedMask = mgf1(hash, db, hLen);
  for (let i = 0; i < hLen; i++) maskedSeed[i]! ^= seedMask[i]!;
  const em = Buffer.concat([Buffer.alloc(1), maskedSeed, db]);
  return new Uint8Array(publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, em));
}

/** The byte length k of the modulus and its bit length. */
export function modulus(key: KeyObject): { bits: number; k: number } {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits === undefined) throw new TypeError('rsa: not an RSA key');
  return { bits, k: Math.ceil(bits / 8) };
}

/** RFC 8017 §8.1.1 with §9.1.1 (EMSA-PSS-ENCODE), salt length = digest length as AWS documents. */
export function signPssDigest(key: KeyObject, hash: RsaHash, mHash: Uint8Array, salt: Uint8Array): Uint8Array {
  const { bits, k } = modulus(key);
  const hLen = HASH_BYTES[hash];
  const sLen = salt.length;
  const emBits = bits - 1;
  const emLen = Math.ceil(emBits / 8);
  // §9.1.1 step 3: emLen >= hLen + sLen + 2
  if (emLen < hLen + sLen + 2) throw new TypeError('rsa: modulus too short for PSS');
  const db = Buffer.alloc(emLen - hLen - 1);
  db[db.length - sLen - 1] = 0x01;
  Buffer.from(salt).copy(db, db.length - sLen);
  const h = pssHash(hash, mHash, salt);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  // §9.1.1 step 11: clear the leftmost 8*emLen - emBits bits
  db[0]! &= 0xff >>> (8 * emLen - emBits);
  const em = Buffer.concat([Buffer.alloc(k - emLen), db, h, Buffer.from([0xbc])]);
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, em));
}

/** s^e mod n as k bytes, or undefined when the signature is not k bytes or not below n (§5.2.2). */
function openSignature(key: KeyObject, signature: Uint8Array): Buffer | undefined {
  const { k } = modulus(key);
  // RFC 8017 §8.1.2 step 1 / §8.2.2 step 1: the signature is exactly k bytes
  if (signature.length !== k) return undefined;
  try {
    return publicDecrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return undefined;
  }
}

/** RFC 8017 §8.1.2 with §9.1.2 (EMSA-PSS-VERIFY), salt length fixed at the digest length. */
export function verifyPssDigest(key: KeyObject, hash: RsaHash, mHash: Uint8Array, signature: Uint8Array): boolean {
  const m = openSignature(key, signature);
  if (!m) return false;
  const { bits, k } = modulus(key);
  const hLen = HASH_BYTES[hash];
  const sLen = hLen;
  const emBits = bits - 1;
  const emLen = Math.ceil(emBits / 8);
  // §8.1.2 step 2c: m must fit in emLen bytes
  for (let i = 0; i < k - emLen; i++) if (m[i] !== 0) return false;
  const em = m.subarray(k - emLen);
  // §9.1.2 steps 3-4
  if (emLen < hLen + sLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  // §9.1.2 step 6: the leftmost 8*emLen - emBits bits of maskedDB are zero
  const top = 0xff >>> (8 * emLen - emBits);
  if ((db[0]! & ~top & 0xff) !== 0) return false;
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= mask[i]!;
  db[0]! &= top;
  // §9.1.2 step 10: PS is zeros, then 0x01
  const psLen = emLen - hLen - sLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - sLen);
  return timingSafeEqual(pssHash(hash, mHash, salt), h);
}

/** RFC 8017 §9.2 (EMSA-PKCS1-v1_5-ENCODE) of a digest: 0x00 0x01 PS(0xff…) 0x00 DigestInfo. */
function pkcs1Encode(hash: RsaHash, digest: Uint8Array, k: number): Buffer {
  const t = Buffer.concat([DIGEST_INFO[hash], digest]);
  // §9.2 step 3: emLen >= tLen + 11
  if (k < t.length + 11) throw new TypeError('rsa: modulus too short for PKCS#1 v1.5');
  return Buffer.concat([Buffer.from([0x00, 0x01]), Buffer.alloc(k - t.length - 3, 0xff), Buffer.from([0x00]), t]);
}

/** RFC 8017 §8.2.1 (RSASSA-PKCS1-V1_5-SIGN) over a digest. */
export function signPkcs1Digest(key: KeyObject, hash: RsaHash, digest: Uint8Array): Uint8Array {
  const em = pkcs1Encode(hash, digest, modulus(key).k);
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, em));
}

/** RFC 8017 §8.2.2: re-encode and compare the whole encoded message (no DER parsing). */
export function verifyPkcs1Digest(key: KeyObject, hash: RsaHash, digest: Uint8Array, signature: Uint8Array): boolean {
  const m = openSignature(key, signature);
  if (!m) return false;
  const expected = pkcs1Encode(hash, digest, modulus(key).k);
  return m.length === expected.length && timingSafeEqual(m, expected);
}
