// Automatic pagination as botocore's PageIterator does it for the AWS CLI: full listing,
// --max-items with botocore's NextToken, --starting-token, --page-size. Imports src/errors.ts only.

import type { PaginatorSpec } from '../../api/types.js';
import { EXIT, LocalError } from '../../errors.js';
import { decodeToken, encodeToken, pyRepr, type TokenDict } from './token.js';

type Page = Record<string, unknown>;
export type PageFn = (input: Record<string, unknown>) => Promise<Page>;

export interface PaginateOptions {
  maxItems?: number | undefined;
  pageSize?: number | undefined;
  startingToken?: string | undefined;
}

/** What formatOutput needs to print page by page (text, yaml-stream), as the CLI does. */
export interface PagedInfo {
  resultKey: string;
  pages: Page[];
  resumeToken: string | undefined;
}

/** Hidden (non-enumerable) member of paginate's result that carries the pages. */
export const PAGED: unique symbol = Symbol('kms.paged');

export function pagedInfo(response: unknown): PagedInfo | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  return (response as { [PAGED]?: PagedInfo })[PAGED];
}

/** botocore raises PaginationError, which the CLI prints as a one-line error (exit 255). */
function paginationError(message: string): LocalError {
  return new LocalError(`Error during pagination: ${message}`, EXIT.other);
}

/**
 * awscli customizations/paginate.py: --no-paginate (or a hand-given --marker/--limit) with
 * --starting-token, --page-size or --max-items is an error; returns the stderr warnings otherwise.
 */
export function checkPagingArgs(paginating: boolean, opts: PaginateOptions): string[] {
  if (!paginating) {
    const used = [
      ['--starting-token', opts.startingToken],
      ['--page-size', opts.pageSize],
      ['--max-items', opts.maxItems],
    ].filter(([, v]) => v !== undefined && v !== '' && v !== 0);
    if (used.length > 0) {
      throw paginationError(`Cannot specify --no-paginate along with pagination arguments: ${used.map(([f]) => f).join(', ')}`);
    }
  }
  // PageArgument.add_to_params
  if (opts.maxItems !== undefined && opts.maxItems <= 0) {
    return ['warning: Non-positive values for --max-items may result in undefined behavior.\n'];
  }
  return [];
}

/**
 * PageIterator._parse_starting_token: a botocore token (base64 JSON), else the old form
 * `token___index`, else the text itself as the input token.
 */
function parseStartingToken(token: string, inputToken: string): [TokenDict, number] {
  const decoded = decodeToken(token);
  if (decoded !== undefined) {
    const index = Number(decoded['boto_truncate_amount'] ?? 0);
    delete decoded['boto_truncate_amount'];
    return [{ [inputToken]: (decoded[inputToken] as string | null | undefined) ?? null }, index];
  }
  let parts = token.split('___');
  let index = 0;
  if (parts.length === 2) {
    if (/^\s*[+-]?\d+\s*$/.test(parts[1]!)) index = parseInt(parts.pop()!, 10);
    else parts = [token];
  }
  // _convert_deprecated_starting_token: more parts than input tokens.
  if (parts.length > 1) throw new LocalError(`Bad starting token: ${token}`, EXIT.other);
  return [{ [inputToken]: parts[0] === 'None' ? null : (parts[0] ?? null) }, index];
}

function inject(kwargs: Record<string, unknown>, next: TokenDict): void {
  for (const [name, token] of Object.entries(next)) {
    if (token !== null && token !== undefined && token !== 'None') kwargs[name] = token;
    else delete kwargs[name];
  }
}

/** _get_next_token: {} when more_results is false, else the output token (null when empty). */
function nextTokenOf(page: Page, spec: PaginatorSpec): TokenDict {
  if (spec.moreResults !== undefined && !page[spec.moreResults]) return {};
  const t = page[spec.outputToken];
  return { [spec.inputToken]: t ? (t as string) : null };
}

/**
 * Calls `pageFn` until the listing ends or --max-items is reached, and returns botocore's
 * build_full_result: the result key merged across pages, plus NextToken when cut short.
 * The pages themselves ride along under PAGED for the text and yaml-stream formats.
 */
export async function paginate(
  pageFn: PageFn,
  spec: PaginatorSpec,
  input: Record<string, unknown>,
  opts: PaginateOptions = {},
): Promise<Record<string, unknown>> {
  const rk = spec.resultKey;
  const kwargs: Record<string, unknown> = { ...input };
  let next: TokenDict = { [spec.inputToken]: null };
  let startIndex = 0;
  if (opts.startingToken !== undefined) {
    [next, startIndex] = parseStartingToken(opts.startingToken, spec.inputToken);
    inject(kwargs, next);
  }
  // A paginator without a limit key (CloudFormation's) has no page size to set.
  if (opts.pageSize !== undefined && spec.limitKey !== undefined) kwargs[spec.limitKey] = opts.pageSize;

  const pages: Page[] = [];
  let resumeToken: string | undefined;
  let previous: TokenDict | undefined;
  let total = 0;
  let first = true;
  for (;;) {
    const page: Page = { ...(await pageFn({ ...kwargs })) };
    let startingTruncation = 0;
    if (first) {
      first = false;
      if (opts.startingToken !== undefined) {
        // _handle_first_request: drop the items the previous run already printed.
        startingTruncation = startIndex;
        const all = page[rk];
        page[rk] = Array.isArray(all) || typeof all === 'string' ? all.slice(startIndex) : null;
      }
    }
    const current = Array.isArray(page[rk]) ? (page[rk] as unknown[]) : [];
    const truncate = opts.maxItems !== undefined ? total + current.length - opts.maxItems : 0;
    if (truncate > 0) {
      // _truncate_response: keep what fits; the token resumes inside this page.
      const keep = current.length - truncate;
      page[rk] = current.slice(0, keep);
      resumeToken = encodeToken({ ...next, boto_truncate_amount: keep + startingTruncation });
      pages.push(page);
      break;
    }
    pages.push(page);
    total += current.length;
    next = nextTokenOf(page, spec);
    if (Object.values(next).every((t) => t === null)) break;
    if (opts.maxItems !== undefined && total === opts.maxItems) {
      resumeToken = encodeToken(next);
      break;
    }
    if (previous !== undefined && pyRepr(previous) === pyRepr(next)) {
      throw paginationError(`The same next token was received twice: ${pyRepr(next)}`);
    }
    inject(kwargs, next);
    previous = next;
  }

  const full = buildFullResult(pages, rk, spec.nonAggregateKeys ?? []);
  if (resumeToken !== undefined) full['NextToken'] = resumeToken;
  Object.defineProperty(full, PAGED, { value: { resultKey: rk, pages, resumeToken }, enumerable: false });
  return full;
}

/**
 * PageIterator.build_full_result for one result key: lists concatenate, numbers and strings add;
 * then the non-aggregate keys, as the first page has them.
 */
function buildFullResult(pages: Page[], rk: string, nonAggregate: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const page of pages) {
    const value = page[rk];
    if (value === null || value === undefined) continue;
    const existing = out[rk];
    if (existing === undefined) out[rk] = Array.isArray(value) ? [...value] : value;
    else if (Array.isArray(value) && Array.isArray(existing)) existing.push(...value);
    else if (typeof value === 'number' && typeof existing === 'number') out[rk] = existing + value;
    else if (typeof value === 'string' && typeof existing === 'string') out[rk] = existing + value;
  }
  for (const key of nonAggregate) if (pages[0]?.[key] !== undefined) out[key] = pages[0][key];
  return out;
}
