import { describe, expect, it } from 'vitest';
import { pyJsonLoads } from '../../../src/cli/params/pyjson.js';
import { PyFloat, pyRepr } from '../../../src/cli/params/pyrepr.js';
import { oracleMissing, runPython } from './oracle.js';

// json.loads on each input: repr() of the value, or str() of the JSONDecodeError
const INPUTS = [
  '', ' ', '{', '{"a"', '{"a":', '{"a":1', '{"a":1,}', '[1,]', '[1 2]', '"abc', '"a\\x"', '"a\\u12"', '"a\nb"',
  '{a:1}', '1 2', 'tru', '-', '-x', '01', '1.', '[', '\ufeff{}', '{"a" 1}', 'nul', '\n\n  {x', '{"a": [1, 2.5, -0, 1e3]}',
  '{"k": "v", "k": "w"}', '"\\u00e9\\ud83d\\ude00"', '[true, false, null]', '{"a": {"b": []}}', '"tab\\there"', '[1e400]',
  ' {"KeyId": "k"} ', '{"a":"b"}x', '[-1.5E-3]', '"\\/"', '{"":""}', '[1,\n2,\n]',
];

const PY = `
import json, sys
out = []
for s in json.load(sys.stdin):
    try:
        out.append({'ok': repr(json.loads(s))})
    except ValueError as e:
        out.append({'err': str(e)})
print(json.dumps(out))
`;

describe.skipIf(oracleMissing)('pyJsonLoads against Python json.loads', () => {
  if (oracleMissing) console.warn(`skipping: ${oracleMissing}`);
  it(`agrees on ${INPUTS.length} inputs`, () => {
    const theirs = runPython<unknown[]>(PY, INPUTS);
    INPUTS.forEach((s, i) => {
      let ours: unknown;
      try {
        ours = { ok: pyRepr(pyJsonLoads(s)) };
      } catch (e) {
        ours = { err: (e as Error).message };
      }
      expect({ s, ...(ours as object) }).toEqual({ s, ...(theirs[i] as object) });
    });
  });
});

describe('pyJsonLoads', () => {
  it('keeps ints and floats apart', () => {
    expect(pyJsonLoads('[1, 1.0]')).toEqual([1, new PyFloat(1)]);
  });
});
