// `kms x509 create-csr | self-sign | create-certificate`: PKCS#10 requests and X.509 certificates
// signed by KMS keys through the engine's Sign (so each call is authorized as kms:Sign and on the
// audit trail like any other), locally or through `kms serve`. The structures are
// src/crypto/x509's; this file reads flags, calls KMS and prints.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { flagName } from '../api/model.js';
import type { Deps } from '../deps.js';
import { EXIT, usageError } from '../errors.js';
import { KMS } from '../services/index.js';
import { debugLog, type DebugLog } from './debug.js';
import { ArgumentError } from './errors.js';
import type { Invocation } from './program.js';
import { serviceCaller } from './service-caller.js';
import { readSettings, resolveRegion } from './settings.js';

type X509Invocation = Extract<Invocation, { kind: 'x509' }>;
type Call = (operation: string, request: Record<string, unknown>) => Promise<Record<string, unknown>>;
type Flags = Record<string, unknown>;

const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  'create-csr': ['keyId', 'subject'],
  'self-sign': ['keyId', 'subject'],
  'create-certificate': ['keyId', 'csr'],
};

/** A kms key that signs X.509 structures: what it is, its public key, and a signer of to-be-signed bytes. */
interface Signer {
  arn: string;
  spec: string;
  spki: Uint8Array;
  algorithmId: Uint8Array;
  sign(tbs: Uint8Array): Promise<Uint8Array>;
}

async function signerOf(call: Call, keyId: string, algorithmFlag: unknown, debug: DebugLog): Promise<Signer> {
  const { defaultSigningAlgorithm, SigningError, x509Signing } = await import('../crypto/x509/signing.js');
  const meta = (await call('DescribeKey', { KeyId: keyId })).KeyMetadata as Record<string, unknown>;
  const arn = String(meta.Arn);
  const spec = String(meta.KeySpec);
  if (meta.KeyUsage !== 'SIGN_VERIFY') {
    throw usageError(`key ${arn} is a ${spec} key for ${String(meta.KeyUsage)}: only SIGN_VERIFY keys sign`, 'create a key with --key-usage SIGN_VERIFY');
  }
  const algorithm = algorithmFlag === undefined ? defaultSigningAlgorithm(spec) : String(algorithmFlag);
  if (algorithm === undefined) throw usageError(`a ${spec} key cannot sign X.509 structures`, 'use an RSA, ECC, Ed25519, ML-DSA or (in China Regions) SM2 key');
  const refused = (err: unknown, hint: string) => (err instanceof SigningError ? usageError(err.message, hint) : err);
  let signing: ReturnType<typeof x509Signing>;
  try {
    signing = x509Signing(spec, algorithm);
  } catch (err) {
    throw refused(err, `the algorithms of a ${spec} key: ${((meta.SigningAlgorithms as string[] | undefined) ?? []).join(', ')}`);
  }
  const spki = (await call('GetPublicKey', { KeyId: arn })).PublicKey as Uint8Array;
  return {
    arn,
    spec,
    spki,
    algorithmId: signing.algorithmId,
    async sign(tbs) {
      let request: ReturnType<typeof signing.request>;
      try {
        request = signing.request(tbs, spki);
      } catch (err) {
        throw refused(err, 'a key that signs a digest (RSA, ECDSA) has no such limit');
      }
      debug(`x509: ${spec} ${algorithm} signs ${tbs.length} bytes as ${request.MessageType}`);
      return (await call('Sign', { KeyId: arn, SigningAlgorithm: algorithm, ...request })).Signature as Uint8Array;
    },
  };
}

/** Runs `encode`, turning a bad name or list into a usage error that names the flag. */
async function flagValue<T>(flag: string, encode: () => T): Promise<T> {
  const { NameError } = await import('../crypto/x509/names.js');
  try {
    return encode();
  } catch (err) {
    if (err instanceof NameError) throw usageError(`argument ${flag}: ${err.message}`, 'e.g. --subject "CN=app.example,O=Example,C=US" --san "DNS:app.example,IP:10.0.0.1"');
    throw err;
  }
}

