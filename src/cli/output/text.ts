// The text output format: a line-for-line port of awscli/text.py (tab-separated scalars,
// identifiers upper-cased). Takes normalised data (values.ts); imports nothing else.

import { isObject, isScalar, pySorted, pyStr, type Plain } from './values.js';

type Dict = { [key: string]: Plain };

/** text.format_text: the whole output for one value (a response or a --query result). */
export function formatText(data: Plain): string {
  const out: string[] = [];
  formatItem(data, out, undefined, undefined);
  return out.join('');
}

function formatItem(item: Plain, out: string[], identifier?: string, scalarKeys?: string[]): void {
  if (isObject(item)) formatDict(scalarKeys, item, identifier, out);
  else if (Array.isArray(item)) formatList(item, identifier, out);
  else out.push(`${pyStr(item)}\n`);
}

function formatList(item: Plain[], identifier: string | undefined, out: string[]): void {
  if (item.length === 0) return;
  if (item.some(isObject)) {
    // _format_list: every dict in the list prints the union of the list's scalar keys.
    const allKeys = allScalarKeys(item);
    for (const el of item) formatItem(el, out, identifier, allKeys);
  } else if (item.some(Array.isArray)) {
    const scalars = item.filter((el) => isScalar(el));
    const nonScalars = item.filter((el) => !isScalar(el));
    if (scalars.length > 0) formatScalarList(scalars, identifier, out);
    for (const el of nonScalars) formatItem(el, out, identifier);
  } else {
    formatScalarList(item, identifier, out);
  }
}

function formatScalarList(elements: Plain[], identifier: string | undefined, out: string[]): void {
  if (identifier !== undefined) {
    for (const el of elements) out.push(`${identifier.toUpperCase()}\t${pyStr(el)}\n`);
  } else {
    // A bare list prints its contents on one line.
    out.push(`${elements.map(pyStr).join('\t')}\n`);
  }
}

function formatDict(
  scalarKeys: string[] | undefined,
  item: Dict,
  identifier: string | undefined,
  out: string[],
): void {
  const [scalars, nonScalars] = partitionDict(item, scalarKeys);
  if (scalars.length > 0) {
    if (identifier !== undefined) scalars.unshift(identifier.toUpperCase());
    out.push(`${scalars.join('\t')}\n`);
  }
  for (const [key, value] of nonScalars) formatItem(value, out, key);
}

function allScalarKeys(list: Plain[]): string[] {
  const seen = new Set<string>();
  for (const d of list) {
    if (!isObject(d)) continue;
    for (const [k, v] of Object.entries(d)) if (isScalar(v)) seen.add(k);
  }
  return pySorted(seen);
}

function partitionDict(item: Dict, scalarKeys?: string[]): [string[], Array<[string, Plain]>] {
  const scalar: string[] = [];
  const nonScalar: Array<[string, Plain]> = [];
  if (scalarKeys === undefined) {
    for (const key of pySorted(Object.keys(item))) {
      const value = item[key]!;
      if (isScalar(value)) scalar.push(pyStr(value));
      else nonScalar.push([key, value]);
    }
  } else {
    // A key missing from this dict prints as an empty column.
    for (const key of scalarKeys) scalar.push(key in item ? pyStr(item[key]!) : '');
    const keys = new Set(scalarKeys);
    for (const key of pySorted(Object.keys(item).filter((k) => !keys.has(k)))) {
      nonScalar.push([key, item[key]!]);
    }
  }
  return [scalar, nonScalar];
}
