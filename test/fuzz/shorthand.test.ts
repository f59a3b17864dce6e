// Fuzzing the AWS CLI shorthand syntax (src/cli/params/shorthand.ts) and the model-aware half that
// turns it into a request member (argprocess.ts, convert.ts, client-validate.ts): any text is an
// object or the CLI's "Error parsing parameter" usage error, never a crash or a changed prototype.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseParam } from '../../src/cli/params/convert.js';
import { parseShorthand, ShorthandParseError, type ShorthandValue } from '../../src/cli/params/shorthand.js';
import { validateClientSide } from '../../src/cli/params/client-validate.js';
import { EXIT, LocalError } from '../../src/errors.js';
import { model as kms } from '../../src/services/kms/model/index.js';
import { mini, tempContext } from '../cli/params/fixtures.js';
import { errorOf, expectCleanObjectPrototype, expectNoPrototypeChange, fuzz, hostileString, mutatedText, nestedText, outcome, outcomeAsync } from './support.js';

// ---- a generator of shorthand documents, and their text -----------------------------------------

type Doc = { [key: string]: ShorthandValue };
const KEY_ALPHABET = [...'abcXYZ019-_.#/:'];
const keyArb = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'Key', 'a.b', '#', '/x:y'),
  fc.array(fc.constantFrom(...KEY_ALPHABET), { minLength: 1, maxLength: 8 }).map((cs) => cs.join('')),
);
/**
 * A bare word: no separator, quote or space the grammar would strip or split on, and nothing past
 * U+FFFF (awscli's word classes end there too: `a=💥` is a syntax error in both).
 */
const wordArb = fc.array(fc.constantFrom(...'abcXYZ019-_./:*+@!#$%&|~^éß\uffee'), { minLength: 1, maxLength: 10 }).map((cs) => cs.join(''));
/** Single-quoted text holds anything but a quote or a backslash (each would need escaping). */
const quotedArb = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !/['\\]/.test(s)).map((s) => ({ quoted: s }));

type Gen = string | { quoted: string } | Gen[] | { hash: [string, Gen][] };
const genArb: fc.Arbitrary<Gen> = fc.letrec<{ v: Gen }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    wordArb,
    quotedArb,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.uniqueArray(fc.tuple(keyArb, tie('v')), { maxLength: 3, selector: ([k]) => k }).map((hash) => ({ hash })),
  ),
})).v;
const docArb = fc.uniqueArray(fc.tuple(keyArb, genArb), { minLength: 1, maxLength: 4, selector: ([k]) => k });

function text(g: Gen): string {
  if (typeof g === 'string') return g;
  if (Array.isArray(g)) return `[${g.map(text).join(',')}]`;
  if ('quoted' in g) return `'${g.quoted}'`;
  return `{${g.hash.map(([k, v]) => `${k}=${text(v)}`).join(',')}}`;
}

function expected(g: Gen): ShorthandValue {
  if (typeof g === 'string') return g;
  if (Array.isArray(g)) return g.map(expected);
  if ('quoted' in g) return g.quoted;
  const o: Doc = {};
  for (const [k, v] of g.hash) Object.defineProperty(o, k, { value: expected(v), enumerable: true, writable: true, configurable: true });
  return o;
}

/** The value as nested [key, value] lists, so a key that became a prototype cannot compare equal. */
function ownShape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(ownShape);
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    return Object.keys(v).map((k) => [k, ownShape((v as Record<string, unknown>)[k])]);
  }
  return v;
}

// ---- the properties ------------------------------------------------------------------------------

const tokens = fc.oneof(hostileString, fc.constantFrom('=', ',', '[', ']', '{', '}', "'", '"', '\\', '@=', ' ', '\\,', 'a=', '[]', '{}', '__proto__=', 'constructor={a=b}'));
const JUNK_ALPHABET = fc.constantFrom(...'ab=,[]{}\'"\\@ \t\n_.:/#-', 'é', '💥', '\u0000');

