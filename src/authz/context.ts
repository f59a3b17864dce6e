// Reading the request context as IAM does: condition keys case-insensitively (kms:EncryptionContext:<k>
// included, so its <k> is case-insensitive too), values as the lists the operators compare, and the
// caller's own keys when the context lacks them. Imports only ./types.

import type { AuthRequest, Caller, ContextValue, RequestContext } from './types.js';

/** A scalar context value: what one comparison of a condition operator sees. */
export type Scalar = string | boolean | number | Date;

/** Condition key (any case) → value; absent keys are undefined. */
export interface Lookup {
  get(key: string): ContextValue | undefined;
  /** aws:username & co. as one string, for a policy variable; undefined when absent or multi-valued. */
  variable(key: string): string | undefined;
}

// Per context map: its keys lower-cased. Built once per map, so evaluating many policies against
// one request costs one pass.
const indexes = new WeakMap<RequestContext, Map<string, ContextValue>>();

function indexOf(context: RequestContext): Map<string, ContextValue> {
  let index = indexes.get(context);
  if (index) return index;
  index = new Map();
  for (const [k, v] of context) {
    const lk = k.toLowerCase();
    const prior = index.get(lk);
    // Two keys differing only in case (an encryption context may hold "Dept" and "dept"): the
    // condition key matches both, so it sees both values, as a multi-valued key.
    index.set(lk, prior === undefined ? v : [...toList(prior), ...toList(v)].map(asString));
  }
  indexes.set(context, index);
  return index;
}

/** The caller's global keys (IAM "Request information that you can use for policy variables"), for a context that lacks them. */
function fromCaller(caller: Caller, lkey: string): ContextValue | undefined {
  switch (lkey) {
    case 'aws:username':
      return caller.userName;
    case 'aws:userid':
      return caller.userId;
    case 'aws:principalarn':
      return caller.roleArn ?? caller.arn;
    case 'aws:principalaccount':
      return caller.account;
  }
  if (lkey.startsWith('aws:principaltag/') && caller.tags) {
    const tag = lkey.slice('aws:principaltag/'.length);
    for (const [k, v] of Object.entries(caller.tags)) if (k.toLowerCase() === tag) return v;
  }
  return undefined;
}

export function lookupFor(request: AuthRequest): Lookup {
  const index = indexOf(request.context);
  const get = (key: string): ContextValue | undefined => {
    const lk = key.toLowerCase();
    const v = index.get(lk);
    return v !== undefined ? v : fromCaller(request.caller, lk);
  };
  return {
    get,
    variable(key) {
      const v = get(key);
      // "You can use any single-valued context key as a policy variable" — not a multivalued one
      if (v === undefined || Array.isArray(v)) return undefined;
      return asString(v as Scalar);
    },
  };
}

export function toList(v: ContextValue): readonly Scalar[] {
  return Array.isArray(v) ? (v as readonly string[]) : [v as Scalar];
}

/** A scalar as the string operators see it: booleans `true`/`false`, dates in ISO 8601. */
export function asString(v: Scalar): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}
