#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# --help on every subcommand, with a one-line purpose and an example, on
# stdout with exit 0, readable (no CLI11 type words); --version and -V print
# "acocalc X.Y.Z". Usage errors: bare acocalc prints the subcommands on
# stderr; unknown options and subcommands are named, with "did you mean",
# and point to the help of the subcommand in use; exit 2, stdout empty.
# --color takes the same values in report and whatif.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

# Every subcommand listed by --help (new ones too), and import's own.
subcommands=$("$ACOCALC" --help | sed -n '/^Subcommands:/,$s/^  \([a-z][a-z-]*\) .*/\1/p' | grep -vx import)
expect_grep 'report' <(echo "$subcommands") "--help lists subcommands"
for sub in $subcommands "import mssp-puf"; do
  # shellcheck disable=SC2086
  run $sub --help
  expect_rc 0 "$sub --help"
  expect_grep "^Example: acocalc $sub" "$OUT" "$sub --help shows an example"
  expect_grep '^Usage: ' "$OUT" "$sub --help shows the usage"
  expect_empty "$ERR" "$sub --help: stderr"
done
run import --help
expect_rc 0 "import --help"
expect_grep 'mssp-puf' "$OUT" "import --help lists mssp-puf"
run --help
expect_rc 0 "--help"
expect_grep '^Example: acocalc ' "$OUT" "--help shows an example"
for sub in report check validate import schema; do
  expect_grep "^  $sub " "$OUT" "--help lists $sub"