describe('shorthand parser', () => {
  it('round-trips any document, prototype-member keys included', async () => {
    await fuzz('shorthand: round trip', 1200, docArb, (doc) => {
      const input = doc.map(([k, v]) => `${k}=${text(v)}`).join(',');
      const want: Doc = {};
      for (const [k, v] of doc) Object.defineProperty(want, k, { value: expected(v), enumerable: true, writable: true, configurable: true });
      const r = outcome(() => parseShorthand(input), [ShorthandParseError]);
      // a top-level value of bare words is ambiguous with the next key (k=a,b=c), as in the AWS CLI
      if (!r.ok) throw new Error(`refused ${JSON.stringify(input)}: ${r.error.message}`);
      expect(ownShape(r.value)).toEqual(ownShape(want));
    });
  });

  it('junk and edited documents are an object or ShorthandParseError; no prototype is touched', async () => {
    const junk = fc.oneof(
      fc.array(JUNK_ALPHABET, { maxLength: 60 }).map((cs) => cs.join('')),
      hostileString,
      docArb.chain((doc) => mutatedText(doc.map(([k, v]) => `${k}=${text(v)}`).join(','), tokens)),
    );
    await fuzz('shorthand: junk and mutations', 2000, junk, (input) => {
      const r = outcome(() => parseShorthand(input), [ShorthandParseError]);
      if (r.ok) expectNoPrototypeChange(r.value);
      expectCleanObjectPrototype();
    });
  });

  it('`__proto__={…}` is a key like any other, not the object\'s prototype (regression)', () => {
    const top = parseShorthand('__proto__={Key=k},b=c');
    expect(Object.getPrototypeOf(top)).toBe(Object.prototype);
    expect(Object.keys(top)).toEqual(['__proto__', 'b']);
    const inner = parseShorthand('a={__proto__=[x],constructor=y}').a as Record<string, unknown>;
    expect(Object.getPrototypeOf(inner)).toBe(Object.prototype);
    expect(Object.entries(inner)).toEqual([['__proto__', ['x']], ['constructor', 'y']]);
  });

  it('480 levels of nesting parse; 481 is awscli\'s RecursionError text, exit 255 (regression: a RangeError escaped)', () => {
    expect(outcome(() => parseShorthand(`k=${nestedText('[', 'x', ']', 480)}`)).ok).toBe(true);
    for (const [open, close] of [['[', ']'], ['{a=', '}']]) {
      const r = outcome(() => parseShorthand(`k=${nestedText(open!, 'x', close!, 481)}`));
      expect(r.ok).toBe(false);
      expect(errorOf(r).exitCode).toBe(EXIT.other);
      expect(errorOf(r).message).toBe('maximum recursion depth exceeded');
    }
  });

  it('a character past U+FFFF where a word must start is named whole in the syntax error (regression)', () => {
    const r = outcome(() => parseShorthand('a={b=💥a}'), [ShorthandParseError]);
    expect(r.ok).toBe(false);
    expect(errorOf(r).message).toMatch(/^Expected: ',', received: '💥' for input:/);
  });

  it('nesting of any depth is a value or a clear error, never a stack overflow', async () => {
    const deep = fc.record({ n: fc.integer({ min: 1, max: 20_000 }), open: fc.constantFrom('[', '{a=', '[{a='), closed: fc.boolean() });
    await fuzz('shorthand: deep nesting', 60, deep, ({ n, open, closed }) => {
      const close = open === '[' ? ']' : open === '{a=' ? '}' : '}]';
      const r = outcome(() => parseShorthand(`k=${nestedText(open, 'x', close, n, closed)}`), [ShorthandParseError]);
      if (!r.ok && r.error instanceof LocalError) {
        // Python's parser gives up as deep nesting exhausts its recursion limit; so does kms
        expect(r.error.exitCode).toBe(EXIT.other);
        expect(r.error.message).toBe('maximum recursion depth exceeded');
      }
    });
  });
});

/** Flags of real operations whose value may be shorthand, with their shapes. */
const FLAGS: [string, string, string, string][] = [
  // [operation, member, shape, flag]
  ['Encrypt', 'EncryptionContext', 'EncryptionContextType', '--encryption-context'],
  ['CreateGrant', 'Constraints', 'GrantConstraints', '--constraints'],
  ['CreateKey', 'Tags', 'TagList', '--tags'],
  ['Decrypt', 'Recipient', 'RecipientInfo', '--recipient'],
];

describe('shorthand through the model (parseParam and client validation)', () => {
  const ctx = tempContext();
  it('any value for a map, structure or list flag is a member that validates, or a usage error', async () => {
    const seeds = ['a=b,c=d', 'EncryptionContextSubset={k=v},EncryptionContextEquals={a=b}', 'Key=k,Value=v', 'KeyEncryptionAlgorithm=RSAES_OAEP_SHA_256,AttestationDocument=aGk='];
    const input = fc.record({
      flag: fc.nat({ max: FLAGS.length - 1 }),
      raw: fc.oneof(
        fc.nat({ max: seeds.length - 1 }).chain((i) => mutatedText(seeds[i]!, tokens)),
        docArb.map((doc) => doc.map(([k, v]) => `${k}=${text(v)}`).join(',')),
        fc.array(JUNK_ALPHABET, { maxLength: 40 }).map((cs) => cs.join('')),
      ),
      asList: fc.boolean(),
    });
    await fuzz('shorthand: through the model', 1000, input, async ({ flag, raw, asList }) => {
      const [op, member, shape, name] = FLAGS[flag]!;
      const value = await outcomeAsync(() => parseParam(kms, shape, name, asList ? [raw] : raw, ctx));
      if (!value.ok) return expect([EXIT.usage, EXIT.other]).toContain((value.error as LocalError).exitCode);
      expectNoPrototypeChange(value.value);
      const request = { KeyId: 'k', CiphertextBlob: new Uint8Array(1), GranteePrincipal: 'p', Operations: ['Decrypt'], Plaintext: new Uint8Array(1), [member]: value.value };
      const v = outcome(() => validateClientSide(kms, op, request));
      if (!v.ok) expect((v.error as LocalError).exitCode).toBe(EXIT.usage);
    });
  });

  it('a recursive structure (the fixture model) takes nesting of any depth or refuses it clearly', async () => {
    const deep = fc.integer({ min: 1, max: 5_000 });
    await fuzz('shorthand: recursive structure', 40, deep, async (n) => {
      const raw = `Name=a,Child=${nestedText('{Name=b,Child=', '{Name=c}', '}', n)}`;
      await outcomeAsync(() => parseParam(mini, 'Node', '--tree', raw, ctx));
    });
  });
});
