// The real Deps: the only module that reads process, the wall clock and the system RNG.
// Everything else receives these through the Deps object (STYLE.md).

import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { lazyOverriddenClock } from './clock.js';
import type { Deps } from '../deps.js';
import { readSettings } from './settings.js';

export function nodeDeps(): Deps {
  return {
    env: process.env,
    cwd: process.cwd(),
    homedir: homedir(),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinFd: 0,
    stdoutFd: 1,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
    // KMS_NOW / KMS_CLOCK_OFFSET (or the now / clock_offset settings) run kms at another time (clock.ts)
    clock: lazyOverriddenClock({ now: () => new Date() }, process.env, () => readSettings(process.env, homedir())),
    random: (n) => new Uint8Array(randomBytes(n)),
    async promptSecret(prompt) {
      const { promptSecretFromTty } = await import('../keyring/prompt.js');
      return promptSecretFromTty(prompt);
    },
  };
}
