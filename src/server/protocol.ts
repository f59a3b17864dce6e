// kms serve's protocols over one request: AWS JSON (X-Amz-Target names the service) and AWS Query
// (a form body; the SigV4 scope names the service), then SigV4 → engine → response or AWS-style
// error. No sockets here (http.ts owns them); no CLI imports; services come from the registry.
import { conformOutput } from '../api/conform.js';
import { operationOf, shapeOf } from '../api/model.js';
import type { ServiceModel } from '../api/types.js';
import { fromWire, toWire } from '../api/wire.js';
import type { Clock, RandomSource } from '../deps.js';
import { partitionOf, type AuthorizationSettings, type CallerRef, type RecordStore, type RunContext, type TrailWriter } from '../engine/context.js';
import { runOperation } from '../engine/index.js';
import { KmsError, TOKEN_EXPIRED, TOKEN_INVALID } from '../errors.js';
import { parseQueryRequest, queryAction, queryError, queryErrorOf, queryResponse } from '../protocol/query.js';
import { verifyRequest, type Credentials } from '../protocol/sigv4.js';
import { secretOf } from '../services/iam/callers.js';
import { KMS, SERVICES, serviceForTarget, type ServiceEntry } from '../services/index.js';

/*
 * Protocol facts (Smithy awsJson1_1; botocore's JSON parser reads the same):
 * - POST, `X-Amz-Target: <prefix>.<Operation>` (KMS: TrentService.Encrypt), `Content-Type:
 *   application/x-amz-json-1.1`; the prefix picks the service, its SigV4 scope must name it.
 * - Success: 200, the output structure as JSON (`{}` for operations without output).
 * - Error: `{"__type": "<Code>", "message": "..."}` plus `x-amzn-ErrorType: <Code>:<namespace>`;
 *   botocore and the JS SDK take the code from the header or `__type` (text after any '#') and the
 *   message from `message` or `Message`. HTTP 400 for client errors, 500 for faults (the model's
 *   `fault` shapes: KMSInternalException, DependencyTimeoutException, KeyUnavailableException).
 * - Every response carries `x-amzn-RequestId` (a UUID).
 * - An unknown or missing target, a non-POST method and a content type other than x-amz-json
 *   are answered UnknownOperationException (400, no message), as Coral does for a request it
 *   cannot dispatch (seen for other Coral JSON services; unconfirmed for KMS).
 *
 * AWS Query (IAM, STS, CloudFormation; the codec is src/protocol/query.ts):
 * - POST with `Content-Type: application/x-www-form-urlencoded` (any charset parameter), when
 *   this build has a Query service; the service is the one the SigV4 scope names, else (no scope,
 *   or one naming no Query service) the first Query service with the body's Action. The scope
 *   must then name that service, as for AWS JSON.
 * - Success: 200 `text/xml`, `<OpResponse>`; errors `<ErrorResponse>` with the exception's
 *   status (IAM's NoSuchEntity 404, SigV4 failures 403, a fault 500). Both carry x-amzn-RequestId.
 */

export interface ServerConfig {
  store: RecordStore;
  account: string;
  /** The region of requests whose scope names none (only possible with auth off). */
  defaultRegion: string;
  clock: Clock;
  /** Request ids, and the engine's randomness unless engineRandom is given. */
  random: RandomSource;
  /** The engine's random source when it is not `random`: a deterministic keyring's stream. */
  engineRandom?: RandomSource;
  /** Quotas (settings on_demand_rotation_limit, grants_per_key); AWS's when absent. */
  limits?: RunContext['limits'];
  /**
   * The access keys requests must be signed with, each with the principal it acts as (the
   * account's root when none); undefined turns authentication off (--no-auth).
   */
  credentials?: readonly (Credentials & { principal?: string })[];
  /** One line per request (no newline); never given plaintext or secrets. */
  log?: (line: string) => void;
  /** The services requests may name (every service of this build unless a test says). */
  services?: readonly ServiceEntry[];
  /** The `authorization` setting (enforce when absent). */
  authorization?: AuthorizationSettings;
  /** Where every call is recorded (services/cloudtrail/recorder.ts); nowhere when absent. */
  trail?: TrailWriter;
  /** The store cannot be written (read-only media): calls that only read keys keep no record of use. */
  readOnlyStore?: boolean;
}

