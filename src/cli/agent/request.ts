// One request from kms-client (native/kms_client.c): the frame's fields, and whether the agent
// runs it or hands it back to a process of its own ("declines").

import type { ServiceEntry } from '../../services/index.js';
import { commandWords, parseArgv, type Invocation } from '../program.js';
import { helpTopic } from '../main.js';

export interface ClientRequest {
  /** The client's KMS_SESSION value. */
  session: string;
  cwd: string;
  /** The terminal's width when the client's stdout is a terminal. */
  columns?: number;
  argv: string[];
  env: Record<string, string>;
}

/**
 * The payload after the length prefix: NUL-terminated fields `KMSA1`, session, cwd, columns
 * (empty when not a terminal), argc, argv…, envc, `NAME=value`…. Throws on anything else.
 */
export function parseRequest(data: Buffer): ClientRequest {
  const fields = data.toString('utf8').split('\0');
  if (fields.pop() !== '') throw new Error('request does not end with NUL');
  let i = 0;
  const next = (): string => {
    if (i >= fields.length) throw new Error('request is short');
    return fields[i++]!;
  };
  const count = (): number => {
    const n = Number(next());
    if (!Number.isSafeInteger(n) || n < 0 || n > fields.length) throw new Error('bad count');
    return n;
  };
  if (next() !== 'KMSA1') throw new Error('not a kms agent request');
  const session = next();
  const cwd = next();
  const cols = next();
  const argv = Array.from({ length: count() }, next);
  const env: Record<string, string> = {};
  for (let n = count(); n > 0; n--) {
    const kv = next();
    const eq = kv.indexOf('=');
    if (eq > 0 && !(kv.slice(0, eq) in env)) env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  if (i !== fields.length) throw new Error('request is long');
  const columns = cols === '' ? undefined : Number(cols);
  return { session, cwd, columns: Number.isSafeInteger(columns) && columns! > 0 ? columns : undefined, argv, env };
}

/** Arguments that read this process's own stdin or descriptors: only a process of the client's own has the client's. */
const OWN_STREAMS = /^(?:.*:\/\/-|-)$|\/dev\/|\/proc\//;

/**
 * Whether the agent runs `argv` (with its parsed invocation, so main need not parse it again), whose
 * keyring `keyringOf` resolves: operations and the stream commands on the agent's keyring, help,
 * and command lines that fail to parse (the same error either way). Everything else — keyring,
 * configure, serve, the CloudFormation customizations, a remote endpoint, a passphrase file,
 * arguments that name stdin or /dev, /proc paths — runs in a process of its own.
 */
export function agentRuns(
  argv: readonly string[],
  services: readonly ServiceEntry[],
  keyringOf: () => string,
  agentKeyring: string,
): { runs: false } | { runs: true; parsed?: Invocation } {
  if (argv.some((a) => OWN_STREAMS.test(a))) return { runs: false };
  if (helpTopic(argv) !== undefined || commandWords(argv).length === 0) return { runs: true };
  let inv;
  try {
    inv = parseArgv(argv, services);
  } catch {
    return { runs: true }; // a usage error: main prints it as a process of its own would
  }
  if (inv.kind === 'help') return { runs: true, parsed: inv };
  if (inv.kind !== 'operation' && inv.kind !== 'stream') return { runs: false };
  if (inv.globals.endpointUrl !== undefined || inv.globals.passphraseFile !== undefined) return { runs: false };
  return keyringOf() === agentKeyring ? { runs: true, parsed: inv } : { runs: false };
}
