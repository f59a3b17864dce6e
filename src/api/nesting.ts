// How deeply a document a user hands in (a template body, --cli-input-yaml) nests, measured without
// recursion, so that a hostile one is refused before a recursive parser or evaluator walks it.
// Pure: imports nothing (the YAML measure takes the tokens of yaml's own CST parser, which loops).

/**
 * Deeper than any real template or input document, and a small part of the stack: yaml's composer
 * runs out of stack near 800 levels of a flow sequence, and then V8 may abort the whole process
 * ("RegExpCompiler Allocation failed") instead of throwing. 25,000 levels fit in a 50 KB template.
 */
export const MAX_DOCUMENT_DEPTH = 256;

/** Depth of the arrays and objects of JSON text (brackets inside strings do not count); ill-formed text is measured as far as it goes. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

type CstNode = { type?: unknown; value?: unknown; items?: unknown };
type CstItem = { key?: unknown; value?: unknown };

/**
 * Depth of the block and flow collections in yaml's CST: the tokens of `new Parser().parse(text)`
 * (the `yaml` package), passed in so that only callers that parse YAML load it.
 */
export function yamlCstDepth(tokens: Iterable<unknown>): number {
  let max = 0;
  const todo: [unknown, number][] = [...tokens].map((t) => [t, 0]);
  while (todo.length > 0) {
    const [node, depth] = todo.pop()!;
    if (node === null || typeof node !== 'object') continue;
    const n = node as CstNode;
    if (n.type === 'document') todo.push([n.value, depth]);
    if (!COLLECTIONS.has(n.type as string) || !Array.isArray(n.items)) continue;
    max = Math.max(max, depth + 1);
    for (const item of n.items as CstItem[]) {
      if (item === null || typeof item !== 'object') continue;
      todo.push([item.key, depth + 1], [item.value, depth + 1]);
    }
  }
  return max;
}
