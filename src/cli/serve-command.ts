// `kms serve`: checks the flags, opens the keyring once, listens, logs a line per request and
// drains on SIGINT/SIGTERM. Imported lazily by main.ts; requests run in src/server.
import { resolve } from 'node:path';
import type { Deps, RandomSource } from '../deps.js';
import { configError, EXIT, usageError } from '../errors.js';
import { loadCredentials } from '../server/credentials.js';
import { DRAIN_TIMEOUT_MS, startServer } from '../server/http.js';
import type { Invocation } from './program.js';
import { readSettings, resolveAccount, resolveAuthorization, resolveLimits, resolveRegion, resolveTrailRetention } from './settings.js';

export type ServeInvocation = Extract<Invocation, { kind: 'serve' }>;

/**
 * Resolves with the name of the next signal that asks the process to stop; called again after
 * the first, the second (which cuts the drain short). The one place `kms serve` touches `process`.
 */
export type StopSignal = () => Promise<string>;

const processStop: StopSignal = () =>
  new Promise((resolve) => {
    const on = (sig: string) => () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(sig);
    };
    const onInt = on('SIGINT');
    const onTerm = on('SIGTERM');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
  });

/**
 * `random` drawn 4 KiB at a time: a request asks for a dozen small pieces (request and event ids,
 * IVs), and each call of the system's source costs more than the bytes. Bytes handed out are
 * zeroed in the pool, so the pool never holds a value already in use.
 */
export function pooledRandom(random: RandomSource, size = 4096): RandomSource {
  let pool: Uint8Array = new Uint8Array(0);
  let at = 0;
  return (n) => {
    if (n > size / 8) return random(n);
    if (at + n > pool.length) {
      pool = random(size);
      at = 0;
    }
    const out = pool.slice(at, at + n);
    pool.fill(0, at, at + n);
    at += n;
    return out;
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function portOf(raw: unknown): number {
  const text = String(raw ?? '4599');
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw usageError(`argument --port: expected a port number from 0 to 65535, got '${text}'`);
  return n;
}

/** Runs the server until SIGINT/SIGTERM; returns the exit code (0 on a clean stop). */
export async function runServeCommand(inv: ServeInvocation, deps: Deps, stop: StopSignal = processStop): Promise<number> {
  const { flags, globals } = inv;
  deps = { ...deps, random: pooledRandom(deps.random) };
  const host = String(flags.host ?? '127.0.0.1');
  const port = portOf(flags.port);
  const credentialsFile = flags.credentials as string | undefined;
  const auth = flags.auth !== false;
  if (!auth && credentialsFile !== undefined) throw usageError('--credentials and --no-auth cannot be used together');
  // A server whose clock is moved would accept replayed or post-dated signatures: opt-in only.
  if ((deps.env.KMS_NOW || deps.env.KMS_CLOCK_OFFSET) && flags.allowClockOverride !== true) {
    throw configError(
      'kms serve refuses to run with KMS_NOW or KMS_CLOCK_OFFSET set',
      'unset them, or pass --allow-clock-override if the moved clock is intended (tests)',
    );
  }
  // Requests are signed with a key of --credentials, or one the keyring issued (kms iam
  // create-access-key, kms sts assume-role); --no-auth takes every caller as the account's root.
  const credentials = !auth ? undefined : credentialsFile === undefined ? [] : loadCredentials(credentialsFile);

  const settings = readSettings(deps.env, deps.homedir);
  const region = resolveRegion(globals.region, deps.env, settings);
  const account = resolveAccount(deps.env, settings);
  const keyring = await import('../keyring/index.js');
  const path = keyring.resolveKeyringPath(deps.env, settings.keyring, deps.homedir);
  const { trailRecorder } = await import('../services/cloudtrail/recorder.js');
  const store = await keyring.openKeyring(deps, { path, passphraseFile: globals.passphraseFile, write: true });
  // a deterministic keyring's calls draw from its stream; request ids still from the system's
  const engineRandom = store.deterministic?.random ?? deps.random;
  try {
    // --seed: the seed file's keys and aliases, before any request (those there already are left alone)
    if (flags.seed !== undefined) {
      const { seedFromFile } = await import('../services/kms/seed.js');
      const { partitionOf } = await import('../engine/context.js');
      const file = resolve(deps.cwd, String(flags.seed));
      const r = await seedFromFile({ region, account, partition: partitionOf(region), clock: deps.clock, random: engineRandom, store, limits: resolveLimits(settings) }, file);
      deps.stderr.write(`seeded from ${file}: ${r.created.length} made, ${r.existing.length} already there\n`);
    }
    // one write per event-loop turn, not per request: the requests a turn answers log together
    let pending: string[] = [];
    const flush = (): void => {
      if (pending.length === 0) return;
      const text = pending.join('');
      pending = [];
      deps.stderr.write(text);
    };
    const log = (line: string) => {
      if (pending.length === 0) setImmediate(flush);
      pending.push(`${deps.clock.now().toISOString()} ${line}\n`);
    };
    const server = await startServer({
      host,
      port,
      store,
      account,
      limits: resolveLimits(settings),
      defaultRegion: region,
      clock: deps.clock,
      random: deps.random,
      engineRandom,
      credentials,
      authorization: { ...resolveAuthorization(deps.env, settings), report: log },
      // a keyring that cannot be written answers reads, with nowhere to record them (README, "Reliability")
      ...(store.writeProtected ? { readOnlyStore: true } : { trail: trailRecorder({ retentionDays: resolveTrailRetention(deps.env, settings) }) }),
      log,
    }).catch((err: NodeJS.ErrnoException) => {
      throw configError(`kms serve cannot listen on ${host}:${port} (${err.code ?? err.message})`, 'choose another --port, or --port 0 for a free one');
    });
    deps.stdout.write(`kms serve listening on ${server.url}\n`);
    deps.stderr.write(`keyring ${keyring.keyringLabel(path)}; default region ${region}; account ${account}\n`);
    if (!auth) deps.stderr.write('warning: authentication is off (--no-auth): any local process can use these keys\n');
    if (store.deterministic) {
      deps.stderr.write(`warning: the keyring is deterministic (seed ${store.deterministic.fingerprint}): its new key ids, key material and ciphertexts follow from the seed; for tests only\n`);
    }
    if (store.writeProtected) {
      deps.stderr.write(`warning: the keyring is ${keyring.writeProtection(store.writeProtected)}: calls that change keys fail, and no call is on the audit trail\n`);
    }
    if (!LOOPBACK.has(host)) deps.stderr.write(`warning: listening on ${host}, not loopback: other machines can reach this server\n`);
    const signal = await stop();
    flush();
    deps.stderr.write(`${signal}: stopping (requests in flight get ${DRAIN_TIMEOUT_MS / 1000} s; ${signal} again stops at once)\n`);
    // SIGKILL needs none of this: a request is answered only after its transaction committed
    const { forced } = await server.close({ drainMs: DRAIN_TIMEOUT_MS, force: stop() });
    flush();
    if (forced > 0) deps.stderr.write(`${signal}: closed ${forced} connection${forced === 1 ? '' : 's'} still open\n`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
