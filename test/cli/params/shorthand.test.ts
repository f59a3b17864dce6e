import { describe, expect, it } from 'vitest';
import { parseShorthand, ShorthandParseError } from '../../../src/cli/params/shorthand.js';
import { oracleMissing, runPython } from './oracle.js';

// Inputs run through both parsers: parse trees, and error texts, must be equal.
const CASES: string[] = [
  'foo=bar',
  'foo=bar,baz=qux',
  'a=b,c=d,e=f',
  'foo=',
  'foo=,bar=',
  'foo=\u2713',
  'foo=\u2713,\u2713',
  'foo=a,b',
  'foo=a,b,c',
  'foo=a,b,bar=c,d',
  'foo=a,b,c,bar=d,e,f',
  'foo=a,b=with space',
  'foo=a,b=with trailing space  ',
  'foo=first space',
  'foo=a space,bar=a space,baz=a space',
  'foo=[a,b]',
  'foo=[a,b],bar=[c]',
  'foo=[]',
  'foo=[ a , b ]',
  'foo={a=b,c=d}',
  'foo={a=b,c=[d,e]}',
  'foo={a={b=c}}',
  'foo=[{a=b},{c=d}]',
  "foo='bar baz'",
  'foo="bar,baz"',
  "foo='a\\'b'",
  'foo="a\\"b"',
  'foo=a\\,b',
  'foo=a\\,b,c',
  'foo=a=b',
  'key-with.dots_and/slash:colon#=v',
  'foo = bar',
  'foo=bar , baz=qux',
  'TagKey=a,TagValue=b',
  'a=b c=d',
  'a=b,,c=d',
  'a={b=c},d=e',
  'a=[{b=c,d=[e,f]}]',
  'a=[b,[c,d]]',
  'a=\tb',
  'a=b\\',
  'a="",b=\'\'',
  'foo=bar,"baz"',
  'foo="a",b',
  'a=x,y,b="q,r"',
  'a=1,b=true,c=[1,2]',
  'k=v\nk2=v2',
  'a=b|c~d^e',
  'a=]x',
  'a=}x',
  'a=x{y',
  // errors
  'foo',
  'foo==bar',
  'foo=bar,',
  'a=b,a=c',
  'a=b,c=d,a=x',
  '=bar',
  'foo=[a,b',
  'foo={a=b',
  "foo='unterminated",
  'foo=[a b]',
  'foo=bar,\nbaz==x',
  'foo==bar,\nbaz=x',
  '',
  'foo={a}',
  'foo=a,b,c=d,e=f,',
  'a=b c',
  '{a=b}',
  'a=[b]x',
];

const PY = `
import json, sys
from awscli.shorthand import ShorthandParser, ShorthandParseSyntaxError, ShorthandParseError
out = []
for s in json.load(sys.stdin):
    try:
        out.append({'ok': ShorthandParser().parse(s)})
    except ShorthandParseSyntaxError as e:
        # the installed v1 prints a literal "{self._error_location()}" (an f-string slip);
        # AWS CLI v2 prints the location, as built here
        out.append({'err': "Expected: '%s', received: '%s' for input:\\n%s" % (e.expected, e.actual, e._error_location())})
    except ShorthandParseError as e:
        out.append({'err': str(e)})
print(json.dumps(out))
`;

function ours(s: string): { ok: unknown } | { err: string } {
  try {
    return { ok: parseShorthand(s) };
  } catch (e) {
    if (e instanceof ShorthandParseError) return { err: e.message };
    throw e;
  }
}

describe.skipIf(oracleMissing)('shorthand parser against awscli/shorthand.py', () => {
  if (oracleMissing) console.warn(`skipping: ${oracleMissing}`);
  it(`agrees on ${CASES.length} inputs`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    const theirs = runPython<unknown[]>(PY, CASES);
    expect(theirs).toHaveLength(CASES.length);
    CASES.forEach((input, i) => {
      expect({ input, ...ours(input) }).toEqual({ input, ...(theirs[i] as object) });
    });
  });
});

describe('shorthand parser', () => {
  it.each([
    ['foo=bar', { foo: 'bar' }],
    ['a=b,c', { a: ['b', 'c'] }],
    ['foo=a,b,c=d,e=f', { foo: ['a', 'b'], c: 'd', e: 'f' }],
    ['k=', { k: '' }],
    ['a={b=[c,{d=e}]}', { a: { b: ['c', { d: 'e' }] } }],
    ["a='x,y',b=\"z w\"", { a: 'x,y', b: 'z w' }],
    ['a=x\\,y', { a: 'x,y' }],
    // upstream's quoted regexes take \\ as an escaped backslash; the installed v1 copy lacks that
    // alternative and fails on this input, so it is not in the oracle table
    ["a='x\\\\',b='c'", { a: 'x\\', b: 'c' }],
    ['a="x\\\\",b="c"', { a: 'x\\', b: 'c' }],
  ])('%s', (input, expected) => {
    expect(parseShorthand(input)).toEqual(expected);
  });

  it.each([
    ['foo', "Expected: '=', received: 'EOF' for input:\nfoo\n   ^"],
    ['a==b', "Expected: ',', received: '=' for input:\na==b\n  ^"],
    ['a=b,a=c', 'Second instance of key "a" encountered for input:\na=b,a=c\n    ^\nThis is often because there is a preceding "," instead of a space.'],
    ['a=[b', "Expected: ',', received: 'EOF' for input:\na=[b\n    ^"],
  ])('%s fails', (input, message) => {
    expect(() => parseShorthand(input)).toThrow(message);
  });

  it('resolves key@=file values through the resolver only after @=', () => {
    const resolve = (v: string) => (v === 'file://x' ? 'X-CONTENT' : undefined);
    expect(parseShorthand('a@=file://x,b=file://x', resolve)).toEqual({ a: 'X-CONTENT', b: 'file://x' });
    expect(parseShorthand('a@=[file://x,y]', resolve)).toEqual({ a: ['X-CONTENT', 'y'] });
  });
});
