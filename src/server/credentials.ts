// `kms serve --credentials FILE`: the access keys a request may be signed with. Reads one file;
// must not import the engine or the keyring. Secrets never appear in an error message.
import { readFileSync } from 'node:fs';
import { configError } from '../errors.js';
import type { Credentials } from '../protocol/sigv4.js';

/** A key requests may be signed with, and the principal it acts as (the account's root when none). */
export interface ServeCredentials extends Credentials {
  /** arn:aws:iam::A:user/NAME, arn:aws:iam::A:role/NAME, arn:aws:sts::A:assumed-role/R/S or arn:aws:iam::A:root */
  principal?: string;
}

const PRINCIPAL = /^arn:aws[a-z-]*:(iam::\d{12}:(root|user\/.+|role\/.+)|sts::\d{12}:assumed-role\/[^/]+\/.+)$/;

/*
 * The file is either
 * - JSON: {"accessKeyId": "...", "secretAccessKey": "...", "principal": "arn:…"} or a list of
 *   such objects (AccessKeyId/SecretAccessKey, as `aws sts`/`aws iam create-access-key` print
 *   them, work too); or
 * - INI, as ~/.aws/credentials: every [section] with aws_access_key_id and aws_secret_access_key
 *   gives one pair, and `principal = arn:…` names its principal.
 * A key without a principal acts as the account's root. Keys the keyring issued (`kms iam
 * create-access-key`, `kms sts assume-role`) need no entry here: kms serve looks them up.
 */

/** Parses a credentials file's text; throws a LocalError (exit 253) naming `path` when it is unusable. */
export function parseCredentials(text: string, path: string): ServeCredentials[] {
  const trimmed = text.trim();
  // A leading '{' is JSON; a leading '[' is JSON when it parses as such, else an INI section.
  const json = trimmed.startsWith('{') || (trimmed.startsWith('[') && parsesAsJson(trimmed));
  const found = json ? fromJson(trimmed, path) : fromIni(trimmed);
  if (found.length === 0) {
    throw configError(
      `the credentials file ${path} holds no access key`,
      'give it {"accessKeyId": "...", "secretAccessKey": "..."} (JSON) or aws_access_key_id / aws_secret_access_key lines (INI)',
    );
  }
  for (const c of found) {
    if (!/^[\x21-\x7e]{1,128}$/.test(c.accessKeyId) || c.accessKeyId.includes('/')) {
      throw configError(`the credentials file ${path} has an access key id that is not 1..128 printable characters without '/'`);
    }
    if (c.secretAccessKey.length === 0) throw configError(`the credentials file ${path} has an empty secret access key`);
    if (c.principal !== undefined && !PRINCIPAL.test(c.principal)) {
      throw configError(
        // the value is not echoed: a secret run onto its line by mistake would be printed
        `the credentials file ${path} gives access key ${c.accessKeyId} a principal that is not an IAM user, role, role session or root ARN`,
        'write it as arn:aws:iam::111122223333:user/alice, arn:aws:iam::111122223333:role/app or arn:aws:iam::111122223333:root',
      );
    }
  }
  return found;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function fromJson(text: string, path: string): ServeCredentials[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw configError(`the credentials file ${path} is not valid JSON`);
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return items.map((item) => {
    const o = (item ?? {}) as Record<string, unknown>;
    const id = o.accessKeyId ?? o.AccessKeyId ?? o.aws_access_key_id;
    const secret = o.secretAccessKey ?? o.SecretAccessKey ?? o.aws_secret_access_key;
    if (typeof id !== 'string' || typeof secret !== 'string') {
      throw configError(`the credentials file ${path} has an entry without string accessKeyId and secretAccessKey`);
    }
    const principal = o.principal ?? o.Principal;
    if (principal !== undefined && typeof principal !== 'string') throw configError(`the credentials file ${path} has a principal that is not a string`);
    return principal === undefined ? { accessKeyId: id, secretAccessKey: secret } : { accessKeyId: id, secretAccessKey: secret, principal };
  });
}

function fromIni(text: string): ServeCredentials[] {
  const sections: Record<string, string>[] = [];
  let current: Record<string, string> = {};
  sections.push(current);
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (/^\[.*\]$/.test(line)) {
      current = {};
      sections.push(current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) current[line.slice(0, eq).trim().toLowerCase()] = line.slice(eq + 1).trim();
  }
  return sections
    .filter((s) => s.aws_access_key_id && s.aws_secret_access_key)
    .map((s) => ({ accessKeyId: s.aws_access_key_id!, secretAccessKey: s.aws_secret_access_key!, ...(s.principal ? { principal: s.principal } : {}) }));
}

/** Reads and parses a credentials file. */
export function loadCredentials(path: string): ServeCredentials[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw configError(`cannot read the credentials file ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseCredentials(text, path);
}
