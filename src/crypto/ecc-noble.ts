// Loads @noble/curves on demand for the two things node:crypto cannot do here: ECDSA over a
// caller's digest (MessageType DIGEST) and Ed25519ph. Must not import the engine, keyring or CLI.

import type { ECDSA } from '@noble/curves/abstract/weierstrass.js';
import type { EdDSA } from '@noble/curves/abstract/edwards.js';

/** noble's ECDSA curves, by the curve names node:crypto reports. */
export type NobleEcdsa = Readonly<Record<'prime256v1' | 'secp384r1' | 'secp521r1' | 'secp256k1', ECDSA>>;

let ecdsa: NobleEcdsa | undefined;
let ed25519ph: EdDSA | undefined;
let loadingEcdsa: Promise<void> | undefined;
let loadingEd: Promise<void> | undefined;

/**
 * Imports noble's NIST curves and secp256k1 once (≈26 ms, measured), so only ECC key operations
 * pay for it: the ECC specs' `ready()`. Idempotent.
 */
export function loadNobleEcdsa(): Promise<void> {
  loadingEcdsa ??= Promise.all([import('@noble/curves/nist.js'), import('@noble/curves/secp256k1.js')]).then(([nist, k1]) => {
    ecdsa = { prime256v1: nist.p256, secp384r1: nist.p384, secp521r1: nist.p521, secp256k1: k1.secp256k1 };
  });
  return loadingEcdsa;
}

/** Imports noble's Ed25519ph once (≈6 ms): the ECC_NIST_EDWARDS25519 spec's `ready()`. */
export function loadNobleEd25519ph(): Promise<void> {
  loadingEd ??= import('@noble/curves/ed25519.js').then((ed) => {
    ed25519ph = ed.ed25519ph;
  });
  return loadingEd;
}

/** The ECDSA curves; the engine awaits the spec's `ready()` before any operation. */
export function nobleEcdsa(): NobleEcdsa {
  if (ecdsa === undefined) throw new Error('ecc: @noble/curves used before the key spec ready() was awaited');
  return ecdsa;
}

/** Ed25519ph (RFC 8032 §5.1: phflag 1, empty context). */
export function nobleEd25519ph(): EdDSA {
  if (ed25519ph === undefined) throw new Error('ed25519: @noble/curves used before the key spec ready() was awaited');
  return ed25519ph;
}
