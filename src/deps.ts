// What every layer may be handed from the outside world: a clock, a random source, the Deps
// object that carries streams, TTY facts, env and the passphrase prompt into the CLI, and kms's
// native addons. Neutral ground: imports nothing of kms's own. Only src/cli/node-deps.ts builds a
// real Deps.

import { createRequire } from 'node:module';
import type { Readable, Writable } from 'node:stream';

/** The engine's notion of "now"; tests and `KMS_NOW`-style overrides inject their own. */
export interface Clock {
  now(): Date;
}

/**
 * Cryptographically secure random bytes (tests may inject a seeded source). `seeded` marks a
 * deterministic keyring's stream (src/keyring/deterministic.ts): then whatever would draw from
 * OpenSSL's own generator (RSA primes, OAEP and PSS padding, ECDSA nonces) draws from this source
 * instead, and `unseeded` is the system's source, for ids that need not follow from the seed.
 */
export type RandomSource = ((length: number) => Uint8Array) & { readonly seeded?: boolean; readonly unseeded?: RandomSource };

/** RFC 4122 §4.4: a version 4 UUID from `random` (key ids, stack ids, request tokens). */
export function uuidV4(random: RandomSource): string {
  const b = random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export interface Deps {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  homedir: string;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /**
   * The process's own stdin and stdout descriptors (0 and 1), for the stream commands' sync fd
   * path (src/cli/stream/fds.ts). Absent where stdin/stdout are in-memory streams (tests).
   */
  stdinFd?: number;
  stdoutFd?: number;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width when stdout is a terminal (tables fit it, as the AWS CLI's do). */
  stdoutColumns?: number;
  clock: Clock;
  random: RandomSource;
  /**
   * Ask the person at the terminal for a secret without echoing it (reads /dev/tty, so it
   * works while stdin is a pipe). Rejects with a LocalError (exit 253) when there is no terminal.
   */
  promptSecret(prompt: string): Promise<string>;
  /**
   * Only where the kms agent runs a command for a caller (src/cli/agent): resolves while the caller
   * still waits, rejects once it has gone (Ctrl-C ends the caller, and no signal reaches the
   * agent). With `final`, it asks the caller first, so that an end of input that came with a
   * Ctrl-C is never sealed as a complete stream (encrypt-stream).
   */
  checkpoint?(final: boolean): Promise<void>;
}

const addons = new Map<string, unknown>();

/**
 * kms's own native addon `build/Release/<name>.node` (native/, built by `npm install`), or null
 * where it was not built: every caller has a way to run without it. Loaded once per process.
 */
export function nativeAddon<T>(name: string): T | null {
  if (!addons.has(name)) {
    // src/deps.ts and dist/deps.js are one level below the package root, dist/bundle/kms.cjs two
    const load = createRequire(import.meta.url);
    let addon: unknown = null;
    for (const path of [`../build/Release/${name}.node`, `../../build/Release/${name}.node`]) {
      try {
        addon = load(path);
        break;
      } catch {
        // not there, or not built: try the next, else run without it
      }
    }
    addons.set(name, addon);
  }
  return addons.get(name) as T | null;
}