export interface WireRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: Uint8Array;
  /** The peer's address (aws:SourceIp), IPv4 without the ::ffff: prefix; absent in tests. */
  sourceIp?: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0']);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** What a request's log line says besides its status and time. */
interface CallLog {
  operation: string;
  keyId: string;
  /** The error code answered, if any. */
  code?: string;
}

/** Answers one request. Never throws: every failure becomes an AWS-style error response. */
export async function handleRequest(cfg: ServerConfig, req: WireRequest): Promise<WireResponse> {
  const started = performance.now();
  const requestId = uuid(cfg.random);
  const call: CallLog = { operation: '-', keyId: '-' };
  const services = cfg.services ?? SERVICES;
  const response = isQueryRequest(services, req) ? await answerQuery(cfg, services, req, requestId, call) : await answerJson(cfg, services, req, requestId, call);
  const ms = Math.round(performance.now() - started);
  cfg.log?.(`${call.operation} ${call.keyId} ${response.status}${call.code ? ` ${call.code}` : ''} ${ms}ms ${requestId}`);
  return response;
}

/** AWS JSON: X-Amz-Target picks the service and operation; JSON in, JSON out. */
async function answerJson(cfg: ServerConfig, services: readonly ServiceEntry[], req: WireRequest, requestId: string, call: CallLog): Promise<WireResponse> {
  let model = KMS.model;
  try {
    const target = targetOperation(services, req);
    [call.operation, model] = [target.operation, target.service.model];
    const identity = await authenticate(cfg, req, model.id);
    const json = parseBody(req.body);
    call.keyId = logKeyId(json);
    const spec = model.operations[call.operation]!;
    const request = (fromWire(model, spec.input, json) ?? {}) as Record<string, unknown>;
    const service = await target.service.load();
    const result = conformOutput(model, call.operation, await runOperation(runContext(cfg, identity, req), service, call.operation, request));
    const body = spec.output ? JSON.stringify(toWire(model, spec.output, result) ?? {}) : '{}';
    return { status: 200, headers: jsonHeaders(model, requestId), body };
  } catch (err) {
    const response = errorResponse(err, requestId, cfg, model);
    call.code = response.headers['x-amzn-ErrorType']?.split(':')[0];
    return response;
  }
}

/** AWS Query: the SigV4 scope (or the Action) picks the service; a form in, XML out. */
async function answerQuery(cfg: ServerConfig, services: readonly ServiceEntry[], req: WireRequest, requestId: string, call: CallLog): Promise<WireResponse> {
  const query = services.filter((s) => s.model.protocol === 'query');
  const body = Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength).toString('utf8');
  const action = queryAction(body);
  const scoped = query.find((s) => s.model.id === credentialScope(req.headers)?.service);
  const entry = scoped ?? (action === undefined ? undefined : query.find((s) => operationOf(s.model, action))) ?? query[0]!;
  const model = entry.model;
  try {
    // Authentication comes before dispatch: an unsigned request is refused whatever its Action.
    const identity = await authenticate(cfg, req, model.id);
    // When no Query service has the Action, the first one refuses it (MissingAction, InvalidAction).
    const { operation, request } = parseQueryRequest(model, body);
    call.operation = operation;
    const service = await entry.load();
    const result = conformOutput(model, operation, await runOperation(runContext(cfg, identity, req), service, operation, request));
    return { status: 200, headers: xmlHeaders(requestId), body: queryResponse(model, operation, result, requestId) };
  } catch (err) {
    const answer = queryErrorAnswer(err, requestId, cfg, model);
    call.code = answer.code;
    return answer.response;
  }
}

/** A POST of a form, when this build has a service that speaks AWS Query. */
function isQueryRequest(services: readonly ServiceEntry[], req: Pick<WireRequest, 'method' | 'headers'>): boolean {
  if (req.method !== 'POST') return false;
  const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' && services.some((s) => s.model.protocol === 'query');
}

function xmlHeaders(requestId: string): Record<string, string> {
  return { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId };
}

/** The ErrorResponse for `err` in `model`'s namespace; anything not a KmsError is InternalFailure. */
function queryErrorAnswer(err: unknown, requestId: string, cfg: Pick<ServerConfig, 'log'> | undefined, model: ServiceModel): { response: WireResponse; code: string } {
  let code = 'InternalFailure';
  let message = 'The request processing has failed because of an unknown error, exception or failure.';
  if (err instanceof KmsError) {
    code = err.code;
    message = err.message;
  } else {
    // Operator-facing only: the message, never a stack or a request value.
    cfg?.log?.(`internal error: ${err instanceof Error ? err.message : String(err)}`);
  }
  const wire = queryErrorOf(model, code);
  return {
    response: { status: wire.status, headers: xmlHeaders(requestId), body: queryError(model, wire.code, message, requestId, wire.sender) },
    code: wire.code,
  };
}

