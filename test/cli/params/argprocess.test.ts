import { describe, expect, it } from 'vitest';
import { model } from '../../../src/services/kms/model/index.js';
import { parseParam } from '../../../src/cli/params/convert.js';
import { LocalError } from '../../../src/errors.js';
import { tempContext } from './fixtures.js';
import { oracleMissing, runPython } from './oracle.js';

// Flag values of real KMS operations through awscli's ParamShorthandParser + unpack_cli_arg (the
// shorthand-or-JSON decision and the model-driven coercions) and through parseParam.
const CASES: [string, string, string | string[]][] = [
  ['Encrypt', 'EncryptionContext', 'a=b,c=d'],
  ['Encrypt', 'EncryptionContext', '{"a": "b"}'],
  ['Encrypt', 'EncryptionContext', '  {"a": "b", "a": "c"}'],
  ['Encrypt', 'EncryptionContext', 'k='],
  ['Encrypt', 'EncryptionContext', 'a=b,c'],
  ['Encrypt', 'EncryptionContext', 'purpose=x y,app="q,r"'],
  ['Encrypt', 'EncryptionContext', '{bad json'],
  ['Encrypt', 'EncryptionContext', 'a=1,a=2'],
  ['Encrypt', 'EncryptionContext', ''],
  ['Encrypt', 'GrantTokens', ['t1', 't2']],
  ['Encrypt', 'GrantTokens', ['["t1", "t2"]']],
  ['Encrypt', 'GrantTokens', ['a=b']],
  ['Encrypt', 'KeyId', 'alias/x'],
  ['CreateKey', 'Tags', ['TagKey=a,TagValue=b', 'TagKey=c,TagValue=d']],
  ['CreateKey', 'Tags', ['[{"TagKey": "a", "TagValue": "b"}]']],
  ['CreateKey', 'Tags', ['{"TagKey": "a", "TagValue": "b"}', '{"TagKey": "c"}']],
  ['CreateKey', 'Tags', ['{"TagKey": "a"}', 'TagKey=b']],
  ['CreateKey', 'Tags', ['TagKey=a', '{"TagKey": "b"}']],
  ['CreateKey', 'Tags', ['TagKey']],
  ['CreateKey', 'Tags', ['TagKey=[a,b]']],
  ['CreateKey', 'Tags', ['TagKey={x=y}']],
  ['CreateKey', 'Tags', ['  [{"TagKey": 1}]']],
  ['CreateKey', 'Tags', ['[1, 2.5, null, true]']],
  ['CreateKey', 'Tags', ['[1,']],
  ['Decrypt', 'Recipient', 'KeyEncryptionAlgorithm=RSAES_OAEP_SHA_256'],
  ['Decrypt', 'Recipient', '{"KeyEncryptionAlgorithm": "RSAES_OAEP_SHA_256"}'],
  ['Decrypt', 'Recipient', 'KeyEncryptionAlgorithm=a,b'],
  ['ListKeys', 'Limit', '10'],
  ['ListKeys', 'Limit', ' 7 '],
  ['ListKeys', 'Limit', 'ten'],
];

const PY = `
import json, sys
import botocore.session
from botocore import xform_name
from awscli.argprocess import ParamShorthandParser, unpack_cli_arg, ParamError
from awscli.arguments import CLIArgument
from awscli.shorthand import ShorthandParseSyntaxError
# the installed v1 prints a literal "{self._error_location()}"; v2 prints the location
ShorthandParseSyntaxError._construct_msg = lambda self: "Expected: '%s', received: '%s' for input:\\n%s" % (self.expected, self.actual, self._error_location())
session = botocore.session.get_session()
kms = session.get_service_model('kms')
out = []
for op, member, value in json.load(sys.stdin):
    om = kms.operation_model(op)
    arg = CLIArgument(xform_name(member, '-'), om.input_shape.members[member], om, session.get_component('event_emitter'))
    try:
        v = ParamShorthandParser()(arg, value, 'process-cli-arg.kms.' + xform_name(op, '-'))
        if v is None:
            v = unpack_cli_arg(arg, value)
        out.append({'ok': v})
    except ParamError as e:
        out.append({'err': str(e)})
    except ValueError as e:
        out.append({'err': str(e)})
print(json.dumps(out))
`;

const flagOf = (member: string) => `--${member.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;

/** Our value in the JSON form Python's json.dumps gives it (PyFloat → number). */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && 'value' in x && Object.keys(x).length === 1 ? (x as { value: number }).value : x)));

describe.skipIf(oracleMissing)('flag values against awscli argprocess', () => {
  if (oracleMissing) console.warn(`skipping: ${oracleMissing}`);
  const real = CASES.filter(([op]) => model.operations[op]);
  const theirs = oracleMissing ? [] : runPython<unknown[]>(PY, real);
  const ctx = tempContext();

  it.each(real.map((c, i) => [...c, i] as const))('%s %s %j', async (op, member, value, i) => {
    const input = model.shapes[model.operations[op]!.input] as { members: Record<string, { shape: string }> };
    let ours: unknown;
    try {
      ours = { ok: plain(await parseParam(model, input.members[member]!.shape, flagOf(member), value, ctx)) };
    } catch (e) {
      if (!(e instanceof LocalError)) throw e;
      ours = { err: e.message };
    }
    expect(ours).toEqual(theirs[i]);
  });
});
