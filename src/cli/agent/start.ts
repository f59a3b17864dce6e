// `kms keyring unlock` starts the session's agent (src/cli/agent/run.ts): a detached node process
// of the same build, handed the session, the keyring's location and a team keyring's PG* variables
// on a pipe (never argv or the environment, which other processes of the user can read in /proc).

import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deps } from '../../deps.js';
import { PG_ENV } from '../../keyring/location.js';
import { sessionFileOf } from '../../keyring/session.js';
import { agentHelper } from './native.js';
import type { AgentSetup } from './run.js';

/** How long unlock waits for the agent to listen; calls before then run as processes of their own. */
const READY_MS = 5000;

/** dist/launch.cjs: beside dist/bundle/ (the bundle) or two levels up from dist/cli/agent/. */
function launcher(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, '..', 'launch.cjs'), join(here, '..', '..', 'launch.cjs')].find((p) => existsSync(p));
}

/**
 * Starts the agent for `setup` and waits until it listens: its pid and socket. Undefined, having
 * started nothing, where there can be none (native/agent.c not built, no launcher); an agent that
 * fails to start only costs the session its speed, so that is undefined too, never an error.
 */
export async function startAgent(deps: Pick<Deps, 'env'>, setup: AgentSetup): Promise<{ pid: number; socket: string } | undefined> {
  const launch = launcher();
  const socket = sessionFileOf(deps, setup.session)?.socket;
  if (agentHelper() === null || launch === undefined || socket === undefined) return undefined;
  const env: Record<string, string | undefined> = { ...deps.env, KMS_AGENT_PROCESS: '1' };
  delete env.KMS_SESSION;
  delete env.KMS_PASSPHRASE;
  // a team keyring's URL and PG* variables may hold a password: they go on the pipe with the
  // session (setup.keyring, setup.pgEnv), not into an environment others could read
  delete env.KMS_KEYRING;
  const pgEnv: Record<string, string> = {};
  for (const name of PG_ENV) {
    if (deps.env[name] !== undefined) pgEnv[name] = deps.env[name]!;
    delete env[name];
  }
  // its Node need not parse the CA file at start: a call the agent runs that goes to an https
  // endpoint loads the one its caller's environment names (src/cli/tls-trust.ts)
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.KMS_EXTRA_CA_CERTS;
  // KMS_AGENT_LOG=<file>: the agent's own stderr (what it never shows a caller) goes there
  const log = deps.env.KMS_AGENT_LOG ? openSync(deps.env.KMS_AGENT_LOG, 'a', 0o600) : 'ignore';
  const child = spawn(process.execPath, [launch], { detached: true, stdio: ['pipe', 'pipe', log] as ['pipe', 'pipe', number | 'ignore'], env, cwd: '/' });
  if (typeof log === 'number') closeSync(log);
  child.stdin!.end(JSON.stringify({ ...setup, pgEnv }));
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), READY_MS);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('ready\n')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('error', () => resolve(false));
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  child.stdout!.destroy();
  child.unref();
  return ready && child.pid !== undefined ? { pid: child.pid, socket } : undefined;
}
