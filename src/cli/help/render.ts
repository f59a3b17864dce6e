// `kms help` and `kms <command> help`: plain-text help (no ANSI, 79 columns) rendered from the
// services' tables and src/cli/options.ts via ./describe.ts. Must not import commander or src/gen.

import { SERVICES, type ServiceEntry } from '../../services/index.js';
import { allCommands, findCommand, synopsisEntry, type AllCommands, type CommandDoc, type FlagDoc } from './describe.js';
import {
  ENVIRONMENT,
  EXIT_CODES,
  PROGRAM_DESCRIPTION,
  PROGRAM_SUMMARY,
  SYNOPSIS_LINES,
  VALUE_NOTES,
} from './reference.js';
import { definition, wrap, wrapCommand, wrapShorthand } from './text.js';

const IN = '  ';
const BODY = '      ';

function section(title: string, body: string): string {
  return `${title}\n${body}\n`;
}

/** The heading line of a flag: `--key-id <value> (string, required)`. */
function flagHeading(f: FlagDoc): string {
  const name = f.negation ? `${f.flag} | ${f.negation}` : f.placeholder ? `${f.flag} ${f.placeholder}` : f.flag;
  const notes = [f.type, f.required ? 'required' : '', f.deprecated ? 'deprecated' : ''].filter(Boolean);
  return notes.length ? `${name} (${notes.join(', ')})` : name;
}

/** A flag's full entry: heading, description, value notes, limits, enum values, shorthand. */
export function flagEntry(f: FlagDoc): string {
  const lines = [wrap(flagHeading(f), `${IN}  `, undefined, IN)];
  if (f.doc) lines.push(wrap(f.doc, BODY));
  const note = VALUE_NOTES[f.type];
  if (note) lines.push(wrap(note, BODY));
  if (f.repeats && !f.shorthand) lines.push(wrap('Give one or more values, separated by spaces.', BODY));
  if (f.negation) lines.push(wrap(`${f.negation} sets it to false.`, BODY));
  for (const limit of f.limits) lines.push(wrap(`${limit.charAt(0).toUpperCase()}${limit.slice(1)}.`, BODY));
  if (f.enum) lines.push(wrap(`Values: ${f.enum.join(', ')}`, `${BODY}  `, undefined, BODY));
  if (f.shorthand) lines.push(`${BODY}Shorthand syntax:\n${wrapShorthand(f.shorthand, `${BODY}  `)}`);
  return lines.join('\n');
}

function commandHelp(c: CommandDoc): string {
  const name = `kms ${c.path.join(' ')}`;
  const parts: string[] = [];
  parts.push(section('NAME', wrap(`${name} - ${c.summary}`, `${IN}  `, undefined, IN)));
  parts.push(section('DESCRIPTION', wrap(c.doc, IN)));
  const args = c.args.map((a) => {
    const n = `<${a.name}>${a.variadic ? ' ...' : ''}`;
    return a.optional ? `[${n}]` : n;
  });
  const synopsis = [`${IN}${name}${args.length ? ` ${args.join(' ')}` : ''}`, ...c.flags.map((f) => wrap(synopsisEntry(f), `${IN}     `, undefined, `${IN}  `))];
  parts.push(section('SYNOPSIS', synopsis.join('\n')));
  if (c.args.length) {
    parts.push(section('ARGUMENTS', c.args.map((a) => definition(`<${a.name}>`, a.description, IN, 16)).join('\n')));
  }
  if (c.flags.length) parts.push(section('OPTIONS', c.flags.map(flagEntry).join('\n\n')));
  parts.push(section('GLOBAL OPTIONS', wrap('The global options (--region, --output, --query, --endpoint-url, …) work with every command; `kms help` lists them.', IN)));
  if (c.examples.length) {
    const ex = c.examples.map((e) => `${wrap(e.description, IN)}\n\n${wrapCommand(e.command, `${IN}  `)}`);
    parts.push(section('EXAMPLES', ex.join('\n\n')));
  }
  if (c.output.length) {
    const out = c.output.map((o) => `${IN}${o.name} (${o.type})${o.doc ? `\n${wrap(o.doc, BODY)}` : ''}`);
    parts.push(section('OUTPUT', out.join('\n\n')));
  }
  parts.push(section('EXIT CODES', exitCodes()));
  return parts.join('\n');
}

