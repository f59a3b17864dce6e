// The audit trail's writer: one CloudTrail-shaped record (eventVersion 1.11) for every call of every
// service kms runs, and for what KMS does by itself (RotateKey, DeleteKey, DeleteExpiredKeyMaterial),
// written in the call's own transaction. Each record also keeps the facts the bill is derived from
// (the key spec a request used, a key's creation or deletion), so the trail and the bill cannot
// disagree. Never writes plaintext, ciphertext, signatures, MACs, key material or secrets: KMS's
// parameters are its own rules (services/kms/trail.ts); other services drop every member their
// table marks sensitive.

import { shapeOf } from '../../api/model.js';
import type { ServiceModel, Shape } from '../../api/types.js';
import { uuidV4 } from '../../deps.js';
import type { CallOutcome, EngineContext, RecordReader, ServiceEvent, TrailWriter } from '../../engine/context.js';
import { KmsError } from '../../errors.js';
import type { Caller } from '../../authz/types.js';
import { callerOf } from '../iam/callers.js';
import { kmsCallDetails, trailMemberName } from '../kms/trail.js';
import { aliasRecordName, keyRecordName } from '../kms/records.js';
import { trailPrefix, trailRecordName, trailRecordTime } from './records.js';

/** A CloudTrail record, as AWS writes it (the research note's §B1 fields that kms fills). */
export interface CloudTrailEvent {
  eventVersion: string;
  userIdentity: Record<string, unknown>;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID?: string;
  eventID: string;
  readOnly: boolean;
  resources?: Array<{ accountId: string; type: string; ARN: string }>;
  eventType: 'AwsApiCall' | 'AwsServiceEvent';
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: 'Management';
  serviceEventDetails?: Record<string, unknown>;
}

/** What happened to a customer managed key, for its billable hours. */
export type KeyEventKind = 'created' | 'deletionScheduled' | 'deletionCancelled' | 'deleted' | 'rotated';

/** The facts of a record that the bill reads (never shown by LookupEvents). */
export interface UsageFacts {
  /** A KMS API request: billed. */
  request?: { keySpec?: string; keyPairSpec?: string; awsManaged?: boolean };
  /** A customer managed key's change. */
  key?: { keyId: string; region: string; kind: KeyEventKind };
}

/** One stored record. */
export interface TrailRecord {
  event: CloudTrailEvent;
  /** The user name LookupEvents filters by: the IAM user's, or the session's for a role. */
  username?: string;
  usage?: UsageFacts;
}

/** The sourceIPAddress of calls made by the local CLI (documented in README). */
export const LOCAL_SOURCE_IP = '127.0.0.1';
/** The userAgent of calls the local CLI makes. */
export const LOCAL_USER_AGENT = 'kms-cli';

/** Errors of authentication: CloudTrail never sees such requests, so neither does the trail. */
const NOT_RECORDED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
]);

/** AWS logs a denial as AccessDenied, whatever the service calls its exception. */
function errorCodeOf(code: string): string {
  return code === 'AccessDeniedException' ? 'AccessDenied' : code;
}

/** KMS's timestamps in the trail: ISO 8601 to the second, Z. */
function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * A value as CloudTrail logs another service's members: lowerCamelCase names, sensitive members
 * and blobs left out, timestamps as text.
 */
function logged(model: ServiceModel, shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, m] of Object.entries(shape.members)) {
        const target = shapeOf(model, m.shape);
        if ('sensitive' in target && target.sensitive) continue;
        const v = logged(model, target, (value as Record<string, unknown>)[name]);
        if (v !== undefined) out[trailMemberName(name)] = v;
      }
      return out;
    }
    case 'list':
      return (value as unknown[]).map((v) => logged(model, shapeOf(model, shape.member), v));
    case 'map':
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, logged(model, shapeOf(model, shape.value), v)]));
    case 'blob':
      return undefined;
    case 'timestamp':
      return value instanceof Date ? value.toISOString() : value;
    case 'string':
      return 'sensitive' in shape && shape.sensitive ? undefined : value;
    default:
      return value;
  }
}

/**
 * Where event and request ids come from: a deterministic keyring's are the system's, so a call that
 * only reads moves its stream on by nothing, and adding one to a test changes no key id after it.
 */
