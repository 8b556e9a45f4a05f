#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# --program ID (repeatable) selects programs; a missing id is an error.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

ids() {
  "$PYTHON" -c '
import json, sys
print(" ".join(json.loads(line)["id"] for line in open(sys.argv[1]) if line.strip()))' "$1"
}

small="$FIXTURES/small.jsonl"
portfolio="$FIXTURES/rollup-portfolio.json"

# After the files.
run report -f jsonl "$small" "$portfolio" --program s2 --program=gamma
expect_rc 0 "--program after the files"
expect_eq "s2 gamma" "$(ids "$OUT")" "--program s2 --program=gamma keeps those two, in input order"

# Selection keeps input order, not the order of the options.
run report -f jsonl "$small" "$portfolio" --program=gamma --program=s1
expect_eq "s1 gamma" "$(ids "$OUT")" "--program keeps input order"

# Before the files: an option taking one id must not swallow the file names
# (CLI11 vector options take every following argument unless limited).
run report --program s2 --program gamma -f jsonl "$small" "$portfolio"
expect_rc 0 "--program before the files"
expect_eq "s2 gamma" "$(ids "$OUT")" "--program ID FILE...: FILE is a file, not an id"

run report -f jsonl --program s3 "$small"
expect_rc 0 "--program ID FILE"
expect_eq "s3" "$(ids "$OUT")" "--program s3 small.jsonl"

# The roll-up covers the selected programs only: alpha and delta,
# 12,000 + 12,000 performance member months (fixture).
run report -f json --rollup "$portfolio" --program=alpha --program=delta
expect_rc 0 "--rollup with --program"
py '
import json, sys
r = json.load(open(sys.argv[1]))["rollup"]
n, mm = r["programs"], r["performance_member_months"]
assert n == 2, f"roll-up of 2 selected programs counts {n}"
assert mm == 24000, f"roll-up member months {mm}, expected 24000"
' "$OUT"

# An id that is not in the input is an error (exit 2, nothing on stdout).
run report -f jsonl "$small" --program=s2 --program=nope
expect_rc 2 "--program with an unknown id"
expect_empty "$OUT" "--program unknown: stdout"
expect_grep 'nope' "$ERR" "--program unknown: the error names the id"

finish
