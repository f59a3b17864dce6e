// --generate-cli-skeleton input | yaml-input | output: botocore's ArgumentGenerator and AWS CLI v2's
// YAMLArgumentGenerator over our model, printed as the CLI prints them. Must not import the engine.

import type { ServiceModel, ShapeRef, StructureShape } from '../../api/types.js';
import { shapeOf } from './argprocess.js';

export type SkeletonKind = 'input' | 'output' | 'yaml-input';

export interface SkeletonOptions {
  /** botocore picks random.choice(enum); we take the first value unless told otherwise. */
  pickEnum?: (values: readonly string[]) => string;
}

/** Marks a blob placeholder in a skeleton (null in JSON, `!!binary ''` in YAML). */
export const BLOB = Symbol('blob');
/** The timestamp placeholder: datetime(1970, 1, 1, 0, 0, 0). */
const EPOCH = new Date(Date.UTC(1970, 0, 1));

/**
 * ArgumentGenerator.generate_skeleton: placeholder values for a shape ('' or the member name for
 * strings, 0, true, epoch, one list element, {KeyName: …} for maps, {} on recursion).
 */
export function skeletonValue(model: ServiceModel, ref: ShapeRef, useMemberNames = false, opts: SkeletonOptions = {}): unknown {
  const pick = opts.pickEnum ?? ((v: readonly string[]) => v[0]!);
  const stack: ShapeRef[] = [];
  const gen = (r: ShapeRef, name: string): unknown => {
    stack.push(r);
    try {
      const shape = shapeOf(model, r);
      switch (shape.type) {
        case 'structure': {
          if (stack.filter((s) => s === r).length > 1) return {};
          const out: Record<string, unknown> = {};
          for (const [m, spec] of Object.entries(shape.members)) out[m] = gen(spec.shape, m);
          return out;
        }
        case 'list':
          return [gen(shape.member, useMemberNames ? shape.member : '')];
        case 'map':
          return { KeyName: gen(shape.value, '') };
        case 'string':
          if (useMemberNames) return name;
          return shape.enum?.length ? pick(shape.enum) : '';
        case 'integer':
        case 'long':
          return 0;
        case 'boolean':
          return true;
        case 'timestamp':
          return EPOCH;
        case 'blob':
          return BLOB;
      }
    } finally {
      stack.pop();
    }
  };
  return gen(ref, '');
}

/**
 * The text `--generate-cli-skeleton <kind>` prints for an operation. For `output` this is the
 * sample response as `--output json` prints it (indent 4); outputSkeleton gives the value for
 * other formatters. Unknown operations give '{}'.
 */
export function generateSkeleton(model: ServiceModel, operationName: string, kind: SkeletonKind, opts: SkeletonOptions = {}): string {
  const op = model.operations[operationName];
  if (kind === 'yaml-input') return yamlInputSkeleton(model, op?.input, opts);
  if (kind === 'output') {
    const value = outputSkeleton(model, op?.output);
    return `${JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? '' : v), 4)}\n`;
  }
  return inputSkeletonJson(model, op?.input, opts);
}

/** `--generate-cli-skeleton [input]`: json.dumps(skeleton, indent=4) and a newline. */
export function inputSkeletonJson(model: ServiceModel, inputShape: ShapeRef | undefined, opts: SkeletonOptions = {}): string {
  const skeleton = inputShape ? skeletonValue(model, inputShape, false, opts) : {};
  const text = JSON.stringify(
    skeleton,
    function (this: unknown, key: string, v: unknown) {
      const raw = (this as Record<string, unknown>)[key];
      // awscli.utils.json_encoder: datetimes as isoformat(); blobs have no placeholder (None)
      if (raw instanceof Date) return raw.toISOString().replace(/\.000Z$/, '');
      if (raw === BLOB) return null;
      return v;
    },
    4,
  );
  return `${text}\n`;
}

/**
 * The sample response `--generate-cli-skeleton output` prints through the output formatter
 * (ArgumentGenerator(use_member_names=True)); blobs are empty bytes. The AWS CLI also runs the
 * stub through botocore's response validation, which fails for many KMS outputs; we do not.
 */
export function outputSkeleton(model: ServiceModel, outputShape: ShapeRef | undefined): Record<string, unknown> {
  if (!outputShape) return {};
  const replaceBlobs = (v: unknown): unknown => {
    if (v === BLOB) return new Uint8Array(0);
    if (Array.isArray(v)) return v.map(replaceBlobs);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceBlobs(x)]));
    }
    return v;
  };
  return replaceBlobs(skeletonValue(model, outputShape, true)) as Record<string, unknown>;
}

