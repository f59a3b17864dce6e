// The table layout engine: a port of awscli/table.py's MultiTable and Section (widths, scaling,
// centring, vertical conversion past the terminal width). Imports errors.ts and its siblings only.

import { EXIT, LocalError } from '../../errors.js';
import { textWidth } from './east-asian-width.js';

/** Exactly colorama's sequences, as the AWS CLI's ColorizedStyler writes them. */
const BRIGHT_BLUE = '\x1b[1m\x1b[34m';
const DIM_YELLOW = '\x1b[2m\x1b[33m';
const RESET = '\x1b[0m';

export class Section {
  title = '';
  headers: string[] = [];
  rows: string[][] = [];
  indentLevel = 0;
  private numCols: number | undefined;
  private maxWidths: number[] = [];

  addHeader(headers: string[]): void {
    this.updateMaxWidths(headers);
    if (this.numCols === undefined) this.numCols = headers.length;
    this.headers = headers;
  }

  addRow(row: string[]): void {
    if (this.numCols === undefined) this.numCols = row.length;
    if (row.length !== this.numCols) {
      // Section.add_row: the CLI fails the same way (e.g. --query giving lists of unequal length).
      throw new LocalError(`Row should have ${this.numCols} elements, instead it has ${row.length}`, EXIT.other);
    }
    this.rows.push(row);
    this.updateMaxWidths(row);
  }

  private updateMaxWidths(row: string[]): void {
    if (this.maxWidths.length === 0) this.maxWidths = row.map(textWidth);
    else row.forEach((el, i) => (this.maxWidths[i] = Math.max(textWidth(el), this.maxWidths[i] ?? 0)));
  }

  /** Section.calculate_column_widths: scale to max_width with Python's round(), then fix off-by. */
  columnWidths(padding = 0, maxWidth?: number): number[] {
    const unscaled = this.maxWidths.map((w) => w + padding);
    if (maxWidth === undefined || unscaled.length === 0) return unscaled;
    const scale = maxWidth / unscaled.reduce((a, b) => a + b, 0);
    const scaled = unscaled.map((w) => pyRound(scale * w));
    let offBy = scaled.reduce((a, b) => a + b, 0) - maxWidth;
    while (offBy !== 0) {
      const order = [...scaled.keys()];
      if (offBy < 0) order.reverse();
      for (const i of order) {
        if (offBy > 0) {
          scaled[i]! -= 1;
          offBy -= 1;
        } else {
          scaled[i]! += 1;
          offBy += 1;
        }
        if (offBy === 0) break;
      }
    }
    return scaled;
  }

  totalWidth(padding: number, outerPadding: number): number {
    const border = 2;
    let total = 0;
    for (const w of this.columnWidths()) total += w + padding;
    total += border + 2 * outerPadding;
    return Math.max(textWidth(this.title) + border + 2 * outerPadding, total);
  }
}

/** Python 3 round(): halves go to the even neighbour. */
function pyRound(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function centerText(text: string, length: number, left: string, right: string, textLength: number): string {
  const charStart = Math.floor(length / 2) - Math.floor(textLength / 2) - 1;
  const soFar = textWidth(left) + charStart + textLength;
  const rightSpaces = length - textWidth(right) - soFar;
  return left + ' '.repeat(Math.max(0, charStart)) + text + ' '.repeat(Math.max(0, rightSpaces)) + right;
}

function alignLeft(text: string, length: number, left: string, right: string, textLength: number): string {
  const computed = textLength + 2 + textWidth(left) + textWidth(right);
  const padding = length - computed >= 0 ? 2 : 0;
  const soFar = left.length + padding + textLength;
  return left + ' '.repeat(padding) + text + ' '.repeat(Math.max(0, length - soFar - right.length)) + right;
}

export class MultiTable {
  private sections: Section[] = [];
  private current: Section | undefined;

  constructor(
    private readonly terminalWidth: number,
    private readonly color: boolean,
  ) {}

  get currentSection(): Section {
    if (this.current === undefined) throw new Error('table has no section');
    return this.current;
  }

  newSection(title: string, indentLevel = 0): void {
    this.current = new Section();
    this.current.title = title;
    this.current.indentLevel = indentLevel;
    this.sections.push(this.current);
  }

  render(): string {
    let maxWidth = this.maxWidth();
    // MultiTable._determine_conversion_needed: too wide for the terminal → one-row sections
    // turn into two-column (header, value) sections.
    if (maxWidth > this.terminalWidth) {
      this.sections = this.sections.map(toVertical);
      maxWidth = this.maxWidth();
    }
    const out: string[] = [`${'-'.repeat(maxWidth)}\n`];
    for (const s of this.sections) this.renderSection(s, maxWidth, out);
    return out.join('');
  }

  private maxWidth(): number {
    return Math.max(...this.sections.map((s) => s.totalWidth(4, s.indentLevel)));
  }

  private renderSection(section: Section, maxWidth: number, out: string[]): void {
    const bar = this.color ? `${DIM_YELLOW}|${RESET}` : '|';
    const indent = bar.repeat(section.indentLevel);
    // IndentedStream: each line framed by the indentation characters on both sides.
    const write = (line: string): void => void out.push(`${indent}${line}${indent}\n`);
    const width = maxWidth - section.indentLevel * 2;
    if (section.title) {
      write(centerText(section.title, width, '|', '|', textWidth(section.title)));
      if (section.headers.length === 0 && section.rows.length === 0) write(`+${'-'.repeat(width - 2)}+`);
    }
    if (section.headers.length > 0) {
      const widths = section.columnWidths(4, width);
      let line = '';
      widths.forEach((w, i) => {
        const h = section.headers[i];
        if (h === undefined) return;
        line += centerText(h, w, i === 0 ? '|' : '', '|', textWidth(h));
      });
      write(lineBreak(widths));
      write(line);
    }
    if (section.rows.length > 0) {
      const widths = section.columnWidths(4, width);
      if (widths.length === 0) return;
      write(lineBreak(widths));
      for (const row of section.rows) {
        let line = '';
        widths.forEach((w, i) => {
          const el = row[i];
          if (el === undefined) return;
          const styled = this.color ? `${BRIGHT_BLUE}${el}${RESET}` : el;
          line += alignLeft(styled, w, i === 0 ? '|' : '', '|', textWidth(el));
        });
        write(line);
      }
      write(lineBreak(widths));
    }
  }
}

function lineBreak(widths: number[]): string {
  return widths.map((w, i) => (i === 0 ? `+${'-'.repeat(w - 2)}+` : `${'-'.repeat(w - 1)}+`)).join('');
}

/** convert_to_vertical_table: a section with headers and exactly one row becomes key/value rows. */
function toVertical(section: Section): Section {
  if (section.rows.length !== 1 || section.headers.length === 0) return section;
  const s = new Section();
  s.title = section.title;
  s.indentLevel = section.indentLevel;
  section.headers.forEach((h, i) => {
    const el = section.rows[0]![i];
    if (el !== undefined) s.addRow([h, el]);
  });
  return s;
}
