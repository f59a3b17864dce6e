// `kms x509 create-csr`: a PKCS#10 request for a KMS asymmetric key, signed through the engine's
// Sign (so the call is authorized as kms:Sign and on the audit trail like any other), locally or
// through `kms serve`. The structures are src/crypto/x509's; this file only calls and prints.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Deps } from '../deps.js';
import { EXIT, usageError } from '../errors.js';
import { KMS } from '../services/index.js';
import { debugLog } from './debug.js';
import { ArgumentError } from './errors.js';
import type { Invocation } from './program.js';
import { serviceCaller } from './service-caller.js';
import { readSettings, resolveRegion } from './settings.js';

type X509Invocation = Extract<Invocation, { kind: 'x509' }>;

export async function runX509Command(inv: X509Invocation, deps: Deps, onOperation: (name: string) => void): Promise<number> {
  const f = inv.flags;
  const missing = ['keyId', 'subject'].filter((k) => f[k] === undefined).map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
  if (missing.length) throw new ArgumentError(`the following arguments are required: ${missing.join(', ')}`);
  const { encodeGeneralNames, encodeName, NameError } = await import('../crypto/x509/names.js');
  const { defaultSigningAlgorithm, SigningError, x509Signing } = await import('../crypto/x509/signing.js');
  const { certificationRequest, requestInfo } = await import('../crypto/x509/csr.js');
  const { pem } = await import('../crypto/x509/der.js');
  // the names first: a typo costs no keyring open and no call
  const named = <T>(flag: string, encode: () => T): T => {
    try {
      return encode();
    } catch (err) {
      if (err instanceof NameError) {
        throw usageError(`argument ${flag}: ${err.message}`, 'e.g. --subject "CN=app.example,O=Example,C=US" --san "DNS:app.example,IP:10.0.0.1"');
      }
      throw err;
    }
  };
  const subject = named('--subject', () => encodeName(String(f.subject)));
  const san = f.san === undefined ? undefined : named('--san', () => encodeGeneralNames(String(f.san)));

  const debug = debugLog(inv.globals.debug, deps);
  const settings = readSettings(deps.env, deps.homedir);
  const region = resolveRegion(inv.globals.region, deps.env, settings);
  const caller = await serviceCaller(KMS, region, inv.globals, deps, settings, 'read', debug);
  const call = (operation: string, request: Record<string, unknown>) => {
    onOperation(operation);
    return caller.call(operation, request);
  };
  try {
    const keyId = String(f.keyId);
    const meta = (await call('DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, unknown>;
    const spec = String(meta.KeySpec);
    if (meta.KeyUsage !== 'SIGN_VERIFY') {
      throw usageError(`key ${String(meta.Arn)} is a ${spec} key for ${String(meta.KeyUsage)}: only SIGN_VERIFY keys sign requests`, 'create a key with --key-usage SIGN_VERIFY');
    }
    const algorithm = f.signingAlgorithm === undefined ? defaultSigningAlgorithm(spec) : String(f.signingAlgorithm);
    if (algorithm === undefined) throw usageError(`a ${spec} key cannot sign X.509 structures`, 'use an RSA, ECC, Ed25519, ML-DSA or (in China Regions) SM2 key');
    let signing: ReturnType<typeof x509Signing>;
    try {
      signing = x509Signing(spec, algorithm);
    } catch (err) {
      if (err instanceof SigningError) throw usageError(err.message, `the algorithms of a ${spec} key: ${((meta.SigningAlgorithms as string[] | undefined) ?? []).join(', ')}`);
      throw err;
    }
    const spki = (await call('GetPublicKey', { KeyId: String(meta.Arn) })).PublicKey as Uint8Array;
    const info = requestInfo(subject, spki, san);
    let sign: ReturnType<typeof signing.request>;
    try {
      sign = signing.request(info, spki);
    } catch (err) {
      if (err instanceof SigningError) throw usageError(err.message, 'a key that signs a digest (RSA, ECDSA) has no such limit');
      throw err;
    }
    debug(`x509 create-csr: ${spec}, ${algorithm}, ${info.length} bytes to sign as ${sign.MessageType}`);
    const signature = (await call('Sign', { KeyId: String(meta.Arn), SigningAlgorithm: algorithm, ...sign })).Signature as Uint8Array;
    const text = pem('CERTIFICATE REQUEST', certificationRequest(info, signing.algorithmId, signature));
    if (f.out !== undefined) writeFileSync(resolve(deps.cwd, String(f.out)), text);
    else deps.stdout.write(text);
    return EXIT.ok;
  } finally {
    caller.close();
  }
}
