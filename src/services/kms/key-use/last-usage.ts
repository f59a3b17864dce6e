// GetKeyLastUsage's bookkeeping: the last successful cryptographic use of each key, one record
// `usage/<region>/<key-id>` beside the key. Must not import operation handlers, resolve.ts or the CLI.

import type { EngineContext } from '../../../engine/context.js';
import { checkKeyFor } from '../keys/key-states.js';
import { newKeyId, type KeyRecord } from '../keys/key-record.js';
import { usageRecordName } from '../records.js';

/** KeyLastUsageTrackingOperation (model): the operations whose use of a key is recorded. */
export const TRACKED_OPERATIONS: ReadonlySet<string> = new Set([
  'Decrypt', 'DeriveSharedSecret', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncrypt',
  'Sign', 'Verify', 'VerifyMac',
]);

/** The stored use: KeyLastUsage's members (Timestamp as epoch ms). */
export interface LastUsageRecord {
  Operation: string;
  Timestamp: number;
  KmsRequestId: string;
  CloudTrailEventId: string;
}

/** Internal names the cipher helpers use for ReEncrypt's two keys. */
const ALIASES: Readonly<Record<string, string>> = { ReEncryptFrom: 'ReEncrypt', ReEncryptTo: 'ReEncrypt' };

/**
 * The one place cryptographic operations take a key: the state matrix for `operation` (key-states.ts),
 * then the use is recorded for GetKeyLastUsage.
 */
export function useKey(ctx: EngineContext, key: KeyRecord, operation: string): void {
  const op = ALIASES[operation] ?? operation;
  checkKeyFor(key, op);
  recordLastUsage(ctx, key, op);
}

/**
 * Records a cryptographic use of `key` by `operation`. Handlers run in one transaction, so a use
 * that ends in an exception (a failed Verify, a DryRun) is rolled back and never recorded.
 * ReEncrypt records both its keys (GetKeyLastUsage: "recorded for both keys independently").
 */
export function recordLastUsage(ctx: EngineContext, key: KeyRecord, operation: string): void {
  const op = ALIASES[operation] ?? operation;
  if (!TRACKED_OPERATIONS.has(op) || ctx.readOnlyStore) return;
  const rec: LastUsageRecord = {
    Operation: op,
    Timestamp: ctx.clock.now().getTime(),
    // kms has no request ids or CloudTrail: both are fresh UUIDs of this call
    KmsRequestId: newKeyId(ctx),
    CloudTrailEventId: newKeyId(ctx),
  };
  ctx.store.put(usageRecordName(key.Region, key.KeyId), rec);
}

export async function readLastUsage(ctx: EngineContext, key: KeyRecord): Promise<LastUsageRecord | undefined> {
  return await ctx.store.get<LastUsageRecord>(usageRecordName(key.Region, key.KeyId));
}

/** Called when a key is purged: its usage record goes with it. */
export function forgetLastUsage(ctx: EngineContext, key: KeyRecord): void {
  ctx.store.delete(usageRecordName(key.Region, key.KeyId));
}
