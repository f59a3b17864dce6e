// KMS keys in custom key stores: the CreateKey rules for CustomKeyStoreId/Origin/XksKeyId, the
// AES-256 key generated on the store's token, and sealing/opening the standard ciphertext blob with
// the token doing the AES-GCM. Must not import operation handlers or the CLI.

import { canonicalContext, invalidCiphertext, IV_BYTES, TAG_BYTES, type SymmetricBlob } from '../../../crypto/symmetric.js';
import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { getStore, type CustomKeyStoreRecord } from './stores.js';
import { withToken } from './hsm-backend.js';
import { HsmError, type TokenRef } from './hsm.js';
import type { KeyRecord } from '../keys/key-record.js';
import type { CreateKeyRequest } from '../types.gen.js';
import { storeRecordName } from '../records.js';

// Exception texts for these rules are ours, in AWS's style (AWS documents only the codes).
function validation(message: string): KmsError {
  return new KmsError('ValidationException', message);
}

const STORE_ORIGINS: Record<string, CustomKeyStoreRecord['CustomKeyStoreType']> = {
  AWS_CLOUDHSM: 'AWS_CLOUDHSM',
  EXTERNAL_KEY_STORE: 'EXTERNAL_KEY_STORE',
};

/** Whether CreateKey's Origin is one of the custom key store origins. */
export function isStoreOrigin(origin: string): boolean {
  return origin in STORE_ORIGINS;
}

/**
 * CreateKey with CustomKeyStoreId: Origin AWS_CLOUDHSM (CloudHSM store) or EXTERNAL_KEY_STORE with
 * XksKeyId (external store); symmetric encryption keys only, never multi-Region; the store must be
 * CONNECTED. Returns the store, or undefined for a key outside custom key stores.
 */
export async function storeForNewKey(ctx: EngineContext, req: CreateKeyRequest, spec: string, usage: string, origin: string): Promise<CustomKeyStoreRecord | undefined> {
  const wanted = STORE_ORIGINS[origin];
  if (req.CustomKeyStoreId === undefined) {
    if (wanted) throw validation(`CustomKeyStoreId is required when Origin is ${origin}.`);
    if (req.XksKeyId !== undefined) throw validation('XksKeyId is valid only when Origin is EXTERNAL_KEY_STORE.');
    return undefined;
  }
  if (!wanted) throw validation('Origin must be AWS_CLOUDHSM or EXTERNAL_KEY_STORE when CustomKeyStoreId is specified.');
  const store = await getStore(ctx, req.CustomKeyStoreId);
  if (store.CustomKeyStoreType !== wanted) {
    throw validation(`Origin ${origin} is not valid for custom key store ${store.CustomKeyStoreId} of type ${store.CustomKeyStoreType}.`);
  }
  if (wanted === 'EXTERNAL_KEY_STORE' && req.XksKeyId === undefined) throw validation('XksKeyId is required when Origin is EXTERNAL_KEY_STORE.');
  if (wanted === 'AWS_CLOUDHSM' && req.XksKeyId !== undefined) throw validation('XksKeyId is valid only when Origin is EXTERNAL_KEY_STORE.');
  // CreateKey: "custom key stores support only symmetric encryption KMS keys"
  if (spec !== 'SYMMETRIC_DEFAULT' || usage !== 'ENCRYPT_DECRYPT') {
    throw new KmsError('UnsupportedOperationException', `KeySpec ${spec} is not supported for KMS keys in a custom key store.`);
  }
  // CustomKeyStoreInvalidStateException: CreateKey needs the store CONNECTED
  if (store.ConnectionState !== 'CONNECTED') {
    throw new KmsError('CustomKeyStoreInvalidStateException', `Custom key store ${store.CustomKeyStoreId} is not connected.`);
  }
  return store;
}

async function tokenOf(ctx: EngineContext, key: KeyRecord): Promise<TokenRef> {
  const store = await ctx.store.get<CustomKeyStoreRecord>(storeRecordName(key.Region, key.CustomKeyStoreId ?? ''));
  if (!store || store.ConnectionState !== 'CONNECTED') {
    throw new KmsError('KMSInvalidStateException', `${key.Arn} is unavailable.`);
  }
  return { label: store.CloudHsmClusterId!, pin: store.KeyStorePassword! };
}