done
# import itself has an example of its own, not only its subcommand's.
run import --help
expect_grep '^Example: acocalc import ' "$OUT" "import --help shows an example"
run -h
expect_rc 0 "-h"
# --version: "acocalc X.Y.Z", the version of CMakeLists.txt's project().
version=$(sed -n 's/^project(acocalc VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
run --version
expect_rc 0 "--version"
expect_eq "acocalc $version" "$(cat "$OUT")" "--version"
expect_eq 1 "$(wc -l <"$OUT" | tr -d ' ')" "--version: one line"

run -V
expect_rc 0 "-V"
expect_eq "acocalc $version" "$(cat "$OUT")" "-V is --version"

# --- bare acocalc: a usage block on stderr, exit 2, nothing on stdout.
run
expect_rc 2 "bare acocalc"
expect_empty "$OUT" "bare acocalc: stdout"
expect_grep '^Usage: acocalc SUBCOMMAND' "$ERR" "bare acocalc: usage line"
for sub in $subcommands import; do
  expect_grep "^  $sub  *[A-Z]" "$ERR" "bare acocalc lists $sub with its purpose"
done
expect_grep "acocalc SUBCOMMAND --help" "$ERR" "bare acocalc points to the subcommands' help"
expect_no_grep 'A subcommand is required' "$ERR" "bare acocalc: no bare CLI11 message"

# --- usage errors: one line, the word at fault named, "did you mean" when
# close, and the help of the subcommand in use. Exit 2, nothing on stdout.
usage_error() {  # usage_error 'EXPECTED STDERR LINE' ARGS...
  local expected=$1
  shift
  run "$@"
  expect_rc 2 "acocalc $*"
  expect_empty "$OUT" "acocalc $*: stdout"
  expect_eq "$expected" "$(cat "$ERR")" "acocalc $*: message"
}
usage_error "acocalc: unknown option \"--bogus\" (run 'acocalc --help')" --bogus
usage_error "acocalc: unknown option \"--verison\"; did you mean \"--version\"? (run 'acocalc --help')" --verison
usage_error "acocalc: unknown subcommand \"reprot\"; did you mean \"report\"? (run 'acocalc --help')" reprot
usage_error "acocalc: unknown subcommand \"frobnicate\" (run 'acocalc --help')" frobnicate data/bcbsma-aqc.json
usage_error "acocalc: unknown option \"--bogus\" for report (run 'acocalc report --help')" \
  report --bogus data/bcbsma-aqc.json
usage_error "acocalc: unknown option \"--colr\" for report; did you mean \"--color\"? (run 'acocalc report --help')" \
  report data/bcbsma-aqc.json --colr never
usage_error "acocalc: unknown option \"--rollup\" for check (run 'acocalc check --help')" \
  check --rollup data/bcbsma-aqc.json
usage_error "acocalc: unknown option \"--expenditur\" for whatif; did you mean \"--expenditure\"? (run 'acocalc whatif --help')" \
  whatif --expenditur=-2% data/bcbsma-aqc.json
usage_error "acocalc: unknown option \"-x\" for rules (run 'acocalc rules --help')" rules -x
usage_error "acocalc: unknown option \"-v\"; did you mean \"-V\"? (run 'acocalc --help')" -v
usage_error "acocalc: unknown option \"--yaer\" for import mssp-puf; did you mean \"--year\"? (run 'acocalc import mssp-puf --help')" \
  import mssp-puf --yaer 2018 tests/data/mssp-puf/PY2018.csv
usage_error "acocalc: import needs a subcommand: mssp-puf (run 'acocalc import --help')" import
usage_error "acocalc: a subcommand is required: report, check, validate, import, whatif, schema, rules (run 'acocalc --help')" --
usage_error "acocalc: unknown subcommand \"msp-puf\"; did you mean \"mssp-puf\"? (run 'acocalc import --help')" \
  import msp-puf x.csv
# An option's value that looks like an option is a value, not an unknown option.
run whatif --expenditure -2% data/anthem-hcp-2013h1.json
expect_rc 0 "whatif --expenditure -2% (a value after the option)"
# Other errors keep CLI11's words and point to the subcommand's help.
run report -f xml data/bcbsma-aqc.json
expect_rc 2 "report -f xml"
expect_grep "xml.* \\(run 'acocalc report --help'\\)$" "$ERR" "report -f xml: points to report's help"

# --- --color: the same values wherever it exists; whatif's table honours it.
for sub in report whatif; do
  for when in auto always never; do
    run $sub --color "$when" data/anthem-hcp-2013h1.json
    expect_rc 0 "$sub --color $when"
    if [ "$when" = always ]; then
      if has_escape "$OUT"; then pass; else fail "$sub --color always: no escape codes"; fi
    else
      if has_escape "$OUT"; then fail "$sub --color $when (a pipe): escape codes"; else pass; fi
    fi
  done
  run $sub --color sometimes data/anthem-hcp-2013h1.json
  expect_rc 2 "$sub --color sometimes"
  expect_grep "(run 'acocalc $sub --help')" "$ERR" "$sub --color sometimes: points to its help"
done
run whatif --color always -f json data/anthem-hcp-2013h1.json
if has_escape "$OUT"; then fail "whatif --color always -f json: escape codes in JSON"; else pass; fi
# On a terminal (util-linux script(1)), as report: auto colors unless
# NO_COLOR; never does not; the text is the plain table's.
bin=$(printf '%q' "$ACOCALC")
on_tty() {  # on_tty FILE CMD: what the terminal showed
  script -qec "$2" /dev/null </dev/null >"$1" 2>&1 || true
}
on_tty "$TMP/tty" "$bin whatif --msr 0.01 data/anthem-hcp-2013h1.json"
if has_escape "$TMP/tty"; then pass; else fail "whatif on a terminal (--color auto): no escape codes"; fi
"$ACOCALC" whatif --msr 0.01 data/anthem-hcp-2013h1.json >"$TMP/plain"
sed -e $'s/\033\\[[0-9;]*m//g' -e 's/\r$//' "$TMP/tty" >"$TMP/tty.stripped"
if cmp -s "$TMP/plain" "$TMP/tty.stripped"; then pass; else fail "whatif on a terminal: not the plain table"; fi
on_tty "$TMP/tty" "NO_COLOR=1 $bin whatif data/anthem-hcp-2013h1.json"
if has_escape "$TMP/tty"; then fail "whatif on a terminal with NO_COLOR: escape codes"; else pass; fi
on_tty "$TMP/tty" "$bin whatif --color never data/anthem-hcp-2013h1.json"
if has_escape "$TMP/tty"; then fail "whatif --color never on a terminal: escape codes"; else pass; fi

# --- --help is readable: no CLI11 type words, the ranges in plain words.
for sub in "" $subcommands import "import mssp-puf"; do
  # shellcheck disable=SC2086
  run $sub --help
  expect_no_grep '(TEXT|FLOAT|UINT|INT)\b|[A-Z]+:[^ ]' "$OUT" "acocalc $sub --help: no type decorations"
done
run report --help
expect_grep '--threads N \(1-64\)' "$OUT" "report --help: --threads N (1-64)"
expect_grep '--confidence LEVEL \(0.5-0.9999\)=0.95' "$OUT" "report --help: --confidence LEVEL (0.5-0.9999)"
expect_grep '--color WHEN \(auto[|]always[|]never\)=auto' "$OUT" "report --help: --color WHEN"
run whatif --help
expect_grep '--color WHEN \(auto[|]always[|]never\)=auto' "$OUT" "whatif --help: --color WHEN"
expect_grep '--msr RATE \(0-1\)' "$OUT" "whatif --help: --msr RATE (0-1)"

finish
