// The prose every help surface shares: what kms is, exit codes, environment, files, security
// notes. Data only, in our own words; must not import anything but src/errors.ts.

import { EXIT } from '../../errors.js';

export const PROGRAM_SUMMARY = 'the aws kms command line, offline';

export const PROGRAM_DESCRIPTION = [
  'kms runs every `aws kms` command against a local engine instead of the AWS service. ' +
    'Commands, flags, output formats and error messages are those of `aws kms`, so a script ' +
    'written for `aws kms` works with kms by changing the program name.',
  'Keys live in an encrypted keyring file on this machine. Each record in it is sealed under ' +
    'a master key, which is itself wrapped under a key derived from your passphrase. SDKs and ' +
    'the real aws command reach the same keys through `kms serve` and --endpoint-url.',
];

export const SYNOPSIS_LINES = [
  'kms [global options] <command> [parameters]',
  'kms help',
  'kms <command> help',
];

export const EXIT_CODES: readonly { code: number; meaning: string }[] = [
  { code: EXIT.ok, meaning: 'the command succeeded' },
  { code: EXIT.usage, meaning: 'the command line is wrong: an unknown command or flag, a bad or missing value' },
  { code: EXIT.config, meaning: 'a configuration or keyring problem: no keyring, a wrong passphrase, an ended session, a bad settings file' },
  { code: EXIT.service, meaning: 'the KMS operation failed with an API error (NotFoundException, DisabledException, …)' },
  { code: EXIT.other, meaning: 'any other failure' },
  { code: EXIT.interrupted, meaning: 'interrupted (Ctrl-C)' },
];

export const ENVIRONMENT: readonly { name: string; doc: string }[] = [
  { name: 'KMS_PASSPHRASE', doc: 'The keyring passphrase, used when --passphrase-file is not given. Prefer a session or a file: the environment of a process can be read by others on some systems.' },
  { name: 'KMS_NEW_PASSPHRASE', doc: 'The new passphrase for `kms keyring change-passphrase` when --new-passphrase-file is not given.' },
  { name: 'KMS_SESSION', doc: 'An unlocked session made by `kms keyring unlock`; while it lasts, commands skip the passphrase and the key derivation.' },
  { name: 'KMS_AGENT', doc: 'Set to 0 to start no session agent at `kms keyring unlock`, or to run one call as a process of its own instead of through the agent. The agent holds the session keyring open so that calls skip starting Node; see docs/agent.md.' },
  { name: 'KMS_AGENT_LOG', doc: 'A file, given to `kms keyring unlock`, where the session agent writes its own errors (a crash its callers see only as "the kms agent ended during the command").' },
  { name: 'KMS_KEYRING', doc: 'The keyring to use, before the keyring setting and the default path: a file, or a postgresql:// URL for a team keyring in PostgreSQL (its password is never printed).' },
  { name: 'PGPASSWORD, PGPASSFILE, PGHOST, PGUSER, …', doc: 'What a postgresql:// keyring URL leaves out (also PGPORT, PGDATABASE, PGSSLMODE, PGSSLROOTCERT and the other PG* variables libpq reads), read as libpq reads them; the password comes from the URL, else PGPASSWORD, else ~/.pgpass (PGPASSFILE).' },
  { name: 'KMS_CONFIG_DIR', doc: 'The folder of the settings file, instead of $XDG_CONFIG_HOME/kms or ~/.config/kms.' },
  { name: 'KMS_ACCOUNT_ID', doc: 'The account id that key ARNs carry, before the account setting (default 111122223333).' },
  { name: 'AWS_REGION', doc: 'The region, when --region is not given.' },
  { name: 'AWS_DEFAULT_REGION', doc: 'The region, when neither --region nor AWS_REGION is given; then the region setting, then us-east-1.' },
  { name: 'XDG_RUNTIME_DIR', doc: 'Where session files are kept (in a kms folder inside it); without it, a private folder under the temporary directory.' },
  { name: 'NO_COLOR', doc: 'When set to any value, output has no colour.' },
  { name: 'AWS_CA_BUNDLE', doc: 'A PEM file of the certificate authorities an https --endpoint-url is checked against, in place of the default ones (after --ca-bundle).' },
  { name: 'NODE_EXTRA_CA_CERTS', doc: 'A PEM file of certificate authorities an https --endpoint-url also trusts, besides the default ones, as Node reads it. bin/kms passes it on as KMS_EXTRA_CA_CERTS so that only https calls load it.' },
  { name: 'KMS_STREAM_NATIVE', doc: 'Set to 0 to make encrypt-stream and decrypt-stream seal frames with node:crypto instead of the native addon (native/frame_gcm.c; same bytes, slower, more memory), or to async to seal them on the thread pool.' },
  { name: 'KMS_STREAM_FD', doc: 'Set to 0 to make encrypt-stream and decrypt-stream read stdin and write stdout through Node streams, instead of blocking system calls with pipe buffers raised to 1 MiB (the default for pipes, files and devices). Same bytes, slower.' },
];

export const FILES: readonly { path: string; doc: string }[] = [
  { path: '~/.config/kms/keyring.db', doc: 'The default keyring: an SQLite file whose records are each sealed with AES-256-GCM. Created mode 0600 in a 0700 folder. $XDG_CONFIG_HOME replaces ~/.config when set.' },
  { path: '~/.config/kms/config.json', doc: 'Settings written by `kms configure`: region, output, account, keyring, cli_binary_format.' },
  { path: '$XDG_RUNTIME_DIR/kms/', doc: 'Session files of `kms keyring unlock`, mode 0600, each bound to one keyring and an expiry, and the sockets of their agents (<session id>.sock, mode 0600).' },
];

export const SECURITY_NOTES: readonly string[] = [
  'A passphrase is never taken from the command line, where other users could see it: it comes from --passphrase-file, KMS_PASSPHRASE or a prompt on the terminal.',
  'Plain key material never touches the disk and never appears in an error message, a log line or --debug output.',
  'A wrong passphrase, a damaged file and a record moved from elsewhere all give the same error, which does not say which check failed.',
  'Plaintext returned by decrypt, generate-data-key and similar commands is printed base64-encoded; redirect it with care and prefer --query with --output text into a file you protect.',
  'The key derivation (scrypt) is slow by design. Use `kms keyring unlock` to pay it once per session rather than lowering its cost.',
  'The session agent holds the master key in memory while its session lasts, as ssh-agent holds keys; it answers only requests that carry the session token, from processes of the same user, and ends with the session (`kms keyring lock`).',
];

/** The per-type reading of a flag's value, in our words; shared by help and man pages. */
export const VALUE_NOTES: Readonly<Record<string, string>> = {
  blob: 'Binary: base64 text, fileb://path for the bytes of a file, or file://path for its text.',
  map: 'Give shorthand or JSON, inline or as file://path.',
  structure: 'Give shorthand or JSON, inline or as file://path.',
  'list of structure': 'Give shorthand or JSON, inline or as file://path.',
  timestamp: 'A date and time in ISO 8601, or seconds since the Unix epoch.',
};
