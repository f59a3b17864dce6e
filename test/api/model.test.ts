// Compares the operation table in src/api with botocore's KMS model (service-2.json.gz and
// paginators-1.json) through one python3 call (test/support/botocore-model.ts); skips with a printed
// reason where either is missing.
import { describe, expect, it } from 'vitest';
import { commandName, flagName, operationForCommand } from '../../src/api/model.js';
import { model, shape } from '../../src/services/kms/model/index.js';
import type { Shape } from '../../src/api/types.js';
import { botocoreModelOrSkip, operationDiffs, reportDiffs, shapeDiff } from '../support/botocore-model.js';

// The facts the table must match: shapes, operations, paginators, and xform_name for every member
// and operation name.
const { boto, skip } = botocoreModelOrSkip('kms', '2014-11-01');

/** Prints every difference (so one run shows them all) and returns how many there were. */
const report = (diffs: string[]): number => reportDiffs('src/api', boto, diffs);

describe.skipIf(skip)('src/api against botocore', () => {
  it('has the same operations, inputs, outputs, errors and paginators', () => {
    const diffs: string[] = [];
    const want = Object.keys(boto.operations).sort();
    const have = Object.keys(model.operations).sort();
    if (want.join() !== have.join()) diffs.push(`operations: want ${want.join(',')} have ${have.join(',')}`);
    expect(have).toHaveLength(54);
    for (const name of Object.keys(boto.operations)) {
      const mine = model.operations[name];
      if (!mine) continue;
      if (mine.name !== name) diffs.push(`${name}: name ${mine.name}`);
      diffs.push(...operationDiffs(boto, name, mine));
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
      // JSON keeps key order, so member and enum order are compared too.
      const diff = shapeDiff(name, mine, s);
      if (diff) diffs.push(diff);
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
