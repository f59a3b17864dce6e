// The engine's entry point: validate a request against its service's table, prepare outside the
// store's lock, then run the operation's handler, loaded lazily, inside one store transaction.
// Knows no service by name; must not import the CLI, the server or any operation file.

import { operationOf } from '../api/model.js';
import { validateInput } from '../api/validate.js';
import { KmsError } from '../errors.js';
import type { RunContext } from './context.js';
import type { Service } from './service.js';

export type { Service } from './service.js';

/**
 * Runs one operation of `service`. The request and the response use the API's member names and
 * types (blobs Uint8Array, timestamps Date). Failures are KmsError with the API's exception names.
 */
export async function runOperation(
  run: RunContext,
  service: Service,
  operation: string,
  request: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (!operationOf(service.model, operation)) {
    throw new KmsError('UnknownOperationException', `${operation} is not a ${service.model.abbreviation ?? service.model.fullName} operation.`);
  }
  const trail = run.trail;
  try {
    validateInput(service.model, operation, request);
    const load = service.operation(operation);
    if (!load) throw new KmsError('UnsupportedOperationException', `${operation} is not supported by kms yet.`);
    const module = await load;
    // validated above: the request is what the handler's generated request type says
    const typed = request as never;
    if (module.orchestrate) {
      await run.store.transaction((tx) => service.beforeHandler?.({ ...run, store: tx }, operation, request) ?? Promise.resolve());
      const response = (await module.orchestrate(run, typed)) as Record<string, unknown>;
      if (trail) await run.store.transaction((tx) => trail.call({ ...run, store: tx }, service.model, operation, request, { response }));
      return response;
    }
    const { default: handler, prepare } = module;
    // Slow work (key generation) and family loading happen here, before the transaction's lock,
    // unless the store wants them inside it (a deterministic keyring)
    const early = prepare !== undefined && run.store.prepareInTransaction !== true;
    const prepared = early ? await run.store.read((reader) => prepare({ ...run, store: reader }, typed)) : undefined;
    return await run.store.transaction(async (tx) => {
      const ctx = { ...run, store: tx };
      const made = early || prepare === undefined ? prepared : await prepare(ctx, typed);
      await service.beforeHandler?.(ctx, operation, request);
      const response = (await handler(ctx, typed, made as never)) as Record<string, unknown>;
      // in the call's own transaction: what changed is on the record, or nothing changes
      await trail?.call(ctx, service.model, operation, request, { response });
      return response;
    });
  } catch (err) {
    // a failed call is on the record too (its own transaction: the call's was rolled back)
    if (trail && err instanceof KmsError) {
      try {
        await run.store.transaction((tx) => trail.call({ ...run, store: tx }, service.model, operation, request, { error: err }));
      } catch {
        // the call has failed already; its own error is the one to report
      }
    }
    throw err;
  }
}
