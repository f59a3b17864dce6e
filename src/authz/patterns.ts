// Text patterns of policies: `*`/`?` wildcards and policy variables (`${aws:username}`, defaults
// `${aws:username, 'x'}`, escapes `${*}` `${?}` `${$}`; IAM User Guide, "Policy variables"),
// compiled once per policy into a matcher. Imports only ./context.

/** Resolves a policy variable's key to its value; undefined when the context lacks it. */
export type Resolve = (key: string) => string | undefined;

type Segment = { lit: string } | { wild: '*' | '?' } | { key: string; def?: string };

export interface Matcher {
  /** The pattern as written. */
  readonly source: string;
  /**
   * Whether `value` matches. False when a variable has no value and no default (IAM: "the
   * value does not match"); `unresolved` then receives the variable's key.
   */
  test(value: string, resolve: Resolve, unresolved?: (key: string) => void): boolean;
}

export interface PatternOptions {
  /** `*` and `?` are wildcards (StringLike, ArnLike, Action, Resource), else literal. */
  glob: boolean;
  /** Policy variables are substituted (policies of Version 2012-10-17 only). */
  variables: boolean;
  ignoreCase?: boolean;
}

// `${key}` or `${key, 'default'}` ('' inside the default is one quote); whitespace around either part is ignored
const VARIABLE = /^\$\{\s*([^\s,}']+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?\}/;

function parse(text: string, opts: PatternOptions): Segment[] {
  const out: Segment[] = [];
  let lit = '';
  const flush = () => {
    if (lit) out.push({ lit });
    lit = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (opts.variables && c === '$' && text[i + 1] === '{') {
      const rest = text.slice(i);
      // ${*} ${?} ${$}: the character itself, never a wildcard
      const esc = /^\$\{([*?$])\}/.exec(rest);
      if (esc) {
        lit += esc[1];
        i += 3;
        continue;
      }
      const m = VARIABLE.exec(rest);
      if (m) {
        flush();
        out.push(m[2] === undefined ? { key: m[1]! } : { key: m[1]!, def: m[2].replace(/''/g, "'") });
        i += m[0].length - 1;
        continue;
      }
    }
    if (opts.glob && (c === '*' || c === '?')) {
      flush();
      out.push({ wild: c });
      continue;
    }
    lit += c;
  }
  flush();
  return out;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function toRegExp(parts: readonly (string | { wild: '*' | '?' })[], ignoreCase: boolean): RegExp {
  const body = parts.map((p) => (typeof p === 'string' ? escapeRe(p) : p.wild === '*' ? '[\\s\\S]*' : '[\\s\\S]')).join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
}

/** Compiles `text` once; static patterns become one RegExp or one string comparison. */
export function compilePattern(text: string, opts: PatternOptions): Matcher {
  const segs = parse(text, opts);
  const ic = opts.ignoreCase === true;
  const hasVar = segs.some((s) => 'key' in s);
  const hasWild = segs.some((s) => 'wild' in s);
  if (!hasVar && !hasWild) {
    const want = segs.map((s) => (s as { lit: string }).lit).join('');
    const cmp = ic ? want.toLowerCase() : want;
    return { source: text, test: (v) => (ic ? v.toLowerCase() === cmp : v === cmp) };
  }
  if (!hasVar) {
    const re = toRegExp(segs.map((s) => ('lit' in s ? s.lit : (s as { wild: '*' | '?' }))), ic);
    // `*` alone matches everything: skip the RegExp
    if (text === '*' && opts.glob) return { source: text, test: () => true };
    return { source: text, test: (v) => re.test(v) };
  }
  return {
    source: text,
    test(v, resolve, unresolved) {
      const parts: (string | { wild: '*' | '?' })[] = [];
      for (const s of segs) {
        if ('lit' in s) parts.push(s.lit);
        else if ('wild' in s) parts.push(s);
        else {
          // a substituted value is literal text: its own `*` is no wildcard
          const value = resolve(s.key) ?? s.def;
          if (value === undefined) {
            unresolved?.(s.key);
            return false;
          }
          parts.push(value);
        }
      }
      if (!hasWild) {
        const want = parts.join('');
        return ic ? v.toLowerCase() === want.toLowerCase() : v === want;
      }
      return toRegExp(parts, ic).test(v);
    },
  };
}
