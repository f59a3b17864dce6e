// Child process for the concurrency tests: opens the keyring through the COMPILED modules in
// dist/ and writes records. Usage: node writer.mjs <dist/keyring/index.js> <keyring> <prefix> <count|forever>
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [modulePath, path, prefix, countArg] = process.argv.slice(2);
const { openKeyring } = await import(pathToFileURL(modulePath).href);
const deps = {
  env: process.env,
  clock: { now: () => new Date() },
  random: (n) => new Uint8Array(randomBytes(n)),
  promptSecret: () => Promise.reject(new Error('no terminal in tests')),
};
const ring = await openKeyring(deps, { path, write: true, kdfLogN: 10 });
const forever = countArg === 'forever';
const count = forever ? Infinity : Number(countArg);
for (let i = 0; i < count; i++) {
  // One transaction writes a record, its material, and bumps a shared counter (read-modify-write):
  // the final counter equals the number of records only if transactions are serialised and atomic.
  await ring.transaction(async (tx) => {
    const name = `key/${prefix}/${String(i).padStart(6, '0')}`;
    const material = tx.wrapMaterial(`arn:${name}#m`, randomBytes(32));
    tx.put(name, { i, prefix, material, pad: 'x'.repeat(i % 500) });
    const n = (await tx.get('counter')) ?? 0;
    tx.put('counter', n + 1);
  });
  if (forever && i % 10 === 0) process.stdout.write(`${i}\n`);
}
ring.close();
process.stdout.write('done\n');
