// The AWS Query protocol (IAM, STS, CloudFormation) both ways: form-encoded requests in, XML
// responses and ErrorResponses out, and the client's side of each. Pure; imports src/api and errors.
import { operationOf, shapeOf } from '../api/model.js';
import type { ServiceModel, ShapeRef, StructureShape } from '../api/types.js';
import { KmsError } from '../errors.js';
import { escapeXml, parseXml, type XmlElement } from './xml.js';

/*
 * Wire rules, as botocore's QuerySerializer writes requests and its QueryParser reads responses
 * (botocore/serialize.py, parsers.py). IAM, STS and CloudFormation use no `flattened` shapes and no
 * `locationName`s, so lists are always `.member.N` and maps `.entry.N.key/value`.
 * - Request: `Action=<Op>&Version=<apiVersion>&…`, members by path: `A.B` for structures,
 *   `L.member.N` (N from 1) for lists, `M.entry.N.key`/`.value` for maps; an empty list is `L=`.
 *   Booleans `true`/`false`, numbers decimal, timestamps ISO 8601, blobs base64.
 * - Response: `<OpResponse xmlns=ns><OpResult>members</OpResult><ResponseMetadata><RequestId>…`,
 *   no OpResult without an output shape; lists as `<member>` children, maps as `<entry>`s.
 * - Error: `<ErrorResponse xmlns=ns><Error><Type>Sender|Receiver</Type><Code/><Message/></Error>
 *   <RequestId/></ErrorResponse>`, with the exception's httpStatusCode (400 when it has none).
 */

/** An operation and its request as the engine takes them (blobs Uint8Array, timestamps Date). */
export interface QueryCall {
  operation: string;
  request: Record<string, unknown>;
}

// ---- requests: the server's side ----

/**
 * Decodes a form-encoded Query request for `model`'s service. A missing Action is MissingAction;
 * an Action the service lacks, or a Version other than its apiVersion, is InvalidAction with
 * AWS's text ("Could not find operation X for version Y"). Parameters the input shape does not
 * name are ignored; a number, boolean, timestamp or blob that does not parse is InvalidParameterValue.
 */
export function parseQueryRequest(model: ServiceModel, body: string): QueryCall {
  const params = formParams(body);
  const action = params.get('Action');
  // AWS Query common errors: MissingAction (text unconfirmed).
  if (action === undefined || action === '') throw new KmsError('MissingAction', 'Missing Action');
  const version = params.get('Version');
  const op = operationOf(model, action);
  if (!op || version !== model.apiVersion) {
    // IAM/STS: the operation is looked up by Action and Version together; an absent Version is
    // reported as NO_VERSION_SPECIFIED.
    throw new KmsError('InvalidAction', `Could not find operation ${action} for version ${version || 'NO_VERSION_SPECIFIED'}`);
  }
  const present = new Set<string>();
  for (const key of params.keys()) {
    for (let i = key.indexOf('.'); i >= 0; i = key.indexOf('.', i + 1)) present.add(key.slice(0, i));
    present.add(key);
  }
  const request = decodeStructure(model, shapeOf(model, op.input) as StructureShape, params, present, '');
  return { operation: op.name, request };
}

/** The Action a form body names, without decoding the rest (for routing by operation). */
export function queryAction(body: string): string | undefined {
  return formParams(body).get('Action') || undefined;
}

/** application/x-www-form-urlencoded pairs; a name given twice keeps its first value. */
function formParams(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(body)) if (!out.has(k)) out.set(k, v);
  return out;
}

type Params = ReadonlyMap<string, string>;

