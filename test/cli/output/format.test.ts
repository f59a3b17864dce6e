// formatOutput against the installed AWS CLI's formatters: json, text and table bytes for every
// KMS output shape pattern, with and without --query, and colour.
import { describe, expect, it } from 'vitest';
import { formatOutput, type OutputFormat } from '../../../src/cli/output/format.js';
import { normalize } from '../../../src/cli/output/values.js';
import { FIXTURES } from './fixtures.js';
import { awscliMissing, runOracle } from './oracle.js';

if (awscliMissing) console.warn(`skipping awscli comparisons: ${awscliMissing}`);

interface Case {
  name: string;
  format: OutputFormat;
  operation: string;
  response: Record<string, unknown>;
  query?: string;
  color?: boolean;
}

const QUERIES: Array<[string, string]> = [
  ['describeKey', 'KeyMetadata.KeyId'],
  ['describeKey', 'KeyMetadata'],
  ['describeKey', 'KeyMetadata.EncryptionAlgorithms'],
  ['describeKey', 'KeyMetadata.Nope'],
  ['describeKey', 'KeyMetadata.Enabled'],
  ['describeKey', 'KeyMetadata.[KeyId, Enabled, CreationDate]'],
  ['listKeys', 'Keys[].KeyId'],
  ['listKeys', 'Keys[].[KeyId, KeyArn]'],
  ['listKeys', 'Keys[0]'],
  ['listKeys', 'length(Keys)'],
  ['listKeys', 'Keys[?KeyId==`nothing`]'],
  ['listAliases', 'Aliases[].{Name: AliasName, Target: TargetKeyId}'],
  ['listGrants', 'Grants[].Constraints'],
  ['listGrants', 'Grants[].Operations'],
  ['describeKeyMultiRegion', 'KeyMetadata.MultiRegionConfiguration.ReplicaKeys'],
  ['encrypt', 'CiphertextBlob'],
  ['empty', 'Nothing'],
];

const cases: Case[] = [];
for (const format of ['json', 'text', 'table'] as const) {
  for (const [name, f] of Object.entries(FIXTURES)) {
    cases.push({ name: `${name} --output ${format}`, format, operation: f.operation, response: f.response });
  }
  for (const [name, query] of QUERIES) {
    const f = FIXTURES[name]!;
    cases.push({ name: `${name} --query ${query} --output ${format}`, format, operation: f.operation, response: f.response, query });
  }
}
for (const name of ['describeKeyMultiRegion', 'listGrants', 'unicode', 'publicKey']) {
  const f = FIXTURES[name]!;
  cases.push({ name: `${name} --output table --color on`, format: 'table', operation: f.operation, response: f.response, color: true });
}

describe.skipIf(awscliMissing !== undefined)('formatOutput matches the AWS CLI byte for byte', () => {
  // Timestamps and blobs are rendered on our side first: the python formatter gets the strings.
  const expected = awscliMissing
    ? []
    : runOracle<{ out?: string; error?: string }>(
        cases.map((c) => ({
          format: c.format,
          operation: c.operation,
          data: normalize(c.response),
          query: c.query,
          color: c.color ? 'on' : 'off',
        })),
      );

  it('ran every case through the oracle', () => {
    expect(expected).toHaveLength(cases.length);
    expect(cases.length).toBeGreaterThan(100);
  });

  cases.forEach((c, i) => {
    it(c.name, () => {
      const run = (): string =>
        formatOutput(c.response, { format: c.format, operation: c.operation, color: c.color ?? false, query: c.query });
      const want = expected[i]!;
      if (want.error !== undefined) expect(run).toThrow(want.error);
      else expect(run()).toBe(want.out);
    });
  });
});

describe('formatOutput without the oracle', () => {
  it('prints nothing for an empty response in json, table and yaml; text prints nothing too', () => {
    for (const format of ['json', 'text', 'table', 'yaml'] as const) {
      expect(formatOutput({}, { format, operation: 'DeleteAlias', color: false })).toBe('');
    }
  });

  it('prints a null query result as json null, text None, yaml null with an end marker, table nothing', () => {
    const opts = { operation: 'DescribeKey', color: false, query: 'Missing' };
    expect(formatOutput({ A: 1 }, { ...opts, format: 'json' })).toBe('null\n');
    expect(formatOutput({ A: 1 }, { ...opts, format: 'text' })).toBe('None\n');
    expect(formatOutput({ A: 1 }, { ...opts, format: 'yaml' })).toBe('null\n...\n');
    expect(formatOutput({ A: 1 }, { ...opts, format: 'table' })).toBe('');
  });

  it('prints blobs as base64 in every format', () => {
    const response = { Plaintext: Uint8Array.from([0xfb, 0xff, 0x00]) };
    for (const format of ['json', 'text', 'yaml'] as const) {
      expect(formatOutput(response, { format, operation: 'GenerateRandom', color: false })).toContain('+/8A');
    }
  });

  it('turns one-row sections vertical when the table is wider than the terminal', () => {
    const response = { A: 'x'.repeat(30), B: 'y'.repeat(30) };
    const narrow = formatOutput(response, { format: 'table', operation: 'Op', color: false, terminalWidth: 40 });
    const wide = formatOutput(response, { format: 'table', operation: 'Op', color: false, terminalWidth: 200 });
    expect(narrow).toContain(`|  A|  ${'x'.repeat(30)}   |`);
    expect(wide).toMatch(/^\|\s+A\s+\|\s+B\s+\|$/m);
  });
});
