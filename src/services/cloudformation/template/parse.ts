// A CloudFormation template body (YAML with the short-form tags, or JSON) turned into a plain object,
// with AWS's size limit and parse-error texts. Imports `yaml`, node built-ins, ../../../api/nesting.js
// and ../../../errors.js only.
import { Document, isScalar, Pair, parseDocument, Parser, Scalar, visit, YAMLMap, type Node, type ScalarTag } from 'yaml';
import { jsonDepth, MAX_DOCUMENT_DEPTH, yamlCstDepth } from '../../../api/nesting.js';
import { KmsError } from '../../../errors.js';

/** The parsed document, as a plain JSON-like object. */
export interface Template {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Metadata?: unknown;
  Parameters?: Record<string, ParameterDecl>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, ResourceDecl>;
  Outputs?: Record<string, OutputDecl>;
  Transform?: unknown;
  Rules?: unknown;
}

export interface ParameterDecl {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinLength?: number | string;
  MaxLength?: number | string;
  MinValue?: number | string;
  MaxValue?: number | string;
  NoEcho?: boolean | string;
  Description?: string;
  ConstraintDescription?: string;
}

export interface ResourceDecl {
  Type: string;
  Properties?: Record<string, unknown>;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: unknown;
  CreationPolicy?: unknown;
  UpdatePolicy?: unknown;
}

export interface OutputDecl {
  Value: unknown;
  Description?: unknown;
  Export?: { Name: unknown };
  Condition?: string;
}

/** CreateStack/ValidateTemplate: TemplateBody is 1..51,200 bytes (botocore model). */
export const MAX_TEMPLATE_BYTES = 51_200;

const invalid = (message: string) => new KmsError('ValidationError', message);

/** Parses a template body: JSON when the first non-blank character is `{`, YAML otherwise. */
export function parseTemplate(body: string): Template {
  const bytes = Buffer.byteLength(body, 'utf8');
  // AWS's service-side constraint texts; it echoes the value, which for a 50 KB body helps no one,
  // so the echo is cut short (a deliberate difference).
  if (bytes > MAX_TEMPLATE_BYTES) {
    throw invalid(`1 validation error detected: Value '${abbreviate(body)}' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEMPLATE_BYTES}`);
  }
  if (bytes === 0) throw invalid(`1 validation error detected: Value '' at 'templateBody' failed to satisfy constraint: Member must have length greater than or equal to 1`);
  const text = body.startsWith('\uFEFF') ? body.slice(1) : body;
  const json = text.trimStart().startsWith('{');
  // Measured before anything recursive (JSON's error scanner, yaml's composer, the checks) walks it
  if ((json ? jsonDepth(text) : yamlCstDepth(new Parser().parse(text))) > MAX_DOCUMENT_DEPTH) {
    // [kms] AWS's own limit and text are not known
    throw invalid(`Template format error: the template nests more than ${MAX_DOCUMENT_DEPTH} levels deep.`);
  }
  const value = json ? parseJson(text) : parseYaml(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid('Template format error: unsupported structure.');
  return value as Template;
}

function abbreviate(body: string): string {
  return body.length > 64 ? `${body.slice(0, 64)}...` : body;
}

// --- JSON ---------------------------------------------------------------------------------------

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // JSON.parse does not always say where it stopped (Node 20: "Unexpected token …" has no
    // position), so a scanner finds the offset AWS's "(line L, column C)" needs.
    const { line, column } = lineColumn(text, jsonErrorOffset(text));
    throw invalid(`Template format error: JSON not well-formed. (line ${line}, column ${column})`);
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** The offset of the first character that breaks RFC 8259 (text.length when the text just ends). */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    for (const c of word) if (text[i++] !== c) (i--, fail());
  };
  const string = () => {
    if (text[i] !== '"') fail();
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') fail();
      if (c === '"') return void i++;
      if (c === '\\') {
        i++;
        const e = text[i];
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) (i += k, fail());
          i += 5;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else fail();
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m || m[0] === '-' || m[0] === '') fail();
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail();
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return text.length;
  } catch (at) {
    if (typeof at === 'number') return at;
    throw at;
  }
}

