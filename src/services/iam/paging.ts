// IAM's Marker/MaxItems paging over a list the handler has in name order: MaxItems 100 by
// default (1..1000 in the table), Marker an opaque token naming where the next page starts.

import { KmsError } from '../../errors.js';

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/** One page of `items` (sorted by `keyOf`), after the item the Marker names. */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, marker: string | undefined, maxItems: number | undefined): Page<T> {
  const limit = maxItems ?? 100;
  let start = 0;
  if (marker !== undefined) {
    const after = decodeMarker(marker);
    start = items.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + limit);
  const truncated = start + limit < items.length;
  return truncated ? { items: slice, IsTruncated: true, Marker: encodeMarker(keyOf(slice[slice.length - 1]!)) } : { items: slice, IsTruncated: false };
}

function encodeMarker(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64');
}

function decodeMarker(marker: string): string {
  const key = Buffer.from(marker, 'base64').toString('utf8');
  if (encodeMarker(key) !== marker) throw new KmsError('ValidationError', 'Invalid Marker.');
  return key;
}
