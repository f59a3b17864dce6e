// Errors every layer may raise, and the exit codes they map to (AWS CLI v2's codes).
// Must not import anything: it sits below the engine, the keyring and the CLI.

/** Exit codes of the AWS CLI v2 (awscli/constants.py), which kms keeps. */
export const EXIT = {
  ok: 0,
  interrupted: 130,
  usage: 252,
  config: 253,
  service: 254,
  other: 255,
} as const;

/** AWS's texts for a request's access key or session token that is not (or no longer) good. */
export const TOKEN_INVALID = 'The security token included in the request is invalid.';
export const TOKEN_EXPIRED = 'The security token included in the request is expired';
/** AWS's text when a request was signed with another secret than its access key's. */
export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** A KMS API exception: `code` is the API's exception name (NotFoundException, …). */
export class KmsError extends Error {
  override readonly name = 'KmsError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A local problem AWS has no exception for (a locked keyring, a missing file, a bad flag):
 * printed as one `error:` line and `hint:` lines, with the exit code given.
 */
export class LocalError extends Error {
  override readonly name = 'LocalError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.other,
    readonly hints: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A usage error (exit 252): a bad flag value, a missing required parameter. */
export function usageError(message: string, ...hints: string[]): LocalError {
  return new LocalError(message, EXIT.usage, hints);
}

/** A configuration or keyring error (exit 253): no passphrase, wrong passphrase, bad file. */
export function configError(message: string, ...hints: string[]): LocalError {
  return new LocalError(message, EXIT.config, hints);
}
