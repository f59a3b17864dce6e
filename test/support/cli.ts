// Runs the real bin/kms (built dist/) with execa in a throwaway home: its own keyring, settings
// folder and session folder, and a cheap KDF, so end-to-end tests never touch the user's files.
import { spawnSync } from 'node:child_process';
import { execa, type Options, type Result } from 'execa';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const KMS = join(ROOT, 'bin', 'kms');

export interface Sandbox {
  dir: string;
  env: Record<string, string>;
  keyring: string;
  kms(args: string[], opts?: Options): Promise<Result>;
  cleanup(): void;
}

/**
 * A fresh sandbox with an initialised keyring (scrypt log N 10) unless `init` is false. With
 * `agent`, the keyring is unlocked and its calls run in the session's agent (docs/agent.md), as a
 * user's do after `kms keyring unlock`: the same code and output, without Node's start per call.
 */
export async function sandbox(init = true, opts: { agent?: boolean } = {}): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'kms-e2e-'));
  const runtime = join(dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  const keyring = join(dir, 'kr', 'keyring.db');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    KMS_KEYRING: keyring,
    KMS_CONFIG_DIR: join(dir, 'config'),
    KMS_PASSPHRASE: 'correct horse battery staple',
    XDG_RUNTIME_DIR: runtime,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
  };
  const kms = (args: string[], opts: Options = {}) =>
    execa(KMS, args, { env, extendEnv: false, reject: false, stripFinalNewline: false, ...opts }) as unknown as Promise<Result>;
  if (init) {
    const r = await kms(['keyring', 'init', '--kdf-cost', '10']);
    if (r.exitCode !== 0) throw new Error(`keyring init failed: ${String(r.stderr)}`);
    if (opts.agent) {
      const u = await kms(['keyring', 'unlock', '--duration', '2h']);
      const session = /KMS_SESSION='([^']+)'/.exec(String(u.stdout))?.[1];
      if (u.exitCode !== 0 || session === undefined) throw new Error(`keyring unlock failed: ${String(u.stderr)}`);
      env.KMS_SESSION = session;
    }
  }
  const cleanup = () => {
    // the agent would notice its keyring gone within a second; lock ends it at once
    if (env.KMS_SESSION) spawnSync(KMS, ['keyring', 'lock'], { env, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, env, keyring, kms, cleanup };
}

export function json<T = any>(r: Result): T {
  return JSON.parse(String(r.stdout)) as T;
}
