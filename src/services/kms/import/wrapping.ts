// GetParametersForImport's wrapping: which WrappingAlgorithm/WrappingKeySpec pairs AWS allows, the
// fresh wrapping key pair, the sealed ImportToken, and unwrapping EncryptedKeyMaterial with it.
// Must not import operation handlers or the CLI; crypto through the family registry and key-wrap.

import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { keySpecInfo, readySpec, specFor } from '../../../crypto/families.js';
import { kwpUnwrap } from '../../../crypto/key-wrap.js';
import { invalidCiphertext } from '../../../crypto/symmetric.js';
import { KmsError } from '../../../errors.js';
import type { RandomSource } from '../../../deps.js';
import type { EngineContext } from '../../../engine/context.js';
import type { KeyRecord } from '../keys/key-record.js';

/** GetParametersForImport: "Each public key and import token set is valid for 24 hours". */
export const PARAMETERS_VALID_MS = 24 * 60 * 60 * 1000;

const RSA_ALGORITHMS = ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'];
const RSA_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096'];
/** The OAEP algorithm (RSA_AES_*: the one that wraps the AES key) each wrapping algorithm uses. */
const OAEP: Readonly<Record<string, string>> = {
  RSAES_OAEP_SHA_1: 'RSAES_OAEP_SHA_1',
  RSAES_OAEP_SHA_256: 'RSAES_OAEP_SHA_256',
  RSA_AES_KEY_WRAP_SHA_1: 'RSAES_OAEP_SHA_1',
  RSA_AES_KEY_WRAP_SHA_256: 'RSAES_OAEP_SHA_256',
};

function validation(message: string): KmsError {
  return new KmsError('ValidationException', message);
}

/** The model's enum error, with the values AWS offers outside China (SM2/SM2PKE dropped, as for KeySpec). */
function enumError(value: string, member: string, allowed: readonly string[]): KmsError {
  return validation(
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
  );
}

/**
 * GetParametersForImport: the pairs AWS allows. RSAES_PKCS1_V1_5 is refused ("As of October 10,
 * 2023, KMS does not support" it); SM2/SM2PKE exist only in China Regions, where the RSA_AES_*
 * algorithms are not offered; an SM2 spec takes SM2PKE and an RSA spec the RSA algorithms.
 * Messages other than the enum ones are ours (AWS's are unrecorded).
 */
export function checkWrapping(ctx: EngineContext, algorithm: string, spec: string): void {
  const china = ctx.partition === 'aws-cn';
  if (!china && spec === 'SM2') throw enumError(spec, 'wrappingKeySpec', RSA_SPECS);
  if (!china && algorithm === 'SM2PKE') throw enumError(algorithm, 'wrappingAlgorithm', RSA_ALGORITHMS);
  if (algorithm === 'RSAES_PKCS1_V1_5') {
    throw validation('The RSAES_PKCS1_V1_5 wrapping algorithm is no longer supported. Use an RSAES_OAEP or RSA_AES_KEY_WRAP wrapping algorithm.');
  }
  if (china && algorithm.startsWith('RSA_AES_KEY_WRAP')) {
    throw validation(`The wrapping algorithm ${algorithm} is not supported in this Region.`);
  }
  if ((spec === 'SM2') !== (algorithm === 'SM2PKE')) {
    throw validation(`The wrapping algorithm ${algorithm} is not compatible with the wrapping key spec ${spec}.`);
  }
}

const generateKeyPairAsync = promisify(generateKeyPair);

/** A wrapping key pair: PKCS#8 DER private key and SPKI DER public key. */
export interface WrappingKeyPair {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
}

/**
 * GetParametersForImport's prepare: a fresh wrapping key pair of `spec`, made before the
 * transaction (RSA key generation is slow; OpenSSL runs it off the event loop). Undefined for a
 * spec checkWrapping refuses.
 */
