// `kms keyring init | info | change-passphrase | unlock | lock | backup | verify | copy | seed`: the keyring's own commands,
// names no `aws kms` verb can take. The work is src/keyring's; this file only prints.

import { resolve } from 'node:path';
import { EXIT } from '../errors.js';
import { debugLog } from './debug.js';
import type { Deps } from '../deps.js';
import { ArgumentError } from './errors.js';
import type { Invocation } from './program.js';
import { readSettings } from './settings.js';
import { ALL_KEYS_PREFIX } from '../services/kms/records.js';

type KeyringInvocation = Extract<Invocation, { kind: 'keyring' }>;

function kdfCost(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 10 || n > 20) {
    throw new ArgumentError(`argument --kdf-cost: expected a whole number from 10 to 20 (log2 of scrypt's N), got '${String(raw)}'`);
  }
  return n;
}

export async function runKeyringCommand(inv: KeyringInvocation, deps: Deps): Promise<number> {
  const keyring = await import('../keyring/index.js');
  const settings = readSettings(deps.env, deps.homedir);
  const path = keyring.resolveKeyringPath(deps.env, settings.keyring, deps.homedir);
  // a team keyring's URL is printed without its password
  const label = keyring.keyringLabel(path);
  const passphraseFile = inv.globals.passphraseFile;
  switch (inv.action) {
    case 'init': {
      const deterministic = inv.flags.deterministic as string | undefined;
      await keyring.keyringInit(deps, { path, passphraseFile, kdfLogN: kdfCost(inv.flags.kdfCost), deterministic });
      deps.stderr.write(`created keyring ${label}\n`);
      if (deterministic !== undefined) {
        deps.stderr.write('warning: the keyring is deterministic: anyone who knows the seed can make its keys; use it for tests, never for real data\n');
      }
      return EXIT.ok;
    }
    case 'info': {
      const i = await keyring.keyringInfo(deps, { path, keyPrefix: ALL_KEYS_PREFIX });
      // Printed in the API's style (PascalCase members, timestamps as the AWS CLI prints them).
      const info = {
        Path: i.path,
        FormatVersion: i.formatVersion,
        Kdf: { Name: i.kdf.name, LogN: i.kdf.logN, R: i.kdf.r, P: i.kdf.p },
        KeyringId: i.keyringId,
        KeyCount: i.keyCount,
        CreationDate: new Date(i.created),
        Deterministic: i.deterministic,
      };
      const output = await import('./output/index.js');
      const format = inv.globals.output ?? settings.output ?? 'json';
      deps.stdout.write(
        output.formatOutput(info, {
          format: format as 'json',
          query: inv.globals.query,
          operation: 'KeyringInfo',
          color: output.useColor(inv.globals.color, deps.env, deps.stdoutIsTTY),
        }),
      );
      return EXIT.ok;
    }
    case 'change-passphrase': {
      await keyring.keyringChangePassphrase(deps, {
        path,
        passphraseFile,
        newPassphraseFile: inv.flags.newPassphraseFile as string | undefined,
        kdfLogN: kdfCost(inv.flags.kdfCost),
      });
      deps.stderr.write('passphrase changed\n');
      return EXIT.ok;
    }
    case 'unlock': {
      const text = await keyring.keyringUnlock(deps, { path, passphraseFile, duration: inv.flags.duration as string | undefined });
      // the agent holds the session's keyring open so that its calls skip Node's start (docs/agent.md)
      if (inv.flags.agent !== false && deps.env.KMS_AGENT !== '0') {
        const { startAgent } = await import('./agent/start.js');
        const agent = await startAgent(deps, { session: /KMS_SESSION='([^']+)'/.exec(text)![1]!, keyring: path });
        debugLog(inv.globals.debug, deps)(agent ? `kms agent ${agent.pid} listens on ${agent.socket}` : 'no kms agent started');
      }
      deps.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      return EXIT.ok;
    }
    case 'backup': {
      const to = inv.args[0]!;
      const b = await keyring.keyringBackup(deps, { path, to: resolve(deps.cwd, to) });
      deps.stderr.write(`backed up ${b.records} record${b.records === 1 ? '' : 's'} of ${label} to ${b.path}\n`);
      return EXIT.ok;
    }
    case 'verify': {
      const { verifyKeyRecord } = await import('../services/kms/verify.js');
      const v = await keyring.keyringVerify(deps, { path, passphraseFile, checkRecord: verifyKeyRecord });
      deps.stderr.write(`${v.path}: ${v.records} record${v.records === 1 ? '' : 's'} and ${v.checked} key material${v.checked === 1 ? '' : 's'} verified\n`);
      return EXIT.ok;
    }
    case 'copy': {
      const from = inv.flags.from as string | undefined;
      const to = inv.flags.to as string | undefined;
      if (from === undefined || to === undefined) throw new ArgumentError('the following arguments are required: --from, --to');
      // a file path is the caller's, relative to their folder; a URL is kept as it is
      const where = (p: string) => (keyring.isDatabaseUrl(p) ? p : resolve(deps.cwd, p));
      const c = await keyring.keyringCopy(deps, { from: where(from), to: where(to) });
      deps.stderr.write(`copied ${c.records} record${c.records === 1 ? '' : 's'} of keyring ${c.keyringId} from ${c.from} to ${c.to}; read back and compared (sha256 ${c.digest.slice(0, 16)}…)\n`);
      return EXIT.ok;
    }
    case 'seed': {
      const file = resolve(deps.cwd, inv.args[0]!);
      const { localContext } = await import('./local-engine.js');
      const { resolveRegion } = await import('./settings.js');
      const region = resolveRegion(inv.globals.region, deps.env, settings);
      const ctx = await localContext(deps, settings, inv.globals, region, 'write', debugLog(inv.globals.debug, deps));
      try {
        const { seedFromFile } = await import('../services/kms/seed.js');
        const r = await seedFromFile(ctx, file);
        const list = (xs: string[]) => (xs.length === 0 ? 'none' : xs.join(', '));
        deps.stderr.write(`seeded ${label} (${region}) from ${file}: made ${list(r.created)}; already there, left as they are: ${list(r.existing)}\n`);
      } finally {
        ctx.store.close?.();
      }
      return EXIT.ok;
    }
    case 'lock': {
      const ended = await keyring.keyringLock(deps, { path, all: inv.flags.all === true });
      deps.stderr.write(`${ended} session${ended === 1 ? '' : 's'} ended\n`);
      return EXIT.ok;
    }
  }
  throw new ArgumentError(`unknown keyring action '${inv.action}'`);
}
