// The CloudTrail and Cost Explorer tables (src/services/{cloudtrail,ce}/model/), one operation each:
// every reference resolves, every shape is one the operation reaches, every pattern compiles as
// src/api/validate.ts compiles it, and the operation, its shapes and its paginator
// are botocore's (compared through one python3 call per service; that part skips where botocore is
// missing).
import { describe, expect, it } from 'vitest';
import { commandName } from '../../src/api/model.js';
import type { ServiceModel, StructureShape } from '../../src/api/types.js';
import { model as ce } from '../../src/services/ce/model/index.js';
import { model as cloudtrail } from '../../src/services/cloudtrail/model/index.js';
import { uncompilablePatterns, unreachedShapes, unresolvedReferences } from '../support/model-checks.js';
import { botocoreModelOrSkip, operationDiffs, reportDiffs, shapeDiff } from '../support/botocore-model.js';
import { javaPattern } from '../../src/api/validate.js';

/** As src/api/validate.ts compiles a table's pattern. */
const compile = javaPattern;

const pattern = (model: ServiceModel, ref: string): RegExp => compile((model.shapes[ref] as { pattern: string }).pattern);
const struct = (model: ServiceModel, ref: string): StructureShape => model.shapes[ref] as StructureShape;

interface Table {
  model: ServiceModel;
  name: string;
  operation: string;
  apiVersion: string;
  example: string;
  /** Members that must carry a doc of ours: [structure, member]. */
  documented: [string, string][];
}

const TABLES: Table[] = [
  {
    model: cloudtrail,
    name: 'cloudtrail',
    operation: 'LookupEvents',
    apiVersion: '2013-11-01',
    example: 'kms cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=Decrypt',
    documented: ['LookupAttributes', 'StartTime', 'EndTime', 'MaxResults', 'NextToken', 'EventCategory'].map((m) => ['LookupEventsRequest', m]),
  },
  {
    model: ce,
    name: 'ce',
    operation: 'GetCostAndUsage',
    apiVersion: '2017-10-25',
    example: 'kms ce get-cost-and-usage --time-period Start=2026-11-01,End=2026-12-01 --granularity MONTHLY --metrics UnblendedCost --group-by Type=DIMENSION,Key=USAGE_TYPE',
    documented: ['TimePeriod', 'Granularity', 'Metrics', 'GroupBy', 'Filter', 'NextPageToken'].map((m) => ['GetCostAndUsageRequest', m]),
  },
];

describe.each(TABLES)('the $name table', ({ model, name, operation, example, documented }) => {
  it(`holds ${operation} alone, with a doc and kms ${name} examples`, () => {
    expect(model.id).toBe(name);
    expect(Object.keys(model.operations)).toEqual([operation]);
    const op = model.operations[operation]!;
    expect(op.name).toBe(operation);
    expect(op.doc.length).toBeGreaterThan(10);
    expect(op.examples?.map((ex) => ex.command)).toContain(example);
    for (const ex of op.examples ?? []) {
      expect(ex.command.startsWith(`kms ${name} ${commandName(operation)} `)).toBe(true);
      expect(ex.description.length).toBeGreaterThan(10);
    }
  });

  it('documents the important members', () => {
    for (const [s, m] of documented) expect(struct(model, s).members[m]?.doc, `${s}.${m}`).toMatch(/\w.*\./);
  });

  it('resolves every reference: members, list members, map keys and values, input, output, errors', () => {
    expect(unresolvedReferences(model)).toEqual([]);
  });

  it('holds only shapes the operation reaches', () => {
    expect(unreachedShapes(model)).toEqual([]);
  });

  it('marks its exceptions, none with a wire code or status of its own (botocore gives them none)', () => {
    const exceptions = Object.entries(model.shapes).filter(([, s]) => s.type === 'structure' && s.exception);
    expect(exceptions.map(([n]) => n).sort()).toEqual([...model.operations[operation]!.errors].sort());
    for (const [, s] of exceptions) {
      expect((s as StructureShape).errorCode).toBeUndefined();
      expect((s as StructureShape).httpStatusCode).toBeUndefined();
      expect((s as StructureShape).fault).toBeUndefined();
    }
  });

  it('compiles every pattern as validate.ts does', () => {
    expect(uncompilablePatterns(model)).toEqual([]);
  });
});

describe('the CloudTrail table', () => {
  it('pages LookupEvents by NextToken, MaxResults setting the page size', () => {
    const op = cloudtrail.operations['LookupEvents']!;
    expect(op.paginator).toEqual({ inputToken: 'NextToken', outputToken: 'NextToken', limitKey: 'MaxResults', resultKey: 'Events' });
    const input = struct(cloudtrail, op.input);
    const output = struct(cloudtrail, op.output!);
    expect(input.members['NextToken']).toBeDefined();
    expect(input.members['MaxResults']).toBeDefined();
    expect(output.members['NextToken']).toBeDefined();
    expect(output.members['Events']).toBeDefined();
    expect(cloudtrail.shapes['MaxResults']).toMatchObject({ type: 'integer', min: 1, max: 50 });
  });

  it('travels as AWS JSON 1.1 under CloudTrail\'s target prefix', () => {
    expect(cloudtrail).toMatchObject({
      protocol: 'json',
      jsonVersion: '1.1',
      targetPrefix: 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101',
      errorNamespace: 'http://internal.amazon.com/coral/com.amazonaws.cloudtrail.v20131101/',
    });
  });
});

