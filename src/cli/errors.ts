// The one mapping from a thrown error to what the user sees on stderr and the exit code.
// KmsError → AWS CLI service-error text (254); LocalError → error:/hint: lines or AWS CLI text.

import { EXIT, KmsError, LocalError } from '../errors.js';

export interface Reported {
  text: string;
  exitCode: number;
}

/** A usage error in the AWS CLI's argparse form: the usage block, then `kms: error: …`. */
export class ArgumentError extends LocalError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export const USAGE_BLOCK =
  'usage: kms [options] <command> [parameters]\n' +
  'To see help text, you can run:\n\n' +
  '  kms help\n' +
  '  kms <command> help\n\n';

/**
 * What to print for an error raised while running `operation` (undefined outside an operation).
 * Messages never include a stack trace; an unexpected error is one line naming its kind.
 */
export function reportError(err: unknown, operation: string | undefined): Reported {
  if (err instanceof KmsError) {
    const op = operation ?? 'unknown';
    // awscli/utils.py write_exception: a blank line, then the ClientError text.
    return { text: `\nAn error occurred (${err.code}) when calling the ${op} operation: ${err.message}\n`, exitCode: EXIT.service };
  }
  if (err instanceof ArgumentError) {
    return { text: `${USAGE_BLOCK}kms: error: ${err.message}\n`, exitCode: err.exitCode };
  }
  if (err instanceof LocalError) {
    if (err.hints.length === 0 && (err.exitCode === EXIT.usage || err.exitCode === EXIT.other)) {
      // Errors the AWS CLI also has (parameter errors, bad base64, --query type errors) print as
      // it prints them (write_exception); kms's own problems carry hints and use error:/hint:.
      return { text: `\n${err.message}\n`, exitCode: err.exitCode };
    }
    const hints = err.hints.map((h) => `hint: ${h}\n`).join('');
    return { text: `error: ${err.message}\n${hints}`, exitCode: err.exitCode };
  }
  const e = err as Error;
  const detail = e && typeof e.message === 'string' ? e.message.split('\n')[0] : String(err);
  return {
    text: `error: unexpected ${e?.name ?? 'error'}: ${detail}\nhint: run again with --debug and report it if it persists\n`,
    exitCode: EXIT.other,
  };
}
