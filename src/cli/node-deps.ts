// The real Deps: the only module that reads process, the wall clock and the system RNG.
// Everything else receives these through the Deps object (STYLE.md).

import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import type { Deps } from './deps.js';

export function nodeDeps(): Deps {
  return {
    env: process.env,
    cwd: process.cwd(),
    homedir: homedir(),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdoutColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
    clock: { now: () => new Date() },
    random: (n) => new Uint8Array(randomBytes(n)),
    async promptSecret(prompt) {
      const { promptSecretFromTty } = await import('../keyring/prompt.js');
      return promptSecretFromTty(prompt);
    },
  };
}
