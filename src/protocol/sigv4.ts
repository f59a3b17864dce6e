// AWS Signature Version 4 (AWS4-HMAC-SHA256): signing for kms's HTTP client, verifying for
// `kms serve`. Imports node:crypto and src/errors.ts only; never logs a secret or a signature key.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { KmsError, SIGNATURE_MISMATCH, TOKEN_INVALID } from '../errors.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** An HTTP request as SigV4 sees it; `url` is the request target (`/path?query`) or a full URL. */
export interface SignableRequest {
  method: string;
  url: string;
  /** Header names in any case; a repeated header as an array of its values. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: Uint8Array | string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** SigV4: a request's X-Amz-Date may differ from the server's clock by at most 15 minutes. */
const MAX_SKEW_MS = 15 * 60 * 1000;

const sha256Hex = (data: Uint8Array | string): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: Uint8Array | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** 20150830T123600Z */
export function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** RFC 3986 unreserved characters stay; everything else is %XX of its UTF-8 bytes, upper-case hex. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, '%20'));
  } catch {
    return text;
  }
}

/**
 * Canonical URI (non-S3 services, as botocore and the JS SDK compute it, and as AWS checks it):
 * the path with '.' and '..' segments resolved and empty ones dropped (RFC 3986 §5.2.4; AWS also
 * collapses '//'), then each segment as sent (already URI-encoded once by the client) encoded
 * once more; '/' separators stay.
 */
function canonicalUri(path: string): string {
  const segments: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') segments.pop();
    else segments.push(seg);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `${lead}${segments.map(uriEncode).join('/')}${trail}` || '/';
}

/** Canonical query: pairs decoded, re-encoded, sorted by name then value. */
function canonicalQuery(query: string): string {
  if (!query) return '';
  const pairs = query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const i = p.indexOf('=');
      const [k, v] = i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)];
      return [uriEncode(safeDecode(k)), uriEncode(safeDecode(v))] as const;
    });
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function headerValue(headers: SignableRequest['headers'], name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() !== name || v === undefined) continue;
    // Repeated headers: values joined by ',', each trimmed with inner runs of spaces collapsed;
    // spaces and tabs only (SigV4's rule, the JS SDK's), so a value with U+00A0 keeps it.
    const values = typeof v === 'string' ? [v] : v;
    return values.map((x) => x.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '')).join(',');
  }
  return undefined;
}

function splitUrl(url: string): { path: string; query: string } {
  const target = /^[a-z]+:\/\//i.test(url) ? url.replace(/^[a-z]+:\/\/[^/?#]*/i, '') : url;
  const noFragment = target.split('#')[0]!;
  const q = noFragment.indexOf('?');
  return q < 0 ? { path: noFragment || '/', query: '' } : { path: noFragment.slice(0, q) || '/', query: noFragment.slice(q + 1) };
}

/** The canonical request (SigV4 task 1) over the signed headers, lower-case, sorted. */
export function canonicalRequest(req: SignableRequest, signedHeaders: readonly string[]): string {
  const { path, query } = splitUrl(req.url);
  const lines = signedHeaders.map((h) => `${h}:${headerValue(req.headers, h) ?? ''}\n`).join('');
  return [req.method.toUpperCase(), canonicalUri(path), canonicalQuery(query), lines, signedHeaders.join(';'), sha256Hex(req.body)].join('\n');
}

/** The string to sign (SigV4 task 2). */
export function stringToSign(date: string, scope: string, creq: string): string {
  return [ALGORITHM, date, scope, sha256Hex(creq)].join('\n');
}

/** Signing keys derived lately: kms serve sees the same few credentials all day (bounded; starts over when full). */
const signingKeys = new Map<string, Buffer>();
const SIGNING_KEYS_MAX = 256;

/** The signing key (SigV4 task 3): HMAC chain over date, region, service, aws4_request. */
export function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const id = `${day}\n${region}\n${service}\n${secret}`;
  let key = signingKeys.get(id);
  if (key === undefined) {
    key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
    if (signingKeys.size >= SIGNING_KEYS_MAX) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}

/**
 * Signs a request: returns the headers to add (host if missing, x-amz-date, x-amz-security-token
 * with a session token, authorization). Every header given is signed.
 */
