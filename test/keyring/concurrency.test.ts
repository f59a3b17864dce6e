// Many processes at once, and a writer killed mid-transaction: the keyring stays whole.
// Children import the compiled modules in dist/ (npm test builds first; else `npx tsc -p .`).
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyringInit, openKeyring } from '../../src/keyring/index.js';
import { CHEAP, get, list, PASS, tempDir, testDeps, unwrap } from './helpers.js';

const DIST = resolve(__dirname, '../../dist/keyring/index.js');
const WRITER = resolve(__dirname, 'writer.mjs');
const built = existsSync(DIST);
if (!built) console.warn(`skipping keyring concurrency tests: ${DIST} is missing (run npx tsc -p . first)`);

let t: ReturnType<typeof tempDir>;
let path: string;
beforeEach(() => {
  t = tempDir();
  path = join(t.dir, 'keyring.db');
});
afterEach(() => t.cleanup());

function writer(prefix: string, count: string) {
  const child = spawn(process.execPath, [WRITER, DIST, path, prefix, count], {
    env: { ...process.env, KMS_PASSPHRASE: PASS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; signal: string | null; out: string; err: string }>((res) =>
    child.on('close', (code, signal) => res({ code, signal, out, err })),
  );
  return { child, done, output: () => out };
}

async function checkWhole(): Promise<{ records: number; counter: number }> {
  const db = new Database(path, { readonly: false });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
  const ring = await openKeyring(testDeps({ KMS_PASSPHRASE: PASS }), { path, write: false });
  try {
    const records = (await list<{ prefix: string; material: Uint8Array }>(ring, 'key/'));
    for (const r of records) expect((await unwrap(ring, `arn:${r.name}#m`, r.value.material)).length).toBe(32);
    return { records: records.length, counter: (await get<number>(ring, 'counter')) ?? 0 };
  } finally {
    ring.close();
  }
}

describe.skipIf(!built)('concurrent processes', () => {
  it('8 writers (racing to create the file) leave every record and a serialised counter', async () => {
    const per = 60;
    const runs = Array.from({ length: 8 }, (_, i) => writer(`w${i}`, String(per)));
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect(r, r.err).toMatchObject({ code: 0 });
    const { records, counter } = await checkWhole();
    expect(records).toBe(8 * per);
    expect(counter).toBe(8 * per);
  }, 60_000);

  it('a writer killed with SIGKILL mid-loop leaves a keyring that opens, checks and unseals', async () => {
    await keyringInit(testDeps({ KMS_PASSPHRASE: PASS }), { path, kdfLogN: CHEAP });
    const steady = writer('steady', '200');
    const victim = writer('victim', 'forever');
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error('victim made no progress')), 20_000);
      const poll = setInterval(() => {
        if (victim.output().split('\n').length > 30) {
          clearInterval(poll);
          clearTimeout(timer);
          res();
        }
      }, 5);
    });
    victim.child.kill('SIGKILL');
    expect((await victim.done).signal).toBe('SIGKILL');
    expect((await steady.done).code).toBe(0);
    const { records, counter } = await checkWhole();
    expect(records).toBe(counter);
    expect(records).toBeGreaterThan(200);
  }, 60_000);
});
