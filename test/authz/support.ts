// Builders shared by the authz suites: callers, requests, and a one-statement policy around a
// Condition block.
import { evaluatePolicy } from '../../src/authz/index.js';
import type { AuthRequest, Caller, ContextValue } from '../../src/authz/types.js';

export const A = '111122223333';
export const B = '444455556666';
export const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

export const root = (account = A): Caller => ({ arn: `arn:aws:iam::${account}:root`, account, kind: 'root', userId: account });
export const user = (name = 'alice', account = A, tags?: Record<string, string>): Caller => ({
  arn: `arn:aws:iam::${account}:user/${name}`,
  account,
  kind: 'user',
  userId: `AIDA${name.toUpperCase()}`,
  userName: name,
  ...(tags ? { tags } : {}),
});
export const session = (role = 'Ops', name = 's1', account = A): Caller => ({
  arn: `arn:aws:sts::${account}:assumed-role/${role}/${name}`,
  account,
  kind: 'assumed-role',
  userId: `AROAOPS:${name}`,
  roleArn: `arn:aws:iam::${account}:role/${role}`,
});

export function request(caller: Caller, action = 'kms:Encrypt', resource = KEY, context: Record<string, ContextValue> = {}): AuthRequest {
  return { caller, action, resource, context: new Map(Object.entries(context)) };
}

export const doc = (statements: unknown[], version = '2012-10-17') => JSON.stringify({ Version: version, Statement: statements });

/** Whether an identity policy `{Allow kms:Encrypt on * if condition}` allows the request with `context`. */
export function conditionHolds(condition: unknown, context: Record<string, ContextValue>, caller: Caller = user()): { holds: boolean; missing: string[] } {
  const policy = { id: 'p', type: 'user' as const, document: doc([{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: '*', Condition: condition }]) };
  const e = evaluatePolicy(policy, request(caller, 'kms:Encrypt', KEY, context), 'identity');
  return { holds: e.allows.length === 1, missing: e.missing };
}
