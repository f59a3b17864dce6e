// The Commander program, built from the services' tables: one command per KMS operation with
// the aws kms flag names (`kms encrypt`), one group per other service (`kms iam create-user`),
// the global options, and the extension groups (keyring, configure).

import { Command, CommanderError, Option } from 'commander';
import { commandName, flagName, operationForCommand, shapeOf } from '../api/model.js';
import type { OperationSpec, ServiceModel, StructureShape } from '../api/types.js';
import { defaultService, SERVICES, serviceForCommand, type ServiceEntry } from '../services/index.js';
import { ArgumentError } from './errors.js';
import { EXTENSION_COMMANDS, GLOBAL_OPTIONS, OPERATION_OPTIONS, pagingOptions, shadowedByPaging, type OptionSpec } from './options.js';

/** Global options, as the AWS CLI v2 has them (plus --passphrase-file, ours). */
export interface GlobalOptions {
  region?: string;
  output?: string;
  query?: string;
  profile?: string;
  endpointUrl?: string;
  paginate: boolean;
  debug?: boolean;
  color?: string;
  cliPager?: boolean;
  cliBinaryFormat?: string;
  passphraseFile?: string;
}

/** What a parsed command line asks for. */
export type Invocation =
  | { kind: 'operation'; service: ServiceEntry; op: OperationSpec; flags: Record<string, unknown>; globals: GlobalOptions }
  | { kind: 'keyring'; action: string; args: string[]; flags: Record<string, unknown>; globals: GlobalOptions }
  | { kind: 'configure'; action: string; args: string[]; globals: GlobalOptions }
  | { kind: 'serve'; flags: Record<string, unknown>; globals: GlobalOptions }
  | { kind: 'stream'; action: 'encrypt' | 'decrypt'; flags: Record<string, unknown>; globals: GlobalOptions }
  | { kind: 'custom'; path: readonly string[]; flags: Record<string, unknown>; globals: GlobalOptions }
  | { kind: 'x509'; action: string; flags: Record<string, unknown>; globals: GlobalOptions }
  | { kind: 'help'; text: string };

function toOption(spec: OptionSpec): Option {
  const opt = new Option(spec.value ? `${spec.flag} ${spec.value}` : spec.flag, spec.description);
  if (spec.choices) opt.choices([...spec.choices]);
  if (spec.defaultValue !== undefined) opt.default(spec.defaultValue);
  return opt;
}

/** Adds one operation's flags: a flag per input member, by type, as the AWS CLI does. */
function addOperationFlags(cmd: Command, model: ServiceModel, op: OperationSpec): void {
  const input = shapeOf(model, op.input) as StructureShape;
  const required = new Set(input.required ?? []);
  for (const [member, spec] of Object.entries(input.members)) {
    const flag = flagName(member);
    if (shadowedByPaging(op.paginator !== undefined, flag)) continue;
    const target = shapeOf(model, spec.shape);
    const doc = (spec.doc ?? target.doc ?? '') + (required.has(member) ? ' (required)' : '');
    if (target.type === 'boolean') {
      cmd.addOption(new Option(`--${flag}`, doc));
      cmd.addOption(new Option(`--no-${flag}`, `the opposite of --${flag}`));
    } else if (target.type === 'list') {
      cmd.addOption(new Option(`--${flag} <value...>`, doc));
    } else {
      const opt = new Option(`--${flag} <value>`, doc);
      if (target.type === 'string' && target.enum) opt.choices([...target.enum]);
      cmd.addOption(opt);
    }
  }
  for (const spec of OPERATION_OPTIONS) cmd.addOption(toOption(spec));
  for (const spec of pagingOptions(op.paginator)) cmd.addOption(toOption(spec));
}

/** Commander's errors, reworded as the AWS CLI's argparse errors (exit 252). */
function translateCommanderError(err: CommanderError): ArgumentError {
  const m = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'commander.unknownOption':
      return new ArgumentError(`Unknown options: ${m}`);
    case 'commander.excessArguments':
      return new ArgumentError(`Unknown options: ${err.message.replace(/^.*Expected.*got \d+\.?\s*/s, '')}`.trim());
    case 'commander.optionMissingArgument':
    case 'commander.missingArgument':
      return new ArgumentError(`argument ${m.split(/[ ,]/)[0]}: expected one argument`);
    case 'commander.invalidArgument': {
      const choices = /Allowed choices are (.*)\./.exec(err.message)?.[1] ?? '';
      const value = /argument '([^']*)'/.exec(err.message)?.[1] ?? '';
      const opt = /option '([^' ]+)/.exec(err.message)?.[1] ?? '';
      return new ArgumentError(`argument ${opt}: Invalid choice: '${value}', valid choices are: ${choices.split(', ').map((c) => `'${c}'`).join(', ')}`);
    }
    default:
      return new ArgumentError(err.message.replace(/^error: /, ''));
  }
}

/**
 * Parses argv into an Invocation. Throws ArgumentError for usage problems. Only the command
 * named on the command line gets its flags built, so start-up stays lean. `services` are the
 * services whose operations are commands (every service of this build unless a test says).
 */
