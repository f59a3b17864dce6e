// `kms keyring verify`'s look into KMS's records: every key material a key record holds, and the
// wrapping key of an import in progress, unwrapped under its own AAD (and zeroed at once). The
// keyring layer has already opened the record's seal; this proves the material inside opens too.

import type { RecordReader } from '../../engine/store.js';
import { wrappingAad } from './import/import-state.js';
import { ALL_KEYS_PREFIX } from './records.js';
import type { KeyRecord } from './keys/key-record.js';

/** How many wrapped materials of record `name` unwrapped; throws at the first that does not. */
export function verifyKeyRecord(name: string, value: unknown, reader: Pick<RecordReader, 'unwrapMaterial'>): number {
  if (!name.startsWith(ALL_KEYS_PREFIX)) return 0;
  const key = value as KeyRecord;
  let n = 0;
  for (const m of key.materials ?? []) {
    reader.unwrapMaterial(`${key.Arn}#${m.id}`, m.wrapped).fill(0);
    n++;
  }
  const wrapping = key.import?.wrapping;
  if (wrapping !== undefined) {
    reader.unwrapMaterial(wrappingAad(key, wrapping.id), wrapping.privateKey).fill(0);
    n++;
  }
  return n;
}
