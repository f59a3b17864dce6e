// How a YAML safe dumper (PyYAML's emitter, which ruamel.yaml forked) writes one string: the
// style it picks (plain, single- or double-quoted) and where it folds lines. Imports nothing.

/** Where the scalar sits: mapping keys never fold and must stay on one line. */
export interface ScalarPlace {
  isKey: boolean;
  atRoot: boolean;
}

export type Style = 'plain' | 'single' | 'double';

const BREAKS = '\n\x85\u2028\u2029';
const WS = '\0 \t\r\n\x85\u2028\u2029';

// Resolver.add_implicit_resolver (YAML 1.1): a plain scalar matching one of these would load as
// something other than a string, so it must be quoted.
const IMPLICIT = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  /^(?:<<)$/,
  /^(?:~|null|Null|NULL|)$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/,
  /^(?:=)$/,
];

/** Python's re.match with `$` also matches before one final newline. */
function resolvesAsString(text: string): boolean {
  const t = text.endsWith('\n') ? text.slice(0, -1) : text;
  return !IMPLICIT.some((re) => re.test(t) || re.test(text));
}

function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    ((cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp < 0x10ffff)) &&
      cp !== 0xfeff)
  );
}

/** Emitter.analyze_scalar, with allow_unicode on, then Emitter.choose_scalar_style. */
export function chooseStyle(text: string, place: ScalarPlace): Style {
  const chars = [...text];
  if (chars.length === 0) return 'single';
  let flowInd = false;
  let blockInd = false;
  let lineBreaks = false;
  let special = false;
  let leadSpace = false;
  let leadBreak = false;
  let trailSpace = false;
  let trailBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  if (text.startsWith('---') || text.startsWith('...')) flowInd = blockInd = true;
  let precededByWs = true;
  let followedByWs = chars.length === 1 || WS.includes(chars[1]!);
  let prevSpace = false;
  let prevBreak = false;
  chars.forEach((ch, i) => {
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flowInd = blockInd = true;
      if ('?:'.includes(ch)) {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === '-' && followedByWs) flowInd = blockInd = true;
    } else {
      if (',?[]{}'.includes(ch)) flowInd = true;
      if (ch === ':') {
        flowInd = true;
        if (followedByWs) blockInd = true;
      }
      if (ch === '#' && precededByWs) flowInd = blockInd = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    if (!isPrintable(ch.codePointAt(0)!)) special = true;
    if (ch === ' ') {
      if (i === 0) leadSpace = true;
      if (i === chars.length - 1) trailSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (i === 0) leadBreak = true;
      if (i === chars.length - 1) trailBreak = true;
      if (prevSpace) spaceBreak = true;
      prevSpace = false;
      prevBreak = true;
    } else {
      prevSpace = prevBreak = false;
    }
    precededByWs = WS.includes(ch);
    followedByWs = i + 2 >= chars.length || WS.includes(chars[i + 2]!);
  });
  let plain = !(leadSpace || leadBreak || trailSpace || trailBreak || lineBreaks || blockInd);
  let single = true;
  if (breakSpace) plain = single = false;
  if (spaceBreak || special) plain = single = false;
  if (plain && resolvesAsString(text)) return 'plain';
  if (single && !(place.isKey && lineBreaks)) return 'single';
  return 'double';
}

const ESCAPES: Record<string, string> = {
  '\0': '0', '\x07': 'a', '\x08': 'b', '\t': 't', '\n': 'n', '\x0b': 'v', '\x0c': 'f', '\r': 'r',
  '\x1b': 'e', '"': '"', '\\': '\\', '\x85': 'N', '\xa0': '_', '\u2028': 'L', '\u2029': 'P',
};

/** Emitter.write_double_quoted's escape for one character. */
export function escapeDouble(ch: string): string {
  const e = ESCAPES[ch];
  if (e !== undefined) return `\\${e}`;
  const cp = ch.codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** Characters write_double_quoted must escape when allow_unicode is on. */
export function needsEscape(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if ('"\\\x85\u2028\u2029\ufeff'.includes(ch)) return true;
  return !((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd));
}

export const LINE_BREAKS = BREAKS;
