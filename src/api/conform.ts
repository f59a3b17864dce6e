// Puts a response object in the output shape's member order, dropping undefined members, so the
// CLI prints members as `aws` does, and refuses a member the table does not have (a handler's bug
// must fail, not vanish). Imports only ./model.ts; values are never converted.
import { operationOf, shapeOf } from './model.js';
import type { ServiceModel, Shape } from './types.js';

/**
 * A new object with the output shape's members in model order, recursively (nested structures,
 * lists of structures, map values); undefined members are dropped. A member the model does not
 * know is an UnknownResponseMemberError: the handler is wrong, and the call fails rather than
 * lose or leak it. Uint8Array, Date and other leaf values are passed through as they are.
 */
export function conformOutput(model: ServiceModel, operation: string, response: Record<string, unknown>): Record<string, unknown> {
  const op = operationOf(model, operation);
  if (!op) throw new Error(`unknown operation: ${model.id} ${operation}`);
  // Operations without an output shape (DeleteAlias, …) answer with an empty object.
  if (!op.output) {
    const extra = Object.keys(response).find((k) => response[k] !== undefined);
    if (extra !== undefined) throw new UnknownResponseMemberError(extra);
    return {};
  }
  const shape = (ref: string): Shape => shapeOf(model, ref);
  return conform(shape, shape(op.output), response) as Record<string, unknown>;
}

function conform(shape: (ref: string) => Shape, s: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  switch (s.type) {
    case 'structure': {
      if (!isRecord(value)) return value;
      for (const name of Object.keys(value)) {
        if (!Object.hasOwn(s.members, name) && value[name] !== undefined) throw new UnknownResponseMemberError(name);
      }
      const out: Record<string, unknown> = {};
      for (const [name, m] of Object.entries(s.members)) {
        const v = value[name];
        if (v !== undefined) out[name] = conform(shape, shape(m.shape), v);
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) return value;
      const member = shape(s.member);
      return value.map((item) => conform(shape, member, item));
    }
    case 'map': {
      if (!isRecord(value)) return value;
      const v = shape(s.value);
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(value)) {
        if (item !== undefined) out[k] = conform(shape, v, item);
      }
      return out;
    }
    default:
      return value;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Date)
  );
}

/** A response member the output shape does not have: a bug in the handler that built it. */
export class UnknownResponseMemberError extends Error {
  override readonly name = 'UnknownResponseMemberError';
  constructor(readonly member: string) {
    super(`the response has a member its shape does not: ${member}`);
  }
}