/**
 * The answer to a request refused before it reached a protocol (http.ts: a body over the limit),
 * in the protocol it was sent in. Returns the response and the code for the log.
 */
export function refuseRequest(
  cfg: Pick<ServerConfig, 'log' | 'services'>,
  req: Pick<WireRequest, 'method' | 'headers'>,
  err: KmsError,
  requestId: string,
): { response: WireResponse; code: string } {
  const services = cfg.services ?? SERVICES;
  if (isQueryRequest(services, req)) {
    const query = services.filter((s) => s.model.protocol === 'query');
    const model = (query.find((s) => s.model.id === credentialScope(req.headers)?.service) ?? query[0]!).model;
    return queryErrorAnswer(err, requestId, cfg, model);
  }
  return { response: errorResponse(err, requestId, cfg), code: err.code };
}

function header(req: Pick<WireRequest, 'headers'>, name: string): string | undefined {
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.toLowerCase() === name) return typeof v === 'string' ? v : v?.join(',');
  }
  return undefined;
}

function unknownOperation(): KmsError {
  return new KmsError('UnknownOperationException', '');
}

/** The service and operation named by X-Amz-Target, checked with the method and content type. */
function targetOperation(services: readonly ServiceEntry[], req: WireRequest): { service: ServiceEntry; operation: string } {
  if (req.method !== 'POST') throw unknownOperation();
  const target = header(req, 'x-amz-target') ?? '';
  // the operation follows the last dot: a prefix may hold dots (CloudTrail's
  // com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101)
  const dot = target.lastIndexOf('.');
  const service = dot < 0 ? undefined : serviceForTarget(services, target.slice(0, dot));
  const name = target.slice(dot + 1);
  if (!service || !operationOf(service.model, name)) throw unknownOperation();
  const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_TYPES.has(type)) throw unknownOperation();
  return { service, operation: name };
}

/** Who signed a request, as far as the server could tell. */
interface Identity {
  region: string;
  accessKeyId?: string;
  sessionToken?: string;
  /** The principal a --credentials entry names for its key. */
  principalArn?: string;
  /** True when the signature was verified. */
  authenticated: boolean;
}

/** Authorization's Credential=<key>/<day>/<region>/<service>/aws4_request, unverified. */
function credentialScope(headers: WireRequest['headers']): { accessKeyId: string; region: string; service: string } | undefined {
  const auth = header({ headers }, 'authorization');
  const m = auth && /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\//.exec(auth);
  return m ? { accessKeyId: m[1]!, region: m[2]!, service: m[3]! } : undefined;
}

/**
 * The signing key with the id `accessKeyId`: one of --credentials. (Keys the keyring issued join
 * here: the lookup may await the store.)
 */
async function signingKeyOf(cfg: ServerConfig, accessKeyId: string, sessionToken: string | undefined): Promise<(Credentials & { principal?: string }) | undefined> {
  const given = cfg.credentials?.find((c) => c.accessKeyId === accessKeyId);
  if (given) {
    // a long-term key sent with a session token is refused as AWS refuses it (the token is checked first)
    if (sessionToken !== given.sessionToken) throw new KmsError('UnrecognizedClientException', TOKEN_INVALID);
    return given;
  }
  // a key the keyring issued: an IAM user's (AKIA…) or a role session's (ASIA…, with its token)
  const issued = await cfg.store.read((reader) => secretOf(reader, accessKeyId, cfg.clock.now()));
  if (!issued) return undefined;
  if (sessionToken !== issued.sessionToken) throw new KmsError('UnrecognizedClientException', TOKEN_INVALID);
  if (issued.sessionToken !== undefined && issued.expired) throw new KmsError('ExpiredTokenException', TOKEN_EXPIRED);
  return { accessKeyId, secretAccessKey: issued.secretAccessKey };
}

/**
 * Verifies the signature (scoped to `service`) and says who signed. With authentication off the
 * request is taken as it claims: the scope's region and key, unverified.
 */