function decodeStructure(model: ServiceModel, s: StructureShape, params: Params, present: ReadonlySet<string>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, m] of Object.entries(s.members)) {
    const value = decodeValue(model, m.shape, params, present, prefix ? `${prefix}.${name}` : name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function decodeValue(model: ServiceModel, ref: ShapeRef, params: Params, present: ReadonlySet<string>, key: string): unknown {
  if (!present.has(key)) return undefined;
  const s = shapeOf(model, ref);
  const raw = params.get(key);
  switch (s.type) {
    case 'structure':
      return decodeStructure(model, s, params, present, key);
    case 'list': {
      // botocore sends an empty list as `L=`.
      if (raw === '') return [];
      const items: unknown[] = [];
      for (let i = 1; present.has(`${key}.member.${i}`); i++) items.push(decodeValue(model, s.member, params, present, `${key}.member.${i}`));
      return items;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (let i = 1; present.has(`${key}.entry.${i}`); i++) {
        const k = params.get(`${key}.entry.${i}.key`);
        if (k === undefined) throw badParameter(`${key}.entry.${i}.key`, undefined, 'a map entry needs a key');
        const v = decodeValue(model, s.value, params, present, `${key}.entry.${i}.value`);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    default:
      // A scalar given only as a prefix (X.Y=… for a string X) is not a value.
      return raw === undefined ? undefined : decodeScalar(s.type, raw, key);
  }
}

function decodeScalar(type: 'string' | 'blob' | 'integer' | 'long' | 'boolean' | 'timestamp', raw: string, key: string): unknown {
  switch (type) {
    case 'string':
      return raw;
    case 'integer':
    case 'long': {
      if (!/^[-+]?\d+$/.test(raw.trim())) throw badParameter(key, raw, 'an integer');
      return Number(raw);
    }
    case 'boolean': {
      const b = raw.trim().toLowerCase();
      if (b !== 'true' && b !== 'false') throw badParameter(key, raw, 'true or false');
      return b === 'true';
    }
    case 'timestamp': {
      const d = parseIsoTimestamp(raw.trim());
      if (!d) throw badParameter(key, raw, 'an ISO 8601 timestamp');
      return d;
    }
    case 'blob': {
      const compact = raw.replace(/[\r\n]/g, '');
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) throw badParameter(key, raw, 'base64');
      return new Uint8Array(Buffer.from(compact, 'base64'));
    }
  }
}

/** AWS Query common errors: InvalidParameterValue (text ours; botocore never sends such values). */
function badParameter(key: string, raw: string | undefined, expected: string): KmsError {
  const shown = raw === undefined ? '' : ` (${raw.slice(0, 64)})`;
  return new KmsError('InvalidParameterValue', `Value${shown} for parameter ${key} is invalid: expected ${expected}.`);
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)$/i;

/** ISO 8601 date-time with a zone (Z or ±hh:mm), any fraction (botocore sends microseconds). */
export function parseIsoTimestamp(text: string): Date | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m as unknown as [string, string, string, string, string, string, string, string | undefined, string];
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  const check = new Date(Date.UTC(+y, +mo - 1, +d));
  if (check.getUTCMonth() !== +mo - 1 || check.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 60) return undefined;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return new Date(t);
}

// ---- requests: the client's side ----

/** The form body botocore's QuerySerializer would send for `request` (API values: Uint8Array, Date). */
export function encodeQueryRequest(model: ServiceModel, operation: string, request: Record<string, unknown>): string {
  const op = operationOf(model, operation);
  if (!op) throw new Error(`unknown operation: ${model.id} ${operation}`);
  const form = new URLSearchParams({ Action: op.name, Version: model.apiVersion });
  encodeValue(model, op.input, request, '', form);
  return form.toString();
}

function encodeValue(model: ServiceModel, ref: ShapeRef, value: unknown, key: string, form: URLSearchParams): void {
  if (value === undefined || value === null) return;
  const s = shapeOf(model, ref);
  switch (s.type) {
    case 'structure':
      for (const [name, m] of Object.entries(s.members)) encodeValue(model, m.shape, (value as Record<string, unknown>)[name], key ? `${key}.${name}` : name, form);
      return;
    case 'list': {
      const items = value as readonly unknown[];
      if (items.length === 0) form.append(key, '');
      items.forEach((item, i) => encodeValue(model, s.member, item, `${key}.member.${i + 1}`, form));
      return;
    }
    case 'map':
      Object.entries(value as Record<string, unknown>).forEach(([k, v], i) => {
        form.append(`${key}.entry.${i + 1}.key`, k);
        encodeValue(model, s.value, v, `${key}.entry.${i + 1}.value`, form);
      });
      return;
    default:
      form.append(key, scalarText(value));
  }
}

/** A scalar as Query writes it both ways: ISO 8601 UTC for dates, base64 for bytes. */
function scalarText(value: unknown): string {
  if (value instanceof Date) return isoTimestamp(value);
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  return String(value);
}

/** 2024-05-01T12:00:00Z, with milliseconds only when there are some (AWS writes whole seconds). */
function isoTimestamp(d: Date): string {
  return d.toISOString().replace('.000Z', 'Z');
}

// ---- responses: the server's side ----

/** The XML answer to `operation` (output already conformed to its shape). */
export function queryResponse(model: ServiceModel, operation: string, output: Record<string, unknown>, requestId: string): string {
  const op = operationOf(model, operation);
  if (!op) throw new Error(`unknown operation: ${model.id} ${operation}`);
  const result = op.output ? `<${op.name}Result>${xmlMembers(model, op.output, output)}</${op.name}Result>` : '';
  return (
    `<${op.name}Response${xmlns(model)}>${result}` +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${op.name}Response>\n`
  );
}

function xmlns(model: ServiceModel): string {
  return model.xmlNamespace ? ` xmlns="${escapeXml(model.xmlNamespace)}"` : '';
}

/** The inside of an element holding a value of shape `ref`. */
function xmlMembers(model: ServiceModel, ref: ShapeRef, value: unknown): string {
  const s = shapeOf(model, ref);
  switch (s.type) {
    case 'structure': {
      let out = '';
      for (const [name, m] of Object.entries(s.members)) {
        const v = (value as Record<string, unknown>)[name];
        if (v !== undefined && v !== null) out += `<${name}>${xmlMembers(model, m.shape, v)}</${name}>`;
      }
      return out;
    }
    case 'list':
      return (value as readonly unknown[]).map((item) => `<member>${xmlMembers(model, s.member, item)}</member>`).join('');
    case 'map':
      return Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${xmlMembers(model, s.value, v)}</value></entry>`)
        .join('');
    default:
      return escapeXml(scalarText(value));
  }
}

/** The ErrorResponse document; `sender` false says the fault is the service's (Type Receiver). */
export function queryError(model: ServiceModel, code: string, message: string, requestId: string, sender: boolean): string {
  const text = message === '' ? '' : `<Message>${escapeXml(message)}</Message>`;
  return (
    `<ErrorResponse${xmlns(model)}><Error><Type>${sender ? 'Sender' : 'Receiver'}</Type><Code>${escapeXml(code)}</Code>${text}</Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>\n`
  );
}

/**
 * The names AWS Query services give the errors the shared machinery raises in AWS JSON's words
 * (validation, SigV4, dispatch), with their HTTP status. IAM/STS answer SigV4 failures with 403
 * (SignatureDoesNotMatch also for an expired signature) and a denied call with AccessDenied 403.
 */
const COMMON: Readonly<Record<string, { code: string; status: number; sender?: false }>> = {
  ValidationException: { code: 'ValidationError', status: 400 },
  ValidationError: { code: 'ValidationError', status: 400 },
  SerializationException: { code: 'InvalidParameterValue', status: 400 },
  InvalidParameterValue: { code: 'InvalidParameterValue', status: 400 },
  UnknownOperationException: { code: 'InvalidAction', status: 400 },
  InvalidAction: { code: 'InvalidAction', status: 400 },
  MissingAction: { code: 'MissingAction', status: 400 },
  InvalidSignatureException: { code: 'SignatureDoesNotMatch', status: 403 },
  UnrecognizedClientException: { code: 'InvalidClientTokenId', status: 403 },
  MissingAuthenticationTokenException: { code: 'MissingAuthenticationToken', status: 403 },
  IncompleteSignatureException: { code: 'IncompleteSignature', status: 400 },
  AccessDeniedException: { code: 'AccessDenied', status: 403 },
  AccessDenied: { code: 'AccessDenied', status: 403 },
  RequestEntityTooLargeException: { code: 'RequestEntityTooLarge', status: 413 },
  KMSInternalException: { code: 'InternalFailure', status: 500, sender: false },
  InternalFailure: { code: 'InternalFailure', status: 500, sender: false },
};

/**
 * How `model`'s service answers an error raised as `code`: the code on the wire, the HTTP status
 * and whether the sender is at fault. An exception of the table is found by its shape name, its
 * `errorCode` (botocore's error.code: NoSuchEntity for NoSuchEntityException), or `<code>Exception`;
 * its status is its `httpStatusCode`, else 500 for a fault and 400 otherwise.
 */
export function queryErrorOf(model: ServiceModel, code: string): { code: string; status: number; sender: boolean } {
  const shape = Object.entries(model.shapes).find(
    ([name, s]) => s.type === 'structure' && s.exception && (name === code || s.errorCode === code || name === `${code}Exception`),
  )?.[1] as StructureShape | undefined;
  if (shape) return { code, status: shape.httpStatusCode ?? (shape.fault ? 500 : 400), sender: !shape.fault };
  const common = Object.hasOwn(COMMON, code) ? COMMON[code] : undefined;
  if (common) return { code: common.code, status: common.status, sender: common.sender ?? true };
  return { code, status: 400, sender: true };
}

// ---- responses: the client's side ----

/**
 * The output object of `operation` from its XML answer, as botocore's QueryParser reads it (an
 * empty element is '' for a string, [] for a list); an ErrorResponse becomes a thrown KmsError
 * with its Code and Message. Throws XmlError for text that is not XML and Error for XML that
 * is not this operation's answer.
 */
export function parseQueryResponse(model: ServiceModel, operation: string, xml: string): Record<string, unknown> {
  const op = operationOf(model, operation);
  if (!op) throw new Error(`unknown operation: ${model.id} ${operation}`);
  const root = parseXml(xml);
  if (root.name === 'ErrorResponse') {
    const error = child(root, 'Error') ?? child(child(root, 'Errors'), 'Error');
    const code = child(error, 'Code')?.text ?? '';
    throw new KmsError(code, child(error, 'Message')?.text ?? '');
  }
  if (root.name !== `${op.name}Response`) throw new Error(`expected <${op.name}Response>, got <${root.name}>`);
  if (!op.output) return {};
  const result = child(root, `${op.name}Result`);
  return result ? (readValue(model, op.output, result) as Record<string, unknown>) : {};
}

function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

function readValue(model: ServiceModel, ref: ShapeRef, el: XmlElement): unknown {
  const s = shapeOf(model, ref);
  const text = el.text;
  switch (s.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, m] of Object.entries(s.members)) {
        const found = child(el, name);
        if (found) out[name] = readValue(model, m.shape, found);
      }
      return out;
    }
    case 'list':
      return el.children.map((item) => readValue(model, s.member, item));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const entry of el.children) {
        const k = child(entry, 'key');
        const v = child(entry, 'value');
        if (k === undefined || v === undefined) throw new Error(`a map entry of <${el.name}> lacks its key or value`);
        out[k.text] = readValue(model, s.value, v);
      }
      return out;
    }
    case 'string':
      return text;
    case 'integer':
    case 'long': {
      const n = Number(text.trim());
      if (!Number.isInteger(n)) throw new Error(`<${el.name}> is not an integer: ${text}`);
      return n;
    }
    case 'boolean':
      // botocore: 'true' is true, anything else false
      return text.trim() === 'true';
    case 'timestamp': {
      const d = parseIsoTimestamp(text.trim());
      if (!d) throw new Error(`<${el.name}> is not an ISO 8601 timestamp: ${text}`);
      return d;
    }
    case 'blob':
      return new Uint8Array(Buffer.from(text.trim(), 'base64'));
  }
}
