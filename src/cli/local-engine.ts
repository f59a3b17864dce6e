// The engine context for a command that runs against the keyring on this machine: region,
// account, quotas, and the store (the keyring, or nothing for calls that need no keys).

import { partitionOf, type RecordStore, type RunContext } from '../engine/context.js';
import type { DebugLog } from './debug.js';
import type { Deps } from '../deps.js';
import type { Keyring } from '../keyring/index.js';
import type { GlobalOptions } from './program.js';
import { resolveAccount, resolveAuthorization, resolveLimits, resolveTrailRetention, type Settings } from './settings.js';

export type LocalContext = RunContext & { store: RecordStore & { close?(): void } };

/** The keyring the kms agent holds open (src/cli/agent/run.ts), and the path it was opened at. */
let held: { path: string; store: RecordStore } | undefined;

/**
 * In the kms agent only: calls of this process whose keyring is `path` use `store`, already open
 * and unlocked, instead of opening the file again; their `close()` leaves it open.
 */
export function holdKeyring(path: string, store: RecordStore): void {
  // the same store without close(): each call's caller.close() must leave it open
  const open = new Proxy(store, {
    get(target, name) {
      if (name === 'close') return undefined;
      const value: unknown = Reflect.get(target, name, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  held = { path, store: open };
}

/**
 * Opens what a local call needs: `none` gives an empty in-memory store (GenerateRandom), `read`
 * sees a missing keyring as empty, `write` creates it (asking for the passphrase twice).
 */
export async function localContext(
  deps: Deps,
  settings: Settings,
  globals: Pick<GlobalOptions, 'passphraseFile' | 'profile' | 'debug'>,
  region: string,
  keyring: 'none' | 'read' | 'write',
  debug: DebugLog,
): Promise<LocalContext> {
  const account = resolveAccount(deps.env, settings);
  let store: RecordStore & { close?(): void };
  let protectedBy: Keyring['writeProtected'];
  let deterministic: Keyring['deterministic'];
  if (keyring === 'none') {
    const { MemoryStore } = await import('../keyring/memory-store.js');
    store = new MemoryStore();
  } else {
    const kr = await import('../keyring/index.js');
    const path = kr.resolveKeyringPath(deps.env, settings.keyring, deps.homedir);
    debug(`keyring ${kr.keyringLabel(path)} (account ${account})`);
    if (held !== undefined && held.path === path && globals.passphraseFile === undefined) {
      store = held.store;
      debug('keyring held open by the kms agent');
    } else {
      store = await kr.openKeyring(deps, { path, passphraseFile: globals.passphraseFile, write: keyring === 'write' });
      debug('keyring open');
    }
    // it still answers what only reads; a record of the call has nowhere to go (README, "Reliability")
    protectedBy = (store as Partial<Keyring>).writeProtected;
    deterministic = (store as Partial<Keyring>).deterministic;
    if (deterministic) debug(`keyring is deterministic (seed ${deterministic.fingerprint}): new key ids, key material and ciphertexts follow from its seed; for tests only`);
    if (protectedBy) deps.stderr.write(`warning: the keyring ${kr.keyringLabel(path)} is ${kr.writeProtection(protectedBy)}: this call is not on its audit trail\n`);
  }
  const { mode, viaService } = resolveAuthorization(deps.env, settings);
  const retentionDays = resolveTrailRetention(deps.env, settings);
  // every call is on the record (services/cloudtrail), from the CLI as from kms serve
  const { trailRecorder } = await import('../services/cloudtrail/recorder.js');
  // The caller: the access key the AWS credential chain finds (the keyring decides whether it
  // issued it; an unknown key or none is the account's root)
  const { resolveCredentials } = await import('./remote.js');
  const creds = resolveCredentials(globals.profile, deps.env, deps.homedir);
  if (creds) debug(`credentials: access key ${creds.accessKeyId}${creds.sessionToken ? ' with a session token' : ''}`);
  return {
    region,
    account,
    partition: partitionOf(region),
    clock: deps.clock,
    // a deterministic keyring's stream, read and moved on inside each call's transaction
    random: deterministic?.random ?? deps.random,
    store,
    limits: resolveLimits(settings),
    caller: creds && { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken },
    // a keyring that does not exist yet answers reads as empty, and has nowhere to keep a record
    ...((store as { readOnly?: boolean }).readOnly ? {} : { trail: trailRecorder({ retentionDays }) }),
    ...(protectedBy ? { readOnlyStore: true } : {}),
    authorization: {
      mode,
      viaService,
      debug: globals.debug === true,
      // --debug's decisions on the debug log; audit's would-be denials always on stderr
      report: (line) => (line.startsWith('authorization audit') ? deps.stderr.write(`kms: ${line}\n`) : debug(line)),
    },
  };
}