function exitCodes(): string {
  return EXIT_CODES.map((e) => definition(String(e.code), e.meaning, IN, 8)).join('\n');
}

function topLevelHelp(all: AllCommands): string {
  const { topLevel, extensions, globals } = all;
  const parts: string[] = [];
  parts.push(section('NAME', `${IN}kms - ${PROGRAM_SUMMARY}`));
  parts.push(section('DESCRIPTION', PROGRAM_DESCRIPTION.map((p) => wrap(p, IN)).join('\n\n')));
  parts.push(section('SYNOPSIS', SYNOPSIS_LINES.map((l) => IN + l).join('\n')));
  parts.push(section('GLOBAL OPTIONS', globals.map(flagEntry).join('\n\n')));
  // KMS's operations are kms's own commands; another service's sit under its word
  const list = topLevel.map((c) => definition(c.path[0]!, c.summary, IN, 30));
  parts.push(section('COMMANDS', list.join('\n')));
  if (all.services.length) {
    const svc = all.services.map((g) => definition(g.command, g.summary, IN, 30));
    parts.push(section('SERVICES', `${wrap('Other AWS services, scoped to what KMS users touch: kms <service> <command>.', IN)}\n\n${svc.join('\n')}`));
  }
  const ext = extensions.map((c) => definition(c.path.join(' '), c.summary, IN, 30));
  parts.push(section('EXTENSION COMMANDS', `${wrap('Commands of kms itself, under names no aws kms command uses:', IN)}\n\n${ext.join('\n')}`));
  parts.push(section('EXIT CODES', exitCodes()));
  parts.push(section('ENVIRONMENT', ENVIRONMENT.map((e) => `${IN}${e.name}\n${wrap(e.doc, BODY)}`).join('\n')));
  parts.push(section('SEE ALSO', wrap('kms <command> help for one command, and man kms for the manual page.', IN)));
  return parts.join('\n');
}

/** A command group (`kms keyring help`, `kms iam help`): its subcommands. */
function groupHelp(topic: readonly string[], group: readonly CommandDoc[], title: string): string {
  const name = `kms ${topic.join(' ')}`;
  const list = group.map((c) => definition(c.path.join(' '), c.summary, IN, 30));
  return [
    section('NAME', `${IN}${name} - ${title}`),
    section('SYNOPSIS', `${IN}${name} <command> [options]`),
    section('COMMANDS', list.join('\n')),
    section('SEE ALSO', wrap(`${name} <command> help for one command.`, IN)),
  ].join('\n');
}

/**
 * The help text of a topic: [] is kms itself, ['encrypt'] a command, ['iam'] a service's
 * commands, ['keyring', 'init'] an extension command. Undefined for a topic no command has.
 */
export function renderHelp(topic: readonly string[], services: readonly ServiceEntry[] = SERVICES): string | undefined {
  const all = allCommands(services);
  if (topic.length === 0) return topLevelHelp(all);
  const c = findCommand(topic, services);
  if (c) return commandHelp(c);
  const key = topic.join(' ');
  const service = all.services.find((g) => g.command === key);
  if (service) return groupHelp(topic, service.operations, service.summary.replace(/\.$/, ''));
  const own = all.extensions.filter((e) => e.path.slice(0, -1).join(' ') === key);
  if (own.length) return groupHelp(topic, own, `kms's own ${topic.join(' ')} commands`);
  // a customization's group of a service: cloudformation wait
  const custom = all.operations.filter((c) => c.path.length > 2 && c.path.slice(0, -1).join(' ') === key);
  return custom.length ? groupHelp(topic, custom, `${topic.join(' ')} commands`) : undefined;
}