async function authenticate(cfg: ServerConfig, req: WireRequest, service: string): Promise<Identity> {
  const scope = credentialScope(req.headers);
  const sessionToken = header(req, 'x-amz-security-token');
  if (cfg.credentials === undefined) {
    // --no-auth: every caller is the account's root, whatever key the request names
    const region = scope !== undefined && REGION.test(scope.region) ? scope.region : cfg.defaultRegion;
    return { region, authenticated: false };
  }
  const key = scope === undefined ? undefined : await signingKeyOf(cfg, scope.accessKeyId, sessionToken);
  const signable = { method: req.method, url: req.url, headers: req.headers, body: req.body };
  const verified = verifyRequest(signable, {
    now: cfg.clock.now(),
    service,
    lookup: (id) => (key !== undefined && id === key.accessKeyId ? key : undefined),
  });
  return { region: verified.region, accessKeyId: verified.accessKeyId, sessionToken, principalArn: key?.principal, authenticated: true };
}

/** The engine's context of one request: the server's store and clock, the signer as the caller. */
function runContext(cfg: ServerConfig, identity: Identity, req: WireRequest): RunContext {
  const caller: CallerRef = {
    accessKeyId: identity.accessKeyId,
    sessionToken: identity.sessionToken,
    principalArn: identity.principalArn,
    sourceIp: req.sourceIp,
    secureTransport: false,
    authenticated: identity.authenticated,
    userAgent: header(req, 'user-agent')?.slice(0, 1024),
  };
  for (const k of Object.keys(caller) as (keyof CallerRef)[]) if (caller[k] === undefined) delete caller[k];
  return {
    region: identity.region,
    account: cfg.account,
    partition: partitionOf(identity.region),
    clock: cfg.clock,
    random: cfg.engineRandom ?? cfg.random,
    store: cfg.store,
    limits: cfg.limits,
    caller,
    authorization: cfg.authorization,
    ...(cfg.trail ? { trail: cfg.trail } : {}),
    ...(cfg.readOnlyStore ? { readOnlyStore: true } : {}),
  };
}

function parseBody(body: Uint8Array): unknown {
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  // botocore always sends at least `{}`; an empty body is taken as no members.
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new KmsError('SerializationException', 'Could not parse the request body as JSON');
  }
}

/** The key a request names, for the log: KeyId (or the target of an alias), never plaintext. */
function logKeyId(json: unknown): string {
  if (typeof json !== 'object' || json === null) return '-';
  const o = json as Record<string, unknown>;
  const id = [o.KeyId, o.TargetKeyId, o.DestinationKeyId].find((v) => typeof v === 'string') as string | undefined;
  if (id === undefined) return '-';
  return id.replace(/[^\x21-\x7e]/g, '?').slice(0, 300);
}

function jsonHeaders(model: ServiceModel, requestId: string): Record<string, string> {
  return { 'content-type': `application/x-amz-json-${model.jsonVersion}`, 'x-amzn-RequestId': requestId };
}

/** AWS's status for an exception of `model`'s service: 500 for the model's fault shapes, else 400. */
export function statusOf(code: string, model: ServiceModel = KMS.model): number {
  const s = Object.hasOwn(model.shapes, code) ? shapeOf(model, code) : undefined;
  return s?.type === 'structure' && s.fault ? 500 : 400;
}

/**
 * The error response for `err` in `model`'s service's error shape (KMS's for a request that
 * names no service); anything not a KmsError is a KMSInternalException.
 */
export function errorResponse(err: unknown, requestId: string, cfg?: Pick<ServerConfig, 'log'>, model: ServiceModel = KMS.model): WireResponse {
  let code = 'KMSInternalException';
  let message = 'An internal error occurred.';
  if (err instanceof KmsError) {
    code = err.code;
    message = err.message;
  } else {
    // Operator-facing only: the message, never a stack or a request value.
    cfg?.log?.(`internal error: ${err instanceof Error ? err.message : String(err)}`);
  }
  const body: Record<string, string> = { __type: code };
  if (message !== '') body.message = message;
  return {
    status: statusOf(code, model),
    headers: { ...jsonHeaders(model, requestId), 'x-amzn-ErrorType': `${code}:${model.errorNamespace}` },
    body: JSON.stringify(body),
  };
}

/** A version 4 UUID from the injected random source. */
function uuid(random: RandomSource): string {
  const b = random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
