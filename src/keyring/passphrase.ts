// Where a passphrase comes from, in order: --passphrase-file, an environment variable, the TTY.
// Never argv. Must not import the keyring file or its cryptography.

import { readFileSync } from 'node:fs';
import type { Deps } from '../deps.js';
import { configError, EXIT, LocalError } from '../errors.js';

/** A passphrase and where it came from (named in hints; never the passphrase itself). */
export interface Passphrase {
  value: string;
  source: string;
}

export interface PassphraseRequest {
  /** Path given with --passphrase-file (or --new-passphrase-file). */
  file?: string;
  /** Environment variable consulted next: KMS_PASSPHRASE or KMS_NEW_PASSPHRASE. */
  envName: 'KMS_PASSPHRASE' | 'KMS_NEW_PASSPHRASE';
  /** Prompt text; the prompt is asked twice when `confirm` is set (a new passphrase). */
  prompt: string;
  confirm: boolean;
  /** Flag named in hints, e.g. --passphrase-file. */
  flag: string;
}

/** Reads the first line of a passphrase file, trailing CR/LF stripped. */
export function readPassphraseFile(path: string, flag: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw configError(`cannot read the passphrase file ${path} (${flag})`, 'check that the file exists and that you may read it');
  }
  const nl = text.indexOf('\n');
  const line = (nl === -1 ? text : text.slice(0, nl)).replace(/[\r\n]+$/, '');
  if (line === '') throw configError(`the passphrase file ${path} (${flag}) has an empty first line`);
  return line;
}

export async function getPassphrase(
  deps: Pick<Deps, 'env' | 'promptSecret'>,
  req: PassphraseRequest,
): Promise<Passphrase> {
  if (req.file !== undefined) return { value: readPassphraseFile(req.file, req.flag), source: req.flag };
  const env = deps.env[req.envName];
  if (env !== undefined) {
    if (env === '') throw configError(`${req.envName} is set but empty`, `unset ${req.envName} or give it the passphrase`);
    return { value: env, source: `$${req.envName}` };
  }
  const first = await ask(deps, req, req.prompt);
  if (first === '') throw configError('an empty passphrase is not allowed');
  if (req.confirm) {
    const second = await ask(deps, req, 'Confirm passphrase: ');
    if (second !== first) throw configError('the passphrases did not match', 'run the command again');
  }
  return { value: first, source: 'the terminal' };
}

async function ask(deps: Pick<Deps, 'promptSecret'>, req: PassphraseRequest, prompt: string): Promise<string> {
  try {
    return await deps.promptSecret(prompt);
  } catch (err) {
    // Ctrl-C keeps its exit code 130; any other failure means there is no terminal to ask.
    if (err instanceof LocalError && err.exitCode === EXIT.interrupted) throw err;
    throw configError(
      'the keyring needs a passphrase and there is no terminal to ask for it',
      `set ${req.envName} in the environment`,
      `or pass ${req.flag} <file> (the first line of the file is the passphrase)`,
      ...(req.envName === 'KMS_PASSPHRASE' ? ['or unlock once with: eval "$(kms keyring unlock)"'] : []),
    );
  }
}
