// What help, man pages and completions say about each command, derived once from the operation
// table and src/cli/options.ts. Pure data functions: must not import commander, fs or process.

import { commandName, flagName, model, operationForCommand, shape } from '../../api/index.js';
import type { OperationSpec, Shape, ShapeRef } from '../../api/types.js';
import { EXTENSION_COMMANDS, GLOBAL_OPTIONS, OPERATION_OPTIONS, PAGINATION_OPTIONS } from '../options.js';
import type { ExtensionCommand, OptionSpec } from '../options.js';
import { fullTypeLabel, limitsOf, shorthandOf } from './shorthand.js';

/** How a flag's value is read; completions use it to offer enum values or file paths. */
export type ValueKind = 'none' | 'text' | 'enum' | 'blob' | 'document' | 'path';

export interface FlagDoc {
  /** e.g. --key-id */
  flag: string;
  /** --no-<flag> for boolean members */
  negation?: string;
  /** the value as the synopsis shows it: '<value>', '<value> [<value> ...]', '[type]' or '' */
  placeholder: string;
  /** string, integer, boolean, blob, timestamp, map, structure or 'list of <type>'; '' for switches */
  type: string;
  required: boolean;
  doc: string;
  enum?: readonly string[];
  /** "1 to 2048 characters", "1 to 10 items", … */
  limits: readonly string[];
  /** the shorthand syntax of structures, lists of structures and maps */
  shorthand?: string;
  deprecated: boolean;
  /** the flag takes several space-separated values */
  repeats: boolean;
  kind: ValueKind;
}

export interface OutputDoc {
  name: string;
  type: string;
  doc: string;
}

export interface CommandDoc {
  /** words after `kms`, e.g. ['encrypt'] or ['keyring', 'init'] */
  path: readonly string[];
  /** the API operation, for table-driven commands */
  operation?: string;
  doc: string;
  /** the first sentence of doc, for command lists */
  summary: string;
  flags: readonly FlagDoc[];
  args: readonly { name: string; description: string; variadic?: boolean; optional?: boolean }[];
  examples: readonly { command: string; description: string }[];
  output: readonly OutputDoc[];
  paginated: boolean;
}

/** `--key-id <value>`, `[--dry-run | --no-dry-run]`: one synopsis entry (required ones bare). */
export function synopsisEntry(f: FlagDoc): string {
  const core = f.negation ? `${f.flag} | ${f.negation}` : f.placeholder ? `${f.flag} ${f.placeholder}` : f.flag;
  return f.required ? core : `[${core}]`;
}

/** The first sentence of a paragraph (up to the first '. ' or '; '). */
export function firstSentence(text: string): string {
  const m = /^(.*?[.;])(\s|$)/s.exec(text);
  return (m ? m[1]! : text).replace(/;$/, '.');
}

/** A description from options.ts as a sentence: capitalised, with a final period. */
export function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[."]$/.test(s) ? s : `${s}.`;
}

/** Options from src/cli/options.ts as flags: `[type]` values are optional, choices are enums. */
export function optionFlag(spec: OptionSpec): FlagDoc {
  const valueName = spec.value?.replace(/[<>[\]]/g, '') ?? '';
  const isPath = valueName === 'path';
  const doc = sentence(spec.defaultValue === undefined ? spec.description : `${spec.description} (default ${spec.defaultValue})`);
  return {
    flag: spec.flag,
    placeholder: spec.value ?? '',
    type: spec.value ? (spec.choices ? 'string' : ['n', 'seconds', 'log2n'].includes(valueName) ? 'integer' : 'string') : '',
    required: false,
    doc,
    ...(spec.choices ? { enum: spec.choices } : {}),
    limits: [],
    deprecated: false,
    repeats: false,
    kind: !spec.value ? 'none' : spec.choices ? 'enum' : isPath ? 'path' : spec.flag.startsWith('--cli-input') ? 'document' : 'text',
  };
}

function kindOf(target: Shape): ValueKind {
  switch (target.type) {
    case 'boolean':
      return 'none';
    case 'blob':
      return 'blob';
    case 'map':
    case 'structure':
      return 'document';
    case 'list': {
      const item = shape(target.member);
      if (item.type === 'structure' || item.type === 'map') return 'document';
      return item.type === 'string' && item.enum ? 'enum' : 'text';
    }
    case 'string':
      return target.enum ? 'enum' : 'text';
    default:
      return 'text';
  }
}

