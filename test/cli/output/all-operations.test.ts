// formatOutput against the installed AWS CLI's formatters for every KMS operation with an output
// shape: seeded sample responses, put through conformOutput as the CLI does, in json, text, table.
import { describe, expect, it } from 'vitest';
import { conformOutput } from '../../../src/api/conform.js';
import { formatOutput, isoTimestamp, type OutputFormat } from '../../../src/cli/output/index.js';
import { model } from '../../../src/services/kms/model/index.js';
import {
  operationsWithOutput,
  reachableShapes,
  sampleResponse,
  shapesFilled,
  toWire,
  VARIANTS,
} from './all-ops-gen.js';
import { queriesFor } from './all-ops-queries.js';
import { awscliMissing, runOracle } from './oracle.js';

if (awscliMissing) console.warn(`skipping the all-operations awscli comparisons: ${awscliMissing}`);

const FORMATS: readonly OutputFormat[] = ['json', 'text', 'table'];
// Variants the --query expressions run over: every member present, and members left out.
const QUERY_VARIANTS = [VARIANTS[0]!, VARIANTS[3]!];

// Pinned so that a generator change or a silent skip shows up as a failure.
const OPERATIONS = 40;
const EXPECTED_CASES = 1782;
// Of them, cases where the AWS CLI's own formatter crashes (text and table on a list that mixes
// a structure and a list) and cases where a JMESPath function gets the wrong type at run time.
const EXPECTED_AWSCLI_CRASHES = 4;
const EXPECTED_QUERY_TYPE_ERRORS = 21;

/** A Python exception from inside awscli/text.py or awscli/table.py, not a message for users. */
const awscliCrash = (error: string): boolean =>
  /object has no attribute|indices must be integers|object is not iterable/.test(error);
/** jmespath's JMESPathTypeError, which the AWS CLI prints as is (exit 255). */
const queryTypeError = (error: string): boolean => error.startsWith('In function ');

interface Case {
  name: string;
  format: OutputFormat;
  operation: string;
  response: Record<string, unknown>;
  query?: string;
}

const ops = operationsWithOutput();
const cases: Case[] = [];
for (const operation of ops) {
  for (const variant of VARIANTS) {
    const response = conformOutput(model, operation, sampleResponse(operation, variant));
    for (const format of FORMATS) {
      cases.push({ name: `${operation} (${variant.name}) --output ${format}`, format, operation, response });
    }
  }
  for (const variant of QUERY_VARIANTS) {
    const response = conformOutput(model, operation, sampleResponse(operation, variant));
    for (const query of queriesFor(operation)) {
      for (const format of FORMATS) {
        cases.push({
          name: `${operation} (${variant.name}) --query '${query}' --output ${format}`,
          format,
          operation,
          response,
          query,
        });
      }
    }
  }
}

describe('the sample responses', () => {
  it('cover every operation with an output shape and every shape reachable from it', () => {
    expect(ops).toHaveLength(OPERATIONS);
    expect(cases).toHaveLength(EXPECTED_CASES);
    for (const operation of ops) {
      const ref = model.operations[operation]!.output!;
      const full = sampleResponse(operation, VARIANTS[0]!);
      // The full variant fills every nested shape, enums and map keys included.
      expect([...shapesFilled(ref, full)].sort(), operation).toEqual([...reachableShapes(ref)].sort());
      // conformOutput keeps every generated member: the generator only uses model names.
      expect(Object.keys(conformOutput(model, operation, full)).sort()).toEqual(Object.keys(full).sort());
    }
  });

  it('leave optional members out in the sparse variants', () => {
    const sparse = ops.filter((op) => {
      const full = Object.keys(sampleResponse(op, VARIANTS[0]!)).length;
      return Object.keys(sampleResponse(op, VARIANTS[3]!)).length < full;
    });
    expect(sparse.length).toBeGreaterThan(25);
  });

  it('are deterministic', () => {
    const a = toWire(sampleResponse('DescribeKey', VARIANTS[3]!), isoTimestamp);
    const b = toWire(sampleResponse('DescribeKey', VARIANTS[3]!), isoTimestamp);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe.skipIf(awscliMissing !== undefined)('every operation prints as the AWS CLI prints it', () => {
  // Blobs go to python as base64 and timestamps as our isoTimestamp strings, as botocore would
  // hand them to the formatter; the table title is the operation name.
  const expected = awscliMissing
    ? []
    : runOracle<{ out?: string; error?: string }>(
        cases.map((c) => ({
          format: c.format,
          operation: c.operation,
          data: toWire(c.response, isoTimestamp),
          query: c.query,
          color: 'off',
        })),
      );

  it('ran every case through the oracle', () => {
    expect(expected).toHaveLength(EXPECTED_CASES);
    expect(expected.filter((w) => w.error !== undefined && awscliCrash(w.error))).toHaveLength(EXPECTED_AWSCLI_CRASHES);
    expect(expected.filter((w) => w.error !== undefined && queryTypeError(w.error))).toHaveLength(EXPECTED_QUERY_TYPE_ERRORS);
  });

  cases.forEach((c, i) => {
    const run = (): string =>
      formatOutput(c.response, { format: c.format, operation: c.operation, color: false, query: c.query });
    const want = expected[i] ?? {};
    if (want.error !== undefined && awscliCrash(want.error)) {
      // Not copied on purpose: the AWS CLI dies with a Python error ("${want.error}"); we print.
      it(`${c.name} (the AWS CLI crashes; we print the rows)`, () => {
        expect(run).not.toThrow();
      });
    } else if (want.error !== undefined && queryTypeError(want.error)) {
      // A JMESPath type error at run time: python jmespath's message, printed by the AWS CLI's
      // main handler with exit 255.
      it(`${c.name} (a JMESPath type error)`, () => {
        expect(run).toThrow(want.error);
        try {
          run();
        } catch (err) {
          expect((err as { exitCode?: number }).exitCode).toBe(255);
        }
      });
    } else {
      it(c.name, () => {
        if (want.error !== undefined) expect(run).toThrow(want.error);
        else expect(run()).toBe(want.out);
      });
    }
  });
});
