// Shared by the fuzz suites (test/fuzz/*.test.ts): how many cases run, the one outcome every parser
// of outside input is held to, and generators of hostile input (junk, and mutations of valid input).
//
// Case counts are sized so the whole folder runs in about 25 s on a shared 2-core machine.
// KMS_FUZZ_RUNS multiplies every count for a deeper (or a quicker) local run:
//   KMS_FUZZ_RUNS=20 npx vitest run --config test/vitest.config.ts test/fuzz
// KMS_FUZZ_SEED=<n> replays a run: a failure prints fast-check's seed and path with the shrunk input.
// Each property prints "[fuzz] <name>: N cases in T ms" and asserts that N cases ran, so a
// generator that silently produces nothing fails instead of passing.
import fc from 'fast-check';
import { expect } from 'vitest';
import { reportError } from '../../src/cli/errors.js';
import { EXIT, KmsError, LocalError } from '../../src/errors.js';

const MULTIPLIER = (() => {
  const raw = process.env.KMS_FUZZ_RUNS;
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`KMS_FUZZ_RUNS must be a positive number, not '${raw}'`);
  return n;
})();
const SEED = process.env.KMS_FUZZ_SEED === undefined ? undefined : Number(process.env.KMS_FUZZ_SEED);

/** `base` scaled by KMS_FUZZ_RUNS (at least one case). */
export function runs(base: number): number {
  return Math.max(1, Math.round(base * MULTIPLIER));
}

/**
 * A case slower than this is a hang or a blow-up (a regex backtracking, a quadratic loop), not
 * noise: the slowest honest case (a deeply nested document) takes a few hundred milliseconds on a
 * loaded machine.
 */
export const SLOW_CASE_MS = 2_000;

/**
 * Runs `check` on `runs(base)` inputs from `arb` (sync or async), prints the count and time, and
 * fails on the first input whose check throws (fast-check then shrinks it and prints it). A check
 * may return a word for what the input was (`accepted`, `refused`): the tally is printed too, so a
 * generator whose inputs never get past the first check shows.
 */
export async function fuzz<T>(name: string, base: number, arb: fc.Arbitrary<T>, check: (input: T) => unknown): Promise<number> {
  const n = runs(base);
  let ran = 0;
  let slowest = 0;
  const tally = new Map<string, number>();
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(arb, async (input) => {
      ran++;
      const t = performance.now();
      const label = await check(input);
      if (typeof label === 'string') tally.set(label, (tally.get(label) ?? 0) + 1);
      const ms = performance.now() - t;
      slowest = Math.max(slowest, ms);
      if (ms > SLOW_CASE_MS) throw new Error(`one case took ${Math.round(ms)} ms (a hang or a blow-up)`);
    }),
    { numRuns: n, ...(SEED === undefined ? {} : { seed: SEED }) },
  );
  const ms = Math.round(performance.now() - started);
  const kinds = [...tally].map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(`[fuzz] ${name}: ${ran} cases in ${ms} ms (slowest ${slowest.toFixed(1)} ms${kinds ? `; ${kinds}` : ''})`);
  expect(ran).toBe(n);
  return ran;
}

// ---- outcomes --------------------------------------------------------------------------------

type ErrorClass = abstract new (...args: never[]) => Error;

/** What a parser did with one input: a value, or one of the errors it may throw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

const EXIT_CODES: readonly number[] = [EXIT.usage, EXIT.config, EXIT.service, EXIT.other];

/**
 * Fails unless `err` is the project's own: a KmsError with an API exception name, a LocalError
 * (usage ArgumentError included) with a message and a documented exit code, or one of `also` (a
 * layer's own error that its caller wraps, such as StreamError or PolicySyntaxError). None may
 * carry a stack trace or a JavaScript engine message in its text, and what the user would see must
 * not be the "unexpected error" fallback.
 */