export function parseArgv(argv: readonly string[], services: readonly ServiceEntry[] = SERVICES): Invocation {
  let result: Invocation | undefined;
  let helpText = '';
  const program = new Command('kms')
    .description('The aws kms command line, offline: KMS operations against a local encrypted keyring.')
    .usage('[options] <command> [parameters]')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (s) => (helpText += s), writeErr: () => undefined })
    .allowExcessArguments(false);
  program.helpCommand(false);
  for (const spec of GLOBAL_OPTIONS) program.addOption(toOption(spec));

  const words = commandWords(argv);
  const named = words[0];
  const globalsOf = (cmd: Command) => cmd.optsWithGlobals() as GlobalOptions;

  // KMS operations are top-level commands; another service's are commands of its word's group.
  // When argv names an operation, only that command is built (start-up cost); otherwise all of
  // the level's, so an unknown name gets suggestions.
  const addOperations = (parent: Command, entry: ServiceEntry, name: string | undefined): void => {
    const chosen = name === undefined ? undefined : operationForCommand(entry.model, name);
    for (const op of chosen ? [chosen] : Object.values(entry.model.operations)) {
      const cmd = parent.command(commandName(op.name)).description(op.doc).allowExcessArguments(false);
      if (op === chosen) {
        addOperationFlags(cmd, entry.model, op);
        cmd.action((_opts, c: Command) => {
          result = { kind: 'operation', service: entry, op, flags: c.opts(), globals: globalsOf(c) };
        });
      }
    }
  };
  const other = named === undefined ? undefined : serviceForCommand(services, named);
  if (!other) addOperations(program, defaultService(services), named);
  for (const entry of services) {
    if (entry.command === undefined) continue;
    const group = program.command(entry.command).description(`${entry.model.fullName} operations`);
    if (entry === other) addOperations(group.exitOverride(), entry, words[1]);
  }

  for (const ext of EXTENSION_COMMANDS) {
    let parent = program;
    for (const word of ext.path.slice(0, -1)) {
      // a service's group (cloudformation) takes the aws CLI's customizations of it
      let group = parent.commands.find((c) => c.name() === word);
      if (!group) group = parent.command(word).description(`${word} commands (kms extension)`).exitOverride();
      parent = group;
    }
    const cmd = parent.command(ext.path[ext.path.length - 1]!).description(ext.description);
    for (const a of ext.args ?? []) {
      const name = `${a.name}${a.variadic ? '...' : ''}`;
      cmd.argument(a.optional ? `[${name}]` : `<${name}>`, a.description);
    }
    for (const spec of ext.options) cmd.addOption(toOption(spec));
    cmd.action((...args: unknown[]) => {
      const c = args[args.length - 1] as Command;
      const globals = globalsOf(c);
      if (ext.path[0] === 'cloudformation') result = { kind: 'custom', path: ext.path, flags: c.opts(), globals };
      else if (ext.path[0] === 'keyring') {
        result = { kind: 'keyring', action: ext.path[1]!, args: args.slice(0, -2).filter((a): a is string => typeof a === 'string'), flags: c.opts(), globals };
      }
      else if (ext.path[0] === 'serve') result = { kind: 'serve', flags: c.opts(), globals };
      else if (ext.path[0] === 'x509') result = { kind: 'x509', action: ext.path[1]!, flags: c.opts(), globals };
      else if (ext.path[0] === 'encrypt-stream' || ext.path[0] === 'decrypt-stream') {
        result = { kind: 'stream', action: ext.path[0] === 'encrypt-stream' ? 'encrypt' : 'decrypt', flags: c.opts(), globals };
      } else result = { kind: 'configure', action: args[0] as string, args: (args[1] as string[] | undefined) ?? [], globals };
    });
  }

  try {
    program.parse(argv as string[], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') {
        return { kind: 'help', text: helpText };
      }
      if (err.code === 'commander.unknownCommand') {
        const level = other ? program.commands.find((c) => c.name() === other.command)! : program;
        throw unknownCommand((other ? words[1] : named) ?? '', [...level.commands.map((c) => c.name())]);
      }
      throw translateCommanderError(err);
    }
    throw err;
  }
  if (!result) return { kind: 'help', text: program.helpInformation() };
  return result;
}

/** Global options that take a value: their values are not the command name. */
const VALUED_GLOBALS = new Set(GLOBAL_OPTIONS.filter((o) => o.value).map((o) => o.flag));
const GLOBAL_SWITCHES = new Set(GLOBAL_OPTIONS.filter((o) => !o.value).map((o) => o.flag));

/**
 * The leading words of argv that are neither options nor global options' values: the command
 * path (`keyring unlock`, `encrypt`, `encrypt help`). Stops at the first operation flag.
 */
export function commandWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUED_GLOBALS.has(a)) i++;
    else if (a.startsWith('-')) {
      if (words.length > 0 && !VALUED_GLOBALS.has(a) && !GLOBAL_SWITCHES.has(a)) break;
    } else words.push(a);
  }
  return words;
}

/** An unknown command, with the nearest names (edit distance) as suggestions. */
function unknownCommand(name: string, names: string[]): ArgumentError {
  const scored = names.map((n) => ({ n, d: distance(name, n) })).sort((a, b) => a.d - b.d);
  const near = scored.filter((s) => s.d <= Math.max(2, Math.floor(name.length / 3))).slice(0, 3);
  const hint = near.length ? `\n\nInvalid choice: '${name}', maybe you meant:\n\n${near.map((s) => `  * ${s.n}`).join('\n')}` : '';
  return new ArgumentError(`argument command: Found invalid choice '${name}'${hint}`);
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
