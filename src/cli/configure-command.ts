// `kms configure list | get KEY | set KEY VALUE | unset KEY`: the settings store (conf),
// as `aws configure` edits ~/.aws/config. Only this command loads conf (it is slow to import).

import { keyringLabel } from '../keyring/location.js';
import { EXIT } from '../errors.js';
import { importEsm } from './esm.js';
import type { Deps } from '../deps.js';
import { ArgumentError } from './errors.js';
import type { Invocation } from './program.js';
import { configDir, readSettings, resolveAccount, resolveLimits, resolveRegion, SETTING_KEYS, settingsPath, type Settings } from './settings.js';

type ConfigureInvocation = Extract<Invocation, { kind: 'configure' }>;

function checkKey(key: string | undefined): keyof Settings {
  if (!key || !(key in SETTING_KEYS)) {
    throw new ArgumentError(`unknown setting '${key ?? ''}'; valid settings are: ${Object.keys(SETTING_KEYS).join(', ')}`);
  }
  return key as keyof Settings;
}

export async function runConfigureCommand(inv: ConfigureInvocation, deps: Deps): Promise<number> {
  const { action, args } = inv;
  if (action === 'list') {
    const s = readSettings(deps.env, deps.homedir);
    const rows: [string, string, string][] = [
      ['region', resolveRegion(inv.globals.region, deps.env, s), inv.globals.region ? 'flag' : deps.env.AWS_REGION ? 'env AWS_REGION' : deps.env.AWS_DEFAULT_REGION ? 'env AWS_DEFAULT_REGION' : s.region ? 'config-file' : 'default'],
      ['account', resolveAccount(deps.env, s), deps.env.KMS_ACCOUNT_ID ? 'env KMS_ACCOUNT_ID' : s.account ? 'config-file' : 'default'],
      ['output', inv.globals.output ?? s.output ?? 'json', inv.globals.output ? 'flag' : s.output ? 'config-file' : 'default'],
      ['keyring', keyringLabel(deps.env.KMS_KEYRING ?? s.keyring ?? '<default>'), deps.env.KMS_KEYRING ? 'env KMS_KEYRING' : s.keyring ? 'config-file' : 'default'],
      ['cli_binary_format', s.cli_binary_format ?? 'base64', s.cli_binary_format ? 'config-file' : 'default'],
    ];
    // A human table (cli-table3), in the spirit of `aws configure list`.
    const { default: Table } = await import('cli-table3');
    const table = new Table({
      head: ['Name', 'Value', 'Source'],
      style: { head: [], border: [], compact: true },
      chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '',
        'bottom-right': '', left: '', 'left-mid': '', mid: '-', 'mid-mid': ' ', right: '', 'right-mid': '', middle: ' ' },
    });
    for (const row of rows) table.push(row);
    deps.stdout.write(`${table.toString()}\n\nsettings file: ${settingsPath(deps.env, deps.homedir)}\n`);
    return EXIT.ok;
  }
  if (action === 'get') {
    const key = checkKey(args[0]);
    const value = readSettings(deps.env, deps.homedir)[key];
    if (value === undefined) return 1; // aws configure get: exit 1, nothing printed, when unset
    deps.stdout.write(`${value}\n`);
    return EXIT.ok;
  }
  if (action === 'set' || action === 'unset') {
    const key = checkKey(args[0]);
    const value = args[1];
    if (action === 'set') {
      if (value === undefined || args.length > 2) throw new ArgumentError('usage: kms configure set KEY VALUE');
      const allowed = SETTING_KEYS[key];
      if (allowed && !allowed.includes(value)) {
        throw new ArgumentError(`invalid value '${value}' for ${key}; valid values are: ${allowed.join(', ')}`);
      }
      if (key === 'region') resolveRegion(value, {}, {});
      if (key === 'account') resolveAccount({ KMS_ACCOUNT_ID: value }, {});
      if (key === 'on_demand_rotation_limit' || key === 'grants_per_key') resolveLimits({ [key]: value });
    }
    const { default: Conf } = await importEsm<typeof import('conf')>('conf');
    const conf = new Conf<Settings>({ projectName: 'kms', cwd: configDir(deps.env, deps.homedir), configName: 'config' });
    if (action === 'set') conf.set(key, value!);
    else conf.delete(key);
    return EXIT.ok;
  }
  throw new ArgumentError(`argument action: Invalid choice: '${action}', valid choices are: 'list', 'get', 'set', 'unset'`);
}
