// What help, man pages and completions say about each command, derived once from the services'
// tables and src/cli/options.ts. Pure data functions: must not import commander, fs or process.

import { commandName, flagName, operationForCommand, shapeOf } from '../../api/model.js';
import type { OperationSpec, ServiceModel, Shape, ShapeRef } from '../../api/types.js';
import { defaultService, SERVICES, serviceForCommand, type ServiceEntry } from '../../services/index.js';
import { EXTENSION_COMMANDS, GLOBAL_OPTIONS, OPERATION_OPTIONS, pagingOptions, shadowedByPaging } from '../options.js';
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
  /** words after `kms`, e.g. ['encrypt'], ['iam', 'create-user'] or ['keyring', 'init'] */
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

function kindOf(model: ServiceModel, target: Shape): ValueKind {
  switch (target.type) {
    case 'boolean':
      return 'none';
    case 'blob':
      return 'blob';
    case 'map':
    case 'structure':
      return 'document';
    case 'list': {
      const item = shapeOf(model, target.member);
      if (item.type === 'structure' || item.type === 'map') return 'document';
      return item.type === 'string' && item.enum ? 'enum' : 'text';
    }
    case 'string':
      return target.enum ? 'enum' : 'text';
    default:
      return 'text';
  }
}

function enumOf(model: ServiceModel, target: Shape): readonly string[] | undefined {
  if (target.type === 'string') return target.enum;
  if (target.type === 'list') {
    const item = shapeOf(model, target.member);
    if (item.type === 'string') return item.enum;
  }
  return undefined;
}

/** The flag of one input member, as the CLI maps it (boolean → --x/--no-x, list → values). */
function memberFlag(model: ServiceModel, member: string, ref: ShapeRef, doc: string | undefined, required: boolean, deprecated: boolean): FlagDoc {
  const target = shapeOf(model, ref);
  const flag = `--${flagName(member)}`;
  const isList = target.type === 'list';
  const values = enumOf(model, target);
  const shorthand = shorthandOf(model, target);
  return {
    flag,
    ...(target.type === 'boolean' ? { negation: `--no-${flagName(member)}` } : {}),
    placeholder: target.type === 'boolean' ? '' : isList ? '<value> [<value> ...]' : '<value>',
    type: fullTypeLabel(model, target),
    required,
    doc: doc ?? target.doc ?? '',
    ...(values ? { enum: values } : {}),
    limits: limitsOf(model, target),
    ...(shorthand ? { shorthand } : {}),
    deprecated: deprecated || Boolean(target.deprecated),
    repeats: isList,
    kind: kindOf(model, target),
  };
}

function outputOf(model: ServiceModel, op: OperationSpec): OutputDoc[] {
  if (!op.output) return [];
  const out = shapeOf(model, op.output);
  if (out.type !== 'structure') return [];
  return Object.entries(out.members).map(([name, m]) => {
    const target = shapeOf(model, m.shape);
    return { name, type: fullTypeLabel(model, target), doc: m.doc ?? target.doc ?? '' };
  });
}

/** The help/man/completion view of one operation of a service. */
export function describeOperation(entry: Pick<ServiceEntry, 'model' | 'command'>, op: OperationSpec): CommandDoc {
  const model = entry.model;
  const input = shapeOf(model, op.input);
  const flags: FlagDoc[] = [];
  if (input.type === 'structure') {
    const required = new Set(input.required ?? []);
    for (const [member, spec] of Object.entries(input.members)) {
      if (shadowedByPaging(op.paginator !== undefined, flagName(member))) continue;
      flags.push(memberFlag(model, member, spec.shape, spec.doc, required.has(member), Boolean(spec.deprecated)));
    }
  }
  // Required flags first, as the AWS CLI's synopsis orders them.
  flags.sort((a, b) => Number(b.required) - Number(a.required));
  flags.push(...OPERATION_OPTIONS.map(optionFlag));
  flags.push(...pagingOptions(op.paginator).map(optionFlag));
  return {
    path: entry.command === undefined ? [commandName(op.name)] : [entry.command, commandName(op.name)],
    operation: op.name,
    doc: op.doc,
    summary: firstSentence(op.doc),
    flags,
    args: [],
    examples: op.examples ?? [],
    output: outputOf(model, op),
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

/** A service word's entry in command lists: `iam`, with the service's full name and its commands. */
export interface ServiceGroupDoc {
  command: string;
  summary: string;
  operations: readonly CommandDoc[];
}

export interface AllCommands {
  /** every operation command of every service: KMS's first, each in its table's order */
  operations: readonly CommandDoc[];
  /** KMS's operations, the commands right after `kms` */
  topLevel: readonly CommandDoc[];
  /** the other services, each with its word and its operations */
  services: readonly ServiceGroupDoc[];
  extensions: readonly CommandDoc[];
  globals: readonly FlagDoc[];
}

const cache = new WeakMap<readonly ServiceEntry[], AllCommands>();

function describeAll(services: readonly ServiceEntry[]): AllCommands {
  // the aws CLI's customizations of a service (cloudformation deploy, wait) are listed with its
  // operations, not among kms's own commands
  const words = new Set(services.flatMap((s) => (s.command === undefined ? [] : [s.command])));
  const customizations = EXTENSION_COMMANDS.filter((e) => words.has(e.path[0]!)).map(describeExtension);
  const described = services.map((s) => ({
    entry: s,
    ops: [...Object.values(s.model.operations).map((op) => describeOperation(s, op)), ...customizations.filter((c) => c.path[0] === s.command)],
  }));
  return {
    operations: described.flatMap((d) => d.ops),
    topLevel: described.filter((d) => d.entry.command === undefined).flatMap((d) => d.ops),
    services: described.flatMap(({ entry, ops }) =>
      entry.command === undefined ? [] : [{ command: entry.command, summary: `${entry.model.fullName} operations.`, operations: ops }],
    ),
    extensions: EXTENSION_COMMANDS.filter((e) => !words.has(e.path[0]!)).map(describeExtension),
    globals: GLOBAL_OPTIONS.map(optionFlag),
  };
}

/** Every command, grouped as help, man pages and completions list them, and the global flags. */
export function allCommands(services: readonly ServiceEntry[] = SERVICES): AllCommands {
  let all = cache.get(services);
  if (!all) cache.set(services, (all = describeAll(services)));
  return all;
}

/** The command a help topic names (['encrypt'], ['iam', 'create-user'], ['keyring', 'init']), or undefined. */
export function findCommand(topic: readonly string[], services: readonly ServiceEntry[] = SERVICES): CommandDoc | undefined {
  // One operation's help describes that operation only (help stays fast).
  const entry = topic.length === 2 ? serviceForCommand(services, topic[0]!) : topic.length === 1 ? defaultService(services) : undefined;
  const op = entry ? operationForCommand(entry.model, topic[topic.length - 1]!) : undefined;
  if (entry && op) return describeOperation(entry, op);
  const key = topic.join(' ');
  const ext = EXTENSION_COMMANDS.find((e) => e.path.join(' ') === key);
  return ext ? describeExtension(ext) : undefined;
}
