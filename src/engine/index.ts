// The engine's entry point: validate a request against its service's table, then run the
// operation's handler, loaded lazily, inside one store transaction. Knows no service by name;
// must not import the CLI, the server or any operation file.

import { operationOf } from '../api/model.js';
import { validateInput } from '../api/validate.js';
import { KmsError } from '../errors.js';
import type { EngineContext } from './context.js';
import type { Service } from './service.js';

export type { Service } from './service.js';

/**
 * Runs one operation of `service`. The request and the response use the API's member names and
 * types (blobs Uint8Array, timestamps Date). Failures are KmsError with the API's exception names.
 */
export async function runOperation(
  ctx: EngineContext,
  service: Service,
  operation: string,
  request: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (!operationOf(service.model, operation)) {
    throw new KmsError('UnknownOperationException', `${operation} is not a ${service.model.abbreviation ?? service.model.fullName} operation.`);
  }
  validateInput(service.model, operation, request);
  const load = service.operation(operation);
  if (!load) throw new KmsError('UnsupportedOperationException', `${operation} is not supported by kms yet.`);
  const { default: handler, prepare } = await load;
  // validated above: the request is what the handler's generated request type says
  const typed = request as never;
  const prepared = prepare ? await prepare(ctx, typed) : undefined;
  // Handlers are synchronous: the whole operation runs in one store transaction.
  return ctx.store.transaction(() => {
    service.beforeHandler?.(ctx, operation, request);
    const result = handler(ctx, typed, prepared as never);
    if (result instanceof Promise) throw new TypeError(`${operation}: handlers must be synchronous`);
    return result as Record<string, unknown>;
  });
}
