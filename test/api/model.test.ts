// Compares the operation table in src/api with botocore's KMS model (service-2.json.gz and
// paginators-1.json) through one python3 call; skips with a printed reason where either is missing.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandName, flagName, operationForCommand } from '../../src/api/model.js';
import { model, shape } from '../../src/services/kms/model/index.js';
import type { Shape } from '../../src/api/types.js';

// One python3 run dumps the facts the table must match: shapes, operations, paginators, and
// xform_name for every member and operation name.
const DUMP = `
import gzip, json, os, sys
import botocore
base = os.path.join(os.path.dirname(botocore.__file__), 'data', 'kms', '2014-11-01')
m = json.load(gzip.open(os.path.join(base, 'service-2.json.gz')))
p = json.load(open(os.path.join(base, 'paginators-1.json')))['pagination']
names = set(m['operations'])
for s in m['shapes'].values():
    names.update(s.get('members', {}))
json.dump({'version': botocore.__version__, 'shapes': m['shapes'], 'operations': m['operations'],
           'paginators': p, 'xform': {n: botocore.xform_name(n, '-') for n in sorted(names)}}, sys.stdout)
`;

interface BotoShape {
  type: string;
  members?: Record<string, { shape: string; deprecated?: boolean }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  sensitive?: boolean;
  exception?: boolean;
  fault?: boolean;
  deprecated?: boolean;
}
interface Facts {
  version: string;
  shapes: Record<string, BotoShape>;
  operations: Record<string, { input: { shape: string }; output?: { shape: string }; errors?: { shape: string }[] }>;
  paginators: Record<string, Record<string, string>>;
  xform: Record<string, string>;
}

