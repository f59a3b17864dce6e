// The KeySpec registry: what each key family can do (usages, algorithm lists, material, cipher).
// Must not import the engine, the keyring or the CLI; key families register themselves here.

import { symmetricDefault, type SymmetricBlob as ParsedBlob } from './symmetric.js';

/**
 * Random bytes, as the engine's RandomSource (kept structural so crypto never imports the engine).
 * `seeded`: a deterministic keyring's stream (crypto/drbg.ts); what otherwise takes its randomness
 * from OpenSSL (RSA primes, OAEP and PSS padding, ECDSA nonces) then takes it from this source.
 */
export type RandomBytes = ((length: number) => Uint8Array) & { readonly seeded?: boolean };

/** What sealing a symmetric blob takes; `keyId`/`materialId` go into the blob header. */
export interface BlobSealArgs {
  keyId: string;
  materialId: Uint8Array;
  material: Uint8Array;
  plaintext: Uint8Array;
  context: Readonly<Record<string, string>> | undefined;
  random: RandomBytes;
}

/** A cipher for ENCRYPT_DECRYPT keys whose ciphertext carries the key id (symmetric blobs). */
export interface BlobCipher {
  /** Seal `plaintext` under `material`. */
  seal(args: BlobSealArgs): Uint8Array;
  /** Opens a blob parsed by symmetric.parseBlob; any mismatch is InvalidCiphertextException. */
  open(parsed: ParsedBlob, material: Uint8Array, context: Readonly<Record<string, string>> | undefined): Uint8Array;
}

/** Sign's MessageType: RAW (the message), DIGEST (its hash), EXTERNAL_MU (ML-DSA's μ). */
export type MessageType = 'RAW' | 'DIGEST' | 'EXTERNAL_MU';

/**
 * Asymmetric key material is stored as PKCS#8 DER (the private key) and public keys travel as
 * X.509 SubjectPublicKeyInfo DER, as GetPublicKey returns them. Families throw KmsError with the
 * API exception AWS gives (ValidationException for a digest of the wrong length, …); a failed
 * verification returns false (the engine raises KMSInvalidSignatureException).
 */
export interface SigningFamily {
  sign(privateKey: Uint8Array, algorithm: string, message: Uint8Array, messageType: MessageType, random: RandomBytes): Uint8Array;
  verify(publicKey: Uint8Array, algorithm: string, message: Uint8Array, messageType: MessageType, signature: Uint8Array): boolean;
}

/** Public-key encryption (RSAES-OAEP, SM2PKE): no encryption context, as AWS. */
export interface AsymmetricCipherFamily {
  /** The largest plaintext `algorithm` takes with this key spec (AWS's per-spec limits). */
  maxPlaintextLength(algorithm: string): number;
  encrypt(publicKey: Uint8Array, algorithm: string, plaintext: Uint8Array, random: RandomBytes): Uint8Array;
  /** Returns undefined when the ciphertext does not decrypt (the engine: InvalidCiphertextException). */
  decrypt(privateKey: Uint8Array, algorithm: string, ciphertext: Uint8Array): Uint8Array | undefined;
}

/** HMAC keys: the material is the raw HMAC key. */
export interface MacFamily {
  mac(key: Uint8Array, algorithm: string, message: Uint8Array): Uint8Array;
}

/** Key agreement (ECDH): the raw shared secret (the x coordinate), as AWS returns it. */
export interface AgreementFamily {
  /** `peerPublicKey` is SPKI DER; a key on another curve or not on the curve throws ValidationException. */
  deriveSharedSecret(privateKey: Uint8Array, algorithm: string, peerPublicKey: Uint8Array): Uint8Array;
}

export interface KeySpecInfo {
  /** The API's KeySpec name, e.g. SYMMETRIC_DEFAULT. */
  spec: string;
  /** KeyUsage values this spec may have. */
  usages: readonly string[];
  /** The KeyUsage CreateKey assumes when it is omitted (AWS: symmetric encryption keys only). */
  defaultUsage?: string;
  /** Lists DescribeKey reports, by usage (empty lists are left out of KeyMetadata). */
  encryptionAlgorithms?: readonly string[];
  signingAlgorithms?: readonly string[];
  macAlgorithms?: readonly string[];
  keyAgreementAlgorithms?: readonly string[];
  /** Fresh key material (bytes as stored, wrapped, in the key record). */
  generateMaterial(random: RandomBytes): Uint8Array;
  /** Present for families whose ciphertext is a self-describing blob (symmetric). */
  blobCipher?: BlobCipher;
  /**
   * Loads what the family needs beyond node:crypto (noble for ML-DSA and SM2) so its synchronous
   * functions can run; the engine awaits it before the operation's transaction. Idempotent.
   */
  ready?(): Promise<void>;
  /** Partitions where AWS offers the spec (SM2: aws-cn only); undefined means every partition. */
  partitions?: readonly string[];
  /** Asymmetric specs: the SPKI DER public key of PKCS#8 DER material. */
  publicKey?(material: Uint8Array): Uint8Array;
  /** true when the spec is also a KeyPairSpec of GenerateDataKeyPair. */
  dataKeyPair?: boolean;
  signer?: SigningFamily;
  cipher?: AsymmetricCipherFamily;
  mac?: MacFamily;
  agreement?: AgreementFamily;
}

const specs = new Map<string, KeySpecInfo>();

/** Adds (or replaces) a key family's entry. */
export function registerKeySpec(info: KeySpecInfo): void {
  specs.set(info.spec, info);
}

/** The entry for `spec`, or undefined when kms does not support it (yet). */
export function keySpecInfo(spec: string): KeySpecInfo | undefined {
  return specs.get(spec);
}

/** Every registered KeySpec name. */
export function registeredKeySpecs(): string[] {
  return [...specs.keys()];
}

// Built-in families (symmetric.ts imports only types from this module, so there is no cycle).
registerKeySpec(symmetricDefault);
