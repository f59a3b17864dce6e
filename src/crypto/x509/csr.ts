// PKCS#10 certification requests (RFC 2986) around a public key kms holds: the request info to be
// signed, and the request once KMS has signed it. Must not import the engine, the keyring or the CLI.

import { bitString, context, octetString, oid, sequence, setOf, unsigned } from './der.js';

const EXTENSION_REQUEST = '1.2.840.113549.1.9.14'; // PKCS#9 extensionRequest
const SUBJECT_ALT_NAME = '2.5.29.17';

/**
 * CertificationRequestInfo: version 0, the subject Name (DER), the key's SubjectPublicKeyInfo as
 * GetPublicKey returns it (never re-encoded), and an extensionRequest attribute carrying the
 * subjectAltName when `generalNames` (DER GeneralNames) is given.
 */
export function requestInfo(subject: Uint8Array, spki: Uint8Array, generalNames?: Uint8Array): Uint8Array {
  const attributes = generalNames === undefined ? [] : [sequence(oid(EXTENSION_REQUEST), setOf(sequence(sequence(oid(SUBJECT_ALT_NAME), octetString(generalNames)))))];
  return sequence(unsigned(0), subject, spki, context(0, true, ...attributes));
}

/** CertificationRequest: the info, the signature AlgorithmIdentifier and the signature. */
export function certificationRequest(info: Uint8Array, algorithmId: Uint8Array, signature: Uint8Array): Uint8Array {
  return sequence(info, algorithmId, bitString(signature));
}