export function expectOwnError(err: unknown, also: readonly ErrorClass[] = []): asserts err is Error {
  const own = err instanceof KmsError || err instanceof LocalError || also.some((c) => err instanceof c);
  if (!own) {
    const e = err as Error;
    throw new Error(`not a project error: ${e?.name ?? typeof err}: ${String(e?.message ?? err).slice(0, 300)}`, { cause: err });
  }
  const e = err as Error;
  expect(typeof e.message).toBe('string');
  if (err instanceof KmsError) {
    expect(err.code).toMatch(/^[A-Z][A-Za-z0-9]*$/);
  } else {
    // AWS sends InvalidCiphertextException with no message; every other error says something
    expect(e.message.trim().length).toBeGreaterThan(0);
  }
  if (err instanceof LocalError) {
    expect(EXIT_CODES).toContain(err.exitCode);
    for (const h of err.hints) expect(h.trim().length).toBeGreaterThan(0);
  }
  expect(e.message).not.toMatch(/\n\s+at .+:\d+:\d+|Maximum call stack|Cannot read propert|is not a function|is not iterable|undefined \(reading/);
  if (err instanceof KmsError || err instanceof LocalError) {
    expect(reportError(err, 'Op').text).not.toMatch(/^error: unexpected/);
  }
}

/** Runs `fn`; a value, or an error that passed expectOwnError. */
export function outcome<T>(fn: () => T, also: readonly ErrorClass[] = []): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    expectOwnError(err, also);
    return { ok: false, error: err };
  }
}

export async function outcomeAsync<T>(fn: () => Promise<T>, also: readonly ErrorClass[] = []): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    expectOwnError(err, also);
    return { ok: false, error: err };
  }
}

/** The error of an outcome that must have failed (with a LocalError's exit code or a KmsError's code, if it has one). */
export function errorOf<T>(r: Outcome<T>): Error & { exitCode?: number; code?: string } {
  if (r.ok) throw new Error('expected an error, got a value');
  return r.error;
}

/** Every object in `v`, at any depth, is a plain one: no parsed key became an object's prototype. */
export function expectNoPrototypeChange(root: unknown): void {
  const seen = new Set<unknown>();
  const todo = [root];
  while (todo.length > 0) {
    const v = todo.pop();
    if (v === null || typeof v !== 'object' || seen.has(v) || ArrayBuffer.isView(v) || v instanceof Date) continue;
    seen.add(v);
    if (!Array.isArray(v)) {
      const proto = Object.getPrototypeOf(v) as Record<string, unknown> | null;
      // an instance of a class (PyFloat, Buffer) is a value; a plain object's prototype must be Object's
      if (proto !== null && Object.hasOwn(proto, 'constructor') && typeof proto.constructor === 'function' && proto.constructor !== Object) continue;
      if (proto !== Object.prototype && proto !== null) throw new Error(`an object's prototype was replaced: ${JSON.stringify(Object.keys(proto))}`);
    }
    for (const k of Object.keys(v)) todo.push((v as Record<string, unknown>)[k]);
  }
}

/** Object.prototype itself is untouched (a parser that assigned to __proto__.x would pollute it). */
export function expectCleanObjectPrototype(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(OBJECT_PROTOTYPE_NAMES);
}
const OBJECT_PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort();

// ---- generators ------------------------------------------------------------------------------

/** Keys that have tripped parsers elsewhere: prototype members, the codec's escape, empties, odd unicode. */
const HOSTILE_KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'isPrototypeOf',
  '$bytes', '$$bytes', '$', '', ' ', '.', '*', '\u0000', '\ud800', '💥', 'ß', 'İ', '\u202e', 'a'.repeat(300),
];

const HOSTILE_STRINGS = [
  ...HOSTILE_KEYS,
  'null', 'true', 'NaN', 'Infinity', '-Infinity', '1e309', '-1e309', '9007199254740993', '123456789012345678901234567890',
  '0x10', '1_000', '-0', '0.1e-400', '%00', '%', '%E0%A4%A', '\\', '"', "'", '\\u0000', '${aws:username}', '?', '\r\n', '\t',
  '\ufeff', '\u2028', '\udfff\ud800', 'ÿ', '🔑'.repeat(200), 'x'.repeat(5000), '=', ',', '[', '{', '}', ']',
];

export const hostileKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 10 }));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

export const hugeNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 2 ** 32, 2 ** 63, 2 ** 64, -(2 ** 31) - 1, 1e21, -0, 0.1),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A value JSON can carry, with hostile keys and strings, huge numbers, and small nesting. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, fc.constant(null), fc.boolean(), hugeNumber, hostileString, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(hostileKey, tie('value'), { maxKeys: 4, noNullPrototype: true }),
})).value;