/** A token that fails after the store connected (removed, PIN changed) is AWS's internal error. */
function onToken<T>(token: TokenRef, fn: Parameters<typeof withToken<T>>[1]): T {
  try {
    return withToken(token, fn);
  } catch (err) {
    if (err instanceof HsmError) throw new KmsError('KMSInternalException', `The CloudHSM cluster ${token.label} cannot be used: ${err.message}`);
    throw err;
  }
}

/** CreateKey in a CloudHSM store: a non-extractable AES-256 key on the token, labelled with the key id. */
export async function createTokenKey(ctx: EngineContext, key: KeyRecord, store: CustomKeyStoreRecord): Promise<void> {
  key.CustomKeyStoreId = store.CustomKeyStoreId;
  key.CloudHsmClusterId = store.CloudHsmClusterId;
  key.hsmMaterialId = Buffer.from(ctx.random(32)).toString('hex');
  onToken(await tokenOf(ctx, key), (s) => s.generateAesKey(key.KeyId));
}

/**
 * GenerateRandom with CustomKeyStoreId: bytes from the CloudHSM store's token; the store must be
 * CONNECTED, and external key stores are refused (model: "External key store IDs are not valid").
 */
export async function randomFromStore(ctx: EngineContext, storeId: string, length: number): Promise<Uint8Array> {
  const store = await getStore(ctx, storeId);
  if (store.CustomKeyStoreType === 'EXTERNAL_KEY_STORE') {
    throw new KmsError('UnsupportedOperationException', 'GenerateRandom does not support external key stores.');
  }
  if (store.ConnectionState !== 'CONNECTED') {
    throw new KmsError('CustomKeyStoreInvalidStateException', `Custom key store ${store.CustomKeyStoreId} is not connected.`);
  }
  return onToken({ label: store.CloudHsmClusterId!, pin: store.KeyStorePassword! }, (s) => s.random(length));
}

function blobHeader(key: KeyRecord): Uint8Array {
  const id = Buffer.from(key.KeyId, 'utf8');
  // formats.md: version 1 | len | key id | 16-byte material id (the first half of hsmMaterialId)
  return new Uint8Array(Buffer.concat([Buffer.from([1, id.length]), id, Buffer.from(key.hsmMaterialId!.slice(0, 32), 'hex')]));
}

/** Encrypt for an AWS_CLOUDHSM key: the same blob as any symmetric key, its AES-GCM done on the token. */
export async function sealWithToken(ctx: EngineContext, key: KeyRecord, plaintext: Uint8Array, context: Readonly<Record<string, string>> | undefined): Promise<{ blob: Uint8Array }> {
  const head = blobHeader(key);
  const iv = ctx.random(IV_BYTES);
  const aad = Buffer.concat([head, canonicalContext(context)]);
  const sealed = onToken(await tokenOf(ctx, key), (s) => s.encrypt(key.KeyId, iv, aad, plaintext));
  return { blob: new Uint8Array(Buffer.concat([head, iv, sealed])) };
}

/** Decrypt for an AWS_CLOUDHSM key; a wrong material id, context or altered byte → InvalidCiphertextException. */
export async function openWithToken(ctx: EngineContext, key: KeyRecord, parsed: SymmetricBlob, context: Readonly<Record<string, string>> | undefined): Promise<Uint8Array> {
  if (parsed.version !== 1 || Buffer.compare(Buffer.from(parsed.header), Buffer.from(blobHeader(key))) !== 0) throw invalidCiphertext();
  const aad = Buffer.concat([parsed.header, canonicalContext(context)]);
  const sealed = Buffer.concat([parsed.ciphertext, parsed.tag]);
  if (parsed.tag.length !== TAG_BYTES) throw invalidCiphertext();
  const out = onToken(await tokenOf(ctx, key), (s) => s.decrypt(key.KeyId, parsed.iv, aad, sealed));
  if (!out) throw invalidCiphertext();
  return out;
}
