// --debug: timestamped lines on stderr. Callers pass names, sizes and timings only: never a
// secret, a plaintext, a passphrase or key material (DESIGN §2).

import type { Deps } from '../deps.js';

export type DebugLog = (message: string) => void;

export function debugLog(enabled: boolean | undefined, deps: Deps): DebugLog {
  if (!enabled) return () => undefined;
  const start = performance.now();
  return (message) => deps.stderr.write(`kms debug [${(performance.now() - start).toFixed(1)} ms] ${message}\n`);
}