/** How deep arrays and objects nest in `v`, measured without recursion. */
export function depthOf(v: unknown): number {
  let max = 0;
  const todo: [unknown, number][] = [[v, 0]];
  while (todo.length > 0) {
    const [x, d] = todo.pop()!;
    if (x === null || typeof x !== 'object' || ArrayBuffer.isView(x)) continue;
    max = Math.max(max, d + 1);
    for (const y of Object.values(x)) todo.push([y, d + 1]);
  }
  return max;
}

/** `inner` nested `n` deep in arrays, built without recursion. */
export function nestedArrays(n: number, inner: unknown = 1): unknown {
  let v = inner;
  for (let i = 0; i < n; i++) v = [v];
  return v;
}

/** Text nested `n` deep: `open` n times, `middle`, then `close` n times (or not, when `closed` is false). */
export function nestedText(open: string, middle: string, close: string, n: number, closed = true): string {
  return open.repeat(n) + middle + (closed ? close.repeat(n) : '');
}

/** Deeply nested JSON text (closed or not), deep enough to overflow a naive recursive parser. */
export const deepJsonText: fc.Arbitrary<string> = fc
  .record({ n: fc.integer({ min: 500, max: 30_000 }), kind: fc.constantFrom('[', '{"a":', '{"__proto__":'), closed: fc.boolean() })
  .map(({ n, kind, closed }) => nestedText(kind, '1', kind === '[' ? ']' : '}', n, closed));

/** Bytes: mostly random, some from one byte repeated (long runs trip other paths). */
export const junkBytes = (maxLength: number): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.uint8Array({ maxLength }),
    fc.record({ b: fc.integer({ min: 0, max: 255 }), n: fc.nat({ max: maxLength }) }).map(({ b, n }) => new Uint8Array(n).fill(b)),
  );

type ByteEdit = { kind: 'flip' | 'set' | 'cut' | 'insert' | 'delete' | 'dup'; at: number; bit: number; bytes: Uint8Array };
const byteEdit: fc.Arbitrary<ByteEdit> = fc.record({
  kind: fc.constantFrom<ByteEdit['kind']>('flip', 'set', 'cut', 'insert', 'delete', 'dup'),
  at: fc.nat(),
  bit: fc.integer({ min: 0, max: 7 }),
  bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
});

/** 1..3 byte edits for applyByteEdits: for bytes known only inside a case (a row sealed there). */
export const byteEdits = fc.array(byteEdit, { minLength: 1, maxLength: 3 });

/** `base` with `edits` applied: a bit flipped, bytes set, inserted, deleted or duplicated, a truncation. */
export function applyByteEdits(base: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let b = Buffer.from(base);
  for (const e of edits) {
    const at = b.length === 0 ? 0 : e.at % b.length;
    if (e.kind === 'flip' && b.length > 0) b[at]! ^= 1 << e.bit;
    else if (e.kind === 'set') b = Buffer.concat([b.subarray(0, at), e.bytes, b.subarray(at + e.bytes.length)]);
    else if (e.kind === 'cut') b = b.subarray(0, at);
    else if (e.kind === 'insert') b = Buffer.concat([b.subarray(0, at), e.bytes, b.subarray(at)]);
    else if (e.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.bytes.length)]);
    else b = Buffer.concat([b.subarray(0, at + e.bytes.length), b.subarray(at)]);
  }
  return new Uint8Array(b);
}

/** `base` with 1..3 byte edits. */
export function mutatedBytes(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  return byteEdits.map((edits) => applyByteEdits(base, edits));
}

const textEdit = (tokens: fc.Arbitrary<string>) =>
  fc.record({ kind: fc.constantFrom('set', 'insert', 'delete', 'cut', 'dup'), at: fc.nat(), len: fc.integer({ min: 1, max: 12 }), text: tokens });