describe('the Cost Explorer table', () => {
  it('has no paginator for GetCostAndUsage (botocore has none): NextPageToken is an ordinary member', () => {
    const op = ce.operations['GetCostAndUsage']!;
    expect(op.paginator).toBeUndefined();
    expect(struct(ce, op.input).members['NextPageToken']).toBeDefined();
    expect(struct(ce, op.output!).members['NextPageToken']).toBeDefined();
    expect(struct(ce, op.input).required).toEqual(['TimePeriod', 'Granularity', 'Metrics']);
  });

  it('travels as AWS JSON 1.1 under Cost Explorer\'s target prefix', () => {
    expect(ce).toMatchObject({ protocol: 'json', jsonVersion: '1.1', targetPrefix: 'AWSInsightsIndexService' });
  });

  it('has patterns that take ordinary values', () => {
    expect(pattern(ce, 'YearMonthDay').test('2026-11-01')).toBe(true);
    expect(pattern(ce, 'YearMonthDay').test('2026-11-01T00:00:00Z')).toBe(true);
    expect(pattern(ce, 'YearMonthDay').test('11/01/2026')).toBe(false);
    expect(pattern(ce, 'MetricName').test('UnblendedCost')).toBe(true);
    expect(pattern(ce, 'GroupDefinitionKey').test('USAGE_TYPE')).toBe(true);
    expect(pattern(ce, 'BillingViewArn').test('arn:aws:billing::111122223333:billingview/primary')).toBe(true);
    expect(pattern(ce, 'BillingViewArn').test('arn:aws:kms:us-east-1:111122223333:key/1234abcd')).toBe(false);
  });

  it('keeps botocore\'s CostCategoryName pattern, whose hyphen after \\p{Z} validate.ts reads as Java does', () => {
    const java = (ce.shapes['CostCategoryName'] as { pattern: string }).pattern;
    expect(java).toBe('^(?! )[\\p{L}\\p{N}\\p{Z}-_]*(?<! )$');
    const meant = compile(java);
    expect(meant.test('Team-A_Keys 2')).toBe(true);
    expect(meant.test(' leading')).toBe(false);
    expect(meant.test('trailing ')).toBe(false);
    expect(meant.test('a/b')).toBe(false);
  });
});

// ---- against botocore ----

describe.each(TABLES)('the $name table against botocore', ({ model, name, operation, apiVersion }) => {
  const { boto, skip } = botocoreModelOrSkip(name, apiVersion);

  it.skipIf(skip)('has botocore\'s metadata', () => {
    expect(model.fullName).toBe(boto.metadata['serviceFullName']);
    expect(model.abbreviation).toBe(boto.metadata['serviceAbbreviation']);
    expect(model.apiVersion).toBe(boto.metadata['apiVersion']);
    expect(model.protocol).toBe(boto.metadata['protocol']);
    expect(model.jsonVersion).toBe(boto.metadata['jsonVersion']);
    expect(model.targetPrefix).toBe(boto.metadata['targetPrefix']);
    expect(model.xmlNamespace).toBeUndefined();
  });

  it.skipIf(skip)('has botocore\'s input, output, errors and paginator', () => {
    const diffs = operationDiffs(boto, operation, model.operations[operation]!);
    reportDiffs(name, boto, diffs);
    expect(diffs).toEqual([]);
  });

  it.skipIf(skip)('holds exactly the shapes botocore\'s operation reaches', () => {
    const reached = new Set<string>();
    const visit = (ref: string): void => {
      if (reached.has(ref)) return;
      reached.add(ref);
      const s = boto.shapes[ref]!;
      for (const m of Object.values(s.members ?? {})) visit(m.shape);
      for (const r of [s.member, s.key, s.value]) if (r) visit(r.shape);
    };
    const op = boto.operations[operation]!;
    for (const ref of [op.input, op.output, ...(op.errors ?? [])]) if (ref) visit(ref.shape);
    expect(Object.keys(model.shapes).sort()).toEqual([...reached].sort());
  });

  it.skipIf(skip)('has botocore\'s shapes: members in order, types, required, enums, min/max, patterns', () => {
    const diffs: string[] = [];
    for (const [n, s] of Object.entries(model.shapes)) {
      const b = boto.shapes[n];
      if (!b) {
        diffs.push(`${n}: not in botocore`);
        continue;
      }
      const diff = shapeDiff(n, s, b);
      if (diff) diffs.push(diff);
    }
    reportDiffs(name, boto, diffs);
    expect(diffs).toEqual([]);
  });
});