/** A comma list of names each of which `known` has; undefined when the flag is absent. */
function nameList(flag: string, raw: unknown, known: Readonly<Record<string, unknown>>): string[] | undefined {
  if (raw === undefined) return undefined;
  const names = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.find((n) => !(n in known));
  if (bad !== undefined || names.length === 0) {
    throw usageError(`argument ${flag}: ${bad === undefined ? 'no name given' : `unknown name "${bad}"`}`, `the names: ${Object.keys(known).join(', ')}`);
  }
  return names;
}

function wholeNumber(flag: string, raw: unknown, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(String(raw)) || n < min || n > max) throw new ArgumentError(`argument ${flag}: expected a whole number from ${min} to ${max}, got '${String(raw)}'`);
  return n;
}

/** A file given as fileb://path (or file://path, or a plain path): its bytes. */
async function fileArgument(flag: string, raw: unknown, deps: Deps): Promise<Uint8Array> {
  const { loadParamfile, ResourceLoadingError } = await import('./params/index.js');
  const text = String(raw);
  const ref = /^(fileb|file):\/\//.test(text) ? text : `fileb://${text}`;
  try {
    const loaded = await loadParamfile(ref, { cwd: deps.cwd, env: deps.env, homedir: deps.homedir, readStdin: async () => new Uint8Array() });
    if (loaded === undefined) throw usageError(`argument ${flag}: no file`);
    return typeof loaded === 'string' ? new Uint8Array(Buffer.from(loaded, 'utf8')) : loaded;
  } catch (err) {
    if (err instanceof ResourceLoadingError) throw usageError(`argument ${flag}: ${err.message}`, `give the file as ${flag} fileb://path (PEM or DER)`);
    throw err;
  }
}

