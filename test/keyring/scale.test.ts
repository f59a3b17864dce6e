// 100,000 records: a get and a page of list still work through the primary-key index.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyringInit, openKeyring, type Keyring } from '../../src/keyring/index.js';
import { CHEAP, PASS, tempDir, testDeps } from './helpers.js';

const N = 100_000;
let t: ReturnType<typeof tempDir>;
let ring: Keyring;
const name = (i: number) => `key/us-east-1/${String(i).padStart(8, '0')}`;

beforeAll(async () => {
  t = tempDir();
  const path = join(t.dir, 'keyring.db');
  await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path, kdfLogN: CHEAP });
  ring = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path, write: true });
  ring.transaction(() => {
    for (let i = 0; i < N; i++) ring.put(name(i), { i });
    ring.put('alias/us-east-1/alias/last', { target: name(N - 1) });
  });
}, 120_000);
afterAll(() => {
  ring.close();
  t.cleanup();
});

describe(`a keyring of ${N} records`, () => {
  it('gets single records', () => {
    expect(ring.get(name(77_777))).toEqual({ i: 77_777 });
    expect(ring.get('key/us-east-1/nope')).toBeUndefined();
  });

  it('pages through list with after and limit', () => {
    const page = ring.list<{ i: number }>('key/us-east-1/', { after: name(99_989), limit: 5 });
    expect(page.map((r) => r.value.i)).toEqual([99_990, 99_991, 99_992, 99_993, 99_994]);
    expect(ring.list('alias/').map((r) => r.name)).toEqual(['alias/us-east-1/alias/last']);
    expect(ring.count('key/')).toBe(N);
  });
});
