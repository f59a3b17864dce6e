// SYMMETRIC_DEFAULT keys in China Regions: SM4 (128-bit) and ciphertext blob version 2 (docs/formats.md),
// plus the version dispatch that opens either blob version. Must not import the engine, keyring or CLI.

import { createCipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import type { BlobCipher, BlobSealArgs, KeySpecInfo } from './registry.js';
import {
  MATERIAL_ID_BYTES,
  canonicalContext,
  invalidCiphertext,
  parseBlob,
  parseBlobLayout,
  KEY_ID,
  symmetricDefault,
  type SymmetricBlob,
} from './symmetric.js';

/** formats.md "Ciphertext blob, SM4": the version byte of SM4 blobs. */
export const SM4_BLOB_VERSION = 2;
/** SM4 keys are 128 bits (GB/T 32907); AWS: "a 128-bit symmetric key that uses SM4 encryption". */
export const SM4_KEY_BYTES = 16;
/** SM4-CTR takes the whole 16-byte counter block from the blob. */
export const SM4_IV_BYTES = 16;
/** HMAC-SM3, untruncated. */
export const SM4_TAG_BYTES = 32;

const utf8 = new TextEncoder();
const LABEL_ENC = utf8.encode('kms sm4 blob v2 encryption');
const LABEL_MAC = utf8.encode('kms sm4 blob v2 authentication');

/** SM4 in CTR mode (the 128-bit counter block starts at `iv` and increments big-endian). */
export function sm4Ctr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const c = createCipheriv('sm4-ctr', key, iv);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

function u32(n: number): Uint8Array {
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/**
 * formats.md: NIST SP 800-108 KDF in counter mode, PRF = HMAC-SM3, one block:
 * K_i = HMAC-SM3(material, [1]_32 ‖ Label ‖ 0x00 ‖ [L]_32), truncated to L bits.
 */
export function deriveSm4Keys(material: Uint8Array): { enc: Uint8Array; mac: Uint8Array } {
  const kdf = (label: Uint8Array, bits: number) =>
    new Uint8Array(createHmac('sm3', material).update(u32(1)).update(label).update(Uint8Array.of(0)).update(u32(bits)).digest()).subarray(0, bits / 8);
  return { enc: kdf(LABEL_ENC, 128), mac: kdf(LABEL_MAC, 256) };
}

/** formats.md: tag = HMAC-SM3(K_mac, header ‖ iv ‖ [len(ciphertext)]_32 ‖ ciphertext ‖ canonical(context)). */
function tagOf(
  macKey: Uint8Array,
  head: Uint8Array,
  iv: Uint8Array,
  body: Uint8Array,
  context: Readonly<Record<string, string>> | undefined,
): Uint8Array {
  const h = createHmac('sm3', macKey);
  h.update(head).update(iv).update(u32(body.length)).update(body).update(canonicalContext(context));
  return new Uint8Array(h.digest());
}

function header(keyId: string, materialId: Uint8Array): Uint8Array {
  const id = utf8.encode(keyId);
  // formats.md: key id is 1..255 bytes, material id is exactly 16 bytes (as version 1)
  if (id.length < 1 || id.length > 255 || !KEY_ID.test(keyId)) throw new TypeError('blob: bad key id');
  if (materialId.length !== MATERIAL_ID_BYTES) throw new TypeError('blob: material id must be 16 bytes');
  return new Uint8Array(Buffer.concat([Uint8Array.of(SM4_BLOB_VERSION, id.length), id, materialId]));
}

/** Encrypts `plaintext` with SM4-CTR + HMAC-SM3 (encrypt-then-MAC) and returns a version-2 blob. */
export function sealSm4Blob(args: BlobSealArgs): Uint8Array {
  if (args.material.length !== SM4_KEY_BYTES) throw new TypeError('blob: SM4 material must be 16 bytes');
  const head = header(args.keyId, args.materialId);
  const keys = deriveSm4Keys(args.material);
  const iv = args.random(SM4_IV_BYTES);
  const body = sm4Ctr(keys.enc, iv, args.plaintext);
  const tag = tagOf(keys.mac, head, iv, body, args.context);
  return new Uint8Array(Buffer.concat([head, iv, body, tag]));
}

/** Strict parse of a version-2 blob; anything else is InvalidCiphertextException. */
export function parseSm4Blob(blob: Uint8Array): SymmetricBlob {
  // formats.md: version(1)=2 len(1) key-id(len) material(16) iv(16) ciphertext(>=1) tag(32)
  return parseBlobLayout(blob, { version: SM4_BLOB_VERSION, ivBytes: SM4_IV_BYTES, tagBytes: SM4_TAG_BYTES });
}

/** Verifies the tag, then decrypts; a wrong material, context or any altered byte → InvalidCiphertextException. */
export function openSm4Blob(
  parsed: SymmetricBlob,
  material: Uint8Array,
  context: Readonly<Record<string, string>> | undefined,
): Uint8Array {
  if (parsed.version !== SM4_BLOB_VERSION || material.length !== SM4_KEY_BYTES) throw invalidCiphertext();
  if (parsed.iv.length !== SM4_IV_BYTES || parsed.tag.length !== SM4_TAG_BYTES) throw invalidCiphertext();
  const keys = deriveSm4Keys(material);
  const expected = tagOf(keys.mac, parsed.header, parsed.iv, parsed.ciphertext, context);
  if (!timingSafeEqual(expected, parsed.tag)) throw invalidCiphertext(); // encrypt-then-MAC: check before decrypting
  return sm4Ctr(keys.enc, parsed.iv, parsed.ciphertext);
}

export const sm4BlobCipher: BlobCipher = { seal: sealSm4Blob, open: openSm4Blob };

/** Opens-side dispatch: parses a blob of either version by its first byte (1: AES-256-GCM, 2: SM4). */
export function parseAnyBlob(blob: Uint8Array): SymmetricBlob {
  if (!(blob instanceof Uint8Array) || blob.length === 0) throw invalidCiphertext();
  if (blob[0] === SM4_BLOB_VERSION) return parseSm4Blob(blob);
  return parseBlob(blob); // version 1, or InvalidCiphertextException
}

/** The cipher that opens a parsed blob of `version` (from parseAnyBlob). */
export function blobCipherForVersion(version: number): BlobCipher {
  if (version === SM4_BLOB_VERSION) return sm4BlobCipher;
  if (version === 1 && symmetricDefault.blobCipher) return symmetricDefault.blobCipher;
  throw invalidCiphertext();
}

/**
 * SYMMETRIC_DEFAULT as created in the aws-cn partition: 16 random bytes, SM4 blobs. Not in `specs`
 * (the registry has one entry per spec name); the engine picks it for keys created in China Regions.
 */
export const sm4SymmetricDefault: KeySpecInfo = {
  ...symmetricDefault,
  generateMaterial: (random) => random(SM4_KEY_BYTES),
  blobCipher: sm4BlobCipher,
  partitions: ['aws-cn'],
};

/** Nothing to register: SYMMETRIC_DEFAULT already has its (AES) entry; see sm4SymmetricDefault. */
export const specs: readonly KeySpecInfo[] = [];
