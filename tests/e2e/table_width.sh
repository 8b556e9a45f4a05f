#!/usr/bin/env bash
# Tables fit the width: --width N, or on a terminal COLUMNS or the terminal's
# own; no line wider, counted in characters ("…" is one); rows never wrap
# (each table keeps its number of lines); a pipe without --width gets the
# full table. --cents no shows money in whole dollars.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

hcp=data/anthem-hcp-2013h1.json
widths="40 60 80 100 120 200"

# --- every sample at every width: report (and the roll-up), whatif
mkdir -p "$TMP/w"
for file in data/*.json; do
  base=$(basename "$file" .json)
  "$ACOCALC" report "$file" --rollup --color never >"$TMP/w/$base.report.full"
  for w in $widths; do
    run report "$file" --rollup --width "$w"
    expect_rc 0 "report $file --width $w"
    cp "$OUT" "$TMP/w/$base.report.$w"
    run whatif "$file" --expenditure -2% --width "$w"
    if [ "$RC" = 0 ]; then cp "$OUT" "$TMP/w/$base.whatif.$w"; fi
  done
done
# shellcheck disable=SC2012
# shellcheck disable=SC2012
samples=$(ls data/*.json | wc -l)
expect_eq $((samples * 6)) "$(ls "$TMP/w" | grep -c '\.report\.[0-9]*$')" "report outputs at every width"
# shellcheck disable=SC2012
if [ "$(ls "$TMP/w" | grep -c '\.whatif\.[0-9]*$')" -ge 30 ]; then pass; else fail "too few whatif outputs"; fi
fits='
import os, sys
root = sys.argv[1]
bad = []
GRIDS = ("  Metric", "  Measure", "  Step", "  Total", "  Per 1,000", "  Quality", "  Figure", "    ")
def grid_rows(text):
    # Each grid (a block under a heading whose first indented line is the
    # heading row): its indented lines. A wrapped row would add lines.
    rows = []
    for block in text.split("\n\n"):
        lines = block.split("\n  Effect per member-year")[0].splitlines()
        indented = [l for l in lines if l.startswith("  ")]
        if indented and indented[0].startswith(GRIDS):
            rows.append(len(indented))
    return rows
for name in sorted(os.listdir(root)):
    stem, _, width = name.rpartition(".")
    if not width.isdigit():
        continue
    text = open(os.path.join(root, name), encoding="utf-8").read()
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > int(width):
            bad.append(f"{name}:{number}: {len(line)} characters > {width}: {line!r}")
    if stem.endswith(".report"):
        full = open(os.path.join(root, stem + ".full"), encoding="utf-8").read()
        if grid_rows(text) != grid_rows(full):
            bad.append(f"{name}: grid rows {grid_rows(text)}, full table {grid_rows(full)}")
if bad:
    sys.exit("\n".join(bad[:20]))
'
py "$fits" "$TMP/w"

# The width matters: the full table is wider than 120, and narrower tables
# lose columns before they lose rows.
run report "$hcp"
if awk 'length > 120 { found = 1 } END { exit !found }' "$OUT"; then pass; else fail "the full table is no wider than 120"; fi
expect_grep "95% CI" "$OUT" "full table: the interval column"
run report "$hcp" --width 119
expect_no_grep "95% CI" "$OUT" "--width 119: the interval column goes first"
expect_grep "Perf\\." "$OUT" "--width 119: Performance shortened"
expect_grep "Rate ratio" "$OUT" "--width 119: the rate ratio stays"
run report "$hcp" --width 79
expect_no_grep "Rate ratio" "$OUT" "--width 79: the rate ratio goes"
expect_grep "improved \\(n\\.s\\.\\)" "$OUT" "--width 79: the verdict stays"
run report "$hcp" --width 40
expect_grep "…" "$OUT" "--width 40: long labels cut with an ellipsis"
expect_grep "^  Outpatient…" "$OUT" "--width 40: a cut metric name"
expect_grep "^  Net payme… +\\\$3,994,000\\.00$" "$OUT" "--width 40: money never cut"
run report "$hcp" --width 80 -f markdown
"$ACOCALC" report "$hcp" -f markdown >"$TMP/md"
if cmp -s "$OUT" "$TMP/md"; then pass; else fail "Markdown is narrowed by --width"; fi
run report "$hcp" --width 80 -f json
"$ACOCALC" report "$hcp" -f json >"$TMP/json"
if cmp -s "$OUT" "$TMP/json"; then pass; else fail "JSON changed by --width"; fi

# --- --width takes a whole number from 40 to 1000
for bad in 39 1001 80.5 abc -80 1e9; do
  run report "$hcp" --width "$bad"
  expect_rc 2 "--width $bad"
  expect_empty "$OUT" "--width $bad: stdout"
  expect_grep "width" "$ERR" "--width $bad: the message names the option"
done
run report "$hcp" --width 1000
expect_rc 0 "--width 1000"
run whatif "$hcp" --expenditure -2% --width 39
expect_rc 2 "whatif --width 39"

# --- a pipe (not a terminal) gets the full table, COLUMNS or not
"$ACOCALC" report "$hcp" >"$TMP/plain"
COLUMNS=80 "$ACOCALC" report "$hcp" >"$TMP/columns-pipe"
if cmp -s "$TMP/plain" "$TMP/columns-pipe"; then pass; else fail "COLUMNS=80 narrowed a pipe"; fi

# --- on a terminal, COLUMNS narrows; --width wins over it
bin=$(printf '%q' "$ACOCALC")
esc=$'\033'
strip() { sed -e "s/$esc\[[0-9;]*m//g" -e 's/\r$//' "$1"; }
set +e
script -qec "COLUMNS=80 $bin report $hcp --color never" /dev/null </dev/null >"$TMP/tty80" 2>&1
rc=$?
script -qec "COLUMNS=80 $bin report $hcp --color never --width 120" /dev/null </dev/null >"$TMP/tty120" 2>&1
script -qec "COLUMNS=80 $bin report $hcp" /dev/null </dev/null >"$TMP/tty80color" 2>&1
set -e
expect_eq 0 "$rc" "COLUMNS=80 on a terminal: exit code"
strip "$TMP/tty80" >"$TMP/tty80.txt"
"$ACOCALC" report "$hcp" --width 80 >"$TMP/w80"
if cmp -s "$TMP/tty80.txt" "$TMP/w80"; then pass; else fail "COLUMNS=80 on a terminal is not the --width 80 table"; fi
strip "$TMP/tty120" >"$TMP/tty120.txt"
"$ACOCALC" report "$hcp" --width 120 >"$TMP/w120"
if cmp -s "$TMP/tty120.txt" "$TMP/w120"; then pass; else fail "--width 120 does not win over COLUMNS=80"; fi
# Without COLUMNS, the terminal's own width (stty sets the pseudo-terminal's).
set +e
script -qec "stty cols 100; $bin report $hcp --color never" /dev/null </dev/null >"$TMP/tty100" 2>&1
set -e
strip "$TMP/tty100" >"$TMP/tty100.txt"
"$ACOCALC" report "$hcp" --width 100 >"$TMP/w100"
if cmp -s "$TMP/tty100.txt" "$TMP/w100"; then pass; else fail "a 100-column terminal does not get the --width 100 table"; fi
# Colored, still no line wider than 80 once the escape codes are gone.
strip "$TMP/tty80color" >"$TMP/tty80color.txt"
if has_escape "$TMP/tty80color"; then pass; else fail "COLUMNS=80 on a terminal: no color"; fi
py 'import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
wide = [l for l in lines if len(l) > 80]
if wide: sys.exit("colored table at COLUMNS=80: %d lines wider, e.g. %r" % (len(wide), wide[0]))' "$TMP/tty80color.txt"

# --- --cents no: whole dollars in the table, JSON unchanged
run report "$hcp" --cents no
expect_rc 0 "--cents no"
expect_grep 'Net payment *\$3,994,000$' "$OUT" "--cents no: net payment in dollars"
expect_grep 'Benchmark *\$132,440,640$' "$OUT" "--cents no: benchmark in dollars"
expect_grep 'by \$4,700,000$' "$OUT" "--cents no: the reasons in dollars"
expect_no_grep '\$[0-9,]*\.[0-9]' "$OUT" "--cents no: no cents anywhere"
run report "$hcp" --cents yes
expect_grep 'Net payment *\$3,994,000\.00$' "$OUT" "--cents yes: cents"
run whatif "$hcp" --expenditure -2% --cents no
expect_grep 'Shared savings +\$2,350,000 +\$3,627,406 +[+]\$1,277,406$' "$OUT" "whatif --cents no: rounded"
run report "$hcp" --cents no -f json
if cmp -s "$OUT" "$TMP/json"; then pass; else fail "JSON changed by --cents no"; fi
run report "$hcp" --cents maybe
expect_rc 2 "--cents maybe"

# The benchmark's steps: an enrollment type that does not fit is named
# under the table; at full width nothing is left out.
benchmark="$ACOCALC_ROOT/data/mssp-benchmark-2024.json"
run report "$benchmark" --width 80
expect_grep '^  \(not shown at 80 columns: 42 CFR, Aged/dual, Aged/non-dual; a wider --width$' \
  "$OUT" "benchmark at 80 columns: the types left out named"
run report "$benchmark" --width 200
expect_grep '^  Step +42 CFR +ESRD +Disabled +Aged/dual +Aged/non-dual +All$' "$OUT" \
  "benchmark at 200 columns: every column"
expect_no_grep 'not shown at' "$OUT" "benchmark at 200 columns: nothing left out"

finish