export async function newWrappingKey(spec: string, random: RandomSource): Promise<WrappingKeyPair | undefined> {
  if (spec === 'SM2') {
    await readySpec('SM2', 'aws-cn');
    const info = specFor('SM2', 'aws-cn')!;
    const privateKey = info.generateMaterial(random);
    return { privateKey, publicKey: info.publicKey!(privateKey) };
  }
  if (!RSA_SPECS.includes(spec)) return undefined;
  if (random.seeded) {
    // a deterministic keyring's wrapping key comes from its stream too
    const info = specFor(spec, 'aws')!;
    const privateKey = info.generateMaterial(random);
    return { privateKey, publicKey: info.publicKey!(privateKey) };
  }
  const { privateKey, publicKey } = await generateKeyPairAsync('rsa', {
    modulusLength: Number(spec.slice(4)),
    publicExponent: 0x10001,
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
    publicKeyEncoding: { type: 'spki', format: 'der' },
  });
  return { privateKey: new Uint8Array(privateKey), publicKey: new Uint8Array(publicKey) };
}

/** What an ImportToken binds: the key, the wrapping key pair it names, and ParametersValidTo. */
export interface TokenClaims {
  keyId: string;
  wrappingId: string;
  validTo: number;
}

const TOKEN_VERSION = 1;
const tokenAad = (key: KeyRecord): string => `import-token:${key.Arn}`;

/**
 * ImportToken format: version(1) | the store's AES-256-GCM seal (master key, AAD "import-token:<key ARN>")
 * of JSON {k: key id, w: wrapping key id, t: ParametersValidTo ms}. Opaque to callers, and
 * unforgeable and bound to the key: any other key, keyring or altered byte fails to open.
 */
export function sealToken(ctx: EngineContext, key: KeyRecord, claims: TokenClaims): Uint8Array {
  const body = new TextEncoder().encode(JSON.stringify({ k: claims.keyId, w: claims.wrappingId, t: claims.validTo }));
  const sealed = ctx.store.wrapMaterial(tokenAad(key), body);
  const token = new Uint8Array(1 + sealed.length);
  token[0] = TOKEN_VERSION;
  token.set(sealed, 1);
  return token;
}

/** Opens a token for `key`; undefined when it is not one of this key's tokens. */
export function openToken(ctx: EngineContext, key: KeyRecord, token: Uint8Array): TokenClaims | undefined {
  if (token.length < 2 || token[0] !== TOKEN_VERSION) return undefined;
  try {
    const body = JSON.parse(new TextDecoder().decode(ctx.store.unwrapMaterial(tokenAad(key), token.subarray(1)))) as Record<string, unknown>;
    if (typeof body.k !== 'string' || typeof body.w !== 'string' || typeof body.t !== 'number') return undefined;
    return { keyId: body.k, wrappingId: body.w, validTo: body.t };
  } catch {
    return undefined;
  }
}

/**
 * ImportKeyMaterial: recovers the material wrapped under the token's public key. RSAES_OAEP_*: one
 * OAEP decryption. RSA_AES_KEY_WRAP_*: OAEP-wrapped AES key (the modulus length) followed by the
 * material under RFC 5649 AES key wrap with padding. SM2PKE: SM2 decryption. Anything that does
 * not unwrap is InvalidCiphertextException (AWS's message is empty).
 */
export function unwrapMaterial(algorithm: string, spec: string, privateKey: Uint8Array, encrypted: Uint8Array): Uint8Array {
  const info = specFor(spec, 'aws-cn');
  const cipher = (spec === 'SM2' ? info : keySpecInfo(spec))?.cipher;
  if (!cipher) throw invalidCiphertext();
  let out: Uint8Array | undefined;
  if (algorithm === 'SM2PKE') {
    out = cipher.decrypt(privateKey, 'SM2PKE', encrypted);
  } else if (algorithm.startsWith('RSA_AES_KEY_WRAP')) {
    const k = Number(spec.slice(4)) / 8;
    if (encrypted.length <= k) throw invalidCiphertext();
    const aesKey = cipher.decrypt(privateKey, OAEP[algorithm]!, encrypted.subarray(0, k));
    out = aesKey && kwpUnwrap(aesKey, encrypted.subarray(k));
    aesKey?.fill(0);
  } else if (OAEP[algorithm]) {
    out = cipher.decrypt(privateKey, OAEP[algorithm], encrypted);
  }
  if (!out || out.length === 0) throw invalidCiphertext();
  return out;
}
