// Which HSM backend AWS_CLOUDHSM key stores use: the PKCS#11 driver (loaded on first use), or one a
// test or embedder injects. Must not import operation handlers or the CLI.

import type { HsmBackend, HsmSession, TokenRef } from './hsm.js';
import { pkcs11Backend } from './hsm-pkcs11.js';

let backend: HsmBackend | undefined;

/** Tests and embedders choose the backend; undefined restores the PKCS#11 driver. */
export function setHsmBackend(b: HsmBackend | undefined): void {
  backend = b;
}

/** The backend in use: the injected one, else the PKCS#11 driver (loaded on first use). */
export function hsmBackend(): HsmBackend {
  if (!backend) backend = pkcs11Backend();
  return backend;
}

/** Runs `fn` on an open session of the token and always closes it. */
export function withToken<T>(token: TokenRef, fn: (s: HsmSession) => T): T {
  const session = hsmBackend().open(token);
  try {
    return fn(session);
  } finally {
    session.close();
  }
}
