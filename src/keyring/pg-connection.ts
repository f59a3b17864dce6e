// A team keyring's connection URL read as libpq reads it: `postgresql://user:password@host:port/db
// ?sslmode=…`, with PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGPASSFILE (~/.pgpass),
// PGSSLMODE, PGSSLROOTCERT, PGSSLCERT, PGSSLKEY, PGCONNECT_TIMEOUT, PGOPTIONS and PGAPPNAME filling
// what the URL leaves out. Everything comes from the caller's environment (`env`), never
// process.env: the kms agent runs commands for callers whose environments differ from its own.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { PoolConfig } from 'pg';
import { configError, type LocalError } from '../errors.js';
import { keyringLabel } from './location.js';

/** The URL parameters kms reads (libpq's names); any other is refused, as libpq refuses it. */
const KNOWN_PARAMS = [
  'host', 'port', 'user', 'password', 'dbname', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey',
  'connect_timeout', 'application_name', 'options',
] as const;
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
/** libpq waits forever by default; a command line should not. */
const DEFAULT_CONNECT_TIMEOUT_S = 10;

export interface Connection {
  config: PoolConfig;
  /** The URL without its password, for messages. */
  label: string;
  /** What kms should say before connecting (a ~/.pgpass it ignored and why). */
  warnings: string[];
  /** Where the password came from, for the hint of a refused login. */
  passwordFrom: 'the URL' | 'PGPASSWORD' | string | undefined;
}

const SEVERAL_HOSTS = 'it names several hosts; kms connects to one (point it at the primary, or a proxy in front of it)';

const badUrl = (label: string, why: string): LocalError =>
  configError(
    `the keyring URL ${label} is not a PostgreSQL connection URL kms can use: ${why}`,
    'write it as postgresql://user[:password]@host[:port]/database[?sslmode=verify-full&sslrootcert=ca.pem]',
  );

