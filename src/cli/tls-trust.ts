// Which certificate authorities an https --endpoint-url call trusts, decided as the AWS CLI and
// Node decide it. bin/kms hands NODE_EXTRA_CA_CERTS over as KMS_EXTRA_CA_CERTS, because Node
// would parse that file at every start while only these calls need it: so they load it here.

import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import * as tls from 'node:tls';
import { EXIT, LocalError } from '../errors.js';

type Env = Readonly<Record<string, string | undefined>>;

/** What https.request needs beyond its defaults; none of it when Node's defaults are right. */
export interface TlsTrust {
  secureContext?: tls.SecureContext;
  rejectUnauthorized: boolean;
}

/**
 * The authorities an https call trusts (undefined: Node's defaults) and whether it checks at all.
 * As awscli's globalargs.py and botocore resolve it: --no-verify-ssl (no check, whatever else is
 * set), else --ca-bundle, else AWS_CA_BUNDLE, each a PEM file that replaces the default
 * authorities. Else NODE_EXTRA_CA_CERTS (KMS_EXTRA_CA_CERTS when bin/kms moved it), whose
 * authorities are added to the default ones, as Node adds them. A file that cannot be loaded is
 * an error before any request, where Node only warns: the certificate error that would follow
 * would not say which file was at fault.
 */
export function trustedAuthorities(globals: { caBundle?: string; verifySsl?: boolean }, env: Env, cwd: string): { ca?: string[]; verify: boolean } {
  if (globals.verifySsl === false) return { verify: false };
  const bundle = globals.caBundle ? { path: globals.caBundle, from: '--ca-bundle' } : env.AWS_CA_BUNDLE ? { path: env.AWS_CA_BUNDLE, from: 'AWS_CA_BUNDLE' } : undefined;
  if (bundle) {
    const hint = `${bundle.from} names a PEM file of the certificate authorities to trust for https endpoints, in place of the default ones`;
    return { ca: loadCertificates(bundle.path, cwd, bundle.from, [hint]), verify: true };
  }
  const extra = env.NODE_EXTRA_CA_CERTS || env.KMS_EXTRA_CA_CERTS;
  if (!extra) return { verify: true };
  const hint = 'NODE_EXTRA_CA_CERTS names a PEM file of certificate authorities to trust besides the default ones: fix the path or unset it';
  return { ca: [...defaultAuthorities(), ...loadCertificates(extra, cwd, 'NODE_EXTRA_CA_CERTS', [hint])], verify: true };
}

/** trustedAuthorities as https.request options: one context, built once for all the calls of a command. */
export function tlsTrust(globals: { caBundle?: string; verifySsl?: boolean }, env: Env, cwd: string): TlsTrust {
  const { ca, verify } = trustedAuthorities(globals, env, cwd);
  return ca ? { secureContext: tls.createSecureContext({ ca }), rejectUnauthorized: verify } : { rejectUnauthorized: verify };
}

/**
 * The authorities Node trusts by default. Node 22.15+ says which (its bundle, or the system's under
 * --use-openssl-ca / --use-system-ca); Node 20 only lists its bundle, which is the default there.
 */
function defaultAuthorities(): readonly string[] {
  const get = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  return get ? get.call(tls, 'default') : tls.rootCertificates;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/**
 * The PEM certificates in `path` (relative to the caller's folder, which in the agent is not this
 * process's). Checked one by one, since tls.createSecureContext silently skips one it cannot read.
 */
function loadCertificates(path: string, cwd: string, from: string, hints: string[]): string[] {
  const shown = `${path} (${from})`;
  let text: string;
  try {
    text = readFileSync(resolve(cwd, path), 'latin1');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new LocalError(`cannot read the CA certificates in ${shown}: ${why}`, EXIT.other, hints);
  }
  const certs = text.match(PEM_CERTIFICATE) ?? [];
  if (certs.length === 0) {
    throw new LocalError(`no PEM certificate (-----BEGIN CERTIFICATE-----) in ${shown}`, EXIT.other, hints);
  }
  certs.forEach((pem, i) => {
    try {
      new X509Certificate(pem);
    } catch {
      throw new LocalError(`certificate ${i + 1} of ${certs.length} in ${shown} is not a valid X.509 certificate`, EXIT.other, hints);
    }
  });
  return certs;
}

/** Node's codes for a certificate that failed verification (X509_V_ERR_* names). */
const VERIFY_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
]);

/**
 * The bracketed part of botocore's SSLError ("SSL validation failed for <url> [SSL: …] …") for a
 * TLS failure of Node's, in the words Python's ssl module uses (both print OpenSSL's reason);
 * undefined for an error that is not about TLS.
 */
export function tlsFailure(err: NodeJS.ErrnoException & { reason?: unknown }, host: string): string | undefined {
  const code = err.code ?? '';
  if (VERIFY_CODES.has(code)) return `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${err.message}`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const name = host.replace(/^\[|\]$/g, '');
    return `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${isIP(name) ? 'IP address' : 'Hostname'} mismatch, certificate is not valid for '${name}'.`;
  }
  if (code.startsWith('ERR_SSL_') && typeof err.reason === 'string') return `[SSL: ${code.slice('ERR_SSL_'.length)}] ${err.reason}`;
  // Node 20 reports a failed handshake (an http port, an old protocol) as EPROTO with OpenSSL's line
  const ssl = code === 'EPROTO' ? /:error:[0-9A-Fa-f]+:SSL routines:[^:]*:([^:]+):/.exec(err.message) : null;
  if (ssl) return `[SSL: ${ssl[1]!.toUpperCase().replace(/ /g, '_')}] ${ssl[1]}`;
  return undefined;
}
