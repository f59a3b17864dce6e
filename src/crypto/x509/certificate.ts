// X.509 v3 certificates (RFC 5280) around a public key and a name, issued by a KMS key: the
// to-be-signed certificate, its extensions, and the certificate once KMS has signed it; and the
// reading of the requests and issuer certificates given to `kms x509 create-certificate`. Must not
// import the engine, the keyring or the CLI.

import { constants, createHash, createPublicKey, verify } from 'node:crypto';
import { bitString, boolean, context, octetString, oid, readChildren, readItem, sequence, tlv, unsigned, type DerItem } from './der.js';

/** A request or certificate that cannot be read or checked (the CLI prints it as a usage error). */
export class CertificateError extends Error {}

const SUBJECT_KEY_ID = '2.5.29.14';
const KEY_USAGE = '2.5.29.15';
const SUBJECT_ALT_NAME = '2.5.29.17';
const BASIC_CONSTRAINTS = '2.5.29.19';
const AUTHORITY_KEY_ID = '2.5.29.35';
const EXT_KEY_USAGE = '2.5.29.37';
const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';

/** RFC 5280 §4.2.1.3 bit numbers, by the names openssl uses. */
export const KEY_USAGES: Readonly<Record<string, number>> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8,
};

/** RFC 5280 §4.2.1.12 key purposes, by the names openssl uses. */
export const EXTENDED_KEY_USAGES: Readonly<Record<string, string>> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  OCSPSigning: '1.3.6.1.5.5.7.3.9',
};

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));
}

/** basicConstraints (§4.2.1.9): critical; cA and pathLenConstraint for a CA, empty for an end entity. */
export function basicConstraints(ca: boolean, pathLength?: number): Uint8Array {
  const inner = ca ? [boolean(true), ...(pathLength === undefined ? [] : [unsigned(pathLength)])] : [];
  return extension(BASIC_CONSTRAINTS, true, sequence(...inner));
}

/** keyUsage (§4.2.1.3): critical, a named-bit BIT STRING with trailing zero bits dropped (X.690 §11.2.2). */
export function keyUsage(names: readonly string[]): Uint8Array {
  let bits = 0;
  for (const n of names) bits |= 1 << KEY_USAGES[n]!;
  const highest = 31 - Math.clz32(bits);
  const bytes = Math.floor(highest / 8) + 1;
  const out = new Uint8Array(bytes);
  for (let b = 0; b <= highest; b++) if (bits & (1 << b)) out[b >> 3]! |= 0x80 >> (b & 7);
  const unused = bytes * 8 - 1 - highest;
  return extension(KEY_USAGE, true, tlv(0x03, Uint8Array.of(unused), out));
}

export function extendedKeyUsage(names: readonly string[]): Uint8Array {
  return extension(EXT_KEY_USAGE, false, sequence(...names.map((n) => oid(EXTENDED_KEY_USAGES[n]!))));
}

export const subjectAltName = (generalNames: Uint8Array): Uint8Array => extension(SUBJECT_ALT_NAME, false, generalNames);

/** §4.2.1.2 method (1): the SHA-1 of the subjectPublicKey BIT STRING's value (unused-bits octet excluded). */
export function keyIdentifier(spki: Uint8Array): Uint8Array {
  const [, key] = readChildren(readItem(spki).content);
  return new Uint8Array(createHash('sha1').update(key!.content.subarray(1)).digest());
}

export const subjectKeyIdentifier = (id: Uint8Array): Uint8Array => extension(SUBJECT_KEY_ID, false, octetString(id));
export const authorityKeyIdentifier = (id: Uint8Array): Uint8Array => extension(AUTHORITY_KEY_ID, false, sequence(context(0, false, id)));

/** §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, whole seconds, Zulu. */
export function time(d: Date): Uint8Array {
  const iso = d.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:T]/g, '');
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(iso.slice(2), 'latin1')) : tlv(0x18, Buffer.from(iso, 'latin1'));
}

export interface CertificateFields {
  /** 1..20 octets, positive. */
  serial: Uint8Array;
  /** The issuer's signature AlgorithmIdentifier (DER). */
  algorithmId: Uint8Array;
  /** The issuer's Name (DER), copied from its certificate. */
  issuer: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  subject: Uint8Array;
  spki: Uint8Array;
  extensions: readonly Uint8Array[];
}

/** TBSCertificate, version 3. */
export function tbsCertificate(c: CertificateFields): Uint8Array {
  return sequence(
    context(0, true, unsigned(2)),
    unsigned(c.serial),
    c.algorithmId,
    c.issuer,
    sequence(time(c.notBefore), time(c.notAfter)),
    c.subject,
    c.spki,
    context(3, true, sequence(...c.extensions)),
  );
}

export function certificate(tbs: Uint8Array, algorithmId: Uint8Array, signature: Uint8Array): Uint8Array {
  return sequence(tbs, algorithmId, bitString(signature));
}

/** DER from PEM text (any label) or DER bytes as they are. */
export function derOf(input: Uint8Array, label: string): Uint8Array {
  const text = Buffer.from(input).toString('latin1');
  if (!text.includes('-----BEGIN')) return input;
  const m = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) throw new CertificateError(`the ${label} is not PEM or DER`);
  return new Uint8Array(Buffer.from(m[2]!.replace(/\s/g, ''), 'base64'));
}

function parse<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CertificateError) throw err;
    throw new CertificateError(`the ${what} is not a well-formed DER structure`);
  }
}

/** What a PKCS#10 request says, and whether its signature is its own key's. */
export interface ParsedRequest {
  subject: Uint8Array;
  spki: Uint8Array;
  /** The requested subjectAltName's GeneralNames (DER), if it asks for one. */
  generalNames?: Uint8Array;
}

