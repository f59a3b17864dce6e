// Writes test/fixtures/keyring-v1.db, the committed format-version-1 fixture. Run once per new
// format version (after `npx tsc -p .`): node test/keyring/make-fixture.mjs. Never regenerate v1.
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = `${root}test/fixtures/keyring-v1.db`;
if (existsSync(out) && process.argv[2] !== '--force') throw new Error(`${out} exists; it must not change`);
rmSync(out, { force: true });
const { keyringInit, openKeyring } = await import(pathToFileURL(`${root}dist/keyring/index.js`).href);
const deps = {
  env: { KMS_PASSPHRASE: 'kms fixture v1' },
  clock: { now: () => new Date(Date.UTC(2026, 10, 28)) },
  random: (n) => new Uint8Array(randomBytes(n)),
  promptSecret: () => Promise.reject(new Error('no terminal')),
};
await keyringInit(deps, { path: out, kdfLogN: 10 });
const ring = await openKeyring(deps, { path: out, write: true });
const arn = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
await ring.transaction(async (tx) =>
  tx.put('key/us-east-1/1234abcd-12ab-34cd-56ef-1234567890ab', {
    KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
    Description: 'format v1 fixture',
    material: tx.wrapMaterial(`${arn}#m1`, new Uint8Array(32).fill(0x42)),
  }),
);
ring.close();
console.log(`wrote ${out}`);
