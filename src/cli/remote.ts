// The CLI's remote path: sends one request object to a running `kms serve` (AWS JSON or AWS
// Query, SigV4) and turns the answer back into the engine's response object. Must not import the
// engine or keyring.

import { readFileSync } from 'node:fs';
import * as nodeHttp from 'node:http';
import type { IncomingMessage } from 'node:http';
import * as nodeHttps from 'node:https';
import { join } from 'node:path';
import type { OperationSpec, ServiceModel } from '../api/types.js';
import { fromWire, toWire } from '../api/wire.js';
import { EXIT, KmsError, LocalError, configError } from '../errors.js';
import { encodeQueryRequest, parseQueryResponse } from '../protocol/query.js';
import { signRequest, type Credentials } from '../protocol/sigv4.js';
import { tlsFailure, tlsTrust, type TlsTrust } from './tls-trust.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface RemoteTarget {
  /** The endpoint as given, parsed; requests go to its path (`/` when it has none). */
  url: URL;
  region: string;
  /** undefined: send the request unsigned (--no-sign-request). */
  credentials: Credentials | undefined;
  /** The clock that dates the signature (Deps.clock). */
  now: () => Date;
  /** The certificate authorities an https endpoint is checked against; undefined for http. */
  tls?: TlsTrust;
}

/**
 * awscli/customizations/globalargs.py _resolve_endpoint_url: the URL needs a scheme; then
 * botocore's EndpointCreator refuses what is not an http(s) URL with a host ("Invalid endpoint").
 */
export function parseEndpoint(raw: string): URL {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(raw)) {
    throw new LocalError(`Bad value for --endpoint-url "${raw}": scheme is missing.  Must be of the form http://<hostname>/ or https://<hostname>/`, EXIT.other);
  }
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) throw new LocalError(`Invalid endpoint: ${raw}`, EXIT.other);
  return url;
}

/**
 * Credentials as botocore's chain finds the cheap ones: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
 * (+AWS_SESSION_TOKEN), else the shared credentials file (AWS_SHARED_CREDENTIALS_FILE or
 * ~/.aws/credentials), section --profile, else AWS_PROFILE, else default. No SSO, no IMDS.
 */
export function resolveCredentials(profileFlag: string | undefined, env: Env, homedir: string): Credentials | undefined {
  if (profileFlag === undefined && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined };
  }
  const profile = profileFlag ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE ?? 'default';
  const path = env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir, '.aws', 'credentials');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const section = iniSection(text, profile);
  if (!section?.aws_access_key_id || !section.aws_secret_access_key) return undefined;
  return { accessKeyId: section.aws_access_key_id, secretAccessKey: section.aws_secret_access_key, sessionToken: section.aws_session_token };
}

/** One [section] of an INI file as botocore's configparser reads it (key = value, # and ; comments). */
function iniSection(text: string, name: string): Record<string, string> | undefined {
  let current: Record<string, string> | undefined;
  let found: Record<string, string> | undefined;
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith('#') || t.startsWith(';')) continue;
    const head = /^\[\s*(.+?)\s*\]$/.exec(t);
    if (head) {
      current = head[1] === name ? (found ??= {}) : undefined;
      continue;
    }
    const eq = t.indexOf('=');
    if (current && eq > 0) current[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  }
  return found;
}

/** The error when nothing signs the request (botocore NoCredentialsError; AWS CLI v2 exits 253). */
export function noCredentialsError(): LocalError {
  return configError(
    'Unable to locate credentials. You can configure credentials by running "aws configure".',
    'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to the credentials `kms serve` was given',
    'or pass --no-sign-request when the server runs with --no-auth',
  );
}

/**
 * The target of an --endpoint-url call: the parsed endpoint, the region, the credentials that
 * sign it (none with --no-sign-request; "Unable to locate credentials" when there are none), and
 * for https the authorities its certificate is checked against (src/cli/tls-trust.ts).
 */
export function remoteTarget(
  endpoint: string,
  region: string,
  globals: { profile?: string; signRequest?: boolean; caBundle?: string; verifySsl?: boolean },
  deps: { env: Env; homedir: string; cwd: string; clock: { now(): Date }; stderr?: { write(text: string): unknown } },
): RemoteTarget {
  const url = parseEndpoint(endpoint);
  const unsigned = globals.signRequest === false;
  const credentials = unsigned ? undefined : resolveCredentials(globals.profile, deps.env, deps.homedir);
  if (!unsigned && !credentials) throw noCredentialsError();
  // as the AWS CLI, an http endpoint ignores the CA settings, even a CA file that is not there
  const tls = url.protocol === 'https:' ? tlsTrust(globals, deps.env, deps.cwd) : undefined;
  if (tls?.rejectUnauthorized === false) {
    // the AWS CLI's urllib3 warns as well (InsecureRequestWarning)
    deps.stderr?.write(`warning: --no-verify-ssl: the certificate of ${url.host} is not checked, so anyone on the way can read and change these calls\n`);
  }
  return { url, region, credentials, now: () => deps.clock.now(), tls };
}

