// The names of the KMS service's records in the store: one module, so that every name and prefix
// is written once. Names are not secret (the keyring seals values, not names); each region keeps
// its own. Imports nothing.

/** A key: `key/<region>/<key id>` (KeyRecord, keys/key-record.ts). */
export const keyRecordName = (region: string, keyId: string): string => `key/${region}/${keyId}`;
export const keyPrefix = (region: string): string => `key/${region}/`;
/** Every key of every region: what `kms keyring info` counts. */
export const ALL_KEYS_PREFIX = 'key/';

/** An alias: `alias/<region>/<alias name>`, the name keeping its `alias/` (keys/resolve.ts). */
export const aliasRecordName = (region: string, aliasName: string): string => `alias/${region}/${aliasName}`;
export const aliasPrefix = (region: string): string => `alias/${region}/`;

/** A grant: `grant/<region>/<key id>/<grant id>` (grants/grants.ts). */
export const grantRecordName = (region: string, keyId: string, grantId: string): string => `grant/${region}/${keyId}/${grantId}`;
export const grantKeyPrefix = (region: string, keyId: string): string => `grant/${region}/${keyId}/`;
export const grantRegionPrefix = (region: string): string => `grant/${region}/`;

/** The secret grant tokens are signed with, one per keyring (grants/grants.ts). */
export const GRANT_TOKEN_SECRET = 'secret/grant-token';

/** A key's last cryptographic use: `usage/<region>/<key id>` (key-use/last-usage.ts). */
export const usageRecordName = (region: string, keyId: string): string => `usage/${region}/${keyId}`;

/** A custom key store: `custom-key-store/<region>/<store id>` (custom-key-stores/stores.ts). */
export const storeRecordName = (region: string, id: string): string => `custom-key-store/${region}/${id}`;
export const storePrefix = (region: string): string => `custom-key-store/${region}/`;
