// What an engine operation is given: identity, clock, randomness and the records.
// The engine never reads argv, env, the TTY, the wall clock or the system RNG itself.

import type { ServiceModel } from '../api/types.js';
import type { Clock, RandomSource } from '../deps.js';
import type { RecordReader, RecordStore, RecordTx } from './store.js';

export type { RecordReader, RecordStore, RecordTx, StoredRecord, StoredValue } from './store.js';

/** Who calls, where and when: what the CLI or the server knows about a call, and its quotas. */
export interface CallScope {
  /** e.g. us-east-1 */
  region: string;
  /** 12 digits, e.g. 111122223333 */
  account: string;
  /** aws, or aws-cn for cn-* regions */
  partition: string;
  clock: Clock;
  random: RandomSource;
  /**
   * Quota overrides by name (tests and settings lower them); a missing name means AWS's default.
   * Known names: `grantsPerKey` (AWS: 50,000), `onDemandRotationsPerKey` (AWS: 25).
   */
  limits?: Readonly<Record<string, number | undefined>>;
  /**
   * Who is calling, as presented: the access key the CLI found in the credential chain or that
   * signed a `kms serve` request. Undefined: no credentials, the account's root. Services turn it
   * into a principal (src/services/iam/callers.ts).
   */
  caller?: CallerRef;
  /** How calls are authorized (the `authorization` setting); undefined: enforce. */
  authorization?: AuthorizationSettings;
  /** Where every call is recorded (the audit trail); undefined: nowhere (the engine's own tests). */
  trail?: TrailWriter;
  /**
   * The store is on read-only media: calls that only read keys still run, and keep no record of
   * their use (last usage); a call that changes something fails with the store's error.
   */
  readOnlyStore?: boolean;
  /**
   * The AWS service making this call on the caller's behalf (cloudformation.amazonaws.com for the
   * KMS calls a stack makes): the trail's userIdentity.invokedBy and sourceIPAddress.
   */
  invokedBy?: string;
}

/** The outcome of one call, as the trail records it. */
export type CallOutcome = { response: Record<string, unknown> } | { error: unknown };

/** Something a service did by itself, not on a request (KMS: a rotation, a deletion at the end of its waiting period). */
export interface ServiceEvent {
  /** The API-like name AWS logs: RotateKey, DeleteKey, DeleteExpiredKeyMaterial. */
  eventName: string;
  /** When it happened (epoch ms): when it fell due, which may be before the call that noticed it. */
  time: number;
  /** The key it happened to. */
  keyArn: string;
  region: string;
  /** serviceEventDetails, as AWS logs them. */
  details: Record<string, unknown>;
  /** An AWS managed key's events cost nothing. */
  awsManaged: boolean;
}

/**
 * The audit trail's writer (src/services/cloudtrail/recorder.ts): the engine hands it every call,
 * in the call's own transaction when it succeeded (so a change is never off the record; a write
 * that fails fails the call), in one of its own when it failed.
 */
export interface TrailWriter {
  /** How many days records are kept (LookupEvents shows none older). */
  readonly retentionDays: number;
  call(ctx: EngineContext, service: ServiceModel, operation: string, request: Record<string, unknown>, outcome: CallOutcome): Promise<void>;
  /** Writes at once, in the transaction of the call that noticed it (a synchronous write). */
  serviceEvent(ctx: EngineContext, event: ServiceEvent): void;
}

/** The credentials a call came with, and the facts of how it arrived. */
export interface CallerRef {
  /** AKIA… (an IAM user's key) or ASIA… (an assumed role's session), as issued by the keyring, or any other id. */
  accessKeyId?: string;
  sessionToken?: string;
  /**
   * The secret the local CLI found with the key: a key the keyring issued acts as its principal
   * only with its own secret (kms serve checks the signature instead and leaves this out).
   */
  secretAccessKey?: string;
  /**
   * The principal, when whoever authenticated the call already knows it (a `kms serve
   * --credentials` entry naming one). Wins over accessKeyId.
   */
  principalArn?: string;
  /** aws:SourceIp: the peer address behind `kms serve`; absent for the CLI. */
  sourceIp?: string;
  /** aws:SecureTransport */
  secureTransport?: boolean;
  /** True when `kms serve` verified the request's signature with a key the keyring issued or was given. */
  authenticated?: boolean;
  /** The client's User-Agent (`kms serve`), or kms's own for the CLI: the trail's userAgent. */
  userAgent?: string;
}

/** The `authorization` setting and its companions. */
export interface AuthorizationSettings {
  /** enforce (default): deny as AWS would; audit: evaluate, report a would-be denial, allow; off: no evaluation. */
  mode: 'enforce' | 'audit' | 'off';
  /** Where audit mode's would-be denials and --debug's decisions go (one line each, no newline). */
  report?: (line: string) => void;
  /** Say which principal and which statement decided each call (`kms --debug`). */
  debug?: boolean;
  /**
   * Make every KMS call as if an AWS service made it on the caller's behalf: `kms:ViaService` is
   * `<service>.<region>.amazonaws.com` (setting `via_service`, e.g. s3), so AWS managed keys work.
   */
  viaService?: string;
}

/** What runOperation is given: the scope of the call and the store its transaction runs on. */
export interface RunContext extends CallScope {
  store: RecordStore;
}

/** Everything an operation handler needs: the call's scope and its transaction's records. */
export interface EngineContext extends CallScope {
  store: RecordTx;
}

/** What an operation's prepare is given, before the transaction: read access only. */
export interface PrepareContext extends CallScope {
  store: RecordReader;
}

/**
 * An operation handler: request and response objects use the API's member names. `prepared` is
 * what the operation's `prepare` returned (service.ts), undefined when it has none.
 */
export type Handler<Req = Record<string, unknown>, Res = Record<string, unknown>, P = unknown> = (
  ctx: EngineContext,
  request: Req,
  prepared: P,
) => Promise<Res>;

/** The partition of a region, as AWS names them. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
