import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { model } from '../../../src/services/kms/model/index.js';
import { BLOB, generateSkeleton, inputSkeletonJson, outputSkeleton, skeletonValue, yamlInputSkeleton } from '../../../src/cli/params/skeleton.js';
import { mini } from './fixtures.js';
import { oracleMissing, runPython } from './oracle.js';

// botocore's ArgumentGenerator over a hand-made model (via ShapeResolver) and over botocore's own
// KMS model, printed as generatecliskeleton.py prints it; random.choice pinned to the first value.
const PY = `
import json, sys, random
random.choice = lambda seq: seq[0]
from botocore.model import ShapeResolver
from botocore.utils import ArgumentGenerator
from awscli.utils import json_encoder
import botocore.session
doc = json.load(sys.stdin)
resolver = ShapeResolver(doc['shapes'])
out = []
for name, names in doc['mini']:
    out.append(json.dumps(ArgumentGenerator(use_member_names=names).generate_skeleton(resolver.get_shape_by_name(name)), indent=4, default=json_encoder) + '\\n')
kms = botocore.session.get_session().get_service_model('kms')
for op, kind in doc['real']:
    om = kms.operation_model(op)
    shape = om.input_shape if kind == 'input' else om.output_shape
    out.append(json.dumps(ArgumentGenerator(use_member_names=kind == 'output').generate_skeleton(shape), indent=4, default=json_encoder) + '\\n')
print(json.dumps(out))
`;

function botocoreShapes(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(mini.shapes)) {
    const { doc: _d, ...rest } = s as unknown as Record<string, unknown>;
    if (s.type === 'structure') rest.members = Object.fromEntries(Object.entries(s.members).map(([k, m]) => [k, { shape: m.shape }]));
    if (s.type === 'list') rest.member = { shape: s.member };
    if (s.type === 'map') Object.assign(rest, { key: { shape: s.key }, value: { shape: s.value } });
    out[name] = rest;
  }
  return out;
}

/** Our skeleton value printed like json.dumps(indent=4, default=json_encoder). */
const dumps = (v: unknown) =>
  `${JSON.stringify(v, function (this: Record<string, unknown>, k, x: unknown) {
    const raw = this[k];
    if (raw instanceof Date) return raw.toISOString().replace(/\.000Z$/, '');
    return raw === BLOB ? null : x;
  }, 4)}\n`;

const REAL: [string, 'input' | 'output'][] = [
  ['Encrypt', 'input'],
  ['CreateKey', 'input'],
  ['Decrypt', 'input'],
  ['ImportKeyMaterial', 'input'],
  ['ListKeys', 'input'],
  ['Encrypt', 'output'],
  ['ListAliases', 'output'],
  ['DescribeKey', 'output'],
];

describe.skipIf(oracleMissing)('skeletons against botocore ArgumentGenerator', () => {
  if (oracleMissing) console.warn(`skipping: ${oracleMissing}`);
  const real = REAL.filter(([op]) => model.operations[op]);
  const miniCases: [string, boolean][] = [['Req', false], ['Resp', true], ['Node', false], ['Tags', false]].filter(([n]) => n !== 'Tags') as [string, boolean][];
  const theirs = oracleMissing ? [] : runPython<string[]>(PY, { shapes: botocoreShapes(), mini: miniCases, real });

  it('input skeleton text for the hand-made model', () => {
    expect(inputSkeletonJson(mini, 'Req')).toBe(theirs[0]);
    expect(generateSkeleton(mini, 'Op', 'input')).toBe(theirs[0]);
  });
  it('member-name skeletons and recursion', () => {
    expect(dumps(skeletonValue(mini, 'Resp', true))).toBe(theirs[1]);
    expect(dumps(skeletonValue(mini, 'Node'))).toBe(theirs[2]);
  });
  it.each(real.map(([op, kind], i) => [op, kind, i] as const))('real model %s %s', (op, kind, i) => {
    const spec = model.operations[op]!;
    const ours = kind === 'input' ? inputSkeletonJson(model, spec.input) : dumps(skeletonValue(model, spec.output!, true));
    expect(ours).toBe(theirs[miniCases.length + i]);
  });
});

const YAML_REQ = `KeyId: ''  # [REQUIRED] Identifies the key.
Plaintext: !!binary '' # [REQUIRED] The data to protect.
EncryptionContext: # Extra data bound to the ciphertext.
  KeyName: ''
GrantTokens:
- ''
Algorithm: SYMMETRIC_DEFAULT  # The algorithm. Valid values are: SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1.
NumberOfBytes: 0
DryRun: true  # Checks permissions only.
Tags:
- TagKey: ''  # [REQUIRED] The key.
  TagValue: '' # [REQUIRED] The value.
Recipient:
  KeyEncryptionAlgorithm: SYMMETRIC_DEFAULT  #  Valid values are: SYMMETRIC_DEFAULT, RSAES_OAEP_SHA_1.
  AttestationDocument: !!binary ''
ValidTo: 1970-01-01 00:00:00
Tree:
  Name: ''
  Child: {}
`;

// No ruamel.yaml here to compare with: this golden text follows ruamel's rules as read from its source
// (CommentedMap._yaml_get_column: two spaces before a comment unless the previous key, or a
// commented key before the first key sorting at or after this one, has a comment).
describe('yaml-input skeleton', () => {
  it('prints the ruamel layout: comments, sequences at the key indent, !!binary', () => {
    expect(yamlInputSkeleton(mini, 'Req')).toBe(YAML_REQ);
    expect(generateSkeleton(mini, 'Op', 'yaml-input')).toBe(YAML_REQ);
  });
  it('reads back as the JSON skeleton', () => {
    const back = parseYaml(yamlInputSkeleton(mini, 'Req'), { customTags: ['binary', 'timestamp'] }) as Record<string, unknown>;
    expect(back.Tags).toEqual([{ TagKey: '', TagValue: '' }]);
    expect([...(back.Plaintext as Uint8Array)]).toEqual([]);
    expect(back.ValidTo).toEqual(new Date(0));
  });
  it('is {} for no input', () => expect(yamlInputSkeleton(mini, undefined)).toBe('{}\n'));
  it('works for every real operation', () => {
    for (const op of Object.values(model.operations)) {
      const text = yamlInputSkeleton(model, op.input);
      expect(() => parseYaml(text, { customTags: ['binary', 'timestamp'] })).not.toThrow();
    }
  });
});

describe('output skeleton', () => {
  it('uses member names and empty bytes', () => {
    expect(outputSkeleton(mini, 'Resp')).toEqual({ KeyId: 'KeyId', CiphertextBlob: new Uint8Array(), Tags: [{ TagKey: 'TagKey', TagValue: 'TagValue' }], Tokens: ['Str'] });
    expect(generateSkeleton(mini, 'Op', 'output')).toBe(
      '{\n    "KeyId": "KeyId",\n    "CiphertextBlob": "",\n    "Tags": [\n        {\n            "TagKey": "TagKey",\n            "TagValue": "TagValue"\n        }\n    ],\n    "Tokens": [\n        "Str"\n    ]\n}\n',
    );
  });
});
