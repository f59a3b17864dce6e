// SYMMETRIC_DEFAULT keys: AES-256-GCM and the self-describing ciphertext blob (DESIGN §3,
// docs/formats.md). Must not import the engine, the keyring or the CLI (types of registry only).

import { createCipheriv, createDecipheriv } from 'node:crypto';
import { KmsError } from '../errors.js';
import type { BlobSealArgs, KeySpecInfo } from './registry.js';

/** formats.md: the only blob version this build writes and reads. */
export const BLOB_VERSION = 1;
export const MATERIAL_ID_BYTES = 16;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
/** API: CiphertextType is at most 6144 bytes. */
export const MAX_BLOB_BYTES = 6144;

/** A key id as blobs carry it: a UUID, or mrk- and 32 hex digits (multi-Region keys). */
export const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A parsed blob; `header` is every byte before the IV (it is part of the AAD). */
export interface SymmetricBlob {
  version: number;
  keyId: string;
  materialId: Uint8Array;
  header: Uint8Array;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

/** The one error every malformed, tampered or mismatched blob gives (AWS sends no message). */
export function invalidCiphertext(): KmsError {
  return new KmsError('InvalidCiphertextException', '');
}

/**
 * formats.md "Canonical encryption context": entries sorted by the UTF-8 bytes of their key,
 * each written as u16 length + UTF-8 key, u16 length + UTF-8 value (big-endian lengths).
 * No context and an empty context both encode to zero bytes.
 */
export function canonicalContext(context: Readonly<Record<string, string>> | undefined): Uint8Array {
  if (context === undefined) return new Uint8Array(0);
  const entries = Object.entries(context).map(([k, v]) => [utf8.encode(k), utf8.encode(v)] as const);
  entries.sort((a, b) => Buffer.compare(a[0], b[0]));
  const parts: Uint8Array[] = [];
  for (const [k, v] of entries) {
    if (k.length > 0xffff || v.length > 0xffff) {
      throw new KmsError('ValidationException', 'Encryption context entries must be shorter than 65536 bytes.');
    }
    parts.push(u16(k.length), k, u16(v.length), v);
  }
  return new Uint8Array(Buffer.concat(parts));
}

function u16(n: number): Uint8Array {
  return new Uint8Array([n >>> 8, n & 0xff]);
}

function header(keyId: string, materialId: Uint8Array): Uint8Array {
  const id = utf8.encode(keyId);
  // formats.md: key id is 1..255 bytes, material id is exactly 16 bytes
  if (id.length < 1 || id.length > 255 || !KEY_ID.test(keyId)) throw new TypeError('blob: bad key id');
  if (materialId.length !== MATERIAL_ID_BYTES) throw new TypeError('blob: material id must be 16 bytes');
  return Buffer.concat([new Uint8Array([BLOB_VERSION, id.length]), id, materialId]);
}

function aad(head: Uint8Array, context: Readonly<Record<string, string>> | undefined): Buffer {
  return Buffer.concat([head, canonicalContext(context)]);
}

/** Encrypts `plaintext` with AES-256-GCM under `material` and returns the whole blob. */
export function sealBlob(args: BlobSealArgs): Uint8Array {
  if (args.material.length !== 32) throw new TypeError('blob: AES-256 material must be 32 bytes');
  const head = header(args.keyId, args.materialId);
  const iv = args.random(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', args.material, iv).setAAD(aad(head, args.context));
  const body = Buffer.concat([c.update(args.plaintext), c.final()]);
  return new Uint8Array(Buffer.concat([head, iv, body, c.getAuthTag()]));
}

/** Strict parse: anything that is not exactly a version-1 blob is InvalidCiphertextException. */
export function parseBlob(blob: Uint8Array): SymmetricBlob {
  // formats.md: version(1) len(1) key-id(len) material(16) iv(12) ciphertext(>=1) tag(16)
  return parseBlobLayout(blob, { version: BLOB_VERSION, ivBytes: IV_BYTES, tagBytes: TAG_BYTES });
}

/** The sizes that differ between blob versions (version 2, SM4, has a longer IV and tag). */
export interface BlobLayout {
  version: number;
  ivBytes: number;
  tagBytes: number;
}

/**
 * Strictly parses the header every blob version shares — version, key-id length, key id,
 * material id — then the IV, ciphertext (at least one byte) and tag of `layout`'s sizes.
 * Anything malformed is the one opaque InvalidCiphertextException.
 */
export function parseBlobLayout(blob: Uint8Array, layout: BlobLayout): SymmetricBlob {
  if (!(blob instanceof Uint8Array) || blob.length > MAX_BLOB_BYTES || blob.length < 2) throw invalidCiphertext();
  const idLen = blob[1]!;
  if (blob[0] !== layout.version || idLen === 0) throw invalidCiphertext();
  const ivAt = 2 + idLen + MATERIAL_ID_BYTES;
  if (blob.length < ivAt + layout.ivBytes + 1 + layout.tagBytes) throw invalidCiphertext();
  let keyId: string;
  try {
    keyId = strictUtf8.decode(blob.subarray(2, 2 + idLen));
  } catch {
    throw invalidCiphertext();
  }
  if (!KEY_ID.test(keyId)) throw invalidCiphertext();
  return {
    version: layout.version,
    keyId,
    materialId: blob.slice(2 + idLen, ivAt),
    header: blob.slice(0, ivAt),
    iv: blob.slice(ivAt, ivAt + layout.ivBytes),
    ciphertext: blob.slice(ivAt + layout.ivBytes, blob.length - layout.tagBytes),
    tag: blob.slice(blob.length - layout.tagBytes),
  };
}

/** Decrypts a parsed blob; a wrong material, context or any altered byte → InvalidCiphertextException. */
export function openBlob(
  parsed: SymmetricBlob,
  material: Uint8Array,
  context: Readonly<Record<string, string>> | undefined,
): Uint8Array {
  try {
    const d = createDecipheriv('aes-256-gcm', material, parsed.iv).setAAD(aad(parsed.header, context));
    d.setAuthTag(parsed.tag);
    return new Uint8Array(Buffer.concat([d.update(parsed.ciphertext), d.final()]));
  } catch {
    throw invalidCiphertext();
  }
}

/** The registry entry for SYMMETRIC_DEFAULT (registered by registry.ts). */
export const symmetricDefault: KeySpecInfo = {
  spec: 'SYMMETRIC_DEFAULT',
  usages: ['ENCRYPT_DECRYPT'],
  defaultUsage: 'ENCRYPT_DECRYPT',
  encryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
  generateMaterial: (random) => random(32),
  blobCipher: { seal: sealBlob, open: openBlob },
};
