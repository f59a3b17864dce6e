// paginate() against botocore's PageIterator over the same fake ListKeys: requests made, the
// merged result, NextToken bytes (TokenEncoder), and the CLI's page-by-page text output.
import { describe, expect, it } from 'vitest';
import type { PaginatorSpec } from '../../../src/api/types.js';
import { formatOutput } from '../../../src/cli/output/format.js';
import { checkPagingArgs, paginate, type PaginateOptions } from '../../../src/cli/output/paginate.js';
import { decodeToken, encodeToken, pyJsonDumps } from '../../../src/cli/output/token.js';
import { LocalError } from '../../../src/errors.js';
import { awscliMissing, runOracle } from './oracle.js';

if (awscliMissing) console.warn(`skipping botocore pagination comparisons: ${awscliMissing}`);

const SPEC: PaginatorSpec = { inputToken: 'Marker', outputToken: 'NextMarker', limitKey: 'Limit', resultKey: 'Keys', moreResults: 'Truncated' };

/** The same fake service as awscli-oracle.py: n keys, 3 per page unless Limit says otherwise. */
function fakeListKeys(n: number, calls: Array<Record<string, unknown>>) {
  const items = Array.from({ length: n }, (_, i) => ({ KeyId: `k${i}`, KeyArn: `arn:aws:kms:us-east-1:111122223333:key/k${i}` }));
  return async (input: Record<string, unknown>): Promise<Record<string, unknown>> => {
    calls.push({ ...input });
    const start = input['Marker'] !== undefined ? Number(input['Marker']) : 0;
    const limit = (input['Limit'] as number | undefined) ?? 3;
    const end = start + limit;
    const page: Record<string, unknown> = { Keys: items.slice(start, end), Truncated: end < n };
    if (end < n) page['NextMarker'] = String(end);
    return page;
  };
}

interface PCase extends PaginateOptions {
  name: string;
  n: number;
  query?: string;
}

const v2 = (marker: string | null, amount?: number): string =>
  encodeToken(amount === undefined ? { Marker: marker } : { Marker: marker, boto_truncate_amount: amount });

const CASES: PCase[] = [
  { name: 'full listing', n: 7 },
  { name: 'no items', n: 0 },
  { name: 'exactly one page', n: 3 },
  { name: '--max-items inside the first page', n: 7, maxItems: 2 },
  { name: '--max-items at a page boundary', n: 7, maxItems: 3 },
  { name: '--max-items inside a later page', n: 7, maxItems: 5 },
  { name: '--max-items past the end', n: 7, maxItems: 50 },
  { name: '--max-items equal to the total', n: 6, maxItems: 6 },
  { name: '--max-items 0', n: 7, maxItems: 0 },
  { name: '--page-size', n: 7, pageSize: 2 },
  { name: '--page-size with --max-items', n: 9, pageSize: 2, maxItems: 5 },
  { name: '--starting-token inside a page', n: 7, startingToken: v2(null, 2) },
  { name: '--starting-token inside a page with --max-items', n: 7, startingToken: v2('3', 1), maxItems: 1 },
  { name: '--starting-token with --max-items spanning pages', n: 9, startingToken: v2('3', 2), maxItems: 4 },
  { name: '--starting-token at a boundary', n: 7, startingToken: v2('3') },
  { name: 'old-style token (plain marker)', n: 7, startingToken: '3' },
  { name: 'old-style token with index', n: 7, startingToken: '3___1' },
  { name: 'old-style token None', n: 7, startingToken: 'None' },
  { name: 'bad token (too many parts)', n: 7, startingToken: 'a___b___c' },
  { name: 'text with --query per page', n: 7, maxItems: 4, query: 'Keys[].KeyId' },
];

describe.skipIf(awscliMissing !== undefined)('paginate matches botocore', () => {
  type Want = { full?: Record<string, unknown>; calls?: unknown[]; text?: string; error?: string };
  const expected = awscliMissing ? [] : runOracle<Want>(CASES.map((c) => ({ ...c, kind: 'paginate' })));

  CASES.forEach((c, i) => {
    it(c.name, async () => {
      const want = expected[i]!;
      const calls: Array<Record<string, unknown>> = [];
      const run = paginate(fakeListKeys(c.n, calls), SPEC, {}, c);
      if (want.error !== undefined) {
        await expect(run).rejects.toThrow(LocalError);
        await expect(run).rejects.toThrow(want.error);
        return;
      }
      const full = await run;
      expect(JSON.parse(JSON.stringify(full))).toEqual(want.full);
      expect(calls).toEqual(want.calls);
      expect(formatOutput(full, { format: 'text', operation: 'ListKeys', color: false, query: c.query })).toBe(want.text);
    });
  });
});

describe('pagination tokens', () => {
  it('encodes as botocore does: Python json.dumps separators, ASCII escapes', () => {
    expect(pyJsonDumps({ Marker: 'abc', boto_truncate_amount: 2 })).toBe('{"Marker": "abc", "boto_truncate_amount": 2}');
    expect(pyJsonDumps({ Marker: null })).toBe('{"Marker": null}');
    expect(pyJsonDumps({ Marker: 'é"\n' })).toBe('{"Marker": "\\u00e9\\"\\n"}');
    expect(encodeToken({ Marker: null, boto_truncate_amount: 2 })).toBe('eyJNYXJrZXIiOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==');
  });

  it('decodes its own tokens and refuses what is not one', () => {
    expect(decodeToken(encodeToken({ Marker: 'x', boto_truncate_amount: 1 }))).toEqual({ Marker: 'x', boto_truncate_amount: 1 });
    expect(decodeToken('3')).toBeUndefined();
    expect(decodeToken('bm90IGpzb24=')).toBeUndefined();
    expect(decodeToken('WzFd')).toBeUndefined();
  });

  it('hides the pages from JSON: the merged result has only the result key and NextToken', async () => {
    const full = await paginate(fakeListKeys(5, []), SPEC, {}, { maxItems: 4 });
    expect(Object.keys(full)).toEqual(['Keys', 'NextToken']);
  });

  it('refuses paging flags with --no-paginate and warns about a non-positive --max-items', () => {
    expect(() => checkPagingArgs(false, { maxItems: 2, startingToken: 'x' })).toThrow(
      'Error during pagination: Cannot specify --no-paginate along with pagination arguments: --starting-token, --max-items',
    );
    expect(checkPagingArgs(false, {})).toEqual([]);
    expect(checkPagingArgs(true, { maxItems: 0 })).toEqual(['warning: Non-positive values for --max-items may result in undefined behavior.\n']);
  });
});
