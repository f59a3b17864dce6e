// Fuzzing JSON parameter values: pyJsonLoads (Python's json.loads, src/cli/params/pyjson.ts) held to
// JSON.parse on every text, and JSON values of real flags through parseParam and client validation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateClientSide } from '../../src/cli/params/client-validate.js';
import { parseParam } from '../../src/cli/params/convert.js';
import { jsonDepth } from '../../src/api/nesting.js';
import { PyJsonError, pyJsonLoads } from '../../src/cli/params/pyjson.js';
import { PyFloat } from '../../src/cli/params/pyrepr.js';
import { EXIT, LocalError } from '../../src/errors.js';
import { model as kms } from '../../src/services/kms/model/index.js';
import { tempContext } from '../cli/params/fixtures.js';
import { deepJsonText, errorOf, expectNoPrototypeChange, fuzz, hostileString, jsonValue, mutatedJson, mutatedText, nestedText, outcome, outcomeAsync } from './support.js';

/** What JSON.parse gives for the same text: PyFloat unwrapped. */
function plain(v: unknown): unknown {
  if (v instanceof PyFloat) return v.value;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) Object.defineProperty(o, k, { value: plain((v as Record<string, unknown>)[k]), enumerable: true });
    return o;
  }
  return v;
}

const jsonTokens = fc.oneof(
  hostileString,
  fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '\\u', '\\ud800', '\\uDC00', 'NaN', '-Infinity', 'Infinity', '1e999', '-', '0', '01', '.5', 'tru', 'null', ' ', '\n', '\ufeff', '\u0000', '{"__proto__":{"a":1}}'),
);
const texts = fc.oneof(
  jsonValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc.tuple(jsonValue, fc.constantFrom(0, 1, 2, '\t')).map(([v, indent]) => JSON.stringify(v, null, indent)),
  jsonValue.chain((v) => mutatedText(JSON.stringify(v) ?? 'null', jsonTokens)),
  jsonValue.chain((v) => mutatedJson({ doc: v }).map((m) => JSON.stringify(m) ?? 'null')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(jsonTokens, { maxLength: 12 }).map((t) => t.join('')),
);

describe('pyJsonLoads', () => {
  it('agrees with JSON.parse on every text it is given (NaN and Infinity aside), and never touches a prototype', async () => {
    await fuzz('JSON: pyJsonLoads vs JSON.parse', 1500, texts, (text) => {
      let expected: { ok: true; value: unknown } | { ok: false };
      try {
        expected = { ok: true, value: JSON.parse(text) };
      } catch {
        expected = { ok: false };
      }
      const got = outcome(() => pyJsonLoads(text, { ordered: true }), [PyJsonError]);
      if (got.ok) expectNoPrototypeChange(got.value);
      if (!got.ok && got.error instanceof LocalError) {
        // nesting past Python's recursion limit (the deep-nesting tests below check the text)
        expect(jsonDepth(text)).toBeGreaterThan(975);
      } else if (expected.ok) {
        expect(got.ok).toBe(true);
        if (got.ok) expect(plain(got.value)).toEqual(expected.value);
      } else if (got.ok) {
        // Python's extensions to JSON: the only texts it takes that JSON.parse refuses
        expect(text).toMatch(/NaN|Infinity/);
      } else {
        expect(got.error).toBeInstanceOf(PyJsonError);
        expect(got.error.message).toMatch(/: line \d+ column \d+ \(char \d+\)$/);
      }
    });
  });

  it('deep nesting is a value or Python\'s RecursionError text (exit 255), never a stack overflow', async () => {
    await fuzz('JSON: deep nesting', 40, deepJsonText, (text) => {
      const r = outcome(() => pyJsonLoads(text), [PyJsonError]);
      if (!r.ok && r.error instanceof LocalError) {
        expect(r.error.exitCode).toBe(EXIT.other);
        expect(r.error.message).toMatch(/^maximum recursion depth exceeded while decoding a JSON (array|object) from a unicode string$/);
      }
    });
  });

  it('takes 975 levels and refuses 976 as Python does through the CLI (regression: a RangeError escaped)', () => {
    expect(pyJsonLoads(nestedText('[', '', ']', 975))).toBeInstanceOf(Array);
    const r = outcome(() => pyJsonLoads(nestedText('{"a":', '1', '}', 976)));
    expect(r.ok).toBe(false);
    expect(errorOf(r).message).toBe('maximum recursion depth exceeded while decoding a JSON object from a unicode string');
    const deep = outcome(() => pyJsonLoads(nestedText('[', '', ']', 200_000, false)));
    expect(errorOf(deep).exitCode).toBe(EXIT.other);
  });
});

const FLAGS: [string, string, string, string, unknown][] = [
  // [operation, member, shape, flag, a valid value]
  ['Encrypt', 'EncryptionContext', 'EncryptionContextType', '--encryption-context', { a: 'b', purpose: 'x' }],
  ['CreateGrant', 'Constraints', 'GrantConstraints', '--constraints', { EncryptionContextSubset: { k: 'v' }, EncryptionContextEquals: { a: 'b' } }],
  ['CreateKey', 'Tags', 'TagList', '--tags', [{ TagKey: 'k', TagValue: 'v' }, { TagKey: 'k2', TagValue: '' }]],
  ['Decrypt', 'Recipient', 'RecipientInfo', '--recipient', { KeyEncryptionAlgorithm: 'RSAES_OAEP_SHA_256', AttestationDocument: 'aGk=' }],
  ['Encrypt', 'GrantTokens', 'GrantTokenList', '--grant-tokens', ['t1', 't2']],
  ['CreateGrant', 'Operations', 'GrantOperationList', '--operations', ['Decrypt', 'Encrypt']],
];

describe('JSON flag values through the model', () => {
  const ctx = tempContext();
  it('any JSON (or near-JSON) value of a map, structure or list flag validates or is a usage error', async () => {
    const input = fc.nat({ max: FLAGS.length - 1 }).chain((i) =>
      fc.tuple(
        fc.constant(i),
        fc.oneof(
          { weight: 10, arbitrary: mutatedJson(FLAGS[i]![4]).map((v) => JSON.stringify(v) ?? 'null') },
          { weight: 10, arbitrary: mutatedText(JSON.stringify(FLAGS[i]![4]), jsonTokens) },
          { weight: 1, arbitrary: deepJsonText.map((t) => (Array.isArray(FLAGS[i]![4]) ? t : `{"a":${t}}`)) },
        ),
        fc.boolean(),
      ),
    );
    await fuzz('JSON: flags through the model', 600, input, async ([i, raw, asList]) => {
      const [op, member, shape, flag] = FLAGS[i]!;
      const value = await outcomeAsync(() => parseParam(kms, shape, flag, asList ? [raw] : raw, ctx));
      if (!value.ok) return expect([EXIT.usage, EXIT.other]).toContain((value.error as LocalError).exitCode);
      expectNoPrototypeChange(value.value);
      const request = { KeyId: 'k', CiphertextBlob: new Uint8Array(1), GranteePrincipal: 'p', Operations: ['Decrypt'], Plaintext: new Uint8Array(1), [member]: value.value };
      const v = outcome(() => validateClientSide(kms, op, request));
      if (!v.ok) expect((v.error as LocalError).exitCode).toBe(EXIT.usage);
    });
  });
});
