// Distinguished names and subject alternative names as X.509 encodes them (RFC 5280 §4.1.2.4,
// §4.2.1.6), from the strings users type: RFC 4514's "CN=…,O=…" (most specific first) or
// openssl's "/O=…/CN=…" (in DER order). Must not import the engine, the keyring or the CLI.

import { isIP } from 'node:net';
import { ia5String, oid, printableString, sequence, setOf, tlv, utf8String } from './der.js';

/** Attribute types by the short names openssl and RFC 4514 use, with the string type RFC 5280 asks for. */
const ATTRIBUTES: Readonly<Record<string, { oid: string; type: 'utf8' | 'printable' | 'ia5' }>> = {
  CN: { oid: '2.5.4.3', type: 'utf8' },
  SN: { oid: '2.5.4.4', type: 'utf8' },
  SERIALNUMBER: { oid: '2.5.4.5', type: 'printable' },
  C: { oid: '2.5.4.6', type: 'printable' },
  L: { oid: '2.5.4.7', type: 'utf8' },
  ST: { oid: '2.5.4.8', type: 'utf8' },
  STREET: { oid: '2.5.4.9', type: 'utf8' },
  O: { oid: '2.5.4.10', type: 'utf8' },
  OU: { oid: '2.5.4.11', type: 'utf8' },
  TITLE: { oid: '2.5.4.12', type: 'utf8' },
  GN: { oid: '2.5.4.42', type: 'utf8' },
  DNQUALIFIER: { oid: '2.5.4.46', type: 'printable' },
  UID: { oid: '0.9.2342.19200300.100.1.1', type: 'utf8' },
  DC: { oid: '0.9.2342.19200300.100.1.25', type: 'ia5' },
  EMAILADDRESS: { oid: '1.2.840.113549.1.9.1', type: 'ia5' },
};

/** A bad name or SAN: the message says which part and why (the CLI prints it as a usage error). */
export class NameError extends Error {}

/** Splits at unescaped `sep`, keeping backslash escapes for the value decoder. */
function splitUnescaped(text: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\' && i + 1 < text.length) {
      cur += ch + text[i + 1]!;
      i++;
    } else if (ch === sep) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/** RFC 4514 §3 value escapes: `\,` and the other specials, and `\XX` hex pairs (UTF-8 bytes). */
function unescape(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const hex = value.slice(i + 1, i + 3);
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (i + 1 < value.length) {
      bytes.push(...Buffer.from(value[i + 1]!, 'utf8'));
      i++;
    } else throw new NameError('a value ends with a lone backslash');
  }
  return Buffer.from(bytes).toString('utf8');
}

function attribute(part: string): Uint8Array {
  const eq = part.indexOf('=');
  if (eq <= 0) throw new NameError(`"${part}" is not TYPE=value`);
  const type = part.slice(0, eq).trim();
  const spec = ATTRIBUTES[type.toUpperCase()];
  if (!spec) throw new NameError(`unknown attribute type "${type}" (known: ${Object.keys(ATTRIBUTES).join(', ')})`);
  const value = unescape(part.slice(eq + 1).trim());
  if (value === '') throw new NameError(`${type} has an empty value`);
  if (spec.type === 'printable' && !/^[A-Za-z0-9 '()+,\-./:=?]+$/.test(value)) throw new NameError(`${type} takes letters, digits and ' ()+,-./:=? only`);
  if (type.toUpperCase() === 'C' && !/^[A-Z]{2}$/.test(value)) throw new NameError('C must be a two-letter country code, e.g. C=US');
  if (spec.type === 'ia5' && !/^[\x20-\x7e]+$/.test(value)) throw new NameError(`${type} takes ASCII only`);
  const encoded = spec.type === 'utf8' ? utf8String(value) : spec.type === 'printable' ? printableString(value) : ia5String(value);
  return sequence(oid(spec.oid), encoded);
}

/**
 * The DER Name of `text`: "CN=app,O=Example,C=US" (RFC 4514: most specific first, so encoded in
 * reverse) or "/C=US/O=Example/CN=app" (openssl's -subj: in encoded order). `+` joins attributes
 * of one RDN in either form.
 */
export function encodeName(text: string): Uint8Array {
  const trimmed = text.trim();
  if (trimmed === '') throw new NameError('the subject is empty');
  const slash = trimmed.startsWith('/');
  let rdns = slash ? splitUnescaped(trimmed.slice(1), '/') : splitUnescaped(trimmed, ',');
  rdns = rdns.map((r) => r.trim()).filter((r, i, all) => r !== '' || i < all.length - 1);
  if (rdns.some((r) => r === '')) throw new NameError('the subject has an empty part');
  if (!slash) rdns.reverse();
  return sequence(...rdns.map((rdn) => setOf(...splitUnescaped(rdn, '+').map(attribute))));
}

/**
 * GeneralNames (RFC 5280 §4.2.1.6) from "DNS:a.example,IP:10.0.0.1,URI:https://x,email:a@b":
 * dNSName [2], iPAddress [7] (4 or 16 bytes), uniformResourceIdentifier [6], rfc822Name [1].
 */
export function encodeGeneralNames(text: string): Uint8Array {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new NameError('--san names no name');
  return sequence(
    ...names.map((entry) => {
      const colon = entry.indexOf(':');
      const kind = colon > 0 ? entry.slice(0, colon).toUpperCase() : '';
      const value = entry.slice(colon + 1);
      if (value === '') throw new NameError(`"${entry}" has no value`);
      switch (kind) {
        case 'DNS':
          if (!/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?$/.test(value)) throw new NameError(`"${value}" is not a DNS name`);
          return tlv(0x82, Buffer.from(value, 'latin1'));
        case 'IP': {
          const v = isIP(value);
          if (v === 0) throw new NameError(`"${value}" is not an IPv4 or IPv6 address`);
          return tlv(0x87, v === 4 ? Uint8Array.from(value.split('.').map(Number)) : ipv6(value));
        }
        case 'URI':
          if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(value)) throw new NameError(`"${value}" is not a URI`);
          return tlv(0x86, Buffer.from(value, 'latin1'));
        case 'EMAIL':
          if (!/^[^@\s]+@[^@\s]+$/.test(value)) throw new NameError(`"${value}" is not an email address`);
          return tlv(0x81, Buffer.from(value, 'latin1'));
        default:
          throw new NameError(`"${entry}" is not DNS:, IP:, URI: or email: followed by a value`);
      }
    }),
  );
}

/** The 16 bytes of an IPv6 address (with :: and an embedded IPv4 tail). */
function ipv6(text: string): Uint8Array {
  let t = text;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    t = `${t.slice(0, -v4[1]!.length)}${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = t.split('::');
  const h = head ? head.split(':') : [];
  const tl = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - tl.length).fill('0'), ...tl];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return new Uint8Array(out);
}
