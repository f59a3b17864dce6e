// In-memory Deps for running the CLI in-process: stdout and stderr collected as text, no terminal.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import type { Deps } from '../../src/deps.js';
import { LocalError } from '../../src/errors.js';

export type MemoryDeps = Deps & { out: () => string; err: () => string };

/** Deps over `env` whose stdout and stderr are kept in memory; prompting fails (no terminal). */
export function memoryDeps(env: Record<string, string>): MemoryDeps {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    env,
    cwd: process.cwd(),
    homedir: env.HOME ?? tmpdir(),
    stdin: new PassThrough(),
    stdout,
    stderr,
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    clock: { now: () => new Date() },
    random: (n) => new Uint8Array(randomBytes(n)),
    promptSecret: () => Promise.reject(new LocalError('no terminal')),
    out: () => out,
    err: () => err,
  };
}
