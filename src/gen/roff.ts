// roff (man(7)) building blocks: escaping text so groff prints it as written, and font
// helpers. Pure string functions; must not import anything.

/** Characters outside ASCII, as groff's \[uXXXX] escapes (no preconv needed). */
function unicode(ch: string): string {
  return `\\[u${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/**
 * Text as roff prints it literally: backslashes as \e, hyphens as \- (so options survive
 * copy and paste), non-ASCII as \[uXXXX]. Line starts are protected by `line()`.
 */
export function esc(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/[^\x20-\x7e\n]/g, unicode);
}

/** One input line: a leading '.' or "'" would read as a request, so it gets a \& first. */
export function line(text: string): string {
  return /^[.']/.test(text) ? `\\&${text}` : text;
}

/** Prose as input lines, one sentence per line (roff wants a new line after a full stop). */
export function prose(text: string): string {
  return text
    .split(/(?<=[.!?])\s+(?=[A-Z`$(])/)
    .map((s) => line(esc(s.trim()).replace(/`([^`]+)`/g, '\\fB$1\\fR')))
    .filter(Boolean)
    .join('\n');
}

export const bold = (text: string): string => `\\fB${esc(text)}\\fR`;
export const italic = (text: string): string => `\\fI${esc(text)}\\fR`;

/** A macro call whose argument is quoted, with inner quotes doubled as groff expects. */
export function macro(name: string, ...args: string[]): string {
  return [`.${name}`, ...args.map((a) => `"${a.replace(/"/g, '""')}"`)].join(' ');
}

/** Lines shown as typed (no filling): examples, shorthand, synopsis. */
export function verbatim(lines: readonly string[]): string {
  return ['.nf', ...lines.map((l) => line(esc(l))), '.fi'].join('\n');
}