const idSource = (ctx: EngineContext) => ctx.random.unseeded ?? ctx.random;

const READ_ONLY = /^(Describe|List|Get|Lookup|Validate|Simulate|Estimate)/;

/** The userIdentity block of a caller (CloudTrail's user identity element). */
function userIdentity(ctx: EngineContext, caller: Caller): Record<string, unknown> {
  const accessKeyId = ctx.caller?.accessKeyId;
  const key = accessKeyId !== undefined ? { accessKeyId } : {};
  const invokedBy = ctx.invokedBy !== undefined ? { invokedBy: ctx.invokedBy } : {};
  if (caller.kind === 'root') return { type: 'Root', principalId: caller.account, arn: caller.arn, accountId: caller.account, ...key, ...invokedBy };
  if (caller.kind === 'user') return { type: 'IAMUser', principalId: caller.userId, arn: caller.arn, accountId: caller.account, ...key, userName: caller.userName, ...invokedBy };
  const roleName = caller.roleArn?.split('/').pop() ?? '';
  return {
    type: 'AssumedRole',
    principalId: caller.userId,
    arn: caller.arn,
    accountId: caller.account,
    ...key,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: caller.userId.split(':')[0], arn: caller.roleArn, accountId: caller.account, userName: roleName },
      attributes: { mfaAuthenticated: 'false' },
    },
    ...invokedBy,
  };
}

/** LookupEvents's Username: the user's name, or the role session's. */
function usernameOf(caller: Caller): string | undefined {
  if (caller.kind === 'user') return caller.userName;
  if (caller.kind === 'assumed-role') return caller.arn.split('/').pop();
  return undefined;
}

interface KeyRef {
  arn: string;
  keySpec?: string;
  awsManaged?: boolean;
  /** The key's current material (additionalEventData.keyMaterialId of a cryptographic call). */
  materialId?: string;
}

/** The key a KMS request names (an id, an ARN, an alias name or ARN), read without changing anything. */
async function keyOf(store: RecordReader, region: string, given: unknown): Promise<KeyRef | undefined> {
  if (typeof given !== 'string' || given === '') return undefined;
  let keyRegion = region;
  let id = given;
  const arn = /^arn:[\w-]+:kms:([\w-]+):\d{12}:(key|alias)\/(.+)$/.exec(given);
  if (arn) {
    keyRegion = arn[1]!;
    id = arn[2] === 'alias' ? `alias/${arn[3]}` : arn[3]!;
  }
  if (id.startsWith('alias/')) {
    const alias = await store.get<{ TargetKeyId?: string }>(aliasRecordName(keyRegion, id));
    if (!alias?.TargetKeyId) return undefined;
    id = alias.TargetKeyId;
  }
  const key = await store.get<{ Arn: string; KeySpec: string; KeyManager: string; currentMaterialId?: string }>(keyRecordName(keyRegion, id));
  if (!key) return undefined;
  return { arn: key.Arn, keySpec: key.KeySpec, awsManaged: key.KeyManager === 'AWS', ...(key.currentMaterialId ? { materialId: key.currentMaterialId } : {}) };
}

/** The members of a KMS request that name keys. */
const KEY_MEMBERS = ['KeyId', 'SourceKeyId', 'DestinationKeyId', 'TargetKeyId'] as const;

const keyIdOf = (arnOrId: unknown): string | undefined => (typeof arnOrId === 'string' ? arnOrId.split('/').pop() : undefined);

