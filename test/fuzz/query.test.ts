// Fuzzing --query (JMESPath through src/cli/output/query.ts) and the formatters that print what it
// selects: any expression is the usage error "Bad value for --query" or a query; any result prints
// in every --output format, or is the AWS CLI's one-line type error (exit 255).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT, LocalError } from '../../src/errors.js';
import { compileQuery, formatOutput, type OutputFormat } from '../../src/cli/output/index.js';
import { errorOf, fuzz, hostileString, hugeNumber, jsonValue, mutatedText, nestedText, outcome } from './support.js';

const SEEDS = [
  'Keys[].KeyId', 'KeyMetadata.{id: KeyId, arn: Arn, on: Enabled}', "Aliases[?starts_with(AliasName, 'alias/aws/')].AliasName | sort(@)", 'length(Keys)',
  'Keys[0:2]', "Tags[?TagKey=='a'] | [0].TagValue", '`{"a": [1, 2]}`', 'max_by(Keys, &Size).KeyId', "to_number('1e400')", 'join(`,`, Keys[].KeyId)',
  'Keys[*].[KeyId, KeyArn]', '@', '!Truncated && NextMarker', 'Keys[::-1]', '"Key Id"', "'raw'", 'sum(Keys[].Size)', 'map(&KeyId, Keys)', 'merge(@, `{}`)',
  'not_null(a, b, Keys)', 'abs(`-1`)', 'reverse(`"abc"`)', 'contains(Keys[].KeyId, `"x"`)', 'Keys[?Size > `1` || !Enabled]', 'keys(@)', 'values(KeyMetadata)',
  'sort_by(Keys, &KeyId)[-1]', 'Keys[].Tags[][]', 'CiphertextBlob', 'Created', 'type(@)', 'to_string(Keys)', 'floor(`1.5`)', 'avg(Keys[].Size)', 'min_by(Keys, &Size)',
];
const TOKENS = fc.oneof(
  hostileString,
  fc.constantFrom('.', '[', ']', '{', '}', '(', ')', '|', '||', '&&', '!', '&', '@', '*', '?', ':', ',', '`', "'", '"', '==', '!=', '<=', '>', '-', '0', '-1', '99999999999999999999', '1e400', '\\', '[?', '[]', '[*]', '[::0]', '[:', 'sort(', 'length(', 'to_number(', 'abs(', 'Keys', 'KeyId', '$', '#', ' ', '\n', '\t', '\u00e9', '💥', '\\u00', '`[`', '`{"a":`'),
);
const expressions = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...SEEDS).chain((s) => mutatedText(s, TOKENS)) },
  { weight: 2, arbitrary: fc.array(TOKENS, { maxLength: 10 }).map((t) => t.join('')) },
  { weight: 2, arbitrary: fc.constantFrom(...SEEDS) },
  { weight: 1, arbitrary: fc.record({ n: fc.integer({ min: 10, max: 1_500 }), open: fc.constantFrom('(', '[', '{a:', 'a.', '!', '[0]', '`[', 'f(') }).map(({ n, open }) => nestedText(open, 'x', open === '(' ? ')' : open === '[' ? ']' : open === '{a:' ? '}' : open === 'f(' ? ')' : '', n)) },
);

/** A response like the engine's: strings, numbers, booleans, blobs, dates, lists, maps, and odd values. */
const responses = fc.record({
  Keys: fc.array(fc.record({ KeyId: hostileString, KeyArn: fc.string(), Size: hugeNumber, Enabled: fc.boolean(), Tags: fc.array(fc.record({ TagKey: hostileString, TagValue: hostileString }), { maxLength: 2 }) }), { maxLength: 4 }),
  KeyMetadata: fc.record({ KeyId: fc.uuid(), Arn: fc.string(), Enabled: fc.boolean(), CreationDate: fc.date({ noInvalidDate: true }) }),
  Aliases: fc.array(fc.record({ AliasName: fc.constantFrom('alias/aws/ebs', 'alias/x', '') }), { maxLength: 3 }),
  CiphertextBlob: fc.uint8Array({ maxLength: 40 }),
  Created: fc.date({ noInvalidDate: true }),
  Truncated: fc.boolean(),
  Extra: jsonValue,
});
const FORMATS: OutputFormat[] = ['json', 'text', 'table', 'yaml', 'yaml-stream'];

