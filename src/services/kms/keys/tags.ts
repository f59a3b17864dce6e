// Tag rules shared by CreateKey, TagResource and UntagResource, with AWS's messages
// (TagException "Too many tags", "Duplicate tag keys", "Tags beginning with aws: are reserved").
// Must not import operation handlers, the CLI or crypto.

import { KmsError } from '../../../errors.js';
import type { TagRecord } from './key-record.js';
import type { Tag } from '../types.gen.js';

/** Quota: at most 50 tags per KMS key. */
export const MAX_TAGS = 50;

function tagError(message: string): KmsError {
  return new KmsError('TagException', message);
}

function isReserved(tagKey: string): boolean {
  // Tags: keys that begin with aws: (any case) are reserved for AWS
  return tagKey.toLowerCase().startsWith('aws:');
}

/** Checks a request's Tags list; returns it as records (the order given). */
export function checkTags(tags: readonly Tag[] | undefined): TagRecord[] {
  if (tags === undefined) return [];
  const out: TagRecord[] = [];
  // Tag: the lengths of TagKey (1..128) and TagValue (0..256) are the model's, checked by validation
  for (const t of tags) out.push({ TagKey: t.TagKey, TagValue: t.TagValue });
  const seen = new Set<string>();
  for (const t of out) {
    if (seen.has(t.TagKey)) throw tagError('Duplicate tag keys');
    seen.add(t.TagKey);
  }
  for (const t of out) if (isReserved(t.TagKey)) throw tagError('Tags beginning with aws: are reserved');
  return out;
}

/** Existing tags updated with `add` (same key → new value); at most MAX_TAGS in all. */
export function mergeTags(existing: readonly TagRecord[], add: readonly TagRecord[]): TagRecord[] {
  const merged = existing.map((t) => ({ ...t }));
  for (const t of add) {
    const hit = merged.find((m) => m.TagKey === t.TagKey);
    if (hit) hit.TagValue = t.TagValue;
    else merged.push({ ...t });
  }
  if (merged.length > MAX_TAGS) throw tagError('Too many tags');
  return merged;
}

/** Existing tags without `keys`; reserved keys cannot be named. */
export function removeTags(existing: readonly TagRecord[], names: readonly string[]): TagRecord[] {
  for (const k of names) if (isReserved(k)) throw tagError('Tags beginning with aws: are reserved');
  return existing.filter((t) => !names.includes(t.TagKey));
}
