// The SQLite keyring remembers rows read inside transactions while no other connection commits:
// a second connection's writes (another kms process) are seen by the next transaction, a
// transaction sees its own writes, and a rolled-back one leaves nothing behind in the cache.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyringInit, openKeyring, type Keyring } from '../../src/keyring/index.js';
import { CHEAP, PASS, tempDir, testDeps } from './helpers.js';

const t = tempDir();
const rings: Keyring[] = [];
afterAll(() => {
  for (const r of rings) r.close();
  t.cleanup();
});

async function twoConnections(): Promise<[Keyring, Keyring]> {
  const path = join(t.dir, `k${rings.length}.db`);
  await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path, kdfLogN: CHEAP });
  const a = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path, write: true });
  const b = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path, write: true });
  rings.push(a, b);
  return [a, b];
}

const read = (k: Keyring, name: string) => k.transaction((tx) => tx.get(name));

describe('the transaction row cache of the SQLite keyring', () => {
  it('sees what another connection committed, at its next transaction', async () => {
    const [a, b] = await twoConnections();
    await a.transaction(async (tx) => tx.put('r/1', { v: 1 }));
    expect(await read(b, 'r/1')).toEqual({ v: 1 });
    expect(await read(b, 'r/2')).toBeUndefined();
    await a.transaction(async (tx) => {
      tx.put('r/1', { v: 2 });
      tx.put('r/2', { v: 1 });
    });
    // b had both names cached (one as absent): a's commit changed the file's data version
    expect(await read(b, 'r/1')).toEqual({ v: 2 });
    expect(await read(b, 'r/2')).toEqual({ v: 1 });
    await b.transaction(async (tx) => tx.delete('r/1'));
    expect(await read(a, 'r/1')).toBeUndefined();
    expect(await read(b, 'r/1')).toBeUndefined();
  });

  it('a transaction reads its own writes; a rolled-back one leaves the committed rows', async () => {
    const [a] = await twoConnections();
    await a.transaction(async (tx) => tx.put('r/1', { v: 1 }));
    await expect(
      a.transaction(async (tx) => {
        expect(await tx.get('r/1')).toEqual({ v: 1 });
        tx.put('r/1', { v: 9 });
        tx.put('r/3', { v: 9 });
        expect(await tx.get('r/1')).toEqual({ v: 9 });
        expect((await tx.list('r/')).map((r) => r.name)).toEqual(['r/1', 'r/3']);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await read(a, 'r/1')).toEqual({ v: 1 });
    expect(await read(a, 'r/3')).toBeUndefined();
    expect(await a.read((r) => r.get('r/1'))).toEqual({ v: 1 });
    // values handed out are decoded afresh: changing one does not change the next read
    await a.transaction(async (tx) => {
      const v = (await tx.get<{ v: number }>('r/1'))!;
      v.v = 42;
      expect(await tx.get('r/1')).toEqual({ v: 1 });
    });
  });
});