describe('--query', () => {
  it('any expression compiles or is "Bad value for --query" (exit 252)', async () => {
    await fuzz('query: compile', 1000, expressions, (expr) => {
      const r = outcome(() => compileQuery(expr));
      if (r.ok) return 'compiled';
      const err = r.error as LocalError;
      expect(err.exitCode).toBe(EXIT.usage);
      expect(err.message.startsWith(`Bad value for --query ${expr}: `)).toBe(true);
      return 'refused';
    });
  });

  it('what compiles runs over any response and prints in every format, or is a one-line type error (exit 255)', async () => {
    const input = fc.tuple(expressions, responses, fc.constantFrom(...FORMATS), fc.integer({ min: 20, max: 200 }));
    await fuzz('query: run + format', 600, input, ([expr, response, format, width]) => {
      const compiled = outcome(() => compileQuery(expr));
      if (!compiled.ok) return 'refused';
      const r = outcome(() => formatOutput(response, { format, query: expr, operation: 'ListKeys', color: false, terminalWidth: width }));
      if (!r.ok) {
        expect((r.error as LocalError).exitCode).toBe(EXIT.other);
        expect(r.error.message).not.toContain('\n');
        return 'type error';
      }
      expect(typeof r.value).toBe('string');
      if (format === 'json') expect(() => JSON.parse(r.value)).not.toThrow();
      return 'printed';
    });
  });

  it('a lone `=` and a dot with nothing after it get Python jmespath\'s texts (regression: a TypeError leaked)', () => {
    const bad = (expr: string) => errorOf(outcome(() => compileQuery(expr)));
    expect(bad('=').message).toBe("Bad value for --query =: Bad jmespath expression: Unknown token '=':\n=\n^");
    expect(bad("a[?b=c] && c=='='").message).toBe("Bad value for --query a[?b=c] && c=='=': Bad jmespath expression: Unknown token '=':\na[?b=c] && c=='='\n    ^");
    expect(bad('Keys[].').message).toBe(
      'Bad value for --query Keys[].: Expecting: [\'quoted_identifier\', \'unquoted_identifier\', \'lbracket\', \'lbrace\'], got: eof: Parse error at column 7, token "" (EOF), for expression:\n"Keys[]."\n        ^',
    );
    expect(bad('a.|b').message).toMatch(/got: pipe: Parse error at column 2, token "\|" \(PIPE\)/);
    for (const ok of ['a[::2]', "a[?b=='=']", 'a.*', 'a."b"', 'a.[b, c]', 'a.{b: c}']) expect(outcome(() => compileQuery(ok)).ok).toBe(true);
  });

  it('a field named like an Object.prototype member is no key: null, as Python prints it (regression: `undefined`, `function Object()`)', () => {
    for (const q of ['constructor', '__proto__', 'Keys[0].toString', 'a.valueOf', 'hasOwnProperty', '[hasOwnProperty][0]']) {
      expect(formatOutput({ Keys: [{ KeyId: 'k' }], a: {} }, { format: 'json', query: q, operation: 'ListKeys', color: false })).toBe('null\n');
      expect(formatOutput({ a: {} }, { format: 'yaml', query: q, operation: 'ListKeys', color: false })).toBe('null\n...\n');
    }
    expect(formatOutput({ constructor: 'own' }, { format: 'json', query: 'constructor', operation: 'ListKeys', color: false })).toBe('"own"\n');
    // truthiness of a map still works on these maps (jmespath.js calls their hasOwnProperty)
    expect(formatOutput({ a: { b: 1 } }, { format: 'json', query: '!!a', operation: 'ListKeys', color: false })).toBe('true\n');
  });

  it('min_by and max_by of an empty list are null, as Python prints them (regression: `undefined`, which is no JSON)', () => {
    for (const q of ['min_by(Keys, &Size)', 'max_by(Keys, &Size)']) {
      expect(formatOutput({ Keys: [] }, { format: 'json', query: q, operation: 'ListKeys', color: false })).toBe('null\n');
      expect(formatOutput({ Keys: [] }, { format: 'text', query: q, operation: 'ListKeys', color: false })).toBe('None\n');
    }
  });

  it('nesting past the stack is awscli\'s "maximum recursion depth exceeded", never a stack overflow or a hang', () => {
    for (const expr of [nestedText('(', 'a', ')', 50_000), nestedText('[', '', ']', 50_000), nestedText('!', 'a', '', 50_000), `\`${nestedText('[', '1', ']', 50_000)}\``]) {
      const r = outcome(() => compileQuery(expr));
      if (!r.ok) expect((r.error as LocalError).exitCode).toBe(EXIT.usage);
    }
    const deep = outcome(() => compileQuery(nestedText('(', 'a', ')', 50_000)));
    expect(errorOf(deep).message).toBe(`Bad value for --query ${nestedText('(', 'a', ')', 50_000)}: maximum recursion depth exceeded`);
  });
});
