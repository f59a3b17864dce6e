import { describe, expect, it } from 'vitest';
import { blobValue, pyB64Decode } from '../../../src/cli/params/blob.js';
import { LocalError } from '../../../src/errors.js';
import { oracleMissing, runPython } from './oracle.js';

// base64.b64decode(s) without validate: junk skipped, stops at full padding, dangling quanta fail
const INPUTS = [
  '', 'aGVsbG8=', 'aGVsbG8', 'aGVsbG8=a', 'abcde', 'abc', 'ab=c', 'a===', 'ab==cd', 'YQ', 'YQ==YQ==', '=YQ==',
  'Y=Q==', 'hello world!', 'aGVs\nbG8=\n', 'a b c d', '////', '++++', '-_-_', 'QUJD!!REVG', 'QQ=', 'QQ===', 'QUI=',
  'QUJDRA', '====', '*', 'AAAA====AAAA',
];

const PY = `
import base64, binascii, json, sys
out = []
for s in json.load(sys.stdin):
    try:
        out.append({'ok': list(base64.b64decode(s))})
    except (binascii.Error, ValueError) as e:
        out.append({'err': str(e)})
print(json.dumps(out))
`;

describe.skipIf(oracleMissing)('pyB64Decode against Python base64.b64decode', () => {
  if (oracleMissing) console.warn(`skipping: ${oracleMissing}`);
  it(`agrees on ${INPUTS.length} inputs`, () => {
    const theirs = runPython<unknown[]>(PY, INPUTS);
    INPUTS.forEach((s, i) => {
      let ours: unknown;
      try {
        ours = { ok: [...pyB64Decode(s)] };
      } catch (e) {
        ours = { err: (e as Error).message };
      }
      expect({ s, ...(ours as object) }).toEqual({ s, ...(theirs[i] as object) });
    });
  });
});

describe('blobValue', () => {
  it('passes bytes through in both formats', () => {
    const b = Uint8Array.from([1, 2]);
    expect(blobValue(b, 'base64')).toBe(b);
    expect(blobValue(b, 'raw-in-base64-out')).toBe(b);
  });
  it('reports invalid base64 as AWS CLI v2 does (exit 255)', () => {
    const err = (() => {
      try {
        blobValue('Hello from API Gateway!', 'base64');
      } catch (e) {
        return e as LocalError;
      }
    })();
    expect(err?.message).toBe('Invalid base64: "Hello from API Gateway!"');
    expect(err?.exitCode).toBe(255);
  });
});
