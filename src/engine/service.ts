// What a service gives the engine: its table, and its operations' handlers loaded on first use.
// Types only; each service (src/services/<id>/index.ts) builds one.

import type { ServiceModel } from '../api/types.js';
import type { EngineContext, Handler, PrepareContext, RunContext } from './context.js';

/**
 * An operation module (`src/services/<id>/operations/<operation>.ts`): a handler, run inside one
 * store transaction, and optionally `prepare`, awaited first outside it with read access only,
 * for work that may be slow and needs no lock: loading a key family, generating a key pair. What
 * prepare returns is the handler's third argument.
 */
export interface TransactionalOperation {
  /**
   * Typed by its service's generated types (src/services/<id>/types.gen.ts): the engine hands it
   * the request only after validation against the table, which is what makes that type true.
   */
  default: Handler<never, object, never>;
  prepare?: (ctx: PrepareContext, request: never) => Promise<unknown>;
  orchestrate?: undefined;
}

/**
 * An operation that runs as several transactions rather than one: CloudFormation's stack
 * operations, whose resources are made by other operations (KMS's CreateKey, …), each a call of
 * its own with its own authorization, while the stack's status and events are written as they
 * go, as AWS writes them. The service's beforeHandler runs first, in a transaction of its own.
 */
export interface OrchestratedOperation {
  orchestrate: (run: RunContext, request: never) => Promise<object>;
  default?: undefined;
  prepare?: undefined;
}

export type OperationModule = TransactionalOperation | OrchestratedOperation;

export interface Service {
  model: ServiceModel;
  /** The module of an operation the service implements, loaded on first use; undefined otherwise. */
  operation(name: string): Promise<OperationModule> | undefined;
  /** Names of the operations this build implements. */
  implemented(): readonly string[];
  /**
   * Run inside the transaction before every handler, after validation (KMS: each GrantTokens
   * entry must name a live grant).
   */
  beforeHandler?(ctx: EngineContext, operation: string, request: Record<string, unknown>): Promise<void>;
}
