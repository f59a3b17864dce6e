// Custom key stores: the store record (`custom-key-store/<region>/<id>`), lookup by id or name,
// AWS's state names and exceptions, DescribeCustomKeyStores entries, and the Unavailable state of
// the keys inside a store. Must not import operation handlers, the CLI or the PKCS#11 driver.

import { KmsError } from '../../../errors.js';
import type { EngineContext } from '../../../engine/context.js';
import { saveKey, type KeyRecord } from '../keys/key-record.js';
import { purgeExpiredKeys } from '../keys/resolve.js';
import type { ConnectionErrorCodeType, CustomKeyStoresListEntry, XksProxyConfigurationType, XksProxyConnectivityType } from '../types.gen.js';
import { keyPrefix, storePrefix, storeRecordName } from '../records.js';

export type ConnectionState = 'CONNECTED' | 'CONNECTING' | 'FAILED' | 'DISCONNECTED' | 'DISCONNECTING';

/** XksProxyConfiguration as stored (the secret stays in the record and is never described). */
export interface XksProxyRecord {
  Connectivity: XksProxyConnectivityType;
  AccessKeyId: string;
  RawSecretAccessKey: string;
  UriEndpoint: string;
  UriPath: string;
  VpcEndpointServiceName?: string;
  VpcEndpointServiceOwner?: string;
}

/** Record format version 1; fields use the API's member names. */
export interface CustomKeyStoreRecord {
  v: 1;
  CustomKeyStoreId: string;
  CustomKeyStoreName: string;
  CustomKeyStoreType: 'AWS_CLOUDHSM' | 'EXTERNAL_KEY_STORE';
  CloudHsmClusterId?: string;
  TrustAnchorCertificate?: string;
  /** The kmsuser password, here the token's user PIN; sealed by the keyring's barrier like every record. */
  KeyStorePassword?: string;
  XksProxy?: XksProxyRecord;
  ConnectionState: ConnectionState;
  ConnectionErrorCode?: ConnectionErrorCodeType;
  CreationDate: number;
}

/** Quotas: "Custom key stores per account and Region: 10" (AWS KMS quotas page). */
export const MAX_CUSTOM_KEY_STORES = 10;


/** AWS's custom key store ids: `cks-` and 17 hex digits (e.g. cks-1234567890abcdef0). */
export const STORE_ID = /^cks-[0-9a-f]{17}$/;

export function newStoreId(ctx: EngineContext): string {
  return `cks-${Buffer.from(ctx.random(9)).toString('hex').slice(0, 17)}`;
}

export async function listStores(ctx: EngineContext): Promise<CustomKeyStoreRecord[]> {
  return (await ctx.store.list<CustomKeyStoreRecord>(storePrefix(ctx.region))).map((r) => r.value);
}

export function saveStore(ctx: EngineContext, s: CustomKeyStoreRecord): void {
  ctx.store.put(storeRecordName(ctx.region, s.CustomKeyStoreId), s);
}

// Exception texts: AWS documents only the codes; these messages are ours, in AWS's style.
export function storeNotFound(what: string): KmsError {
  return new KmsError('CustomKeyStoreNotFoundException', `Custom key store ${what} does not exist.`);
}

export function invalidStoreState(s: CustomKeyStoreRecord, action: string): KmsError {
  return new KmsError(
    'CustomKeyStoreInvalidStateException',
    `Custom key store ${s.CustomKeyStoreId} is ${s.ConnectionState}; ${action}.`,
  );
}

/** The store a CustomKeyStoreId names in this region, else CustomKeyStoreNotFoundException. */
export async function getStore(ctx: EngineContext, id: string): Promise<CustomKeyStoreRecord> {
  const s = await ctx.store.get<CustomKeyStoreRecord>(storeRecordName(ctx.region, id));
  if (!s) throw storeNotFound(id);
  return s;
}

/** Keys of this region held in the store (keys past their deletion date are purged first). */
export async function keysInStore(ctx: EngineContext, storeId: string): Promise<KeyRecord[]> {
  await purgeExpiredKeys(ctx);
  const records = await ctx.store.list<KeyRecord>(keyPrefix(ctx.region));
  return records.map((r) => r.value).filter((k) => k.CustomKeyStoreId === storeId);
}

/**
 * Key states, "Unavailable": a key whose custom key store is disconnected is Unavailable; the state
 * it returns to is kept in `availableState`. A key pending deletion stays PendingDeletion (so
 * CancelKeyDeletion still works) and becomes Unavailable, if disconnected, when it is cancelled.
 */
export function markUnavailable(key: KeyRecord): void {
  if (key.KeyState === 'Unavailable' || key.KeyState === 'PendingDeletion') return;
  key.availableState = key.KeyState;
  key.KeyState = 'Unavailable';
}

/** The inverse of markUnavailable when the store connects again. */
export function markAvailable(key: KeyRecord): void {
  if (key.KeyState !== 'Unavailable') return;
  key.KeyState = key.availableState ?? 'Enabled';
  delete key.availableState;
}

/** Applies the store's connection to every key in it (connect → available, otherwise unavailable). */
export async function syncKeyAvailability(ctx: EngineContext, s: CustomKeyStoreRecord): Promise<void> {
  for (const key of await keysInStore(ctx, s.CustomKeyStoreId)) {
    if (s.ConnectionState === 'CONNECTED') markAvailable(key);
    else markUnavailable(key);
    saveKey(ctx, key);
  }
}

/** Whether a key (e.g. after CancelKeyDeletion) sits in a store that is not connected. */
export async function storeDisconnected(ctx: EngineContext, key: KeyRecord): Promise<boolean> {
  if (!key.CustomKeyStoreId) return false;
  const s = await ctx.store.get<CustomKeyStoreRecord>(storeRecordName(key.Region, key.CustomKeyStoreId));
  return !s || s.ConnectionState !== 'CONNECTED';
}

/** DescribeCustomKeyStores' CustomKeyStoresListEntry, members in the model's order. */
export function storeEntry(s: CustomKeyStoreRecord): CustomKeyStoresListEntry {
  const e: CustomKeyStoresListEntry = { CustomKeyStoreId: s.CustomKeyStoreId, CustomKeyStoreName: s.CustomKeyStoreName };
  if (s.CustomKeyStoreType === 'AWS_CLOUDHSM') {
    e.CloudHsmClusterId = s.CloudHsmClusterId;
    e.TrustAnchorCertificate = s.TrustAnchorCertificate;
  }
  e.ConnectionState = s.ConnectionState;
  // DescribeCustomKeyStores: ConnectionErrorCode appears only when the state is FAILED
  if (s.ConnectionState === 'FAILED' && s.ConnectionErrorCode) e.ConnectionErrorCode = s.ConnectionErrorCode;
  e.CreationDate = new Date(s.CreationDate);
  e.CustomKeyStoreType = s.CustomKeyStoreType;
  if (s.XksProxy) {
    const x = s.XksProxy;
    const cfg: XksProxyConfigurationType = { Connectivity: x.Connectivity, AccessKeyId: x.AccessKeyId, UriEndpoint: x.UriEndpoint, UriPath: x.UriPath };
    if (x.VpcEndpointServiceName !== undefined) cfg.VpcEndpointServiceName = x.VpcEndpointServiceName;
    if (x.VpcEndpointServiceOwner !== undefined) cfg.VpcEndpointServiceOwner = x.VpcEndpointServiceOwner;
    e.XksProxyConfiguration = cfg;
  }
  return e;
}
