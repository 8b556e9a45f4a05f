# bash completion for acocalc: subcommands, their options, formats, files.
_acocalc() {
  local cur prev words cword
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD-1]}
  local sub=""
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      report|check|validate|whatif|import|schema|rules) sub=${COMP_WORDS[i]}; break ;;
    esac
  done
  case $prev in
    -f|--format)
      case $sub in
        report) COMPREPLY=($(compgen -W "table json jsonl csv markdown html" -- "$cur")) ;;
        whatif) COMPREPLY=($(compgen -W "table json markdown html" -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W "table json" -- "$cur")) ;;
      esac
      return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    -o|--output|--baseline) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    --confidence|-j|--threads|--program|--year|--expenditure|--utilization|--quality-score|--msr|--spending-cv)
      return ;;
  esac
  local options
  case $sub in
    "") COMPREPLY=($(compgen -W "report check validate whatif import schema rules --help --version -V" -- "$cur")); return ;;
    report) options="-f --format -o --output --rollup --program --keep-going --color --confidence -j --threads --help" ;;
    check) options="-f --format --keep-going --help" ;;
    validate) options="--help" ;;
    whatif) options="--program -f --format --color --expenditure --utilization --quality-score --msr --spending-cv --help" ;;
    import)
      if [[ ${COMP_WORDS[*]} != *mssp-puf* ]]; then
        COMPREPLY=($(compgen -W "mssp-puf" -- "$cur")); return
      fi
      options="--baseline --year -o --output --help" ;;
    schema) COMPREPLY=($(compgen -W "input report whatif check" -- "$cur")); return ;;
    rules) options="-f --format --help" ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _acocalc acocalc
