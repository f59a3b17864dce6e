// The HSM seam of AWS_CLOUDHSM key stores: what the engine asks of a "cluster" (a PKCS#11 token)
// and the failures it maps to AWS's ConnectionErrorCode values. Types and errors only: the backend
// in use is hsm-backend.ts's, the PKCS#11 driver hsm-pkcs11.ts's (both import this, never the reverse).

import { KmsError } from '../../../errors.js';

/** The token an AWS_CLOUDHSM store names: CloudHsmClusterId is the token's label, KeyStorePassword its user PIN. */
export interface TokenRef {
  label: string;
  pin: string;
}

/** Why a token could not be opened, as DescribeCustomKeyStores' ConnectionErrorCode names it. */
export type HsmFailure = 'CLUSTER_NOT_FOUND' | 'INVALID_CREDENTIALS' | 'USER_LOCKED_OUT' | 'USER_NOT_FOUND' | 'INTERNAL_ERROR';

/** A failure opening or using a token; `reason` is the ConnectionErrorCode a connect attempt records. */
export class HsmError extends Error {
  override readonly name = 'HsmError';
  constructor(
    readonly reason: HsmFailure,
    message: string,
  ) {
    super(message);
  }
}

/** An open, logged-in session on one token. Every call is synchronous (handlers run in one transaction). */
export interface HsmSession {
  /** Generates a non-extractable AES-256 token key labelled `label` (CKA_TOKEN, CKA_SENSITIVE). */
  generateAesKey(label: string): void;
  /** Whether a secret key labelled `label` is on the token. */
  hasKey(label: string): boolean;
  /** AES-256-GCM on the token: returns ciphertext || 16-byte tag. */
  encrypt(label: string, iv: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** Inverse of encrypt; undefined when the tag does not verify (or the key is missing). */
  decrypt(label: string, iv: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined;
  /** Attributes a test may check: whether the key value is sensitive, extractable, readable. */
  keyFacts(label: string): { sensitive: boolean; extractable: boolean; valueReadable: boolean } | undefined;
  /** C_GenerateRandom: `length` bytes from the token's generator. */
  random(length: number): Uint8Array;
  close(): void;
}

/** Opens sessions on tokens. */
export interface HsmBackend {
  /** Whether a token with this label is present (no login). Throws a KmsError when the driver is unusable. */
  hasToken(label: string): boolean;
  /** Throws HsmError (CLUSTER_NOT_FOUND, INVALID_CREDENTIALS, …) or a KmsError when the driver is unusable. */
  open(token: TokenRef): HsmSession;
}

/** The one error for a missing pkcs11js addon or PKCS#11 library (AWS would say the cluster is unreachable). */
export function moduleUnavailable(detail: string): KmsError {
  return new KmsError('KMSInternalException', `The PKCS#11 module is not available (${detail}). Install softhsm2 or set KMS_PKCS11_MODULE to your PKCS#11 library.`);
}
