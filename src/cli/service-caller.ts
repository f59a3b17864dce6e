// How the command line reaches a service's operations: the keyring on this machine through the
// engine, or a running `kms serve` (--endpoint-url). Operation commands and the aws CLI's
// customizations (`cloudformation deploy`, `cloudformation wait`) both call through it.

import { conformOutput } from '../api/conform.js';
import { operationOf } from '../api/model.js';
import type { RecordStore } from '../engine/context.js';
import type { Deps } from '../deps.js';
import { KmsError } from '../errors.js';
import type { ServiceEntry } from '../services/index.js';
import type { DebugLog } from './debug.js';
import { localContext } from './local-engine.js';
import type { GlobalOptions } from './program.js';
import { resolveEndpoint, type Settings } from './settings.js';

export interface ServiceCaller {
  /** Runs one operation; the response as the API has it (conformed to the table). */
  call(operation: string, request: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Closes the keyring, if one was opened. */
  close(): void;
}

/**
 * A caller of `entry`'s operations in `region`. `keyring` says what a local call needs (none: an
 * empty store; read: a missing keyring is empty; write: created when missing).
 */
export async function serviceCaller(
  entry: ServiceEntry,
  region: string,
  globals: GlobalOptions,
  deps: Deps,
  settings: Settings,
  keyring: 'none' | 'read' | 'write',
  debug: DebugLog,
): Promise<ServiceCaller> {
  const model = entry.model;
  const endpoint = resolveEndpoint(globals.endpointUrl, deps.env, model.id);
  if (endpoint !== undefined) {
    // --endpoint-url: the request goes to `kms serve`; no keyring, no KDF here (issue 6).
    const remote = await import('./remote.js');
    const target = remote.remoteTarget(endpoint, region, globals, deps);
    debug(`region ${region} endpoint ${target.url.origin}${target.url.pathname}`);
    return {
      call: async (operation, req) => conformOutput(model, operation, await remote.callRemote(model, operationOf(model, operation)!, req, target)),
      close: () => undefined,
    };
  }
  debug(`region ${region}`);
  const ctx = await localContext(deps, settings, globals, region, keyring, debug);
  const store: RecordStore & { close?(): void } = ctx.store;
  const [{ runOperation }, service] = await Promise.all([import('../engine/index.js'), entry.load()]);
  // An AWS Query service names the shared machinery's errors in its own words on the wire
  // (ValidationException travels as ValidationError); the local call says what serve would.
  const { queryErrorOf } = model.protocol === 'query' ? await import('../protocol/query.js') : { queryErrorOf: undefined };
  const run = async (operation: string, req: Record<string, unknown>) => {
    try {
      return await runOperation(ctx, service, operation, req);
    } catch (err) {
      if (!queryErrorOf || !(err instanceof KmsError)) throw err;
      const code = queryErrorOf(model, err.code).code;
      throw code === err.code ? err : new KmsError(code, err.message);
    }
  };
  return {
    call: async (operation, req) => conformOutput(model, operation, await run(operation, req)),
    close: () => store.close?.(),
  };
}
