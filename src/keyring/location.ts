// Where a keyring lives: a file path, or a PostgreSQL connection URL (a team keyring, README "A
// keyring for teams"). Imports nothing, so that telling the two apart costs a file user nothing.

/** True for `postgresql://…` and `postgres://…`, libpq's two URL schemes. */
export function isDatabaseUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/**
 * The keyring's location as kms prints it (messages, `keyring info`, `kms serve`'s start line):
 * a URL without its password, in the userinfo or a `password=` parameter. A path is unchanged.
 */
export function keyringLabel(location: string): string {
  if (!isDatabaseUrl(location)) return location;
  const scheme = /^[a-z]+:\/\//i.exec(location)![0];
  const rest = location.slice(scheme.length);
  const slash = rest.search(/[/?]/);
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const tail = slash === -1 ? '' : rest.slice(slash);
  // the userinfo ends at the authority's last '@'; a password is what follows its first ':'
  const at = authority.lastIndexOf('@');
  let shown = authority;
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon !== -1) shown = `${userinfo.slice(0, colon)}:***${authority.slice(at)}`;
  }
  return scheme + shown + tail.replace(/([?&]password=)[^&#]*/gi, '$1***');
}

/** The environment variables a team keyring's connection reads (src/keyring/pg-connection.ts). */
export const PG_ENV = [
  'PGHOST', 'PGPORT', 'PGUSER', 'PGDATABASE', 'PGPASSWORD', 'PGPASSFILE', 'PGSSLMODE', 'PGSSLROOTCERT',
  'PGSSLCERT', 'PGSSLKEY', 'PGCONNECT_TIMEOUT', 'PGOPTIONS', 'PGAPPNAME',
] as const;
