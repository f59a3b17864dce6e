#!/usr/bin/env zsh
# Prints the completions zsh offers for a command line: zsh-capture.zsh <fpath-dir> <line>.
# Runs a clean interactive zsh in a pty (zsh/zpty) with compinit, and wraps compadd to print
# each candidate. After the approach of zsh-capture-completion (Valodim, MIT licence).
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z 'PROMPT= PROMPT_EOL_MARK= ; unset zle_bracketed_paste'
zpty -w z "fpath=(${(q)1} \$fpath)"
zpty -w z 'autoload -U compinit; compinit -u -D'
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits
  builtin compadd -A __hits "$@"
  (( $#__hits )) || return 1
  typeset -A apre hpre hsuf asuf
  zparseopts -E P:=apre p:=hpre S:=asuf s:=hsuf
  local h
  for h in $__hits; do echo -E - "$IPREFIX$apre[-P]$hpre[-p]$h$hsuf[-s]"; done
}'
zpty -w z "zstyle ':completion:*' list-grouped false"
zpty -w z "zstyle ':completion:*' insert-tab false"
zpty -w z "bindkey '^I' complete-word"
# The marker is split in the definition so the echo of this typed line never matches it.
zpty -w z "__kms_mark () { echo -E - '<<kms'-'mark>>' }"
zpty -w z 'compprefuncs=( __kms_mark )'
zpty -w z 'comppostfuncs=( __kms_mark exit )'
zpty -n -w z "$2"$'\t'
integer seen=0
local line
while zpty -r z line; do
  line=${line%$'\r\n'}
  line=${line%$'\n'}
  line=${line%$'\r'}
  if [[ $line == *'<<kms-mark>>'* ]]; then
    (( seen++ )) && break
    continue
  fi
  (( seen )) && print -r -- "$line"
done
zpty -d z