/** `base` with 1..3 text edits; inserted text comes from `tokens` (the grammar's own, plus hostile strings). */
export function mutatedText(base: string, tokens: fc.Arbitrary<string> = hostileString): fc.Arbitrary<string> {
  return fc.array(textEdit(tokens), { minLength: 1, maxLength: 3 }).map((edits) => {
    let s = base;
    for (const e of edits) {
      const at = s.length === 0 ? 0 : e.at % (s.length + 1);
      if (e.kind === 'set') s = s.slice(0, at) + e.text + s.slice(at + e.text.length);
      else if (e.kind === 'insert') s = s.slice(0, at) + e.text + s.slice(at);
      else if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + e.len);
      else if (e.kind === 'cut') s = s.slice(0, at);
      else s = s.slice(0, at + e.len) + s.slice(at);
    }
    return s;
  });
}

/** Replacements for a structure-aware mutation: wrong types, hostile text, huge numbers, deep nesting. */
const replacement: fc.Arbitrary<unknown> = fc.oneof(
  jsonValue,
  hostileString,
  hugeNumber,
  fc.constantFrom(null, true, false, [], {}, 0, -1, ''),
  fc.integer({ min: 50, max: 1_000 }).map((n) => nestedArrays(n)),
);

const jsonEdit = fc.record({
  kind: fc.constantFrom('replace', 'replace', 'delete', 'addKey', 'wrap', 'unwrap', 'dup'),
  at: fc.nat(),
  key: hostileKey,
  value: replacement,
});

interface Slot {
  parent: Record<string, unknown> | unknown[];
  key: string | number;
}

/** Own-property assignment, as JSON.parse makes it: a "__proto__" key stays a key. */
export function setOwn(o: Record<string, unknown> | unknown[], k: string | number, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function slots(root: unknown): Slot[] {
  // iterative: a replacement may be nested thousands deep
  const out: Slot[] = [];
  const todo = [root];
  while (todo.length > 0) {
    const v = todo.pop();
    if (v === null || typeof v !== 'object') continue;
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, x] of entries) {
      out.push({ parent: v as Slot['parent'], key: k });
      todo.push(x);
    }
  }
  return out;
}

/**
 * `base` (a JSON value, copied) with 1..3 edits at any depth: a value replaced by one of another
 * type (or a hostile or huge or deeply nested one), a member deleted or duplicated, a hostile key
 * added, a value wrapped in a list or unwrapped from one. The document keeps its outer shape.
 */
export function mutatedJson(base: unknown): fc.Arbitrary<unknown> {
  return fc.array(jsonEdit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const root = { doc: JSON.parse(JSON.stringify(base)) as unknown };
    for (const edit of edits) {
      // a copy: constants such as {} are shared between cases, and a later edit may add to this value
      const e = { ...edit, value: structuredClone(edit.value) };
      const all = slots(root);
      const { parent, key } = all[e.at % all.length]!;
      const cur = (parent as Record<string | number, unknown>)[key];
      if (e.kind === 'replace') setOwn(parent, key, e.value);
      else if (e.kind === 'delete' && parent !== root) {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete (parent as Record<string, unknown>)[key as string];
      } else if (e.kind === 'addKey') {
        const target = cur !== null && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>) : undefined;
        if (target) setOwn(target, e.key, e.value);
        else setOwn(parent, key, { [e.key]: e.value });
      } else if (e.kind === 'wrap') setOwn(parent, key, Array.isArray(cur) || e.at % 2 === 0 ? [cur] : { [e.key]: cur });
      else if (e.kind === 'unwrap') setOwn(parent, key, Array.isArray(cur) ? cur[0] : cur !== null && typeof cur === 'object' ? Object.values(cur)[0] : cur);
      else if (Array.isArray(parent)) parent.push(cur);
      else setOwn(parent, `${String(key)}2`, cur);
    }
    // deep replacements inside one another would outgrow what JSON.stringify (and a test) can
    // walk; one deep value is as hostile as three
    return depthOf(root.doc) > 1_100 ? { deep: nestedArrays(1_000) } : root.doc;
  });
}

/** Splits `b` at `cuts` (positions taken modulo its length): the chunks a reader might be handed. */
export function chunked(b: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => (b.length === 0 ? 0 : c % b.length)))].sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const c of at) {
    if (c > from) out.push(b.subarray(from, c));
    from = Math.max(from, c);
  }
  out.push(b.subarray(from));
  return out;
}
