// The bash completion script (completions/kms.bash): static case tables for commands, flags
// and flag values, and a small parser of the words typed so far. Pure text; imports data only.

import { flagsByName, flagWords, type CompletionModel } from './completion-model.js';

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

function flagTable(model: CompletionModel): string {
  const rows = model.leaves.map((l) => `    ${q(l.path)}) _kms_r=${q(flagWords(l.flags).join(' '))} ;;`);
  return ['_kms_flags() {', '  case $1 in', ...rows, "    *) _kms_r='' ;;", '  esac', '}'].join('\n');
}

function subcommandTable(model: CompletionModel): string {
  const rows = model.groups.map((g) => `    ${q(g.name)}) _kms_r=${q(g.subcommands.map((s) => s.name).join(' '))} ;;`);
  return ['_kms_subcommands() {', '  case $1 in', ...rows, "    *) _kms_r='' ;;", '  esac', '}'].join('\n');
}

function valueTable(model: CompletionModel): string {
  const rows: string[] = [];
  const assign = (kind: string, many: boolean, values: readonly string[] | undefined): string =>
    `_kms_kind=${kind}${many ? ' _kms_many=1' : ''}${values ? ` _kms_r=${q(values.join(' '))}` : ''}`;
  for (const [flag, readings] of flagsByName(model)) {
    const list = [...readings.values()];
    if (list.length === 1) {
      const { flag: f } = list[0]!;
      rows.push(`    ${flag}) ${assign(f.kind, f.repeats, f.enum)} ;;`);
      continue;
    }
    // The flag reads differently by command (--key-spec of create-key vs generate-data-key).
    rows.push(`    ${flag})`, '      case $1 in');
    const global = list.find((r) => r.paths.includes('*'));
    for (const r of list) {
      if (r === global) continue;
      rows.push(`        ${r.paths.map(q).join('|')}) ${assign(r.flag.kind, r.flag.repeats, r.flag.enum)} ;;`);
    }
    if (global) rows.push(`        *) ${assign(global.flag.kind, global.flag.repeats, global.flag.enum)} ;;`);
    rows.push('      esac ;;');
  }
  return [
    '# How the value of flag $2 of command $1 completes: _kms_kind is none (a switch), text,',
    '# enum, blob, document or path; _kms_many=1 when several values may follow; _kms_r holds',
    '# the enum values.',
    '_kms_value() {',
    "  _kms_kind=none _kms_many=0 _kms_r=''",
    '  case $2 in',
    ...rows,
    '  esac',
    '}',
  ].join('\n');
}

function configureTables(model: CompletionModel): string {
  const rows = model.configure.settings.filter((s) => s.values).map((s) => `    ${s.name}) _kms_r=${q(s.values!.join(' '))} ;;`);
  return [
    `_kms_configure_actions=${q(model.configure.actions.map((a) => a.name).join(' '))}`,
    `_kms_settings=${q(model.configure.settings.map((s) => s.name).join(' '))}`,
    '_kms_setting_values() {',
    '  case $1 in',
    ...rows,
    "    *) _kms_r='' ;;",
    '  esac',
    '}',
  ].join('\n');
}

