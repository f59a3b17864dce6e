// Child process for the group-commit crash test: opens the keyring through the COMPILED modules in
// dist/ and runs rounds of 8 concurrent transactions (one batch, one commit each round), printing
// `ack <n>` for each only after its transaction resolved. Usage: node group-writer.mjs <dist/keyring/index.js> <keyring>
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';

const [modulePath, path] = process.argv.slice(2);
const { openKeyring } = await import(pathToFileURL(modulePath).href);
const deps = {
  env: process.env,
  clock: { now: () => new Date() },
  random: (n) => new Uint8Array(randomBytes(n)),
  promptSecret: () => Promise.reject(new Error('no terminal in tests')),
};
const ring = await openKeyring(deps, { path, write: true, kdfLogN: 10 });
for (let round = 0; ; round++) {
  await Promise.all(
    Array.from({ length: 8 }, async (_, j) => {
      const n = round * 8 + j;
      await ring.transaction(async (tx) => {
        const name = `key/group/${String(n).padStart(6, '0')}`;
        tx.put(name, { n, material: tx.wrapMaterial(`arn:${name}#m`, randomBytes(32)) });
        tx.put('counter', ((await tx.get('counter')) ?? 0) + 1);
      });
      process.stdout.write(`ack ${n}\n`);
    }),
  );
}