/** Signature algorithms whose request signatures kms checks with node:crypto (RSA, RSA-PSS as kms writes it, ECDSA, Ed25519). */
const CHECKED: Readonly<Record<string, { hash: string | null; pss?: number }>> = {
  '300d06092a864886f70d01010b0500': { hash: 'sha256' },
  '300d06092a864886f70d01010c0500': { hash: 'sha384' },
  '300d06092a864886f70d01010d0500': { hash: 'sha512' },
  '300a06082a8648ce3d040302': { hash: 'sha256' },
  '300a06082a8648ce3d040303': { hash: 'sha384' },
  '300a06082a8648ce3d040304': { hash: 'sha512' },
  '300506032b6570': { hash: null },
};
const PSS_HASH: Readonly<Record<string, [string, number]>> = { '01': ['sha256', 32], '02': ['sha384', 48], '03': ['sha512', 64] };

function checkSignature(signed: Uint8Array, algorithmId: Uint8Array, signature: Uint8Array, spki: Uint8Array, what: string): void {
  const id = Buffer.from(algorithmId).toString('hex');
  let hash: string | null;
  let saltLength: number | undefined;
  const pss = /^304106092a864886f70d01010a3034a00f300d060960864801650304020(\d\d)0500a11c301a06092a864886f70d010108300d060960864801650304020\1(?:0500)a2030201[0-9a-f]{2}$/.exec(id);
  if (pss && PSS_HASH[pss[1]!]) [hash, saltLength] = PSS_HASH[pss[1]!]!;
  else if (CHECKED[id]) hash = CHECKED[id].hash;
  else throw new CertificateError(`kms cannot check the ${what}'s signature algorithm (${id}): it checks RSA, RSA-PSS, ECDSA and Ed25519 signatures`);
  let ok = false;
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    ok = verify(hash, signed, saltLength === undefined ? key : { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
  } catch {
    ok = false;
  }
  if (!ok) throw new CertificateError(`the ${what}'s signature does not verify with its own public key`);
}

/** Reads a PKCS#10 request and checks that its own key signed it (proof of possession). */
export function parseRequest(der: Uint8Array): ParsedRequest {
  const [info, algorithm, bits] = parse('request', () => readChildren(readItem(der).content));
  if (!info || !algorithm || !bits || bits.tag !== 0x03) throw new CertificateError('the request is not a PKCS#10 certification request');
  const [version, subject, spki, attributes] = parse('request', () => readChildren(info.content));
  if (!version || !subject || !spki || version.tag !== 0x02) throw new CertificateError('the request is not a PKCS#10 certification request');
  checkSignature(info.bytes, algorithm.bytes, bits.content.subarray(1), spki.bytes, 'request');
  const out: ParsedRequest = { subject: subject.bytes, spki: spki.bytes };
  parse('request', () => {
    for (const attribute of attributes ? readChildren(attributes.content) : []) {
      const [type, values] = readChildren(attribute.content);
      if (!type || !values || !sameBytes(type.bytes, oid(EXTENSION_REQUEST))) continue;
      for (const ext of readChildren(readChildren(values.content)[0]!.content)) {
        const parts = readChildren(ext.content);
        if (sameBytes(parts[0]!.bytes, oid(SUBJECT_ALT_NAME))) out.generalNames = parts[parts.length - 1]!.content;
      }
    }
  });
  return out;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

/** True for an RSA SubjectPublicKeyInfo (rsaEncryption, RFC 8017 A.1). */
export function isRsaKey(spki: Uint8Array): boolean {
  const [algorithm] = readChildren(readItem(spki).content);
  return algorithm !== undefined && sameBytes(readChildren(algorithm.content)[0]!.bytes, oid('1.2.840.113549.1.1.1'));
}

/** What kms needs of an issuer's certificate: its subject Name (as bytes), key, key identifier and CA flag. */
export interface ParsedIssuer {
  subject: Uint8Array;
  spki: Uint8Array;
  keyIdentifier: Uint8Array;
  ca: boolean;
}

export function parseIssuer(der: Uint8Array): ParsedIssuer {
  const [tbs] = parse('issuer certificate', () => readChildren(readItem(der).content));
  if (!tbs) throw new CertificateError('the issuer certificate is not an X.509 certificate');
  const items = parse('issuer certificate', () => readChildren(tbs.content));
  const fields = items[0]?.tag === 0xa0 ? items.slice(1) : items;
  const [, , , , subject, spki, ...rest] = fields;
  if (!subject || !spki) throw new CertificateError('the issuer certificate is not an X.509 certificate');
  let keyId: Uint8Array | undefined;
  let ca = false;
  const extensions: DerItem | undefined = rest.find((i) => i.tag === 0xa3);
  parse('issuer certificate', () => {
    for (const ext of extensions ? readChildren(readChildren(extensions.content)[0]!.content) : []) {
      const parts = readChildren(ext.content);
      const value = parts[parts.length - 1]!.content;
      if (sameBytes(parts[0]!.bytes, oid(SUBJECT_KEY_ID))) keyId = readItem(value).content;
      if (sameBytes(parts[0]!.bytes, oid(BASIC_CONSTRAINTS))) {
        // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, … }
        const first = readChildren(readItem(value).content)[0];
        ca = first?.tag === 0x01 && first.content[0] !== 0;
      }
    }
  });
  return { subject: subject.bytes, spki: spki.bytes, keyIdentifier: keyId ?? keyIdentifier(spki.bytes), ca };
}