// --- YAML ---------------------------------------------------------------------------------------

/**
 * The YAML 1.2 core schema keeps `2010-09-09` and `2012-10-17` text (YAML 1.1 would make them
 * dates), but CloudFormation reads the YAML 1.1 boolean words as booleans, as its docs warn for an
 * unquoted `AllowedValues: [Yes, No]` (SnakeYAML's set: yes/no/true/false/on/off in three cases; not y/n).
 */
const YAML11_BOOL: ScalarTag = {
  tag: 'tag:yaml.org,2002:bool',
  default: true,
  test: /^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$/,
  resolve: (s) => /^(?:y|on$)/i.test(s),
};

/**
 * A decimal with a leading zero is not a YAML 1.1 integer (nor octal when it holds 8 or 9), so an
 * unquoted account id such as 012345678901 stays text there; the 1.2 core schema would drop the zero.
 */
const LEADING_ZERO_TEXT: ScalarTag = {
  tag: 'tag:yaml.org,2002:str',
  default: true,
  test: /^[-+]?0[0-9]+$/,
  resolve: (s) => s,
};

function parseYaml(text: string): unknown {
  const doc = parseDocument(text, {
    customTags: (tags) => [LEADING_ZERO_TEXT, ...tags, YAML11_BOOL],
    uniqueKeys: true,
    logLevel: 'error',
    prettyErrors: true,
  });
  const error = doc.errors[0];
  if (error) throw notWellFormed(error.linePos?.[0]);
  expandShortForms(doc);
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch {
    // e.g. an alias to nothing, or an alias bomb: the document is not usable
    throw invalid('Template format error: YAML not well-formed.');
  }
}

function notWellFormed(pos: { line: number; col: number } | undefined): KmsError {
  return invalid(`Template format error: YAML not well-formed. (line ${pos?.line ?? 1}, column ${pos?.col ?? 1})`);
}

/**
 * A mapping key is a name (a logical id, a parameter, a mapping key): `On:` or `No:` stays the text
 * written rather than becoming "true"/"false", which would make the name something else silently.
 */
function keepKeyText(pair: Pair): undefined {
  const key = pair.key;
  if (isScalar(key) && typeof key.value === 'boolean' && typeof key.source === 'string' && YAML11_BOOL.test!.test(key.source)) key.value = key.source;
  return undefined;
}

/**
 * The short forms, as awscli's yamlhelper maps them: `!Ref X` -> {Ref: X}, `!Condition X` ->
 * {Condition: X}, any other `!Name v` -> {"Fn::Name": v}, and a scalar `!GetAtt A.B` -> ["A", "B"]
 * split at the first dot. Every local tag is mapped, so an unknown `!Foo` later fails as the
 * unsupported function Fn::Foo, as on AWS, instead of silently staying a string.
 */
function expandShortForms(doc: Document): void {
  const replace = (node: Node): YAMLMap | undefined => {
    const tag = node.tag;
    // `!Name` only: not `!` alone (YAML's non-specific tag), nor the `!!str` family (resolved by now)
    if (!tag || !/^![A-Za-z]/.test(tag)) return undefined;
    const name = tag.slice(1);
    const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
    node.tag = undefined;
    let inner: unknown = node;
    if (name === 'GetAtt' && isScalar(node)) {
      const s = String(node.value);
      const dot = s.indexOf('.');
      inner = doc.createNode(dot < 0 ? [s] : [s.slice(0, dot), s.slice(dot + 1)]);
    }
    const map = new YAMLMap();
    map.items.push(new Pair(new Scalar(key), inner));
    if (node.anchor) {
      map.anchor = node.anchor;
      node.anchor = undefined;
    }
    return map;
  };
  // visit() goes on into a returned replacement, so the tagged node's own children expand too.
  // A tagged scalar is text (`!Ref 123` names "123"): yaml resolves an unknown tag's scalar as a string.
  visit(doc, {
    Pair: (_key, pair) => keepKeyText(pair),
    Scalar: (_key, node) => replace(node),
    Map: (_key, node) => replace(node),
    Seq: (_key, node) => replace(node),
  });
}