export function signRequest(
  req: SignableRequest & { host?: string },
  creds: Credentials,
  opts: { region: string; service?: string; now: Date },
): Record<string, string> {
  const service = opts.service ?? 'kms';
  const date = amzDate(opts.now);
  const added: Record<string, string> = { 'x-amz-date': date };
  const host = headerValue(req.headers, 'host') ?? req.host ?? (/^[a-z]+:\/\//i.test(req.url) ? new URL(req.url).host : undefined);
  if (host !== undefined && headerValue(req.headers, 'host') === undefined) added.host = host;
  if (creds.sessionToken) added['x-amz-security-token'] = creds.sessionToken;
  const headers: Record<string, string | readonly string[] | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) if (k.toLowerCase() !== 'authorization') headers[k.toLowerCase()] = v;
  Object.assign(headers, added);
  const signed = Object.keys(headers)
    .filter((h) => headers[h] !== undefined)
    .sort();
  const scope = `${date.slice(0, 8)}/${opts.region}/${service}/aws4_request`;
  const sts = stringToSign(date, scope, canonicalRequest({ ...req, headers }, signed));
  const signature = hmac(signingKey(creds.secretAccessKey, date.slice(0, 8), opts.region, service), sts).toString('hex');
  added.authorization = `${ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
  return added;
}

/** What a verified request proved. */
export interface VerifiedRequest {
  accessKeyId: string;
  region: string;
}

/** The region named by a request's credential scope, without verifying anything (for --no-auth). */
export function scopeRegion(headers: SignableRequest['headers']): string | undefined {
  const auth = headerValue(headers, 'authorization');
  const m = auth && /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\//.exec(auth);
  return m ? m[1] : undefined;
}

const invalidSignature = (message: string) => new KmsError('InvalidSignatureException', message);

/**
 * Verifies a SigV4 Authorization header against the credentials `lookup` returns for its access
 * key id. Throws KmsError with AWS's authentication exceptions; returns the key id and region.
 */
export function verifyRequest(
  req: SignableRequest,
  opts: { lookup: (accessKeyId: string) => Credentials | undefined; now: Date; service?: string },
): VerifiedRequest {
  const service = opts.service ?? 'kms';
  const auth = headerValue(req.headers, 'authorization');
  // AWS: a request with no Authorization header (and no presigned query) is not authenticated at all.
  if (!auth) throw new KmsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const space = auth.indexOf(' ');
  const algorithm = space < 0 ? auth : auth.slice(0, space);
  if (algorithm !== ALGORITHM) throw new KmsError('IncompleteSignatureException', `Unsupported AWS 'algorithm': '${algorithm}'`);
  const params = new Map<string, string>();
  for (const part of auth.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const date = headerValue(req.headers, 'x-amz-date');
  const missing: string[] = [];
  for (const p of ['Credential', 'Signature', 'SignedHeaders']) {
    if (!params.get(p)) missing.push(`Authorization header requires '${p}' parameter.`);
  }
  if (!date) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length) throw new KmsError('IncompleteSignatureException', `${missing.join(' ')} Authorization=${auth}`);

  const credential = params.get('Credential')!.split('/');
  if (credential.length !== 5) {
    throw new KmsError('IncompleteSignatureException', `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${params.get('Credential')}'`);
  }
  const [accessKeyId, day, region, scopeService, term] = credential as [string, string, string, string, string];
  if (!/^\d{8}T\d{6}Z$/.test(date!)) throw invalidSignature(`Date must be in ISO-8601 'basic format'. Got '${date}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  if (term !== 'aws4_request') throw invalidSignature(`Credential should be scoped with a valid terminator: 'aws4_request', not '${term}'. `);
  if (scopeService !== service) throw invalidSignature(`Credential should be scoped to correct service: '${service}'. `);
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw invalidSignature('Credential should be scoped to a valid region. ');
  if (day !== date!.slice(0, 8)) {
    throw invalidSignature(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day}' != '${date!.slice(0, 8)}', from '${date}'.`);
  }
  const signed = params.get('SignedHeaders')!.split(';');
  // SigV4: the Host header must always be signed.
  if (!signed.includes('host')) throw invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

  // SigV4: X-Amz-Date within 15 minutes of the server's clock.
  const when = Date.parse(`${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}T${date!.slice(9, 11)}:${date!.slice(11, 13)}:${date!.slice(13, 15)}Z`);
  const now = opts.now.getTime();
  if (when < now - MAX_SKEW_MS) {
    throw invalidSignature(`Signature expired: ${date} is now earlier than ${amzDate(new Date(now - MAX_SKEW_MS))} (${amzDate(opts.now)} - 15 min.)`);
  }
  if (when > now + MAX_SKEW_MS) {
    throw invalidSignature(`Signature not yet current: ${date} is still later than ${amzDate(new Date(now + MAX_SKEW_MS))} (${amzDate(opts.now)} + 15 min.)`);
  }

  const creds = opts.lookup(accessKeyId);
  if (!creds) throw new KmsError('UnrecognizedClientException', TOKEN_INVALID);
  const scope = `${day}/${region}/${service}/aws4_request`;
  const creq = canonicalRequest(req, signed);
  const sts = stringToSign(date!, scope, creq);
  const expected = hmac(signingKey(creds.secretAccessKey, day, region, service), sts);
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(params.get('Signature')!) ? params.get('Signature')! : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalidSignature(
      SIGNATURE_MISMATCH +
        `\n\nThe Canonical String for this request should have been\n'${creq}'\n\nThe String-to-Sign should have been\n'${sts}'\n`,
    );
  }
  return { accessKeyId, region };
}
