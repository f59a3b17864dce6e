// CloudFormation's table (src/services/cloudformation/model/): every reference resolves, every
// pattern compiles as src/api/validate.ts compiles it, and the shapes, operations and paginators are
// botocore's (compared through one python3 call; that part skips where botocore is missing).
import { describe, expect, it } from 'vitest';
import { commandName } from '../../src/api/model.js';
import type { StructureShape } from '../../src/api/types.js';
import { CLOUDFORMATION_ERROR_CODES, model } from '../../src/services/cloudformation/model/index.js';
import { uncompilablePatterns, unreachedShapes, unresolvedReferences } from '../support/model-checks.js';
import { botocoreModelOrSkip, operationDiffs, reportDiffs, shapeDiff } from '../support/botocore-model.js';
import { javaPattern } from '../../src/api/validate.js';

const OPERATIONS = [
  'CreateStack', 'UpdateStack', 'DeleteStack', 'DescribeStacks', 'DescribeStackEvents', 'DescribeStackResource',
  'DescribeStackResources', 'ListStacks', 'ListStackResources', 'GetTemplate', 'GetTemplateSummary', 'ValidateTemplate',
  'ListExports', 'CreateChangeSet', 'DescribeChangeSet', 'ExecuteChangeSet', 'DeleteChangeSet', 'ListChangeSets',
];

/** As src/api/validate.ts compiles a table's pattern. */
const compile = javaPattern;

describe('the CloudFormation table', () => {
  it('holds the 18 operations, each with a doc and kms cloudformation examples', () => {
    expect(Object.keys(model.operations).sort()).toEqual([...OPERATIONS].sort());
    for (const [name, op] of Object.entries(model.operations)) {
      expect(op.name).toBe(name);
      expect(op.doc.length).toBeGreaterThan(10);
      expect(op.examples?.length).toBeGreaterThan(0);
      for (const ex of op.examples ?? []) expect(ex.command.startsWith(`kms cloudformation ${commandName(name)} `) || ex.command === `kms cloudformation ${commandName(name)}`).toBe(true);
    }
  });

  it('resolves every reference: members, list members, map keys and values, inputs, outputs, errors', () => {
    expect(unresolvedReferences(model)).toEqual([]);
  });

  it('holds only shapes the operations reach', () => {
    expect(unreachedShapes(model)).toEqual([]);
  });

  it('has paginators whose tokens and result keys are members of the input and output', () => {
    for (const op of Object.values(model.operations)) {
      const p = op.paginator;
      if (!p) continue;
      const input = model.shapes[op.input] as StructureShape;
      const output = model.shapes[op.output!] as StructureShape;
      expect(input.members[p.inputToken], op.name).toBeDefined();
      expect(output.members[p.outputToken], op.name).toBeDefined();
      expect(output.members[p.resultKey], op.name).toBeDefined();
      // CloudFormation's paginators have no limit key: --page-size has nothing to set
      expect(p.limitKey, op.name).toBeUndefined();
    }
  });

  it('compiles every pattern as validate.ts does, and the patterns take ordinary values', () => {
    expect(uncompilablePatterns(model)).toEqual([]);
    const pattern = (ref: string): RegExp => compile((model.shapes[ref] as { pattern: string }).pattern);
    const stackArn = 'arn:aws:cloudformation:us-east-1:111122223333:stack/MyKMSKeyStack/5a3a2f40-0c2b-11ef-9f1a-0a1b2c3d4e5f';
    expect(pattern('StackNameOrId').test('MyKMSKeyStack')).toBe(true);
    expect(pattern('StackNameOrId').test(stackArn)).toBe(true);
    expect(pattern('StackNameOrId').test('1stack')).toBe(false);
    expect(pattern('ChangeSetNameOrId').test('rotate-on')).toBe(true);
    expect(pattern('ChangeSetNameOrId').test('arn:aws:cloudformation:us-east-1:111122223333:changeSet/rotate-on/0123abcd')).toBe(true);
    expect(pattern('ChangeSetName').test('rotate_on')).toBe(false);
    expect(pattern('ClientRequestToken').test('Console-CreateStack-7f59c3cf-00d2-40c7-b2ff-e75db0987002')).toBe(true);
    expect(pattern('HookInvocationId').test('7f59c3cf-00d2-40c7-b2ff-e75db0987002')).toBe(true);
  });

  it('gives every exception its wire code and status, and lists the codes', () => {
    const exceptions = Object.entries(model.shapes).filter(([, s]) => s.type === 'structure' && s.exception);
    expect(Object.keys(CLOUDFORMATION_ERROR_CODES).sort()).toEqual(exceptions.map(([n]) => n).sort());
    for (const [name, s] of exceptions) {
      expect((s as StructureShape).errorCode).toBe(CLOUDFORMATION_ERROR_CODES[name]);
      expect((s as StructureShape).httpStatusCode).toBeTypeOf('number');
    }
    expect(CLOUDFORMATION_ERROR_CODES['ChangeSetNotFoundException']).toBe('ChangeSetNotFound');
    expect((model.shapes['ChangeSetNotFoundException'] as StructureShape).httpStatusCode).toBe(404);
  });
});

// ---- against botocore ----

const { boto, skip } = botocoreModelOrSkip('cloudformation', '2010-05-15');

describe.skipIf(skip)('the CloudFormation table against botocore', () => {
  it('has botocore\'s metadata', () => {
    expect(model.fullName).toBe(boto.metadata['serviceFullName']);
    expect(model.abbreviation).toBe(boto.metadata['serviceAbbreviation']);
    expect(model.apiVersion).toBe(boto.metadata['apiVersion']);
    expect(model.protocol).toBe(boto.metadata['protocol']);
    expect(model.xmlNamespace).toBe(boto.metadata['xmlNamespace']);
  });

  it('has botocore\'s inputs, outputs, errors and paginators', () => {
    const diffs: string[] = [];
    for (const name of OPERATIONS) diffs.push(...operationDiffs(boto, name, model.operations[name]!));
    reportDiffs('cloudformation', boto, diffs);
    expect(diffs).toEqual([]);
  });

  it('has botocore\'s shapes: members in order, types, required, enums, min/max, patterns, error codes', () => {
    const diffs: string[] = [];
    for (const [name, s] of Object.entries(model.shapes)) {
      const b = boto.shapes[name];
      if (!b) {
        diffs.push(`${name}: not in botocore`);
        continue;
      }
      const diff = shapeDiff(name, s, b);
      if (diff) diffs.push(diff);
    }
    reportDiffs('cloudformation', boto, diffs);
    expect(diffs).toEqual([]);
  });
});
