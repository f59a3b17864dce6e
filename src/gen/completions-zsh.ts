// The zsh completion function (completions/_kms): commands and flags with descriptions, enum
// values, and paths after fileb:// and file://, from static tables. Pure text; imports data only.

import { flagsByName, shortDoc, type CompletionModel, type Word } from './completion-model.js';
import type { FlagDoc } from '../cli/help/describe.js';

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
/** An entry for _describe: name:description, with colons in the name escaped. */
const entry = (name: string, doc: string): string => q(`${name.replace(/:/g, '\\:')}:${shortDoc(doc)}`);

function words(list: readonly Word[], indent: string): string {
  return list.map((w) => `${indent}${entry(w.name, w.summary)}`).join('\n');
}

function flagEntries(flags: readonly FlagDoc[]): string[] {
  return flags.flatMap((f) => {
    const own = entry(f.flag, f.doc);
    return f.negation ? [own, entry(f.negation, `Turn off ${f.flag}`)] : [own];
  });
}

function flagTable(model: CompletionModel): string {
  const rows = model.leaves.map((l) => `    ${q(l.path)}) reply=(\n      ${flagEntries(l.flags).join('\n      ')}\n    ) ;;`);
  return ['_kms_flags() {', '  case $1 in', ...rows, '    *) reply=() ;;', '  esac', '}'].join('\n');
}

function valueTable(model: CompletionModel): string {
  const assign = (f: FlagDoc): string => `_kms_kind=${f.kind}${f.repeats ? ' _kms_many=1' : ''}${f.enum ? ` reply=(${f.enum.join(' ')})` : ''}`;
  const rows: string[] = [];
  for (const [flag, readings] of flagsByName(model)) {
    const list = [...readings.values()];
    if (list.length === 1) {
      rows.push(`    ${flag}) ${assign(list[0]!.flag)} ;;`);
      continue;
    }
    rows.push(`    ${flag})`, '      case $1 in');
    const global = list.find((r) => r.paths.includes('*'));
    for (const r of list) if (r !== global) rows.push(`        ${r.paths.map(q).join('|')}) ${assign(r.flag)} ;;`);
    if (global) rows.push(`        *) ${assign(global.flag)} ;;`);
    rows.push('      esac ;;');
  }
  return [
    '# How the value of flag $2 of command $1 completes (see kms.bash): sets _kms_kind,',
    '# _kms_many and, for enums, reply.',
    '_kms_value() {',
    '  _kms_kind=none _kms_many=0 reply=()',
    '  case $2 in',
    ...rows,
    '  esac',
    '}',
  ].join('\n');
}

function tables(model: CompletionModel): string {
  const groups = model.groups.map((g) => `    ${q(g.name)}) reply=(\n${words(g.subcommands, '      ')}\n    ) ;;`);
  const settings = model.configure.settings.filter((s) => s.values).map((s) => `    ${s.name}) reply=(${s.values!.join(' ')}) ;;`);
  return [
    '_kms_commands=(',
    words(model.commands, '  '),
    ')',
    '_kms_globals=(',
    `  ${flagEntries(model.globals).join('\n  ')}`,
    ')',
    '_kms_configure_actions=(',
    words(model.configure.actions, '  '),
    ')',
    `_kms_settings=(${model.configure.settings.map((s) => s.name).join(' ')})`,
    '_kms_setting_values() {',
    '  case $1 in',
    ...settings,
    '    *) reply=() ;;',
    '  esac',
    '}',
    '_kms_subcommands() {',
    '  case $1 in',
    ...groups,
    '    *) reply=() ;;',
    '  esac',
    '}',
  ].join('\n');
}

// Shell text: '$\{' stands for '${' (a template literal would read it as a placeholder).
const ENGINE = String.raw`# Paths after one of the prefixes given (fileb://, file://); else offer the prefixes.
_kms_paths() {
  local p
  for p in "$@"; do
    if compset -P "$p"; then
      _files
      return
    fi
  done
  compadd -S '' -- "$@"
}

_kms() {
  local -a reply pos flags
  local _kms_kind _kms_many cmd='' flag='' cur=$\{words[CURRENT]} w
  integer i nvals=0
  for ((i = 2; i < CURRENT; i++)); do
    w=$\{words[i]}
    if [[ $w == -* ]]; then
      flag=$w nvals=0
      continue
    fi
    if [[ -n $flag ]]; then
      _kms_value "$cmd" "$flag"
      if [[ $_kms_kind != none ]] && ((nvals == 0 || _kms_many)); then
        ((nvals++))
        continue
      fi
      flag=''
    fi
    if [[ -z $cmd ]]; then
      cmd=$w
    else
      _kms_subcommands "$cmd"
      if (($#reply)) && [[ $cmd != *' '* ]]; then cmd="$cmd $w"; else pos+=("$w"); fi
    fi
  done

  if [[ -n $flag && $cur != --* ]]; then
    _kms_value "$cmd" "$flag"
    if [[ $_kms_kind != none ]] && ((nvals == 0 || _kms_many)); then
      case $_kms_kind in
        enum) _wanted values expl "$\{flag#--} value" compadd -a reply ;;
        blob) _kms_paths fileb:// file:// ;;
        document) _kms_paths file:// ;;
        path) _files ;;
        *) _message "$\{flag#--} value" ;;
      esac
      return
    fi
  fi

  if [[ $cur != -* && -z $cmd ]]; then
    _describe -t commands 'kms command' _kms_commands
    return
  fi
  if [[ $cur != -* ]]; then
    _kms_subcommands "$cmd"
    if (($#reply)); then
      _describe -t commands "$cmd command" reply
      return
    fi
    case $cmd in
      configure)
        case $#pos in
          0) _describe -t actions 'configure action' _kms_configure_actions ;;
          1) [[ $pos[1] == (get|set|unset) ]] && _wanted settings expl setting compadd -a _kms_settings ;;
          2)
            if [[ $pos[1] == set ]]; then
              _kms_setting_values "$pos[2]"
              (($#reply)) && _wanted values expl value compadd -a reply
            fi
            ;;
        esac
        return
        ;;
      help)
        (($#pos)) || _describe -t commands 'kms command' _kms_commands
        return
        ;;
    esac
  fi
  _kms_flags "$cmd"
  flags=($reply $_kms_globals)
  _describe -t options option flags
}

if [[ $funcstack[1] == _kms ]]; then
  _kms "$@"
else
  compdef _kms kms
fi`.replace(/\$\\\{/g, '${');

export function zshScript(model: CompletionModel): string {
  return [
    '#compdef kms',
    '# zsh completion for kms. Generated by `npm run gen` from src/api; do not edit.',
    '# Install it as _kms in a folder on $fpath before compinit runs, or source it after',
    '# compinit. It never runs kms.',
    '',
    tables(model),
    '',
    flagTable(model),
    '',
    valueTable(model),
    '',
    ENGINE,
    '',
  ].join('\n');
}
