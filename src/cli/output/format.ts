// formatOutput: the bytes the AWS CLI v2 writes to stdout for a response, in every --output
// format, after --query. Imports only its siblings in output/ and src/errors.ts (via query.ts).

import { formatJson } from './json.js';
import { pagedInfo } from './paginate.js';
import { compileQuery, type Query } from './query.js';
import { formatTable } from './table.js';
import { formatText } from './text.js';
import { normalize, type Plain } from './values.js';
import { formatYaml, formatYamlStream } from './yaml.js';

export type OutputFormat = 'json' | 'text' | 'table' | 'yaml' | 'yaml-stream';

export interface FormatOptions {
  format: OutputFormat;
  /** --query, a JMESPath expression; a bad one is a usage error (exit 252). */
  query?: string | undefined;
  /** The API operation name (ListKeys): the table's title. */
  operation: string;
  color: boolean;
  /** Columns of the terminal for table; the CLI uses 80 when stdout is not a terminal. */
  terminalWidth?: number | undefined;
}

/** Formatter._remove_request_id: the metadata never reaches the output. */
function withoutMetadata(data: Plain): Plain {
  if (typeof data === 'object' && data !== null && !Array.isArray(data) && 'ResponseMetadata' in data) {
    const { ResponseMetadata: _drop, ...rest } = data;
    return rest;
  }
  return data;
}

/**
 * The full text to write for one response. Blobs print as base64 and timestamps as ISO 8601
 * in every format; a paginated result (from paginate()) prints page by page in text and
 * yaml-stream, as the CLI does, and merged in the other formats.
 */
export function formatOutput(response: unknown, opts: FormatOptions): string {
  const query: Query = opts.query !== undefined ? compileQuery(opts.query) : (d) => d;
  const paged = pagedInfo(response);
  switch (opts.format) {
    case 'json':
      return formatJson(query(withoutMetadata(normalize(response))));
    case 'yaml':
      return formatYaml(query(withoutMetadata(normalize(response))));
    case 'table':
      return formatTable(query(withoutMetadata(normalize(response))), {
        title: opts.operation,
        color: opts.color,
        terminalWidth: opts.terminalWidth ?? 80,
      });
    case 'text': {
      if (paged === undefined) return formatText(query(withoutMetadata(normalize(response))));
      // TextFormatter: each page's result key, queried and printed on its own, then the token.
      const out = paged.pages.map((page) =>
        formatText(query(normalize({ [paged.resultKey]: page[paged.resultKey] ?? null }))),
      );
      if (paged.resumeToken !== undefined) {
        out.push(formatText(query({ NextToken: { NextToken: paged.resumeToken } })));
      }
      return out.join('');
    }
    case 'yaml-stream': {
      // StreamedYAMLFormatter: every page as it came, each a one-item list.
      const pages = paged === undefined ? [response] : paged.pages;
      return formatYamlStream(pages.map((p) => query(withoutMetadata(normalize(p)))));
    }
    default: {
      const never: never = opts.format;
      throw new Error(`unknown output format: ${String(never)}`);
    }
  }
}
