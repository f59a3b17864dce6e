// Every key family's specs, registered with the KeySpec registry; the engine reads the registry
// through this module so that loading it registers them all. Imports family modules and the registry
// only (family modules import registry types only, so there is no cycle); never the engine.

import { createPublicKey } from 'node:crypto';
import { keySpecInfo, registerKeySpec, registeredKeySpecs, type KeySpecInfo } from './registry.js';
import { specs as ecc } from './ecc.js';
import { specs as ed25519 } from './ed25519.js';
import { specs as hmac } from './hmac.js';
import { specs as mlDsa } from './ml-dsa.js';
import { specs as rsa } from './rsa.js';
import { specs as sm2 } from './sm2.js';
import { blobCipherForVersion, parseAnyBlob, sm4SymmetricDefault, specs as sm4 } from './sm4.js';
import type { BlobCipher, RandomBytes } from './registry.js';
import { decodeSpki } from './sm2-der.js';
import type { SymmetricBlob } from './symmetric.js';

export { keySpecInfo, registeredKeySpecs };
export type { KeySpecInfo };

/**
 * The family modules present in this build. Each exports `specs`; loading one costs little because
 * a family defers its heavy libraries (noble) to `ready()`.
 */
const FAMILIES: readonly (readonly KeySpecInfo[])[] = [rsa, ecc, ed25519, mlDsa, hmac, sm2, sm4, [sm4SymmetricDefault]];

/**
 * Entries for a spec that is already registered and that name partitions are partition variants:
 * the SM4 cipher that SYMMETRIC_DEFAULT keys use in aws-cn, as AWS does in its China Regions.
 */
const variants = new Map<string, KeySpecInfo[]>();

export function registerFamily(specs: readonly KeySpecInfo[]): void {
  for (const info of specs) {
    const existing = keySpecInfo(info.spec);
    if (existing && existing !== info && info.partitions && !existing.partitions) {
      const list = variants.get(info.spec) ?? [];
      list.push(info);
      variants.set(info.spec, list);
    } else {
      registerKeySpec(info);
    }
  }
}

for (const family of FAMILIES) registerFamily(family);

/** The entry that serves `spec` in `partition` (a partition variant first), or undefined. */
export function specFor(spec: string, partition: string): KeySpecInfo | undefined {
  const variant = variants.get(spec)?.find((v) => v.partitions?.includes(partition));
  return variant ?? keySpecInfo(spec);
}

/** Whether AWS offers `info` in `partition` (SM2: aws-cn only). */
export function offeredIn(info: KeySpecInfo, partition: string): boolean {
  return info.partitions === undefined || info.partitions.includes(partition);
}

/** Awaits the family's loader for `spec` in `partition`, when it has one. */
export async function readySpec(spec: string | undefined, partition: string): Promise<void> {
  if (spec === undefined) return;
  await specFor(spec, partition)?.ready?.();
}

/** Decrypt: parses a blob by its version byte (1: AES-256-GCM, 2: SM4); anything else is InvalidCiphertextException. */
export function parseCiphertextBlob(blob: Uint8Array): SymmetricBlob {
  return parseAnyBlob(blob);
}

/** The cipher that opens a blob of `version` (Decrypt dispatches on the version, not the region). */
export function blobCipherFor(version: number): BlobCipher {
  return blobCipherForVersion(version);
}

/**
 * The public-key cipher that encrypts to `spki` (SubjectPublicKeyInfo DER, as GetPublicKey returns
 * it) and the algorithm kms Decrypt then takes: RSAES_OAEP_SHA_256 for an RSA key of a registered
 * size, SM2PKE for an SM2 key (its family loaded); undefined for any other key. encrypt-stream
 * wraps a data key to a public key with it.
 */
export async function publicKeyCipher(spki: Uint8Array): Promise<{ spec: string; algorithm: string; encrypt(plaintext: Uint8Array, random: RandomBytes): Uint8Array } | undefined> {
  let spec: string | undefined;
  let algorithm: string;
  let partition = 'aws';
  if (isSm2Spki(spki)) {
    [spec, algorithm, partition] = ['SM2', 'SM2PKE', 'aws-cn'];
  } else {
    let bits: number | undefined;
    try {
      const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      if (key.asymmetricKeyType === 'rsa') bits = key.asymmetricKeyDetails?.modulusLength;
    } catch {
      bits = undefined;
    }
    if (bits === undefined) return undefined;
    [spec, algorithm] = [`RSA_${bits}`, 'RSAES_OAEP_SHA_256'];
  }
  const info = specFor(spec, partition);
  if (!info?.cipher) return undefined;
  await info.ready?.();
  const cipher = info.cipher;
  return { spec, algorithm, encrypt: (plaintext, random) => cipher.encrypt(spki, algorithm, plaintext, random) };
}

function isSm2Spki(spki: Uint8Array): boolean {
  try {
    decodeSpki(spki);
    return true;
  } catch {
    return false;
  }
}
