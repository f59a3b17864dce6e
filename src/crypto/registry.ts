// The KeySpec registry: what each key family can do (usages, algorithm lists, material, cipher).
// Must not import the engine, the keyring or the CLI; key families register themselves here.

import { symmetricDefault, type SymmetricBlob as ParsedBlob } from './symmetric.js';

/** Random bytes, as the engine's RandomSource (kept structural so crypto never imports the engine). */
export type RandomBytes = (length: number) => Uint8Array;

/** A cipher for ENCRYPT_DECRYPT keys whose ciphertext carries the key id (symmetric blobs). */
export interface BlobCipher {
  /** Seal `plaintext` under `material`; `keyId`/`materialId` go into the blob header. */
  seal(args: {
    keyId: string;
    materialId: Uint8Array;
    material: Uint8Array;
    plaintext: Uint8Array;
    context: Readonly<Record<string, string>> | undefined;
    random: RandomBytes;
  }): Uint8Array;
  /** Opens a blob parsed by symmetric.parseBlob; any mismatch is InvalidCiphertextException. */
  open(parsed: ParsedBlob, material: Uint8Array, context: Readonly<Record<string, string>> | undefined): Uint8Array;
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
