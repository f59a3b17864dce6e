// Settings (region, output, account, keyring path, cli_binary_format), as ~/.aws/config is to aws.
// Read on every call by a lean JSON read; written only by `kms configure` through conf.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configError } from '../errors.js';

export interface Settings {
  region?: string;
  output?: string;
  account?: string;
  keyring?: string;
  cli_binary_format?: string;
  /** Fixes "now" (ISO 8601), as KMS_NOW does; see clock.ts. */
  now?: string;
  /** Shifts "now" (+30d, -2h), as KMS_CLOCK_OFFSET does; see clock.ts. */
  clock_offset?: string;
  /** RotateKeyOnDemand's per-key quota (AWS: 25). */
  on_demand_rotation_limit?: string;
  /** CreateGrant's per-key quota (AWS: 50,000). */
  grants_per_key?: string;
  /** enforce (default) | audit | off: how calls are authorized (docs/authorization.md). */
  authorization?: string;
  /** Make KMS calls as if this AWS service (s3, ebs, …) made them for the caller (kms:ViaService). */
  via_service?: string;
  /** How many days the audit trail keeps its records (AWS's event history: 90). */
  trail_retention_days?: string;
}

/** The keys `kms configure` knows, with the values each accepts (undefined: any string). */
export const SETTING_KEYS: Readonly<Record<keyof Settings, readonly string[] | undefined>> = {
  region: undefined,
  output: ['json', 'text', 'table', 'yaml', 'yaml-stream'],
  account: undefined,
  keyring: undefined,
  cli_binary_format: ['base64', 'raw-in-base64-out'],
  now: undefined,
  clock_offset: undefined,
  on_demand_rotation_limit: undefined,
  grants_per_key: undefined,
  authorization: ['enforce', 'audit', 'off'],
  via_service: undefined,
  trail_retention_days: undefined,
};

/**
 * The `authorization` setting (KMS_AUTHORIZATION wins) and `via_service` (KMS_VIA_SERVICE wins):
 * how calls are authorized, and the AWS service calls may claim to come through.
 */
export function resolveAuthorization(env: Readonly<Record<string, string | undefined>>, settings: Settings): { mode: 'enforce' | 'audit' | 'off'; viaService?: string } {
  const mode = env.KMS_AUTHORIZATION || settings.authorization || 'enforce';
  if (mode !== 'enforce' && mode !== 'audit' && mode !== 'off') {
    throw configError(`invalid authorization mode '${mode}'`, 'use enforce, audit or off: `kms configure set authorization audit`');
  }
  const via = env.KMS_VIA_SERVICE || settings.via_service || undefined;
  if (via !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(via)) {
    throw configError(`invalid via_service '${via}'`, 'name an AWS service by its endpoint prefix, such as s3, ebs or rds');
  }
  return { mode, viaService: via };
}

/** Quotas AWS fixes and kms lets a tester lower or raise (defaults: AWS's 25 and 50,000). */
/** The trail's retention in days (KMS_TRAIL_RETENTION_DAYS wins; default 90, as AWS's event history). */
export function resolveTrailRetention(env: Readonly<Record<string, string | undefined>>, settings: Settings): number {
  const text = env.KMS_TRAIL_RETENTION_DAYS || settings.trail_retention_days || '90';
  const days = Number(text);
  if (!/^\d+$/.test(text) || days < 1 || days > 36_500) {
    throw configError(`invalid trail_retention_days '${text}'`, 'give a whole number of days, 1 or more: `kms configure set trail_retention_days 90`');
  }
  return days;
}

export function resolveLimits(settings: Settings): { onDemandRotationsPerKey?: number; grantsPerKey?: number } {
  const read = (key: 'on_demand_rotation_limit' | 'grants_per_key'): number | undefined => {
    const raw = settings[key];
    if (raw === undefined) return undefined;
    if (!/^[1-9]\d{0,8}$/.test(raw)) throw configError(`the ${key} setting must be a whole number from 1, found '${raw}'`, `kms configure set ${key} 25`);
    return Number(raw);
  };
  return { onDemandRotationsPerKey: read('on_demand_rotation_limit'), grantsPerKey: read('grants_per_key') };
}

/** `$KMS_CONFIG_DIR`, else `$XDG_CONFIG_HOME/kms`, else `~/.config/kms`. */
export function configDir(env: Readonly<Record<string, string | undefined>>, homedir: string): string {
  if (env.KMS_CONFIG_DIR) return env.KMS_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'kms');
  return join(homedir, '.config', 'kms');
}

export function settingsPath(env: Readonly<Record<string, string | undefined>>, homedir: string): string {
  return join(configDir(env, homedir), 'config.json');
}

/**
 * The settings file as conf writes it (plain JSON). conf itself costs ~60 ms to import, so the
 * hot path reads the file directly; a missing file is no settings, a malformed one an error.
 */
export function readSettings(env: Readonly<Record<string, string | undefined>>, homedir: string): Settings {
  const path = settingsPath(env, homedir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw configError(`cannot read the settings file ${path}: ${(err as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    const out: Settings = {};
    for (const key of Object.keys(SETTING_KEYS) as (keyof Settings)[]) {
      const value = (parsed as Record<string, unknown>)[key];
      if (typeof value === 'string') out[key] = value;
    }
    return out;
  } catch {
    throw configError(`the settings file ${path} is not valid JSON`, `fix or delete it; \`kms configure list\` shows what it should hold`);
  }
}

const REGION = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const ACCOUNT = /^\d{12}$/;

/** Region: --region, AWS_REGION, AWS_DEFAULT_REGION, the setting, else us-east-1 (DESIGN §4). */
export function resolveRegion(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, settings: Settings): string {
  const region = flag ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? settings.region ?? 'us-east-1';
  if (!REGION.test(region)) {
    throw configError(`Provided region_name '${region}' doesn't match a supported format.`, 'use a region name such as us-east-1 or eu-west-1');
  }
  return region;
}

/** Account: KMS_ACCOUNT_ID, the setting, else 111122223333 (DESIGN §4). */
export function resolveAccount(env: Readonly<Record<string, string | undefined>>, settings: Settings): string {
  const account = env.KMS_ACCOUNT_ID ?? settings.account ?? '111122223333';
  if (!ACCOUNT.test(account)) {
    throw configError(`invalid account id '${account}'`, 'an AWS account id is 12 digits; set KMS_ACCOUNT_ID or `kms configure set account 123456789012`');
  }
  return account;
}

/**
 * The endpoint, as the AWS CLI v2 resolves it: --endpoint-url, AWS_ENDPOINT_URL_<SERVICE>
 * (AWS_ENDPOINT_URL_KMS), then AWS_ENDPOINT_URL (both ignored when
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true). undefined: open the keyring directly.
 */
export function resolveEndpoint(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, service = 'kms'): string | undefined {
  if (flag !== undefined) return flag;
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return undefined;
  // botocore: the service id upper-cased, spaces and dashes as underscores
  return env[`AWS_ENDPOINT_URL_${service.toUpperCase().replace(/[ -]/g, '_')}`] || env.AWS_ENDPOINT_URL || undefined;
}