export async function runX509Command(inv: X509Invocation, deps: Deps, onOperation: (name: string) => void): Promise<number> {
  const f: Flags = inv.flags;
  const missing = (REQUIRED[inv.action] ?? []).filter((k) => f[k] === undefined).map((k) => `--${flagName(k)}`);
  if (missing.length) throw new ArgumentError(`the following arguments are required: ${missing.join(', ')}`);
  const names = await import('../crypto/x509/names.js');
  const x = await import('../crypto/x509/certificate.js');
  const { pem } = await import('../crypto/x509/der.js');
  // everything that can be checked without the keyring first: a typo costs no open and no call
  const subject = f.subject === undefined ? undefined : await flagValue('--subject', () => names.encodeName(String(f.subject)));
  const san = f.san === undefined ? undefined : await flagValue('--san', () => names.encodeGeneralNames(String(f.san)));
  const days = wholeNumber('--validity-days', f.validityDays, 1, 36500) ?? 365;
  const pathLength = wholeNumber('--path-length', f.pathLength, 0, 100);
  const ca = inv.action === 'self-sign' || f.ca === true;
  if (pathLength !== undefined && !ca) throw usageError('argument --path-length: only a CA certificate has a path length', 'add --ca');
  const usages = nameList('--key-usage', f.keyUsage, x.KEY_USAGES);
  const purposes = nameList('--extended-key-usage', f.extendedKeyUsage, x.EXTENDED_KEY_USAGES);
  // RFC 5280 §4.2.1.3: keyCertSign only where basicConstraints says cA
  if (usages?.includes('keyCertSign') && !ca) throw usageError('argument --key-usage: keyCertSign is for CA certificates only (RFC 5280 4.2.1.3)', 'add --ca');
  const csrDer = f.csr === undefined ? undefined : x.derOf(await fileArgument('--csr', f.csr, deps), 'request');
  const issuerDer = f.issuerCertificate === undefined ? undefined : x.derOf(await fileArgument('--issuer-certificate', f.issuerCertificate, deps), 'issuer certificate');
  const readable = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof x.CertificateError) throw usageError(err.message, 'give a PEM or DER file as openssl or kms x509 writes it');
      throw err;
    }
  };
  const request = csrDer === undefined ? undefined : readable(() => x.parseRequest(csrDer));
  const issuerCert = issuerDer === undefined ? undefined : readable(() => x.parseIssuer(issuerDer));

  const debug = debugLog(inv.globals.debug, deps);
  const settings = readSettings(deps.env, deps.homedir);
  const region = resolveRegion(inv.globals.region, deps.env, settings);
  const caller = await serviceCaller(KMS, region, inv.globals, deps, settings, 'read', debug);
  const call: Call = (operation, req) => {
    onOperation(operation);
    return caller.call(operation, req);
  };
  try {
    const signer = await signerOf(call, String(f.keyId), f.signingAlgorithm, debug);
    let der: Uint8Array;
    let label: string;
    if (inv.action === 'create-csr') {
      const { certificationRequest, requestInfo } = await import('../crypto/x509/csr.js');
      const info = requestInfo(subject!, signer.spki, san);
      der = certificationRequest(info, signer.algorithmId, await signer.sign(info));
      label = 'CERTIFICATE REQUEST';
    } else {
      // the subject: the self-signed root's own, or the request's (its signature checked above)
      const subjectName = request?.subject ?? subject!;
      const subjectKey = request?.spki ?? signer.spki;
      const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
      let issuerName = subjectName;
      let issuerKeyId = x.keyIdentifier(signer.spki);
      if (issuerCert) {
        if (!same(issuerCert.spki, signer.spki)) throw usageError(`the issuer certificate is not ${signer.arn}'s: its public key differs`, 'give the certificate made for the --key-id key');
        if (!issuerCert.ca) throw usageError('the issuer certificate is not a CA certificate (its basicConstraints has no cA)', 'issue from a certificate made with self-sign or create-certificate --ca');
        issuerName = issuerCert.subject;
        issuerKeyId = issuerCert.keyIdentifier;
      } else if (inv.action === 'create-certificate' && !same(subjectKey, signer.spki)) {
        throw usageError(`the request is for another key than ${signer.arn}: give the issuer's certificate`, 'add --issuer-certificate fileb://issuer.pem');
      }
      // an end entity signs; an RSA one may also take key transport (TLS before 1.3, CMS)
      const keyUsages = usages ?? (ca ? ['digitalSignature', 'keyCertSign', 'cRLSign'] : x.isRsaKey(subjectKey) ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature']);
      const altNames = san ?? (f.copySan === true ? request?.generalNames : undefined);
      const extensions = [
        x.basicConstraints(ca, pathLength),
        x.keyUsage(keyUsages),
        ...(purposes ? [x.extendedKeyUsage(purposes)] : []),
        x.subjectKeyIdentifier(x.keyIdentifier(subjectKey)),
        x.authorityKeyIdentifier(issuerKeyId),
        ...(altNames ? [x.subjectAltName(altNames)] : []),
      ];
      // RFC 5280 §4.1.2.2: positive, at most 20 octets; 16 random bytes with the top bits 01 (126 random bits)
      const serial = deps.random(16);
      serial[0] = (serial[0]! & 0x7f) | 0x40;
      const now = new Date(Math.floor(deps.clock.now().getTime() / 1000) * 1000);
      const tbs = x.tbsCertificate({
        serial,
        algorithmId: signer.algorithmId,
        issuer: issuerName,
        notBefore: now,
        notAfter: new Date(now.getTime() + days * 86_400_000),
        subject: subjectName,
        spki: subjectKey,
        extensions,
      });
      der = x.certificate(tbs, signer.algorithmId, await signer.sign(tbs));
      label = 'CERTIFICATE';
    }
    const text = pem(label, der);
    if (f.out !== undefined) writeFileSync(resolve(deps.cwd, String(f.out)), text);
    else deps.stdout.write(text);
    return EXIT.ok;
  } finally {
    caller.close();
  }
}
