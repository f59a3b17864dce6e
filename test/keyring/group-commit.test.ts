// Group commit in the SQLite keyring: transactions that queue up together share one SQLite
// transaction and one COMMIT, each in a savepoint of its own. Each stays atomic and serialised; a
// failing one fails alone; none is answered before the commit holding its writes; an answered
// one survives the process being killed; and reads outside transactions see other processes' commits.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyringInit, openKeyring, type Keyring } from '../../src/keyring/index.js';
import type { SqliteKeyring } from '../../src/keyring/sqlite-store.js';
import { CHEAP, PASS, tempDir, testDeps } from './helpers.js';

const t = tempDir();
const rings: Keyring[] = [];
afterAll(() => {
  for (const r of rings) r.close();
  t.cleanup();
});

async function connections(n: number): Promise<SqliteKeyring[]> {
  const path = join(t.dir, `g${rings.length}.db`);
  await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path, kdfLogN: CHEAP });
  const out: SqliteKeyring[] = [];
  for (let i = 0; i < n; i++) {
    const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path, write: true });
    rings.push(ring);
    out.push(ring as SqliteKeyring);
  }
  return out;
}

const bump = (ring: Keyring, name: string) =>
  ring.transaction(async (tx) => {
    const n = ((await tx.get<number>('counter')) ?? 0) + 1;
    tx.put('counter', n);
    tx.put(name, n);
    return n;
  });

describe('group commit', () => {
  it('several concurrent transactions share one commit, serialised in call order', async () => {
    const [a] = await connections(1);
    const before = { ...a!.commitStats };
    const got = await Promise.all(Array.from({ length: 8 }, (_, i) => bump(a!, `r/${i}`)));
    // each saw the one before it: serialised, read-modify-write intact
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(a!.commitStats.commits - before.commits).toBe(1);
    expect(a!.commitStats.transactions - before.transactions).toBe(8);
    expect(await a!.read((r) => r.get('counter'))).toBe(8);
  });

  it('a failing transaction fails alone: the others commit, its writes are gone', async () => {
    const [a, b] = await connections(2);
    const results = await Promise.allSettled([
      bump(a!, 'r/1'),
      a!.transaction(async (tx) => {
        tx.put('r/bad', 1);
        tx.put('counter', 100);
        expect(await tx.get('counter')).toBe(100);
        throw new Error('handler failed');
      }),
      bump(a!, 'r/3'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('handler failed');
    expect((results[2] as PromiseFulfilledResult<number>).value).toBe(2);
    // another connection (another process) sees exactly the two that succeeded
    const seen = await b!.transaction(async (tx) => ({ counter: await tx.get('counter'), bad: await tx.get('r/bad'), r3: await tx.get('r/3') }));
    expect(seen).toEqual({ counter: 2, bad: undefined, r3: 2 });
  });

  it('answers no transaction before the commit that holds its writes', async () => {
    const [a, b] = await connections(2);
    const seenAtAnswer: unknown[] = [];
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        bump(a!, `r/${i}`).then(async () => {
          // what another connection reads when this call is answered
          seenAtAnswer.push(await b!.read((r) => r.get(`r/${i}`)));
        }),
      ),
    );
    expect(seenAtAnswer).toEqual([1, 2, 3, 4]);
  });

  it('a transaction queued behind a full batch runs in the next one', async () => {
    const [a] = await connections(1);
    const before = a!.commitStats.commits;
    const got = await Promise.all(Array.from({ length: 100 }, (_, i) => bump(a!, `r/${i}`)));
    expect(got[99]).toBe(100);
    expect(a!.commitStats.commits - before).toBe(2);
  });

  it('reads outside a transaction see what another connection committed since they were cached', async () => {
    const [a, b] = await connections(2);
    await a!.transaction(async (tx) => tx.put('r/x', 1));
    expect(await a!.read((r) => r.get('r/x'))).toBe(1);
    expect(await b!.read((r) => r.get('r/x'))).toBe(1);
    await b!.transaction(async (tx) => tx.put('r/x', 2));
    // a remembered r/x = 1; b's commit changed the file's data version
    expect(await a!.read((r) => r.get('r/x'))).toBe(2);
    await b!.transaction(async (tx) => tx.delete('r/x'));
    expect(await a!.read((r) => r.get('r/x'))).toBeUndefined();
  });

  it('a read outside transactions never sees a batch in flight', async () => {
    const [a] = await connections(1);
    let release!: () => void;
    const gate = new Promise<void>((res) => (release = res));
    const writing = a!.transaction(async (tx) => {
      tx.put('r/new', 1);
      await gate;
    });
    await new Promise((res) => setImmediate(res));
    await new Promise((res) => setImmediate(res));
    const reading = a!.read((r) => r.get('r/new'));
    release();
    await writing;
    // the read waited for the batch (its row was not cached), then saw the commit
    expect(await reading).toBe(1);
  });
});

const DIST = resolve(__dirname, '../../dist/keyring/index.js');
const built = existsSync(DIST);
if (!built) console.warn(`skipping the group-commit crash test: ${DIST} is missing (run npx tsc -p . first)`);

describe.skipIf(!built)('group commit and a crash', () => {
  it('every answered transaction survives SIGKILL; none is half there', async () => {
    const path = join(t.dir, 'crash.db');
    await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path, kdfLogN: CHEAP });
    const child = spawn(process.execPath, [resolve(__dirname, 'group-writer.mjs'), DIST, path], {
      env: { ...process.env, KMS_PASSPHRASE: PASS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const closed = new Promise((res) => child.on('close', res));
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error('the writer made no progress')), 20_000);
      const poll = setInterval(() => {
        if (out.split('\n').length > 200) {
          clearInterval(poll);
          clearTimeout(timer);
          res();
        }
      }, 2);
    });
    child.kill('SIGKILL');
    await closed;
    const acked = [...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
    const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path, write: false });
    rings.push(ring);
    const records = await ring.read((r) => r.list<{ n: number; material: Uint8Array }>('key/group/'));
    const present = new Set(records.map((r) => r.value.n));
    for (const n of acked) expect(present.has(n)).toBe(true);
    for (const r of records) expect(await ring.read(async (x) => x.unwrapMaterial(`arn:${r.name}#m`, r.value.material).length)).toBe(32);
    expect(await ring.read((r) => r.get('counter'))).toBe(records.length);
  }, 60_000);
});