/**
 * Calls `op` of `model`'s service on the server, in the service's protocol. AWS JSON: POST / with
 * X-Amz-Target <prefix>.<Op> (TrentService.Encrypt), the request as JSON (blobs base64,
 * timestamps epoch seconds), SigV4-signed for the service; the answer read back with fromWire.
 * AWS Query (IAM, STS): see callQuery.
 */
export async function callRemote(model: ServiceModel, op: OperationSpec, request: Record<string, unknown>, target: RemoteTarget): Promise<Record<string, unknown>> {
  if (model.protocol === 'query') return callQuery(model, op, request, target);
  const body = Buffer.from(JSON.stringify(toWire(model, op.input, request)), 'utf8');
  const { status, text } = await signedPost(model, target, body, {
    'content-type': `application/x-amz-json-${model.jsonVersion}`,
    'x-amz-target': `${model.targetPrefix}.${op.name}`,
  });
  const url = target.url;
  let parsed: unknown = {};
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (status >= 300) throw errorFrom(status, parsed);
  if (parsed === undefined || typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new LocalError(`the server at ${url.origin} answered ${op.name} with a body that is not a JSON object`, EXIT.other);
  }
  if (!op.output) return {};
  return fromWire(model, op.output, parsed) as Record<string, unknown>;
}

/**
 * The AWS Query form of callRemote (IAM, STS): POST / of `Action=<Op>&Version=<apiVersion>&…`
 * as botocore's QuerySerializer writes it, SigV4-signed for the service; the XML answer read as
 * botocore's QueryParser reads it, an ErrorResponse thrown as the KmsError of its Code.
 */
async function callQuery(model: ServiceModel, op: OperationSpec, request: Record<string, unknown>, target: RemoteTarget): Promise<Record<string, unknown>> {
  const body = Buffer.from(encodeQueryRequest(model, op.name, request), 'utf8');
  const { status, text } = await signedPost(model, target, body, { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' });
  let output: Record<string, unknown>;
  try {
    output = parseQueryResponse(model, op.name, text);
  } catch (err) {
    if (err instanceof KmsError) throw err;
    // botocore: a failed call whose body is no ErrorResponse is reported by its status alone.
    if (status >= 300) throw new KmsError(String(status), '');
    throw new LocalError(`the server at ${target.url.origin} answered ${op.name} with a body that is not its XML response`, EXIT.other);
  }
  if (status >= 300) throw new KmsError(String(status), '');
  return output;
}

/** POSTs `body` to the target with `headers` (and host, content-length), signed for `model`'s service. */
async function signedPost(model: ServiceModel, target: RemoteTarget, body: Buffer, extra: Record<string, string>): Promise<{ status: number; text: string }> {
  const url = target.url;
  const path = url.pathname || '/';
  const headers: Record<string, string> = { host: url.host, ...extra, 'content-length': String(body.length) };
  if (target.credentials) {
    Object.assign(headers, signRequest({ method: 'POST', url: path + url.search, headers, body }, target.credentials, { region: target.region, service: model.id, now: target.now() }));
  }
  return post(url, path, headers, body, target.tls);
}

/** botocore BaseJSONParser._do_error_parse: code from __type (namespace and ':…' removed), message or Message. */
function errorFrom(status: number, body: unknown): KmsError {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  let code = typeof b.__type === 'string' ? b.__type : String(status);
  if (code.includes(':')) code = code.split(':', 1)[0]!;
  if (code.includes('#')) code = code.slice(code.lastIndexOf('#') + 1);
  const message = typeof b.message === 'string' ? b.message : typeof b.Message === 'string' ? b.Message : '';
  return new KmsError(code, message);
}

/** Node's connect errors that botocore reports as EndpointConnectionError. */
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ETIMEDOUT', 'EADDRNOTAVAIL']);

async function post(url: URL, path: string, headers: Record<string, string>, body: Buffer, trust: TlsTrust | undefined): Promise<{ status: number; text: string }> {
  const http = url.protocol === 'https:' ? nodeHttps : nodeHttp;
  const shown = `${url.origin}${path}`;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request(
      { hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || undefined, method: 'POST', path: path + url.search, headers, agent: false, ...trust },
      (res: IncomingMessage) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => reject(closedError(shown)));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      const tlsText = answered ? undefined : tlsFailure(err, url.hostname);
      if (!answered && err.code && CONNECT_ERRORS.has(err.code)) {
        // botocore EndpointConnectionError, as the AWS CLI prints it (exit 255)
        reject(new LocalError(`Could not connect to the endpoint URL: "${shown}"`, EXIT.other));
      } else if (tlsText !== undefined) {
        // botocore SSLError, as the AWS CLI prints it (exit 255)
        reject(new LocalError(`SSL validation failed for ${shown} ${tlsText}`, EXIT.other));
      } else reject(closedError(shown));
    });
    req.end(body);
  });
}

/** botocore ConnectionClosedError: the server hung up before a whole response. */
function closedError(shown: string): LocalError {
  return new LocalError(`Connection was closed before we received a valid response from endpoint URL: "${shown}".`, EXIT.other);
}
