// The data every completion script shares: commands, subcommands, each command's flags and how
// their values complete, from the operation table and src/cli/options.ts. Must not import fs.

import { SETTING_KEYS } from '../cli/settings.js';
import { allCommands, type FlagDoc } from '../cli/help/describe.js';
import { SERVICES, type ServiceEntry } from '../services/index.js';

export interface Word {
  name: string;
  summary: string;
}

export interface CompletionModel {
  /** the words after `kms`: every operation, the extension groups, help */
  commands: readonly Word[];
  /** command groups and their subcommands: keyring → init, info, … */
  groups: readonly { name: string; subcommands: readonly Word[] }[];
  /** commands that take flags, by their path joined with a space ('encrypt', 'keyring init') */
  leaves: readonly { path: string; flags: readonly FlagDoc[] }[];
  globals: readonly FlagDoc[];
  /** `kms configure <action> <setting> <value>` */
  configure: { actions: readonly Word[]; settings: readonly { name: string; values?: readonly string[] }[] };
}

/** The actions runConfigureCommand accepts (src/cli/configure-command.ts). */
const CONFIGURE_ACTIONS: readonly Word[] = [
  { name: 'list', summary: 'Show every setting, its value and where it comes from.' },
  { name: 'get', summary: 'Print one setting.' },
  { name: 'set', summary: 'Change one setting.' },
  { name: 'unset', summary: 'Remove one setting, so its default applies.' },
];

export function completionModel(services: readonly ServiceEntry[] = SERVICES): CompletionModel {
  const { operations, topLevel, services: serviceWords, extensions, globals } = allCommands(services);
  const commands: Word[] = topLevel.map((c) => ({ name: c.path[0]!, summary: c.summary }));
  const groups = new Map<string, Word[]>();
  // another service's operations complete after its word, as kms's own groups do
  for (const g of serviceWords) {
    commands.push({ name: g.command, summary: g.summary });
    // a customization's own group (cloudformation wait) completes as one word of the service's
    const words = new Map(g.operations.map((c) => [c.path[1]!, c.path.length > 2 ? `${c.path[1]} commands.` : c.summary]));
    groups.set(g.command, [...words].map(([name, summary]) => ({ name, summary })));
  }
  for (const e of extensions) {
    if (e.path.length === 1) {
      commands.push({ name: e.path[0]!, summary: e.summary });
      continue;
    }
    const [group, sub] = [e.path[0]!, e.path[1]!];
    if (!groups.has(group)) {
      groups.set(group, []);
      commands.push({ name: group, summary: `kms's own ${group} commands.` });
    }
    groups.get(group)!.push({ name: sub, summary: e.summary });
  }
  commands.push({ name: 'help', summary: 'Show help for kms or a command.' });
  return {
    commands,
    groups: [...groups].map(([name, subcommands]) => ({ name, subcommands })),
    leaves: [...operations, ...extensions].map((c) => ({ path: c.path.join(' '), flags: c.flags })),
    globals,
    configure: {
      actions: CONFIGURE_ACTIONS,
      settings: Object.entries(SETTING_KEYS).map(([name, values]) => (values ? { name, values } : { name })),
    },
  };
}

/** A flag's value for completion purposes: kind, values, and whether more than one follows. */
export function valueKey(f: FlagDoc): string {
  return `${f.kind}|${f.repeats ? 1 : 0}|${(f.enum ?? []).join(' ')}`;
}

/**
 * Flags grouped by name: for each flag, the distinct value readings it has and the commands
 * with each. Most flags (--key-id, --encryption-algorithm) read the same everywhere.
 */
export function flagsByName(model: CompletionModel): Map<string, Map<string, { flag: FlagDoc; paths: string[] }>> {
  const out = new Map<string, Map<string, { flag: FlagDoc; paths: string[] }>>();
  const add = (f: FlagDoc, path: string): void => {
    if (f.kind === 'none') return;
    const byKey = out.get(f.flag) ?? new Map<string, { flag: FlagDoc; paths: string[] }>();
    out.set(f.flag, byKey);
    const key = valueKey(f);
    const entry = byKey.get(key) ?? { flag: f, paths: [] };
    byKey.set(key, entry);
    entry.paths.push(path);
  };
  for (const g of model.globals) add(g, '*');
  for (const leaf of model.leaves) for (const f of leaf.flags) add(f, leaf.path);
  return out;
}

/** The words a flag offers: --flag, and --no-flag for booleans. */
export function flagWords(flags: readonly FlagDoc[]): string[] {
  return flags.flatMap((f) => (f.negation ? [f.flag, f.negation] : [f.flag]));
}

/** One short line of a flag's doc for shells that show descriptions (zsh, fish). */
export function shortDoc(text: string, max = 70): string {
  const first = (/^(.*?[.;])(\s|$)/s.exec(text)?.[1] ?? text).replace(/[.;]$/, '');
  return first.length <= max ? first : `${first.slice(0, max - 1).trimEnd()}…`;
}
