// The progress bar of encrypt-stream / decrypt-stream, on stderr.

import type { Deps } from '../../deps.js';

/** A one-line progress bar on stderr: only on a terminal, outside CI, for a known or large size. */
export function progressBar(deps: Deps, size: number | undefined): { update: (bytesIn: number) => void; done: () => void } {
  const LARGE = 64 * 1024 * 1024;
  const on = deps.stderrIsTTY && !deps.env.CI;
  if (!on) return { update: () => undefined, done: () => undefined };
  const start = performance.now();
  let last = 0;
  let latest = 0;
  let shown = false;
  const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
  const draw = (n: number) => {
    const secs = Math.max((performance.now() - start) / 1000, 0.001);
    const rate = `${mib(n / secs)}/s`;
    if (size !== undefined && size > 0) {
      const frac = Math.min(n / size, 1);
      const w = 30;
      const fill = Math.round(frac * w);
      deps.stderr.write(`\r[${'#'.repeat(fill)}${'-'.repeat(w - fill)}] ${(frac * 100).toFixed(0).padStart(3)}% ${mib(n)} / ${mib(size)}  ${rate}   `);
    } else deps.stderr.write(`\r${mib(n)}  ${rate}   `);
    shown = true;
  };
  return {
    update(n) {
      latest = n;
      if (size === undefined && n < LARGE) return;
      const now = performance.now();
      // not for runs under half a second; then at most ten redraws a second
      if (now - start < 500 || now - last < 100) return;
      last = now;
      draw(n);
    },
    done() {
      if (!shown) return;
      draw(latest);
      deps.stderr.write('\n');
    },
  };
}