/** Reads `url` with the caller's environment; throws a config error (exit 253) naming what is wrong. */
export function connectionOf(url: string, env: Record<string, string | undefined>, home: string): Connection {
  const label = keyringLabel(url);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // WHATWG URL refuses libpq's several hosts with ports (h1:5432,h2:5432) as a bad port
    const hosts = /^[a-z]+:\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(url)?.[1] ?? '';
    if (hosts.includes(',')) throw badUrl(label, SEVERAL_HOSTS);
    // WHATWG URL refuses a port out of range without saying so
    const port = /^[a-z]+:\/\/(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#]*):([^/?#]*)/i.exec(url)?.[1];
    if (port !== undefined && port !== '') throw badUrl(label, `its port "${port}" is not a number from 1 to 65535`);
    throw badUrl(label, 'it does not parse as a URL');
  }
  if (u.hash) throw badUrl(label, 'it has a #fragment');
  const params = new Map<string, string>();
  for (const [k, v] of u.searchParams) {
    if (!(KNOWN_PARAMS as readonly string[]).includes(k)) throw badUrl(label, `it has the parameter "${k}", which kms does not know (known: ${KNOWN_PARAMS.join(', ')})`);
    params.set(k, v);
  }
  const decode = (s: string, what: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw badUrl(label, `its ${what} is not valid percent-encoding`);
    }
  };
  const pick = (param: string, fromUrl: string, envName: string): string | undefined =>
    params.get(param) || fromUrl || env[envName] || undefined;

  const host =
    pick('host', decode(u.hostname.replace(/^\[(.*)\]$/, '$1'), 'host'), 'PGHOST') ??
    // libpq's default: the server's socket folder (Debian's), else TCP to localhost
    (existsSync('/var/run/postgresql') ? '/var/run/postgresql' : 'localhost');
  if (host.includes(',')) throw badUrl(label, SEVERAL_HOSTS);
  const portText = pick('port', u.port, 'PGPORT') ?? '5432';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw badUrl(label, `its port "${portText}" is not a number from 1 to 65535`);
  const user = pick('user', decode(u.username, 'user name'), 'PGUSER') ?? env.USER ?? userInfo().username;
  const database = pick('dbname', decode(u.pathname.replace(/^\//, ''), 'database name'), 'PGDATABASE') ?? user;

  const warnings: string[] = [];
  let password: string | undefined;
  let passwordFrom: Connection['passwordFrom'];
  const inUrl = params.get('password') ?? (u.password ? decode(u.password, 'password') : undefined);
  if (inUrl !== undefined) [password, passwordFrom] = [inUrl, 'the URL'];
  else if (env.PGPASSWORD !== undefined) [password, passwordFrom] = [env.PGPASSWORD, 'PGPASSWORD'];
  else {
    const file = env.PGPASSFILE || join(home, '.pgpass');
    password = passwordFromFile(file, { host, port, database, user }, warnings);
    if (password !== undefined) passwordFrom = file;
  }

  const connectText = pick('connect_timeout', '', 'PGCONNECT_TIMEOUT') ?? String(DEFAULT_CONNECT_TIMEOUT_S);
  if (!/^\d+$/.test(connectText)) throw badUrl(label, `connect_timeout "${connectText}" is not a whole number of seconds`);
  // libpq: 0 waits forever, and less than 2 seconds counts as 2
  const connectS = Number(connectText) === 0 ? 0 : Math.max(2, Number(connectText));

  const config: PoolConfig = {
    host,
    port,
    user,
    database,
    // a function, so that pg never falls back to process.env.PGPASSWORD or its own ~/.pgpass reading
    password: () => password ?? '',
    ssl: sslOf(label, host, params, env, home),
    application_name: params.get('application_name') || env.PGAPPNAME || 'kms',
    ...((params.get('options') ?? env.PGOPTIONS) ? { options: params.get('options') ?? env.PGOPTIONS } : {}),
    connectionTimeoutMillis: connectS * 1000,
    keepAlive: true,
  };
  return { config, label, warnings, passwordFrom };
}

/** libpq's sslmode, read the way libpq reads it (a root certificate given makes `require` check the CA). */
function sslOf(
  label: string,
  host: string,
  params: Map<string, string>,
  env: Record<string, string | undefined>,
  home: string,
): PoolConfig['ssl'] {
  const mode = params.get('sslmode') ?? env.PGSSLMODE ?? 'disable';
  if (!(SSL_MODES as readonly string[]).includes(mode)) throw badUrl(label, `sslmode "${mode}" is not one of ${SSL_MODES.join(', ')}`);
  if (mode === 'disable' || mode === 'allow' || host.startsWith('/')) return false;
  const file = (param: string, envName: string, fallback?: string): string | undefined => {
    const given = params.get(param) ?? env[envName];
    const path = given ?? (fallback && existsSync(fallback) ? fallback : undefined);
    if (path === undefined || path === 'system') return undefined;
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw configError(
        `cannot read ${param} ${path} for the keyring ${label} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
        `check the path given as ${param} or ${envName}`,
      );
    }
  };
  const ca = file('sslrootcert', 'PGSSLROOTCERT', join(home, '.postgresql', 'root.crt'));
  const cert = file('sslcert', 'PGSSLCERT');
  const key = file('sslkey', 'PGSSLKEY');
  const client = { ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
  if (mode === 'prefer' || (mode === 'require' && ca === undefined)) return { ...client, rejectUnauthorized: false };
  if (mode === 'require' || mode === 'verify-ca') {
    if (ca === undefined) {
      throw configError(`sslmode=verify-ca for the keyring ${label} needs the CA's certificate`, 'give it as sslrootcert=<file> in the URL, or PGSSLROOTCERT');
    }
    // the chain is checked against the CA; the host name is not (libpq's verify-ca)
    return { ...client, ca, checkServerIdentity: () => undefined };
  }
  return { ...client, ...(ca ? { ca } : {}), servername: host };
}

/**
 * The password ~/.pgpass (or PGPASSFILE) holds for this connection, as libpq finds it: the first
 * line `host:port:database:user:password` whose fields match (`*` matches anything, `\` escapes),
 * ignored with a warning when others may read the file.
 */
function passwordFromFile(
  file: string,
  want: { host: string; port: number; database: string; user: string },
  warnings: string[],
): string | undefined {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) {
      warnings.push(`password file "${file}" is not a plain file`);
      return undefined;
    }
    if ((st.mode & 0o077) !== 0) {
      warnings.push(`password file "${file}" has group or world access; permissions should be u=rw (0600) or less`);
      return undefined;
    }
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // libpq compares a socket folder as "localhost"
  const host = want.host.startsWith('/') ? 'localhost' : want.host;
  const wanted = [host, String(want.port), want.database, want.user];
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const fields = splitPgpassLine(line);
    if (fields.length < 5) continue;
    if (wanted.every((w, i) => fields[i] === '*' || fields[i] === w)) return fields.slice(4).join(':');
  }
  return undefined;
}

function splitPgpassLine(line: string): string[] {
  const fields: string[] = [''];
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) fields[fields.length - 1] += line[++i];
    else if (c === ':' && fields.length < 5) fields.push('');
    else fields[fields.length - 1] += c;
  }
  return fields;
}