function loadFacts(): Facts | string {
  try {
    return JSON.parse(execFileSync('python3', ['-c', DUMP], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Facts;
  } catch (err) {
    return `python3 with botocore is not available (${(err as Error).message.split('\n')[0]})`;
  }
}

const facts = loadFacts();
const skip = typeof facts === 'string';
if (skip) console.warn(`skipping the botocore comparison: ${facts}`);
const boto = facts as Facts;

/** The facts of one of our shapes in botocore's vocabulary, so the two compare as JSON. */
function ours(s: Shape): BotoShape {
  const out: BotoShape = { type: s.type };
  if (s.type === 'structure') {
    out.members = Object.fromEntries(
      Object.entries(s.members).map(([n, m]) => [n, { shape: m.shape, ...(m.deprecated ? { deprecated: true } : {}) }]),
    );
    if (s.required) out.required = [...s.required];
    if (s.exception) out.exception = true;
    if (s.fault) out.fault = true;
  }
  if (s.type === 'list') out.member = { shape: s.member };
  if (s.type === 'map') Object.assign(out, { key: { shape: s.key }, value: { shape: s.value } });
  if (s.type === 'string' && s.enum) out.enum = [...s.enum];
  if ('min' in s && s.min !== undefined) out.min = s.min;
  if ('max' in s && s.max !== undefined) out.max = s.max;
  if (s.type === 'string' && s.pattern !== undefined) out.pattern = s.pattern;
  if ((s.type === 'string' || s.type === 'blob') && s.sensitive) out.sensitive = true;
  if (s.deprecated) out.deprecated = true;
  return out;
}

function theirs(s: BotoShape): BotoShape {
  const out: BotoShape = { type: s.type };
  if (s.members) {
    out.members = Object.fromEntries(
      Object.entries(s.members).map(([n, m]) => [n, { shape: m.shape, ...(m.deprecated ? { deprecated: true } : {}) }]),
    );
  }
  if (s.required) out.required = s.required;
  if (s.exception) out.exception = true;
  if (s.fault) out.fault = true;
  if (s.member) out.member = { shape: s.member.shape };
  if (s.key) Object.assign(out, { key: { shape: s.key.shape }, value: { shape: s.value!.shape } });
  for (const k of ['enum', 'min', 'max', 'pattern'] as const) if (s[k] !== undefined) Object.assign(out, { [k]: s[k] });
  if (s.sensitive) out.sensitive = true;
  if (s.deprecated) out.deprecated = true;
  return out;
}

/** Prints every difference (so one run shows them all) and returns how many there were. */
function report(diffs: string[]): number {
  if (diffs.length > 0) console.error(`src/api differs from botocore ${boto.version}:\n  ${diffs.join('\n  ')}`);
  return diffs.length;
}

describe.skipIf(skip)('src/api against botocore', () => {
  it('has the same operations, inputs, outputs, errors and paginators', () => {
    const diffs: string[] = [];
    const want = Object.keys(boto.operations).sort();
    const have = Object.keys(model.operations).sort();
    if (want.join() !== have.join()) diffs.push(`operations: want ${want.join(',')} have ${have.join(',')}`);
    expect(have).toHaveLength(54);
    for (const [name, op] of Object.entries(boto.operations)) {
      const mine = model.operations[name];
      if (!mine) continue;
      if (mine.name !== name) diffs.push(`${name}: name ${mine.name}`);
      if (mine.input !== op.input.shape) diffs.push(`${name}: input ${mine.input} != ${op.input.shape}`);
      if (mine.output !== op.output?.shape) diffs.push(`${name}: output ${mine.output} != ${op.output?.shape}`);
      const errs = (op.errors ?? []).map((e) => e.shape).join();
      if (mine.errors.join() !== errs) diffs.push(`${name}: errors ${mine.errors.join()} != ${errs}`);
      const pag = boto.paginators[name];
      const mp = mine.paginator;
      const wantPag = pag && {
        inputToken: pag.input_token, outputToken: pag.output_token, limitKey: pag.limit_key,
        resultKey: pag.result_key, moreResults: pag.more_results,
      };
      if (JSON.stringify(wantPag) !== JSON.stringify(mp && { ...mp })) {
        diffs.push(`${name}: paginator ${JSON.stringify(mp)} != ${JSON.stringify(wantPag)}`);
      }
      if (!mine.doc || !mine.examples?.length) diffs.push(`${name}: no doc or examples`);
    }
    expect(report(diffs)).toBe(0);
  });

  it('has every shape with the same members in order, types, required, enums, min/max, patterns', () => {
    const diffs: string[] = [];
    const want = Object.keys(boto.shapes).sort();
    const have = Object.keys(model.shapes).sort();
    if (want.join() !== have.join()) diffs.push(`shapes: missing ${want.filter((n) => !have.includes(n)).join(',')} extra ${have.filter((n) => !want.includes(n)).join(',')}`);
    for (const [name, s] of Object.entries(boto.shapes)) {
      const mine = model.shapes[name];
      if (!mine) continue;
      // JSON.stringify keeps key order, so member and enum order are compared too.
      const a = JSON.stringify(ours(mine));
      const b = JSON.stringify(theirs(s));
      if (a !== b) diffs.push(`${name}: have ${a}\n      want ${b}`);
    }
    expect(report(diffs)).toBe(0);
  });

  it('names flags and commands as botocore.xform_name(name, "-") does', () => {
    const diffs = Object.entries(boto.xform)
      .filter(([n, want]) => flagName(n) !== want)
      .map(([n, want]) => `flagName(${n}) = ${flagName(n)}, want ${want}`);
    for (const op of Object.keys(boto.operations)) {
      if (commandName(op) !== boto.xform[op]) diffs.push(`commandName(${op}) = ${commandName(op)}`);
    }
    expect(report(diffs)).toBe(0);
  });
});

describe('src/api helpers', () => {
  it('names commands and flags in kebab case', () => {
    expect(commandName('GenerateDataKeyPairWithoutPlaintext')).toBe('generate-data-key-pair-without-plaintext');
    expect(commandName('ReEncrypt')).toBe('re-encrypt');
    expect(flagName('KeyId')).toBe('key-id');
    expect(flagName('CloudHsmClusterId')).toBe('cloud-hsm-cluster-id');
    expect(flagName('XksProxyUriEndpoint')).toBe('xks-proxy-uri-endpoint');
    expect(flagName('AWSAccountId')).toBe('aws-account-id');
    expect(flagName('CustomKeyStoreHasCMKs')).toBe('custom-key-store-has-cmks');
    expect(flagName('already-kebab')).toBe('already-kebab');
  });

  it('finds operations by command and shapes by name', () => {
    expect(operationForCommand(model, 'encrypt')?.name).toBe('Encrypt');
    expect(operationForCommand(model, 'get-key-last-usage')?.name).toBe('GetKeyLastUsage');
    expect(operationForCommand(model, 'Encrypt')).toBeUndefined();
    expect(operationForCommand(model, 'toString')).toBeUndefined();
    expect(shape('PlaintextType')).toMatchObject({ type: 'blob', min: 1, max: 4096, sensitive: true });
    expect(() => shape('NoSuchShape')).toThrow(/unknown shape: NoSuchShape/);
    expect(() => shape('toString')).toThrow(/unknown shape/);
  });

  it('lists operations alphabetically and resolves every shape it references', () => {
    const names = Object.keys(model.operations);
    expect(names).toEqual([...names].sort());
    const refs = (s: Shape): string[] =>
      s.type === 'structure' ? Object.values(s.members).map((m) => m.shape)
      : s.type === 'list' ? [s.member]
      : s.type === 'map' ? [s.key, s.value]
      : [];
    for (const s of Object.values(model.shapes)) for (const r of refs(s)) expect(() => shape(r)).not.toThrow();
    for (const op of Object.values(model.operations)) {
      for (const r of [op.input, ...(op.output ? [op.output] : []), ...op.errors]) shape(r);
    }
  });

  it('documents every member and compiles every pattern as a JavaScript RegExp', () => {
    for (const [name, s] of Object.entries(model.shapes)) {
      if (s.type === 'structure') {
        for (const [m, spec] of Object.entries(s.members)) expect(spec.doc, `${name}.${m}`).toBeTruthy();
      }
      if (s.type === 'string' && s.pattern) expect(() => new RegExp(s.pattern!)).not.toThrow();
    }
  });
});
