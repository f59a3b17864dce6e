// The Condition element: compiled from a statement's block, evaluated against the request context.
// Operators are ANDed, keys within an operator ANDed, a key's values ORed (NOR for a negated
// operator); `…IfExists`, `Null`, and `ForAnyValue:`/`ForAllValues:` follow the IAM User Guide
// ("Condition operators", "Single-valued vs multivalued context keys"). Imports ./context,
// ./operators, ./patterns, ./policy-error.

import { toList, type Lookup, type Scalar } from './context.js';
import { OPERATORS, type Operator } from './operators.js';
import type { Resolve } from './patterns.js';
import * as E from './policy-error.js';

/** One operator–key pair of a Condition block, compiled. */
export interface ConditionTest {
  /** The operator as written (`ForAnyValue:StringLikeIfExists`). */
  operator: string;
  /** The condition key as written. */
  key: string;
  set?: 'any' | 'all';
  ifExists: boolean;
  /** Null's test: `true` → the key must be absent, `false` → present (ORed). */
  nullWants?: boolean[];
  op?: Operator;
  negated: boolean;
  values: unknown[];
}

const OPERATOR = /^(?:(ForAnyValue|ForAllValues):)?(.+?)(IfExists)?$/;

function scalarText(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new E.PolicySyntaxError(E.invalidElement(where));
}

/** Compiles a Condition element; throws PolicySyntaxError on an unknown operator or a bad shape. */
export function compileConditions(block: unknown, variables: boolean, kind: 'resource' | 'identity'): ConditionTest[] {
  if (block === undefined) return [];
  if (block === null || typeof block !== 'object' || Array.isArray(block)) throw new E.PolicySyntaxError(E.invalidElement('Condition'));
  const tests: ConditionTest[] = [];
  for (const [operator, pairs] of Object.entries(block as Record<string, unknown>)) {
    const m = OPERATOR.exec(operator);
    const set = m?.[1] === 'ForAnyValue' ? 'any' : m?.[1] === 'ForAllValues' ? 'all' : undefined;
    const name = m?.[2] ?? '';
    const ifExists = m?.[3] !== undefined;
    // "You can add IfExists to the end of any condition operator name except the Null condition"
    const isNull = name === 'Null' && !ifExists;
    // own entries only: an operator named `constructor` or `toString` is unknown, not Object's
    const entry = Object.hasOwn(OPERATORS, name) ? OPERATORS[name] : undefined;
    if (!isNull && !entry) throw new E.PolicySyntaxError(E.unknownOperator(operator));
    if (pairs === null || typeof pairs !== 'object' || Array.isArray(pairs)) throw new E.PolicySyntaxError(E.invalidElement('Condition'));
    for (const [key, raw] of Object.entries(pairs as Record<string, unknown>)) {
      const lkey = key.toLowerCase();
      // authz.md §3.3: KMS refuses ForAllValues on these single-valued keys when a key policy is written
      if (set === 'all' && kind === 'resource') {
        if (lkey.startsWith('kms:encryptioncontext:')) throw new E.PolicySyntaxError(E.FOR_ALL_VALUES_EC);
        if (lkey.startsWith('aws:requesttag/')) throw new E.PolicySyntaxError(E.FOR_ALL_VALUES_TAG);
      }
      const texts = (Array.isArray(raw) ? raw : [raw]).map((v) => scalarText(v, 'Condition'));
      const test: ConditionTest = { operator, key, ifExists, negated: entry?.negated ?? false, values: [] };
      if (set) test.set = set;
      if (isNull) test.nullWants = texts.map((t) => t.toLowerCase() === 'true');
      else {
        test.op = entry!.op;
        test.values = texts.map((t) => entry!.op.compile(t, variables && entry!.op.variables));
      }
      tests.push(test);
    }
  }
  return tests;
}

/** Whether one context value matches any of the test's values (skipping values whose variables have no value). */
function hits(t: ConditionTest, v: Scalar, resolve: Resolve, unresolved: (key: string) => void): boolean {
  return t.values.some((p) => t.op!.match(v, p, resolve, unresolved));
}

function evaluateOne(t: ConditionTest, lookup: Lookup, missing: Set<string>): boolean {
  const raw = lookup.get(t.key);
  const list = raw === undefined ? [] : toList(raw);
  // an empty set counts as absent ("a null dataset")
  const absent = list.length === 0;
  if (t.nullWants) return t.nullWants.some((wantNull) => wantNull === absent);
  if (absent) {
    // IfExists: "If the key is not present, evaluate the condition element as true"
    if (t.ifExists) return true;
    // ForAllValues "also returns true if there are no context keys in the request"
    if (t.set === 'all') return true;
    // a negated operator on a missing key is true ("the right key is not present, the condition is true")
    if (t.negated && t.set === undefined) return true;
    missing.add(t.key);
    return false;
  }
  const resolve: Resolve = (k) => lookup.variable(k);
  const unresolved = (k: string) => missing.add(k);
  // per request value: a positive operator matches when any policy value does; a negated one when none does
  const ok = (v: Scalar) => hits(t, v, resolve, unresolved) !== t.negated;
  if (t.set === 'all') return list.every(ok);
  if (t.set === 'any') return list.some(ok);
  // no qualifier on a multivalued value: positive → any value matches; negated → no value matches
  return t.negated ? list.every(ok) : list.some(ok);
}

/**
 * Whether every test holds. All tests run (no short cut) so that `missing` names every key the
 * statement needed and the context lacked.
 */
export function evaluateConditions(tests: readonly ConditionTest[], lookup: Lookup, missing: Set<string>): boolean {
  let all = true;
  for (const t of tests) if (!evaluateOne(t, lookup, missing)) all = false;
  return all;
}
