// Request helpers shared by handlers: the rules AWS applies beyond the model's constraints (a
// narrower range, a member the model leaves optional), DryRun, paging markers. The model's own
// limits are src/api/validate.ts's alone. Must not import operation handlers, the CLI or crypto.

import type { RecordReader, StoredRecord } from '../../engine/context.js';
import { KmsError } from '../../errors.js';

function validation(message: string): KmsError {
  return new KmsError('ValidationException', message);
}

/**
 * A range AWS enforces inside the model's wider one (ScheduleKeyDeletion's 7..30 days in a model
 * of 1..365), worded as validation words the model's: "1 validation error detected: Value '<v>'
 * at '<member>' failed to satisfy constraint: …".
 */
export function checkRange(n: number | undefined, min: number, max: number, member: string): void {
  if (n === undefined) return;
  if (n < min) {
    throw validation(`1 validation error detected: Value '${n}' at '${member}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`);
  }
  if (n > max) {
    throw validation(`1 validation error detected: Value '${n}' at '${member}' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
  }
}

/** A member the operation needs although the model marks it optional. */
export function requireMember<T>(value: T | undefined | null, message: string): asserts value is T {
  if (value === undefined || value === null) throw validation(message);
}

/** DryRun: every check has passed; AWS answers DryRunOperationException instead of acting. */
export function dryRunStop(dryRun: boolean | undefined): void {
  if (dryRun === true) {
    throw new KmsError('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');
  }
}

/** Markers are opaque to callers: base64url of the last item's sort key. */
export function encodeMarker(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

/** The sort key a marker names; anything we did not issue is InvalidMarkerException. */
export function decodeMarker(marker: string | undefined, shape: RegExp): string | undefined {
  if (marker === undefined) return undefined;
  const decoded = /^[A-Za-z0-9_-]+$/.test(marker) ? Buffer.from(marker, 'base64url').toString('utf8') : '';
  if (!shape.test(decoded) || encodeMarker(decoded) !== marker) {
    throw new KmsError('InvalidMarkerException', 'Invalid marker');
  }
  return decoded;
}

/** One page of `items` (already sorted by `sortKey`) after the marker. */
export function page<T>(
  items: readonly T[],
  sortKey: (item: T) => string,
  after: string | undefined,
  limit: number,
): { items: T[]; truncated: boolean; nextMarker?: string } {
  const rest = after === undefined ? [...items] : items.filter((i) => sortKey(i) > after);
  const picked = rest.slice(0, limit);
  if (rest.length <= limit) return { items: picked, truncated: false };
  return { items: picked, truncated: true, nextMarker: encodeMarker(sortKey(picked[picked.length - 1]!)) };
}

/**
 * How many records storePage asks for at a time under a filter that may skip many (a KeyId on
 * aliases, a grantee or retiring principal on grants): the page fills in few reads.
 */
export const FILTER_BATCH = 256;

/**
 * One page read from the store, never the whole prefix: the records under `prefix` whose names
 * follow `prefix + after`, in name order, each turned into an item by `pick` (undefined skips it),
 * until `limit` items and one more, which only tells that the page is truncated. With nothing
 * skipped that is limit + 1 records; `batch` is the least asked for at a time (FILTER_BATCH for
 * a filter that skips many). The next page's marker is the last item's name after the prefix.
 */
export async function storePage<R, T>(
  store: RecordReader,
  prefix: string,
  after: string | undefined,
  limit: number,
  pick: (record: StoredRecord<R>) => Promise<T | undefined>,
  batch = 1,
): Promise<{ items: T[]; truncated: boolean; nextMarker?: string }> {
  const items: T[] = [];
  let last = '';
  let cursor = after === undefined ? undefined : prefix + after;
  for (;;) {
    const want = Math.max(limit + 1 - items.length, batch);
    const rows = await store.list<R>(prefix, { after: cursor, limit: want });
    for (const r of rows) {
      const item = await pick(r);
      if (item === undefined) continue;
      if (items.length === limit) return { items, truncated: true, nextMarker: encodeMarker(last.slice(prefix.length)) };
      items.push(item);
      last = r.name;
    }
    if (rows.length < want) return { items, truncated: false };
    cursor = rows[rows.length - 1]!.name;
  }
}

/** Response members of a list page: Truncated always, NextMarker only when truncated. */
export function pageMembers(p: { truncated: boolean; nextMarker?: string }): { NextMarker?: string; Truncated: boolean } {
  return p.truncated ? { NextMarker: p.nextMarker, Truncated: true } : { Truncated: false };
}
