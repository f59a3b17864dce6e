// The AWS JSON protocol over one request: the target names a service and an operation, then
// content type, SigV4, JSON body → engine → JSON response or AWS-style error. No sockets here
// (http.ts owns them); no CLI imports; services come from the registry (src/services).
import { conformOutput } from '../api/conform.js';
import { operationOf, shapeOf } from '../api/model.js';
import type { ServiceModel } from '../api/types.js';
import { fromWire, toWire } from '../api/wire.js';
import type { Clock, RandomSource } from '../deps.js';
import { partitionOf, type RecordStore, type RunContext } from '../engine/context.js';
import { runOperation } from '../engine/index.js';
import { KmsError } from '../errors.js';
import { scopeRegion, verifyRequest, type Credentials } from '../protocol/sigv4.js';
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
 */

export interface ServerConfig {
  store: RecordStore;
  account: string;
  /** The region of requests whose scope names none (only possible with auth off). */
  defaultRegion: string;
  clock: Clock;
  random: RandomSource;
  /** Quotas (settings on_demand_rotation_limit, grants_per_key); AWS's when absent. */
  limits?: RunContext['limits'];
  /** The access keys requests must be signed with; undefined turns authentication off (--no-auth). */
  credentials?: readonly Credentials[];
  /** One line per request (no newline); never given plaintext or secrets. */
  log?: (line: string) => void;
  /** The services requests may name (every service of this build unless a test says). */
  services?: readonly ServiceEntry[];
}

export interface WireRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: Uint8Array;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0']);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Answers one request. Never throws: every failure becomes an AWS-style error response. */
export async function handleRequest(cfg: ServerConfig, req: WireRequest): Promise<WireResponse> {
  const started = performance.now();
  const requestId = uuid(cfg.random);
  let operation = '-';
  let keyId = '-';
  let model = KMS.model;
  let response: WireResponse;
  try {
    const target = targetOperation(cfg.services ?? SERVICES, req);
    [operation, model] = [target.operation, target.service.model];
    const region = authenticate(cfg, req, model.id);
    const json = parseBody(req.body);
    keyId = logKeyId(json);
    const spec = model.operations[operation]!;
    const request = (fromWire(model, spec.input, json) ?? {}) as Record<string, unknown>;
    const ctx: RunContext = {
      region,
      account: cfg.account,
      partition: partitionOf(region),
      clock: cfg.clock,
      random: cfg.random,
      store: cfg.store,
      limits: cfg.limits,
    };
    const service = await target.service.load();
    const result = conformOutput(model, operation, await runOperation(ctx, service, operation, request));
    const body = spec.output ? JSON.stringify(toWire(model, spec.output, result) ?? {}) : '{}';
    response = { status: 200, headers: jsonHeaders(model, requestId), body };
  } catch (err) {
    response = errorResponse(err, requestId, cfg, model);
  }
  const ms = Math.round(performance.now() - started);
  const code = response.headers['x-amzn-ErrorType']?.split(':')[0];
  cfg.log?.(`${operation} ${keyId} ${response.status}${code ? ` ${code}` : ''} ${ms}ms ${requestId}`);
  return response;
}

function header(req: WireRequest, name: string): string | undefined {
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
  const dot = target.indexOf('.');
  const service = dot < 0 ? undefined : serviceForTarget(services, target.slice(0, dot));
  const name = target.slice(dot + 1);
  if (!service || !operationOf(service.model, name)) throw unknownOperation();
  const type = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!JSON_TYPES.has(type)) throw unknownOperation();
  return { service, operation: name };
}

/** Verifies the signature (scoped to `service`, unless auth is off) and returns the request's region. */
function authenticate(cfg: ServerConfig, req: WireRequest, service: string): string {
  const signable = { method: req.method, url: req.url, headers: req.headers, body: req.body };
  if (cfg.credentials === undefined) {
    const region = scopeRegion(req.headers);
    return region !== undefined && REGION.test(region) ? region : cfg.defaultRegion;
  }
  const creds = cfg.credentials;
  const verified = verifyRequest(signable, {
    now: cfg.clock.now(),
    service,
    lookup: (id) => creds.find((c) => c.accessKeyId === id),
  });
  return verified.region;
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
