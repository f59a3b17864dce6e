import { describe, expect, it } from 'vitest';
import { model } from '../../../src/services/kms/model/index.js';
import type { ServiceModel } from '../../../src/api/types.js';
import { clientValidate, validateClientSide, validationErrors } from '../../../src/cli/params/client-validate.js';
import { markOrdered, PyFloat, pyTypeName } from '../../../src/cli/params/pyrepr.js';
import { mini } from './fixtures.js';
import { oracleMissing, runPython } from './oracle.js';

const b = (s: string) => new TextEncoder().encode(s);
const ok = { KeyId: 'k', Plaintext: b('x') };

const MINI_CASES: Record<string, unknown>[] = [
  {},
  { KeyId: '', Plaintext: new Uint8Array() },
  { ...ok, NumberOfBytes: 0 },
  { ...ok, NumberOfBytes: -5 },
  { KeyId: 5, Plaintext: b('x') },
  { ...ok, Foo: 1, Bar: 2 },
  { ...ok, Tags: [{ TagKey: '', TagValue: 5 }] },
  { ...ok, Tags: [{ TagValue: 'v' }, { TagKey: 'k' }] },
  { ...ok, Tags: { a: 'b' } },
  { ...ok, Tags: markOrdered({ a: 'b', c: ['d'] }) },
  { ...ok, EncryptionContext: { a: 1, b: 'x', c: null } },
  { ...ok, EncryptionContext: ['a'] },
  { ...ok, GrantTokens: ['a', 1, null, true] },
  { ...ok, DryRun: 'yes' },
  { ...ok, NumberOfBytes: new PyFloat(1.5) },
  { ...ok, NumberOfBytes: new PyFloat(2) },
  { ...ok, NumberOfBytes: true },
  { ...ok, NumberOfBytes: false },
  { ...ok, Plaintext: 5 },
  { ...ok, Plaintext: null },
  { ...ok, Plaintext: 'text is fine' },
  { ...ok, ValidTo: 'soon' },
  { ...ok, ValidTo: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)) },
  { ...ok, Recipient: { AttestationDocument: 'abc', KeyEncryptionAlgorithm: 'nope' } },
  { ...ok, Tree: { Child: { Child: { Name: 5, Extra: 1 } } } },
  { ...ok, Tags: [[1], 'x'] },
  { ...ok, KeyId: b("it's") },
  { ...ok, KeyId: "quote's" },
  { ...ok, KeyId: ['a', "b'c", 'd"e', 'tab\there'] },
  { ...ok, KeyId: { n: [1, new PyFloat(0.1), new PyFloat(1e20), new PyFloat(1e-7)] } },
  { ...ok, KeyId: '\u00e9\u2713' },
];

/** Values → JSON the Python side turns back into bytes, floats, datetimes and OrderedDicts. */
function encode(v: unknown): unknown {
  if (v instanceof Uint8Array) return { __bytes__: [...v] };
  if (v instanceof PyFloat) return { __float__: v.value };
  if (v instanceof Date) return { __dt__: v.toISOString() };
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).map(([k, x]) => [k, encode(x)]);
    return markedOrdered(v) ? { __od__: entries } : Object.fromEntries(entries);
  }
  return v;
}
const markedOrdered = (v: object) => pyTypeName(v).includes('OrderedDict');

/** Our model as botocore's service-2.json shape dictionary. */
function botocoreShapes(m: ServiceModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(m.shapes)) {
    const { doc: _doc, ...rest } = s as unknown as Record<string, unknown>;
    if (s.type === 'structure') {
      rest.members = Object.fromEntries(Object.entries(s.members).map(([k, spec]) => [k, { shape: spec.shape }]));
      delete rest.exception;
    }
    if (s.type === 'list') rest.member = { shape: s.member };
    if (s.type === 'map') Object.assign(rest, { key: { shape: s.key }, value: { shape: s.value } });
    out[name] = rest;
  }
  return out;
}

const PY = `
import json, sys, datetime
from collections import OrderedDict
from botocore.model import ShapeResolver
from botocore.validate import ParamValidator
import botocore.session

def dec(v):
    if isinstance(v, dict):
        if '__bytes__' in v: return bytes(v['__bytes__'])
        if '__float__' in v: return float(v['__float__'])
        if '__dt__' in v: return datetime.datetime.fromisoformat(v['__dt__'].replace('Z', '+00:00'))
        if '__od__' in v: return OrderedDict((k, dec(x)) for k, x in v['__od__'])
        return {k: dec(x) for k, x in v.items()}
    if isinstance(v, list): return [dec(x) for x in v]
    return v

doc = json.load(sys.stdin)
out = []
resolver = ShapeResolver(doc['shapes'])
for params in doc['mini']:
    out.append(ParamValidator().validate(dec(params), resolver.get_shape_by_name('Req')).generate_report())
kms = botocore.session.get_session().get_service_model('kms')
for op, params in doc['real']:
    out.append(ParamValidator().validate(dec(params), kms.operation_model(op).input_shape).generate_report())
print(json.dumps(out))
`;

const REAL_CASES: [string, Record<string, unknown>][] = [
  ['Encrypt', {}],
  ['Encrypt', { KeyId: '', Plaintext: new Uint8Array(), EncryptionContext: { a: 1 } }],
  ['GenerateRandom', { NumberOfBytes: 0 }],
  ['CreateKey', { Tags: [{ TagKey: '' }], Policy: '' }],
  ['Decrypt', { CiphertextBlob: b('x'), GrantTokens: [''], Bogus: true }],
  ['ListKeys', { Limit: 0, Marker: '' }],
  ['ScheduleKeyDeletion', { KeyId: 'k', PendingWindowInDays: 0 }],
];

describe.skipIf(oracleMissing)('client validation against botocore ParamValidator', () => {
  if (oracleMissing) console.warn(`skipping: ${oracleMissing}`);
  const real = REAL_CASES.filter(([op]) => model.operations[op]);
  const theirs = oracleMissing
    ? []
    : runPython<string[]>(PY, { shapes: botocoreShapes(mini), mini: MINI_CASES.map(encode), real: real.map(([op, p]) => [op, encode(p)]) });

  it.each(MINI_CASES.map((c, i) => [i, c] as const))('hand-made model case %i', (i, params) => {
    expect(validationErrors(mini, 'Req', params).join('\n')).toBe(theirs[i]);
  });

  it.each(real.map(([op, p], i) => [op, p, i] as const))('real model: %s %o', (op, params, i) => {
    expect(validationErrors(model, model.operations[op]!.input, params).join('\n')).toBe(theirs[MINI_CASES.length + i]);
  });
});

describe('clientValidate', () => {
  it('gives a usage error with the report', () => {
    const err = clientValidate(mini, 'Req', { KeyId: 'k' });
    expect(err?.message).toBe('Parameter validation failed:\nMissing required parameter in input: "Plaintext"');
    expect(err?.exitCode).toBe(252);
    expect(clientValidate(mini, 'Req', ok)).toBeUndefined();
  });
  it('validateClientSide throws for an operation', () => {
    expect(() => validateClientSide(mini, 'Op', {})).toThrow('Missing required parameter in input: "KeyId"');
    expect(() => validateClientSide(mini, 'Op', ok)).not.toThrow();
  });
});
