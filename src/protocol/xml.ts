// A small strict XML reader and the escaping for writing: enough for AWS Query responses (elements,
// attributes, text, CDATA, comments, the five entities and character references). Pure; imports nothing.

/** An element: its local name (any `prefix:` removed), attributes as written, children and text. */
export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** The character data directly inside the element, entities resolved. */
  text: string;
}

/** Thrown for anything that is not well-formed XML (or uses what this reader refuses: DOCTYPE). */
export class XmlError extends Error {
  override readonly name = 'XmlError';
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const SPACE = /[ \t\r\n]*/y;

/**
 * Text for an element's content or an attribute value. XML 1.0 §2.11 turns a raw CR into LF, so
 * CR is written as a character reference to survive; `"` is escaped for attributes.
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#13;'));
}

/** Parses a document with exactly one root element; throws XmlError naming the offset of the fault. */
export function parseXml(source: string): XmlElement {
  const p = new Reader(source);
  p.prolog();
  const root = p.element();
  p.misc();
  if (p.pos !== source.length) p.fail('content after the root element');
  return root;
}

class Reader {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(what: string): never {
    throw new XmlError(`malformed XML at offset ${this.pos}: ${what}`);
  }

  private startsWith(text: string): boolean {
    return this.s.startsWith(text, this.pos);
  }

  private skipSpace(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.s);
    this.pos = SPACE.lastIndex;
  }

  private name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (!m) this.fail('a name was expected');
    this.pos = NAME.lastIndex;
    return m[0];
  }

  private expect(text: string): void {
    if (!this.startsWith(text)) this.fail(`'${text}' was expected`);
    this.pos += text.length;
  }

  private until(end: string, what: string): string {
    const i = this.s.indexOf(end, this.pos);
    if (i < 0) this.fail(`unterminated ${what}`);
    const body = this.s.slice(this.pos, i);
    this.pos = i + end.length;
    return body;
  }

  /** XML 1.0 §2.8: an optional declaration, then comments, PIs and white space. No DOCTYPE. */
  prolog(): void {
    if (this.s.charCodeAt(0) === 0xfeff) this.pos = 1;
    if (this.startsWith('<?xml')) this.until('?>', 'XML declaration');
    this.misc();
    if (this.startsWith('<!DOCTYPE')) this.fail('DOCTYPE is not accepted');
  }

  misc(): void {
    for (;;) {
      this.skipSpace();
      if (this.startsWith('<!--')) {
        this.pos += 4;
        this.until('-->', 'comment');
      } else if (this.startsWith('<?')) {
        this.pos += 2;
        this.until('?>', 'processing instruction');
      } else return;
    }
  }

  private decode(raw: string): string {
    return raw.replace(/&([^;&<]*);|&/g, (whole: string, ref: string | undefined) => {
      if (ref === undefined) this.fail("'&' without a reference");
      if (Object.hasOwn(ENTITIES, ref)) return ENTITIES[ref]!;
      const m = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
      const code = m ? parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10) : NaN;
      if (!(code >= 0x9 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) this.fail(`unknown reference '${whole}'`);
      return String.fromCodePoint(code);
    });
  }

  element(): XmlElement {
    this.expect('<');
    const qname = this.name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = this.pos;
      this.skipSpace();
      if (this.startsWith('/>')) {
        this.pos += 2;
        return { name: localName(qname), attributes, children: [], text: '' };
      }
      if (this.startsWith('>')) {
        this.pos += 1;
        break;
      }
      if (this.pos === before) this.fail('white space was expected between attributes');
      const attr = this.name();
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      const quote = this.s[this.pos];
      if (quote !== '"' && quote !== "'") this.fail('a quoted attribute value was expected');
      this.pos += 1;
      const value = this.until(quote, 'attribute value');
      if (value.includes('<')) this.fail("'<' in an attribute value");
      if (Object.hasOwn(attributes, attr)) this.fail(`attribute '${attr}' repeated`);
      attributes[attr] = this.decode(value);
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      const lt = this.s.indexOf('<', this.pos);
      if (lt < 0) this.fail(`element '${qname}' is not closed`);
      text += this.decode(this.s.slice(this.pos, lt).replace(/\r\n?/g, '\n'));
      this.pos = lt;
      if (this.startsWith('</')) {
        this.pos += 2;
        const closing = this.name();
        if (closing !== qname) this.fail(`'</${closing}>' closes '<${qname}>'`);
        this.skipSpace();
        this.expect('>');
        return { name: localName(qname), attributes, children, text };
      }
      if (this.startsWith('<![CDATA[')) {
        this.pos += 9;
        text += this.until(']]>', 'CDATA section');
      } else if (this.startsWith('<!--')) {
        this.pos += 4;
        this.until('-->', 'comment');
      } else if (this.startsWith('<?')) {
        this.pos += 2;
        this.until('?>', 'processing instruction');
      } else if (this.startsWith('<!')) {
        this.fail('markup declarations are not accepted');
      } else {
        children.push(this.element());
      }
    }
  }
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}
