// What bin/kms runs: loads the CommonJS bundle of the CLI (dist/bundle/kms.cjs) with V8's code
// cache, so a call skips compiling ~0.5 MB of JavaScript (docs/benchmarks.md). Node 20 has no
// module compile cache of its own. Must stay tiny and must not import the CLI itself.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import Module = require('node:module');

const bundle = path.join(__dirname, 'bundle', 'kms.cjs');
const source = fs.readFileSync(bundle, 'utf8');

/**
 * The cache lives in the user's cache folder ($XDG_CACHE_HOME/kms, else ~/.cache/kms, 0700), named
 * by Node's version and the bundle's size and mtime, so an upgrade of either starts a new one.
 * V8 checks the cache against the source and flags and ignores one that does not fit.
 */
function cachePath(): string | undefined {
  try {
    const st = fs.statSync(bundle);
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    return path.join(base, 'kms', `v8-${process.version}-${st.size}-${Math.trunc(st.mtimeMs)}.cache`);
  } catch {
    return undefined;
  }
}

const cacheFile = process.env.KMS_NO_CODE_CACHE === '1' ? undefined : cachePath();
let cachedData: Buffer | undefined;
try {
  if (cacheFile) cachedData = fs.readFileSync(cacheFile);
} catch {
  // no cache yet: this run compiles and writes one
}

// import() inside a vm.Script has no loader in Node 20 (and none at all with cachedData): the
// bundle loads its one ES-module-only package (conf) through this, see src/cli/esm.ts.
(globalThis as { __kmsImport?: (s: string) => Promise<unknown> }).__kmsImport = (specifier) => import(specifier);

const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
const mod = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));

if (cacheFile && (cachedData === undefined || script.cachedDataRejected)) {
  // After the command ran, so the cache holds the functions it compiled; a failure to write
  // (read-only home, full disk) only costs the next call the compile again.
  process.once('beforeExit', () => {
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(tmp, cacheFile);
    } catch {
      // best effort
    }
  });
}