/** The bill's facts of a KMS call: its request, and what it did to a customer managed key. */
function kmsUsage(ctx: EngineContext, operation: string, request: Record<string, unknown>, response: Record<string, unknown> | undefined, key: KeyRef | undefined): UsageFacts {
  const usage: UsageFacts = {
    request: {
      ...(key?.keySpec !== undefined ? { keySpec: key.keySpec } : {}),
      ...(typeof request.KeyPairSpec === 'string' ? { keyPairSpec: request.KeyPairSpec } : {}),
      ...(key?.awsManaged ? { awsManaged: true } : {}),
    },
  };
  if (!response) return usage;
  const meta = response.KeyMetadata as { KeyId?: string; KeyManager?: string } | undefined;
  if (operation === 'CreateKey' && meta?.KeyId && meta.KeyManager !== 'AWS') usage.key = { keyId: meta.KeyId, region: ctx.region, kind: 'created' };
  const replica = response.ReplicaKeyMetadata as { KeyId?: string } | undefined;
  if (operation === 'ReplicateKey' && replica?.KeyId && typeof request.ReplicaRegion === 'string') usage.key = { keyId: replica.KeyId, region: request.ReplicaRegion, kind: 'created' };
  const keyId = keyIdOf(response.KeyId);
  if (operation === 'ScheduleKeyDeletion' && keyId) usage.key = { keyId, region: ctx.region, kind: 'deletionScheduled' };
  if (operation === 'CancelKeyDeletion' && keyId) usage.key = { keyId, region: ctx.region, kind: 'deletionCancelled' };
  return usage;
}

export interface RecorderOptions {
  /** Records older than this go (the `trail_retention_days` setting; AWS keeps 90 days of event history). */
  retentionDays: number;
}

