// The table output format: awscli's TableFormatter (which sections and rows a response makes),
// rendered by table-layout.ts. Takes normalised data (values.ts); imports nothing else.

import { MultiTable } from './table-layout.js';
import { isObject, isScalar, pySorted, pyStr, type Plain } from './values.js';

type Dict = { [key: string]: Plain };

export interface TableOptions {
  /** The section title of the whole table: the API operation name (ListKeys). */
  title: string;
  color: boolean;
  /** Columns of the terminal; the AWS CLI uses 80 when stdout is not a terminal. */
  terminalWidth: number;
}

/** TableFormatter._format_response: nothing at all for a falsy result ({} [] '' 0 false null). */
export function formatTable(data: Plain, opts: TableOptions): string {
  const table = new MultiTable(opts.terminalWidth, opts.color);
  if (!buildTable(table, opts.title, data, 0)) return '';
  return table.render();
}

/** Python truthiness, as `if not current` uses it. */
function truthy(v: Plain): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return v !== null && v !== false && v !== 0 && v !== '';
}

function buildTable(table: MultiTable, title: string | null, current: Plain, indent: number): boolean {
  if (!truthy(current)) return false;
  if (title !== null) table.newSection(title, indent);
  if (Array.isArray(current)) {
    if (isObject(current[0])) {
      subTableFromList(table, current, indent, title);
    } else {
      for (const item of current) {
        if (isScalar(item)) table.currentSection.addRow([pyStr(item)]);
        else if (Array.isArray(item) && item.every(isScalar)) table.currentSection.addRow(item.map(pyStr));
        else if (isObject(item) && Object.keys(item).every((k) => isScalar(k))) {
          // Python iterates a dict's keys: a dict among scalars adds a row of its keys.
          table.currentSection.addRow(Object.keys(item));
        } else buildTable(table, null, item, 0);
      }
    }
  }
  if (isObject(current)) subTableFromDict(table, current, indent);
  return true;
}

function subTableFromDict(table: MultiTable, current: Dict, indent: number): void {
  const [headers, more] = groupScalarKeys(current);
  if (headers.length === 1) {
    // A dict with a single scalar member is one key/value row.
    table.currentSection.addRow([headers[0]!, pyStr(current[headers[0]!]!)]);
  } else if (headers.length > 0) {
    table.currentSection.addHeader(headers);
    table.currentSection.addRow(headers.map((k) => pyStr(current[k]!)));
  }
  for (const key of more) buildTable(table, key, current[key]!, indent + 1);
}

function subTableFromList(table: MultiTable, current: Plain[], indent: number, title: string | null): void {
  const headerSet = new Set<string>();
  const moreSet = new Set<string>();
  for (const item of current) {
    if (!isObject(item)) continue;
    const [h, m] = groupScalarKeys(item);
    h.forEach((k) => headerSet.add(k));
    m.forEach((k) => moreSet.add(k));
  }
  const headers = pySorted(headerSet);
  const more = pySorted(moreSet);
  table.currentSection.addHeader(headers);
  let first = true;
  for (const element of current) {
    const el = isObject(element) ? element : {};
    if (!first && more.length > 0) {
      // Each element with nested members gets its own section, repeating the headers.
      table.newSection(title ?? '', indent);
      table.currentSection.addHeader(headers);
    }
    first = false;
    // A member missing from this element prints as an empty cell.
    table.currentSection.addRow(headers.map((h) => (h in el ? pyStr(el[h]!) : '')));
    for (const key of more) if (key in el) buildTable(table, key, el[key]!, indent + 1);
  }
}

function groupScalarKeys(current: Dict): [string[], string[]] {
  const headers: string[] = [];
  const more: string[] = [];
  for (const [k, v] of Object.entries(current)) (isScalar(v) ? headers : more).push(k);
  return [pySorted(headers), pySorted(more)];
}
