// The yaml and yaml-stream output formats: AWS CLI v2 dumps with ruamel.yaml's safe dumper
// (block style, keys sorted, indent 2, list dashes flush with their key, unicode kept, lines
// folded past column 80). A port of that emitter for JSON-like data; imports its siblings only.

import { isEmptyObject, isObject, pySorted, pyStr, type Plain } from './values.js';
import { chooseStyle, escapeDouble, LINE_BREAKS, needsEscape, type ScalarPlace } from './yaml-scalar.js';

const BEST_WIDTH = 80;
const INDENT = 2;

/** The emitter's cursor state, named as in PyYAML's Emitter. */
class Writer {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  openEnded = false;

  write(data: string): void {
    this.out += data;
    this.column += [...data].length;
  }

  lineBreak(): void {
    this.out += '\n';
    this.column = 0;
    this.whitespace = true;
    this.indention = true;
  }

  indent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.lineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.write(' '.repeat(indent - this.column));
    }
  }

  indicator(text: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    this.write(this.whitespace || !needWhitespace ? text : ` ${text}`);
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.openEnded = false;
  }
}

/** Emitter.write_plain: a lone space past column 80 becomes a line break (values only). */
function writePlain(w: Writer, chars: string[], indent: number, split: boolean, root: boolean): void {
  if (root) w.openEnded = true;
  if (!w.whitespace) w.write(' ');
  w.whitespace = w.indention = false;
  let start = 0;
  let spaces = false;
  for (let end = 0; end <= chars.length; end++) {
    const ch = chars[end];
    if (spaces) {
      if (ch !== ' ') {
        if (start + 1 === end && w.column > BEST_WIDTH && split) {
          w.indent(indent);
          w.whitespace = w.indention = false;
        } else w.write(chars.slice(start, end).join(''));
        start = end;
      }
    } else if (ch === undefined || ch === ' ') {
      w.write(chars.slice(start, end).join(''));
      start = end;
    }
    if (ch !== undefined) spaces = ch === ' ';
  }
}

/** Emitter.write_single_quoted: quotes doubled, line breaks written as blank lines. */
function writeSingle(w: Writer, chars: string[], indent: number, split: boolean): void {
  w.indicator("'", true);
  let start = 0;
  let spaces = false;
  let breaks = false;
  for (let end = 0; end <= chars.length; end++) {
    const ch = chars[end];
    if (spaces) {
      if (ch !== ' ') {
        if (start + 1 === end && w.column > BEST_WIDTH && split && start !== 0 && end !== chars.length) w.indent(indent);
        else w.write(chars.slice(start, end).join(''));
        start = end;
      }
    } else if (breaks) {
      if (ch === undefined || !LINE_BREAKS.includes(ch)) {
        if (chars[start] === '\n') w.lineBreak();
        for (const br of chars.slice(start, end)) {
          if (br === '\n') w.lineBreak();
          else {
            w.write(br);
            w.column = 0;
            w.whitespace = w.indention = true;
          }
        }
        w.indent(indent);
        start = end;
      }
    } else if (ch === undefined || ch === ' ' || ch === "'" || LINE_BREAKS.includes(ch)) {
      if (start < end) {
        w.write(chars.slice(start, end).join(''));
        start = end;
      }
    }
    if (ch === "'") {
      w.write("''");
      start = end + 1;
    }
    if (ch !== undefined) {
      spaces = ch === ' ';
      breaks = LINE_BREAKS.includes(ch);
    }
  }
  w.indicator("'", false);
}

/** Emitter.write_double_quoted: escapes, and `\` line continuations past column 80. */
function writeDouble(w: Writer, chars: string[], indent: number, split: boolean): void {
  w.indicator('"', true);
  let start = 0;
  for (let end = 0; end <= chars.length; end++) {
    const ch = chars[end];
    if (ch === undefined || needsEscape(ch)) {
      if (start < end) {
        w.write(chars.slice(start, end).join(''));
        start = end;
      }
      if (ch !== undefined) {
        w.write(escapeDouble(ch));
        start = end + 1;
      }
    }
    if (end > 0 && end < chars.length - 1 && (ch === ' ' || start >= end) && w.column + (end - start) > BEST_WIDTH && split) {
      w.write(`${chars.slice(start, end).join('')}\\`);
      if (start < end) start = end;
      w.indent(indent);
      w.whitespace = w.indention = false;
      if (chars[start] === ' ') w.write('\\');
    }
  }
  w.indicator('"', false);
}

/** Representer for a scalar: bools, null and numbers as YAML writes them; strings by style. */
function scalar(w: Writer, value: Plain, indent: number, place: ScalarPlace): void {
  let text: string;
  if (value === null) text = 'null';
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (typeof value === 'number') {
    // SafeRepresenter.represent_float: repr lower-cased, `1e+16` written `1.0e+16`.
    text = pyStr(value).toLowerCase();
    if (!Number.isInteger(value) && !text.includes('.') && text.includes('e')) text = text.replace('e', '.0e');
    if (text === 'inf' || text === '-inf' || text === 'nan') text = text.replace(/^(-?)/, '$1.');
  } else {
    const chars = [...String(value)];
    const style = chooseStyle(String(value), place);
    const split = !place.isKey;
    if (style === 'single') writeSingle(w, chars, indent, split);
    else if (style === 'double') writeDouble(w, chars, indent, split);
    else writePlain(w, chars, indent, split, place.atRoot);
    return;
  }
  writePlain(w, [...text], indent, !place.isKey, place.atRoot);
}

/** One node; `indent` is the indentation of the collection that holds it (-1 at the root). */
function node(w: Writer, value: Plain, indent: number, inMapping: boolean): void {
  const root = indent < 0;
  if (Array.isArray(value) || isObject(value)) {
    const empty = Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
    if (empty) {
      // Empty collections are written in flow style: [] and {}.
      w.indicator(Array.isArray(value) ? '[' : '{', true, true);
      w.indicator(Array.isArray(value) ? ']' : '}', false);
      return;
    }
    if (Array.isArray(value)) {
      // A list that is a mapping's value is not indented further (indentless sequence).
      const seqIndent = root ? 0 : inMapping && !w.indention ? indent : indent + INDENT;
      for (const item of value) {
        w.indent(seqIndent);
        w.indicator('-', true, false, true);
        node(w, item, seqIndent, false);
      }
      return;
    }
    const mapIndent = root ? 0 : indent + INDENT;
    for (const key of pySorted(Object.keys(value))) {
      w.indent(mapIndent);
      scalar(w, key, mapIndent + INDENT, { isKey: true, atRoot: false });
      w.indicator(':', false);
      node(w, value[key]!, mapIndent, true);
    }
    return;
  }
  scalar(w, value, root ? INDENT : indent + INDENT, { isKey: false, atRoot: root });
}

/** One YAML document; a plain scalar at the top is followed by the `...` end marker. */
function dump(data: Plain): string {
  const w = new Writer();
  node(w, data, -1, false);
  w.indent(0);
  if (w.openEnded) {
    w.indicator('...', true);
    w.indent(0);
  }
  return w.out;
}

/** YAMLFormatter: like json, an empty dict prints nothing. */
export function formatYaml(data: Plain): string {
  if (isEmptyObject(data)) return '';
  return dump(data);
}

/** StreamedYAMLFormatter: each page (after --query) is dumped as a one-item list. */
export function formatYamlStream(pages: readonly Plain[]): string {
  return pages.map((p) => dump([p])).join('');
}
