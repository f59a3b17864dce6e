// Every keyring format version ever released still opens: committed fixtures, known passphrases.
import { copyFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyringInfo, openKeyring } from '../../src/keyring/index.js';
import { get, tempDir, testDeps, unwrap } from './helpers.js';
import { ALL_KEYS_PREFIX } from '../../src/services/kms/records.js';

const FIXTURE_V1 = resolve(__dirname, '../fixtures/keyring-v1.db');
const ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const ARN = `arn:aws:kms:us-east-1:111122223333:key/${ID}`;

let t: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  t = tempDir();
  path = join(t.dir, 'keyring.db');
  copyFileSync(FIXTURE_V1, path); // work on a copy: opening creates -wal/-shm beside the file
});
afterEach(() => t.cleanup());

describe('format version 1 fixture', () => {
  it('still opens and reads its record and key material', async () => {
    const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: 'kms fixture v1' }), { path, write: false });
    const rec = (await get<{ KeyId: string; Description: string; material: Uint8Array }>(ring, `key/us-east-1/${ID}`));
    expect(rec).toMatchObject({ KeyId: ID, Description: 'format v1 fixture' });
    expect((await unwrap(ring, `${ARN}#m1`, rec!.material))).toEqual(new Uint8Array(32).fill(0x42));
    ring.close();
  });

  it('describes itself without a passphrase', async () => {
    const info = await keyringInfo({}, { path, keyPrefix: ALL_KEYS_PREFIX });
    expect(info).toMatchObject({
      formatVersion: 1,
      kdf: { name: 'scrypt', logN: 10, r: 8, p: 1 },
      keyCount: 1,
      created: '2026-11-28T00:00:00.000Z',
    });
  });

  it('is unchanged in the repository', () => {
    expect(readFileSync(FIXTURE_V1).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  });
});
