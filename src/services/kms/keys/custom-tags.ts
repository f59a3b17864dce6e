// LocalStack's two CreateKey tags, honoured so that fixtures written for LocalStack run on kms (an
// extension; README "Fixtures written for LocalStack"): `_custom_id_` names the new key's id, and
// `_custom_key_material_` gives its material in base64. Neither is kept as a tag, as in LocalStack.
// AWS has no such tags: there they are ordinary tags.

import { createPrivateKey } from 'node:crypto';
import { specFor } from '../../../crypto/families.js';
import { partitionOf } from '../../../engine/context.js';
import { KmsError } from '../../../errors.js';
import { checkMaterial } from '../import/material-forms.js';
import { KEY_ID, type KeyRecord } from './key-record.js';
import type { Tag } from '../types.gen.js';

export const CUSTOM_ID_TAG = '_custom_id_';
export const CUSTOM_MATERIAL_TAG = '_custom_key_material_';


function invalid(message: string): KmsError {
  return new KmsError('ValidationException', message);
}

/** The tags of a CreateKey request split into LocalStack's two and the ones to keep. */
export function customTags<T extends Tag>(tags: readonly T[] | undefined): { id?: string; material?: string; rest: T[] } {
  const rest: T[] = [];
  let id: string | undefined;
  let material: string | undefined;
  for (const t of tags ?? []) {
    if (t.TagKey === CUSTOM_ID_TAG) id = t.TagValue;
    else if (t.TagKey === CUSTOM_MATERIAL_TAG) material = t.TagValue;
    else rest.push(t);
  }
  return { id, material, rest };
}

/** The key id a `_custom_id_` tag asks for: the form the new key's id would have (a UUID, or mrk-… for a multi-Region key). */
export function checkCustomId(id: string, multiRegion: boolean): string {
  if (!KEY_ID.test(id) || id.startsWith('mrk-') !== multiRegion) {
    throw invalid(
      `Tag ${CUSTOM_ID_TAG} must hold a key id of the form ${multiRegion ? 'mrk- followed by 32 lowercase hex digits (a multi-Region key)' : 'of a UUID in lowercase (1234abcd-12ab-34cd-56ef-1234567890ab)'}, not '${id}'.`,
    );
  }
  return id;
}

/** The error for a `_custom_id_` that names an existing key of the Region. */
export function customIdTaken(id: string): KmsError {
  return invalid(`Tag ${CUSTOM_ID_TAG} names the key ${id}, which already exists in this Region.`);
}

/**
 * The material a `_custom_key_material_` tag gives, as the key record keeps it: raw bytes for
 * symmetric and HMAC keys (the lengths ImportKeyMaterial accepts), and for asymmetric keys a DER
 * private key (PKCS#8, or SEC1 and PKCS#1 as LocalStack's fixtures often hold) of the spec's curve
 * or size, with its public key.
 */
export function customMaterial(key: KeyRecord, base64: string): { material: Uint8Array; publicKey?: Uint8Array } {
  const text = base64.replace(/\s+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text) || text === '') {
    throw invalid(`Tag ${CUSTOM_MATERIAL_TAG} must hold key material in base64.`);
  }
  let bytes: Uint8Array = new Uint8Array(Buffer.from(text, 'base64'));
  const asymmetric = key.KeySpec.startsWith('RSA_') || key.KeySpec.startsWith('ECC_') || key.KeySpec.startsWith('ML_DSA_');
  if (asymmetric) bytes = asPkcs8(bytes) ?? bytes;
  // Ed25519 and ML-DSA keys, which AWS imports no material for: a PKCS#8 private key of the spec
  // (ML-DSA's in RFC 9881's seed form), read by the spec's own family
  if (key.KeySpec === 'ECC_NIST_EDWARDS25519' || key.KeySpec.startsWith('ML_DSA_')) {
    const info = specFor(key.KeySpec, partitionOf(key.Region));
    try {
      if (key.KeySpec === 'ECC_NIST_EDWARDS25519' && createPrivateKey({ key: Buffer.from(bytes), format: 'der', type: 'pkcs8' }).asymmetricKeyType !== 'ed25519') throw new Error('not Ed25519');
      return { material: bytes, publicKey: info!.publicKey!(bytes) };
    } catch {
      throw invalid(`Tag ${CUSTOM_MATERIAL_TAG} does not hold key material for a key with key spec ${key.KeySpec}: a PKCS#8 DER private key of that spec is needed.`);
    }
  }
  try {
    return checkMaterial(key, bytes);
  } catch (err) {
    if (!(err instanceof KmsError)) throw err;
    throw invalid(`Tag ${CUSTOM_MATERIAL_TAG} does not hold key material for a key with key spec ${key.KeySpec}: ${asymmetric ? 'a DER private key of its curve or size' : 'raw bytes of the length the spec takes'} is needed.`);
  }
}

/** A DER private key in PKCS#8, SEC1 (EC) or PKCS#1 (RSA) re-encoded as PKCS#8; undefined if it is none of them. */
function asPkcs8(der: Uint8Array): Uint8Array | undefined {
  for (const type of ['pkcs8', 'sec1', 'pkcs1'] as const) {
    try {
      return new Uint8Array(createPrivateKey({ key: Buffer.from(der), format: 'der', type }).export({ type: 'pkcs8', format: 'der' }));
    } catch {
      // not this form
    }
  }
  return undefined;
}
