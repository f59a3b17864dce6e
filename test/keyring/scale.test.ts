// 100,000 records: a get and a page of list still work through the primary-key index.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringInit, openKeyring, type Keyring } from '../../src/keyring/index.js';
import { CHEAP, count, get, list, PASS, tempDir, testDeps } from './helpers.js';

const N = 100_000;
let t: ReturnType<typeof tempDir>;
let ring: Keyring;
const name = (i: number) => `key/us-east-1/${String(i).padStart(8, '0')}`;

beforeAll(async () => {
  t = tempDir();
  const path = join(t.dir, 'keyring.db');
  await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path, kdfLogN: CHEAP });
  ring = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path, write: true });
  await ring.transaction(async (tx) => {
    for (let i = 0; i < N; i++) tx.put(name(i), { i });
    tx.put('alias/us-east-1/alias/last', { target: name(N - 1) });
  });
}, 120_000);
afterAll(() => {
  ring.close();
  t.cleanup();
});

describe(`a keyring of ${N} records`, () => {
  it('gets single records', async () => {
    expect(await get(ring, name(77_777))).toEqual({ i: 77_777 });
    expect(await get(ring, 'key/us-east-1/nope')).toBeUndefined();
  });

  it('pages through list with after and limit', async () => {
    const page = await list<{ i: number }>(ring, 'key/us-east-1/', { after: name(99_989), limit: 5 });
    expect(page.map((r) => r.value.i)).toEqual([99_990, 99_991, 99_992, 99_993, 99_994]);
    expect((await list(ring, 'alias/')).map((r) => r.name)).toEqual(['alias/us-east-1/alias/last']);
    expect(await count(ring, 'key/')).toBe(N);
  });
});