/** The trail writer the CLI and `kms serve` hand the engine. */
export function trailRecorder(options: RecorderOptions): TrailWriter {
  // kms serve records thousands of calls a second: look for expired records once a minute at most
  const nextPrune = new Map<string, number>();
  const pruneDue = (ctx: EngineContext, region: string, now: number): boolean => {
    const id = `${ctx.account}/${region}`;
    if ((nextPrune.get(id) ?? 0) > now) return false;
    nextPrune.set(id, now + 60_000);
    return true;
  };
  // records of one millisecond keep the order they were made in
  let last = { time: -1, seq: 0 };
  const put = (ctx: EngineContext, region: string, record: TrailRecord, time: number): void => {
    last = time === last.time ? { time, seq: last.seq + 1 } : { time, seq: 0 };
    ctx.store.put(trailRecordName(ctx.account, region, time, record.event.eventID, last.seq), record);
  };
  return {
    retentionDays: options.retentionDays,
    async call(ctx, model, operation, request, outcome: CallOutcome) {
      const error = 'error' in outcome ? outcome.error : undefined;
      if (error instanceof KmsError && NOT_RECORDED.has(error.code)) return;
      const serviceId = model.id;
      let caller: Caller;
      try {
        caller = await callerOf(ctx);
      } catch {
        // credentials that do not authenticate: not a call CloudTrail would see
        return;
      }
      const response = 'response' in outcome ? outcome.response : undefined;
      const now = ctx.clock.now().getTime();
      // IAM is global: its events go to us-east-1, as AWS delivers them
      const region = serviceId === 'iam' ? 'us-east-1' : ctx.region;
      const op = model.operations[operation]!;
      let details: { readOnly: boolean; requestParameters: Record<string, unknown> | null; responseElements: Record<string, unknown> | null; additionalEventData?: Record<string, unknown> };
      let resources: CloudTrailEvent['resources'];
      let usage: UsageFacts | undefined;
      if (serviceId === 'kms') {
        const keys: KeyRef[] = [];
        for (const m of KEY_MEMBERS) {
          const k = await keyOf(ctx.store, ctx.region, request[m]);
          if (k && !keys.some((x) => x.arn === k.arn)) keys.push(k);
        }
        details = kmsCallDetails(operation, request, response, { ...(keys[0] ? { keyArn: keys[0].arn } : {}), ...(keys[0]?.materialId ? { keyMaterialId: keys[0].materialId } : {}) });
        // the keys a call used without naming them: Decrypt's and ReEncrypt's source (the
        // ciphertext names it), CreateKey's new key
        const named = [response?.SourceKeyId, response?.KeyId, (response?.KeyMetadata as { Arn?: string } | undefined)?.Arn];
        for (const arn of named) {
          if (typeof arn !== 'string' || !arn.startsWith('arn:') || keys.some((x) => x.arn === arn)) continue;
          keys.push((await keyOf(ctx.store, ctx.region, arn)) ?? { arn });
        }
        if (keys.length) resources = keys.map((k) => ({ accountId: ctx.account, type: 'AWS::KMS::Key', ARN: k.arn }));
        usage = kmsUsage(ctx, operation, request, response, keys[0]);
      } else {
        const requestParameters = logged(model, shapeOf(model, op.input), request) as Record<string, unknown>;
        const readOnly = READ_ONLY.test(operation);
        const responseElements = !readOnly && response && op.output ? (logged(model, shapeOf(model, op.output), response) as Record<string, unknown>) : null;
        details = { readOnly, requestParameters: Object.keys(requestParameters).length ? requestParameters : null, responseElements };
      }
      const eventID = uuidV4(idSource(ctx));
      const event: CloudTrailEvent = {
        eventVersion: '1.11',
        userIdentity: userIdentity(ctx, caller),
        eventTime: isoSeconds(now),
        eventSource: `${serviceId}.amazonaws.com`,
        eventName: operation,
        awsRegion: region,
        sourceIPAddress: ctx.invokedBy ?? ctx.caller?.sourceIp ?? LOCAL_SOURCE_IP,
        userAgent: ctx.invokedBy ?? ctx.caller?.userAgent ?? LOCAL_USER_AGENT,
        ...(error instanceof KmsError ? { errorCode: errorCodeOf(error.code), errorMessage: error.message.slice(0, 1024) } : {}),
        requestParameters: details.requestParameters,
        responseElements: error === undefined ? details.responseElements : null,
        ...(details.additionalEventData ? { additionalEventData: details.additionalEventData } : {}),
        requestID: uuidV4(idSource(ctx)),
        eventID,
        readOnly: details.readOnly,
        ...(resources ? { resources } : {}),
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: ctx.account,
        eventCategory: 'Management',
      };
      const username = usernameOf(caller);
      put(ctx, region, { event, ...(username !== undefined ? { username } : {}), ...(usage ? { usage } : {}) }, now);
      if (pruneDue(ctx, region, now)) await prune(ctx, region, now - options.retentionDays * 86_400_000);
    },

    serviceEvent(ctx, e: ServiceEvent) {
      const keyId = e.keyArn.split('/').pop()!;
      const kind: KeyEventKind | undefined = e.eventName === 'DeleteKey' ? 'deleted' : e.eventName === 'RotateKey' ? 'rotated' : undefined;
      const event: CloudTrailEvent = {
        eventVersion: '1.11',
        userIdentity: { accountId: ctx.account, invokedBy: 'AWS Internal' },
        eventTime: isoSeconds(e.time),
        eventSource: 'kms.amazonaws.com',
        eventName: e.eventName,
        awsRegion: e.region,
        sourceIPAddress: 'AWS Internal',
        userAgent: 'AWS Internal',
        requestParameters: null,
        responseElements: null,
        eventID: uuidV4(idSource(ctx)),
        readOnly: false,
        resources: [{ accountId: ctx.account, type: 'AWS::KMS::Key', ARN: e.keyArn }],
        eventType: 'AwsServiceEvent',
        managementEvent: true,
        recipientAccountId: ctx.account,
        eventCategory: 'Management',
        serviceEventDetails: e.details,
      };
      // AWS managed keys never add to the bill
      const billed = kind !== undefined && !e.awsManaged;
      put(ctx, e.region, { event, ...(billed ? { usage: { key: { keyId, region: e.region, kind } } } : {}) }, e.time);
    },
  };
}

/**
 * Drops the oldest records of a region past the retention (up to 1,024 at a time, as calls come).
 * A customer managed key's creation, deletion and rotations stay: the bill of a key that lives
 * longer than the retention needs them (LookupEvents no longer shows them).
 */
async function prune(ctx: EngineContext, region: string, cutoff: number): Promise<void> {
  const prefix = trailPrefix(ctx.account, region);
  let after: string | undefined;
  for (let seen = 0; seen < 1024; ) {
    const page = await ctx.store.list<TrailRecord>(prefix, { limit: 128, ...(after !== undefined ? { after } : {}) });
    for (const r of page) {
      if (trailRecordTime(r.name.slice(prefix.length)) >= cutoff) return;
      if (!r.value.usage?.key) ctx.store.delete(r.name);
    }
    if (page.length < 128) return;
    seen += page.length;
    after = page[page.length - 1]!.name;
  }
}
