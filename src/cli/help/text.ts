// Plain-text layout for terminal help: word wrapping with indents, and long command lines
// broken with backslashes. Pure string functions; must not import anything.

export const WIDTH = 79;

/**
 * Wraps `text` to `width` columns: the first line starts with `first` (default `indent`),
 * the others with `indent`. A word longer than a line stands alone on its line.
 */
export function wrap(text: string, indent = '', width = WIDTH, first = indent): string {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd()).join('\n');
}

/** A command line's words grouped so a flag stays with its values: ['kms encrypt', '--key-id x', …]. */
export function commandUnits(command: string): string[] {
  const units: string[] = [];
  for (const word of command.split(' ')) {
    const last = units.length - 1;
    if (last >= 0 && !word.startsWith('--') && (units[last]!.startsWith('--') || last === 0)) units[last] += ` ${word}`;
    else units.push(word);
  }
  return units;
}

/** A shell command broken with ` \` continuations, between flags, so no line passes `width`. */
export function wrapCommand(command: string, indent: string, width = WIDTH): string {
  // A flag and its value stay together unless together they cannot fit on a line.
  const words = commandUnits(command).flatMap((u) => (indent.length + 4 + u.length > width ? u.split(' ') : [u]));
  const lines: string[] = [];
  let line = indent;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length + 2 > width) {
      lines.push(`${line} \\`);
      line = `${indent}  ${word}`;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/** A term and its description: on one line when the term fits in `column`, else below it. */
export function definition(term: string, text: string, indent: string, column: number, width = WIDTH): string {
  const pad = ' '.repeat(column);
  if (indent.length + term.length + 2 <= column) {
    return wrap(text, pad, width, (indent + term).padEnd(column));
  }
  return `${indent}${term}\n${wrap(text, pad, width)}`;
}

/** Shorthand syntax broken after its top-level commas when it does not fit on one line. */
export function wrapShorthand(text: string, indent: string, width = WIDTH): string {
  if (indent.length + text.length <= width) return indent + text;
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    else if (ch === ',' && depth === 0) {
      pieces.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces.map((p) => indent + p).join('\n');
}