// The parser and the completion function; written once, data-independent.
// Shell text: '$\{' stands for '${' (a template literal would read it as a placeholder).
const ENGINE = String.raw`# Readline splits words at COMP_WORDBREAKS (':' and '=' among them), so fileb://x arrives
# as fileb, :, //x. Rejoin words that touch in COMP_LINE: sets _kms_words and _kms_cword.
_kms_rejoin() {
  _kms_words=() _kms_cword=0
  local i w glue trimmed rest=$\{COMP_LINE-}
  [[ -n $rest && -n $\{COMP_POINT-} ]] && rest=$\{rest:0:COMP_POINT}
  for ((i = 0; i <= COMP_CWORD && i < $\{#COMP_WORDS[@]}; i++)); do
    w=$\{COMP_WORDS[i]} glue=0
    if [[ -n $\{COMP_LINE-} ]]; then
      trimmed=$\{rest#"$\{rest%%[![:space:]]*}"}
      ((i > 0 && $\{#trimmed} == $\{#rest})) && glue=1
      rest=$\{trimmed#"$w"}
    fi
    if ((glue)); then
      _kms_words[$\{#_kms_words[@]} - 1]+=$w
    else
      _kms_words+=("$w")
    fi
  done
  _kms_cword=$(($\{#_kms_words[@]} - 1))
}

# Replies are for the whole rejoined word; readline replaces only its last piece.
_kms_trim() {
  local word=$\{COMP_WORDS[COMP_CWORD]-} pre
  [[ $1 == *"$word" ]] || return 0
  pre=$\{1%"$word"}
  [[ -n $pre ]] && COMPREPLY=("$\{COMPREPLY[@]#"$pre"}")
  return 0
}

# Paths after one of the prefixes $2.. (fileb://, file://, or '' for none), prefix kept;
# folders end in / and take no space. With no prefix typed yet, offer the prefixes.
_kms_paths() {
  local cur=$1 p path f IFS=$'\n'
  shift
  for p in "$@"; do
    [[ -n $p && $cur != "$p"* ]] && continue
    path=$\{cur#"$p"}
    for f in $(compgen -f -- "$path"); do
      [[ -d $f ]] && f+=/
      COMPREPLY+=("$p$f")
    done
    [[ $\{#COMPREPLY[@]} -eq 1 && $\{COMPREPLY[0]} == */ ]] && compopt -o nospace 2>/dev/null
    return 0
  done
  IFS=$' \t\n'
  COMPREPLY=($(compgen -W "$*" -- "$cur"))
  compopt -o nospace 2>/dev/null
  return 0
}

_kms() {
  local _kms_words _kms_cword _kms_r _kms_kind _kms_many
  local cur cmd='' flag='' nvals=0 i w
  local -a pos=()
  COMPREPLY=()
  _kms_rejoin
  cur=$\{_kms_words[_kms_cword]}
  for ((i = 1; i < _kms_cword; i++)); do
    w=$\{_kms_words[i]}
    if [[ $w == -* ]]; then
      flag=$w nvals=0
      continue
    fi
    if [[ -n $flag ]]; then
      _kms_value "$cmd" "$flag"
      if [[ $_kms_kind != none ]] && ((nvals == 0 || _kms_many)); then
        nvals=$((nvals + 1))
        continue
      fi
      flag=''
    fi
    if [[ -z $cmd ]]; then
      cmd=$w
    else
      _kms_subcommands "$cmd"
      if [[ -n $_kms_r && $cmd != *' '* ]]; then cmd="$cmd $w"; else pos+=("$w"); fi
    fi
  done

  # A flag's value: enum values, or paths after fileb:// and file://.
  if [[ -n $flag && $cur != --* ]]; then
    _kms_value "$cmd" "$flag"
    if [[ $_kms_kind != none ]] && ((nvals == 0 || _kms_many)); then
      case $_kms_kind in
        enum) COMPREPLY=($(compgen -W "$_kms_r" -- "$cur")) ;;
        blob) _kms_paths "$cur" fileb:// file:// ;;
        document) _kms_paths "$cur" file:// ;;
        path) _kms_paths "$cur" '' ;;
      esac
      _kms_trim "$cur"
      return 0
    fi
  fi

  if [[ $cur == -* ]]; then
    _kms_flags "$cmd"
    COMPREPLY=($(compgen -W "$_kms_r $_kms_globals" -- "$cur"))
    return 0
  fi
  if [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W "$_kms_commands" -- "$cur"))
    return 0
  fi
  _kms_subcommands "$cmd"
  if [[ -n $_kms_r ]]; then
    COMPREPLY=($(compgen -W "$_kms_r" -- "$cur"))
    return 0
  fi
  case $cmd in
    configure)
      case $\{#pos[@]} in
        0) COMPREPLY=($(compgen -W "$_kms_configure_actions" -- "$cur")) ;;
        1) case $\{pos[0]} in get | set | unset) COMPREPLY=($(compgen -W "$_kms_settings" -- "$cur")) ;; esac ;;
        2)
          if [[ $\{pos[0]} == set ]]; then
            _kms_setting_values "$\{pos[1]}"
            COMPREPLY=($(compgen -W "$_kms_r" -- "$cur"))
          fi
          ;;
      esac
      ;;
    help) (($\{#pos[@]} == 0)) && COMPREPLY=($(compgen -W "$_kms_commands" -- "$cur")) ;;
    *)
      _kms_flags "$cmd"
      COMPREPLY=($(compgen -W "$_kms_r $_kms_globals" -- "$cur"))
      ;;
  esac
  return 0
}

complete -F _kms kms`.replace(/\$\\\{/g, '${');

export function bashScript(model: CompletionModel): string {
  return [
    '# bash completion for kms. Generated by `npm run gen` from src/api; do not edit.',
    '# Load it with `source completions/kms.bash`, or install it as',
    '# /usr/share/bash-completion/completions/kms. It never runs kms.',
    '',
    `_kms_commands=${q(model.commands.map((c) => c.name).join(' '))}`,
    `_kms_globals=${q(flagWords(model.globals).join(' '))}`,
    configureTables(model),
    '',
    flagTable(model),
    '',
    subcommandTable(model),
    '',
    valueTable(model),
    '',
    ENGINE,
    '',
  ].join('\n');
}
