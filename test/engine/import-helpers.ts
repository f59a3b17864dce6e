// Test helpers for imported key material: wrap material as a client does (RSA-OAEP, RSA + AES key
// wrap with padding, SM2PKE) and run the GetParametersForImport → ImportKeyMaterial flow.
import { constants, createCipheriv, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { readySpec } from '../../src/crypto/families.js';
import { sm2Cipher } from '../../src/crypto/sm2.js';
import type { TestEnv } from './helpers.js';

/** Wraps `material` under a DER SPKI public key with `algorithm`, as AWS's docs tell clients to. */
export async function wrapForImport(algorithm: string, publicKey: Uint8Array, material: Uint8Array): Promise<Uint8Array> {
  const key = createPublicKey({ key: Buffer.from(publicKey), format: 'der', type: 'spki' });
  const oaep = (hash: string, data: Uint8Array) => new Uint8Array(publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data));
  switch (algorithm) {
    case 'RSAES_OAEP_SHA_1':
      return oaep('sha1', material);
    case 'RSAES_OAEP_SHA_256':
      return oaep('sha256', material);
    case 'RSA_AES_KEY_WRAP_SHA_1':
    case 'RSA_AES_KEY_WRAP_SHA_256': {
      const aes = randomBytes(32);
      const c = createCipheriv('id-aes256-wrap-pad', aes, Buffer.from('a65959a6', 'hex'));
      const wrapped = Buffer.concat([c.update(material), c.final()]);
      return new Uint8Array(Buffer.concat([oaep(algorithm.endsWith('256') ? 'sha256' : 'sha1', aes), wrapped]));
    }
    case 'SM2PKE':
      await readySpec('SM2', 'aws-cn');
      return sm2Cipher.encrypt(publicKey, 'SM2PKE', material, (n) => new Uint8Array(randomBytes(n)));
    default:
      throw new Error(`no wrapping for ${algorithm}`);
  }
}

export interface ImportOptions {
  algorithm?: string;
  spec?: string;
  extra?: Record<string, unknown>;
}

/** GetParametersForImport then ImportKeyMaterial (KEY_MATERIAL_DOES_NOT_EXPIRE unless `extra` says). */
export async function importMaterial(env: TestEnv, keyId: string, material: Uint8Array, opts: ImportOptions = {}): Promise<Record<string, unknown>> {
  const algorithm = opts.algorithm ?? 'RSAES_OAEP_SHA_256';
  const params = await env.run('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: opts.spec ?? 'RSA_2048' });
  const encrypted = await wrapForImport(algorithm, params.PublicKey as Uint8Array, material);
  return env.run('ImportKeyMaterial', {
    KeyId: keyId,
    ImportToken: params.ImportToken,
    EncryptedKeyMaterial: encrypted,
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    ...opts.extra,
  });
}

/** A new EXTERNAL key (PendingImport); returns its KeyMetadata. */
export async function externalKey(env: TestEnv, req: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return env.newKey({ Origin: 'EXTERNAL', ...req });
}