function enumOf(target: Shape): readonly string[] | undefined {
  if (target.type === 'string') return target.enum;
  if (target.type === 'list') {
    const item = shape(target.member);
    if (item.type === 'string') return item.enum;
  }
  return undefined;
}

/** The flag of one input member, as the CLI maps it (boolean → --x/--no-x, list → values). */
function memberFlag(member: string, ref: ShapeRef, doc: string | undefined, required: boolean, deprecated: boolean): FlagDoc {
  const target = shape(ref);
  const flag = `--${flagName(member)}`;
  const isList = target.type === 'list';
  const values = enumOf(target);
  const shorthand = shorthandOf(target);
  return {
    flag,
    ...(target.type === 'boolean' ? { negation: `--no-${flagName(member)}` } : {}),
    placeholder: target.type === 'boolean' ? '' : isList ? '<value> [<value> ...]' : '<value>',
    type: fullTypeLabel(target),
    required,
    doc: doc ?? target.doc ?? '',
    ...(values ? { enum: values } : {}),
    limits: limitsOf(target),
    ...(shorthand ? { shorthand } : {}),
    deprecated: deprecated || Boolean(target.deprecated),
    repeats: isList,
    kind: kindOf(target),
  };
}

function outputOf(op: OperationSpec): OutputDoc[] {
  if (!op.output) return [];
  const out = shape(op.output);
  if (out.type !== 'structure') return [];
  return Object.entries(out.members).map(([name, m]) => {
    const target = shape(m.shape);
    return { name, type: fullTypeLabel(target), doc: m.doc ?? target.doc ?? '' };
  });
}

/** The help/man/completion view of one operation. */
export function describeOperation(op: OperationSpec): CommandDoc {
  const input = shape(op.input);
  const flags: FlagDoc[] = [];
  if (input.type === 'structure') {
    const required = new Set(input.required ?? []);
    for (const [member, spec] of Object.entries(input.members)) {
      flags.push(memberFlag(member, spec.shape, spec.doc, required.has(member), Boolean(spec.deprecated)));
    }
  }
  // Required flags first, as the AWS CLI's synopsis orders them.
  flags.sort((a, b) => Number(b.required) - Number(a.required));
  flags.push(...OPERATION_OPTIONS.map(optionFlag));
  if (op.paginator) flags.push(...PAGINATION_OPTIONS.map(optionFlag));
  return {
    path: [commandName(op.name)],
    operation: op.name,
    doc: op.doc,
    summary: firstSentence(op.doc),
    flags,
    args: [],
    examples: op.examples ?? [],
    output: outputOf(op),
    paginated: Boolean(op.paginator),
  };
}

/** The help/man/completion view of one of kms's own commands (keyring …, configure). */
export function describeExtension(ext: ExtensionCommand): CommandDoc {
  const doc = sentence(ext.description);
  return {
    path: ext.path,
    doc,
    summary: doc,
    flags: ext.options.map(optionFlag),
    args: ext.args ?? [],
    examples: [],
    output: [],
    paginated: false,
  };
}

let cache: { operations: CommandDoc[]; extensions: CommandDoc[]; globals: FlagDoc[] } | undefined;

/** Every command, in the table's order, then the extension commands; and the global flags. */
export function allCommands(): { operations: readonly CommandDoc[]; extensions: readonly CommandDoc[]; globals: readonly FlagDoc[] } {
  cache ??= {
    operations: Object.values(model.operations).map(describeOperation),
    extensions: EXTENSION_COMMANDS.map(describeExtension),
    globals: GLOBAL_OPTIONS.map(optionFlag),
  };
  return cache;
}

/** The command a help topic names (['encrypt'], ['keyring', 'init']), or undefined. */
export function findCommand(topic: readonly string[]): CommandDoc | undefined {
  // One operation's help describes that operation only (help stays fast).
  const op = topic.length === 1 ? operationForCommand(topic[0]!) : undefined;
  if (op) return describeOperation(op);
  const key = topic.join(' ');
  const ext = EXTENSION_COMMANDS.find((e) => e.path.join(' ') === key);
  return ext ? describeExtension(ext) : undefined;
}