/** get_shape_doc_overview: the first sentence of the member's (or its shape's) doc, tags stripped. */
function docOverview(doc: string | undefined): string {
  const text = (doc ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();
  const m = /^.*?[.!?](?=\s|$)/.exec(text);
  return m ? m[0] : text;
}

const PLAIN = /^[A-Za-z_][A-Za-z0-9_.\-/]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
function yamlScalar(v: unknown): string {
  if (v === BLOB) return "!!binary ''";
  if (v instanceof Date) return '1970-01-01 00:00:00';
  if (typeof v === 'string') return v !== '' && PLAIN.test(v) && !RESERVED.test(v) ? v : `'${v.replace(/'/g, "''")}'`;
  return String(v);
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** `--generate-cli-skeleton yaml-input`: ruamel.yaml's dump of YAMLArgumentGenerator's map. */
export function yamlInputSkeleton(model: ServiceModel, inputShape: ShapeRef | undefined, opts: SkeletonOptions = {}): string {
  if (!inputShape) return '{}\n';
  const skeleton = skeletonValue(model, inputShape, false, opts);
  const lines: string[] = [];
  emitMapping(model, inputShape, skeleton as Record<string, unknown>, 0, '', lines);
  return lines.length ? `${lines.join('\n')}\n` : '{}\n';
}

/** Comment text per YAMLArgumentGenerator._add_member_comments, or '' for none. */
function memberComment(model: ServiceModel, struct: StructureShape, member: string): string {
  const spec = struct.members[member]!;
  const shape = shapeOf(model, spec.shape);
  const parts: string[] = [];
  if (struct.required?.includes(member)) parts.push('[REQUIRED]');
  parts.push(docOverview(spec.doc ?? shape.doc));
  if (shape.type === 'string' && shape.enum?.length) parts.push(`Valid values are: ${shape.enum.join(', ')}.`);
  const comment = parts.join(' ');
  return comment.trim() ? `# ${comment}` : '';
}

/**
 * Writes `value` (a structure's skeleton when `ref` is a structure, else a plain map) at `indent`.
 * `first` is the text before the first key ('- ' inside a sequence). ruamel puts two spaces before
 * an end-of-line comment when no earlier key of the map has one, one space otherwise.
 */
function emitMapping(model: ServiceModel, ref: ShapeRef | undefined, value: Record<string, unknown>, indent: number, first: string, lines: string[]): void {
  const shape = ref ? shapeOf(model, ref) : undefined;
  const struct = shape?.type === 'structure' ? shape : undefined;
  const keys = Object.keys(value);
  const commented = new Set<string>();
  keys.forEach((key, i) => {
    const lead = i === 0 ? ' '.repeat(Math.max(0, indent - first.length)) + first : ' '.repeat(indent);
    let comment = struct ? memberComment(model, struct, key) : '';
    if (comment) {
      // CommentedMap._yaml_get_column: the previous key's comment, else the last commented key
      // before the first key that sorts at or after this one
      const prev = keys[i - 1];
      let found = prev !== undefined && commented.has(prev);
      for (const k of keys) {
        if (found || k >= key) break;
        if (commented.has(k)) found = true;
      }
      comment = (found ? ' ' : '  ') + comment;
      commented.add(key);
    }
    const v = value[key];
    const childRef = struct ? struct.members[key]!.shape : shape?.type === 'map' ? shape.value : undefined;
    if (Array.isArray(v)) {
      lines.push(`${lead}${key}:${comment}`);
      emitSequence(model, childRef, v, indent, lines);
    } else if (isMapping(v) && Object.keys(v).length > 0) {
      lines.push(`${lead}${key}:${comment}`);
      emitMapping(model, childRef, v, indent + 2, '', lines);
    } else {
      lines.push(`${lead}${key}: ${isMapping(v) ? '{}' : yamlScalar(v)}${comment}`);
    }
  });
}

/** A block sequence at the parent key's indent (ruamel's default offset 0). */
function emitSequence(model: ServiceModel, listRef: ShapeRef | undefined, items: unknown[], indent: number, lines: string[]): void {
  const list = listRef ? shapeOf(model, listRef) : undefined;
  const memberRef = list?.type === 'list' ? list.member : undefined;
  for (const item of items) {
    const pad = ' '.repeat(indent);
    if (isMapping(item) && Object.keys(item).length > 0) emitMapping(model, memberRef, item, indent + 2, '- ', lines);
    else if (Array.isArray(item)) {
      lines.push(`${pad}-`);
      emitSequence(model, memberRef, item, indent + 2, lines);
    } else lines.push(`${pad}- ${isMapping(item) ? '{}' : yamlScalar(item)}`);
  }
}
