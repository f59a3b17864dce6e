// What an engine operation is given: identity, clock, randomness and the records.
// The engine never reads argv, env, the TTY, the wall clock or the system RNG itself.

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
