#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# Exit codes, as SPEC.md: 0 success; 1 check found a failed expectation; 2
# usage error or invalid input, with nothing on stdout; 3 with --keep-going,
# some programs skipped (the others reported, every error on stderr and in
# JSON output's "errors"). Errors are one line each on stderr.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

small="$FIXTURES/small.jsonl"
invalid="$FIXTURES/invalid-third.jsonl"  # v1, v2 valid; line 3 invalid; v4 valid

# every_line_is_an_error FILE WHAT: each stderr line is "acocalc: ...".
every_line_is_an_error() {
  if [ -s "$1" ] && ! grep -qv '^acocalc: ' "$1"; then
    pass
  else
    fail "$2: stderr lines not of the form 'acocalc: ...': $(grep -v '^acocalc: ' "$1" | head -3)"
  fi
}

# --- 0
run report "$small"
expect_rc 0 "report of valid programs"
expect_empty "$ERR" "report of valid programs: stderr"
run validate data/*.json
expect_rc 0 "validate data/*.json"
run check data/*.json
expect_rc 0 "check data/*.json"
run report --keep-going -f json "$small"
expect_rc 0 "--keep-going without errors"

# --- 1: a failed expectation. s1 has 30 then 27 inpatient days over the
# same 1,200 member months: pct_change = 27/30 - 1 = -0.1, not -0.5.
"$PYTHON" - "$small" >"$TMP/expect.jsonl" <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
lines[0]["expect"] = {"utilization.inpatient_days.pct_change": -0.5}
lines[1]["expect"] = {"utilization.inpatient_days.baseline_per_1000": {"value": 250, "tolerance": 1e-9}}
for l in lines:
    print(json.dumps(l))
EOF
# s2: 50 x 12,000 / 2,400 = 250 per 1,000: that one holds.
run check "$TMP/expect.jsonl"
expect_rc 1 "check with a failed expectation"
expect_grep 's1.*utilization\.inpatient_days\.pct_change.*-0\.1.*-0\.5' "$OUT" \
  "check names the failed path with computed and expected values"
expect_no_grep 's2.*FAIL|FAIL.*s2' "$OUT" "check does not fail the expectation that holds"
run check -f json "$TMP/expect.jsonl"
expect_rc 1 "check -f json with a failed expectation"
py '
import json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
assert (s["programs"], s["expectations"], s["failed"]) == (3, 2, 1), s
' "$OUT"

# --- 2: invalid input; nothing on stdout, whatever the format
for format in table json jsonl csv markdown; do
  run report -f "$format" --rollup "$invalid"
  expect_rc 2 "-f $format: an invalid program"
  expect_empty "$OUT" "-f $format: an invalid program: stdout"
  expect_grep 'invalid-third\.jsonl:3: /performance/member_months: ' "$ERR" "-f $format: the error"
  every_line_is_an_error "$ERR" "-f $format: an invalid program"
done
run check "$invalid"
expect_rc 2 "check of an invalid program"
expect_empty "$OUT" "check of an invalid program: stdout"

# --- 3: --keep-going reports the valid programs
run report -f jsonl --keep-going "$invalid"
expect_rc 3 "report --keep-going"
py '
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
assert ids == ["v1", "v2", "v4"], f"--keep-going reported {ids}"
' "$OUT"
expect_grep 'invalid-third\.jsonl:3: /performance/member_months: ' "$ERR" "--keep-going: the error is on stderr"
run report -f json --keep-going "$invalid"
expect_rc 3 "report -f json --keep-going"
py '
import json, sys
d = json.load(open(sys.argv[1]))
assert [p["id"] for p in d["programs"]] == ["v1", "v2", "v4"], d["programs"]
assert [(e["line"], e["pointer"]) for e in d["errors"]] == [(3, "/performance/member_months")], d["errors"]
' "$OUT"
run report --keep-going --color never "$invalid"
expect_rc 3 "report (table) --keep-going"
expect_grep 'v4' "$OUT" "table --keep-going: the program after the invalid one"
run check --keep-going "$invalid"
expect_rc 3 "check --keep-going"
# A failed expectation outranks skipped programs: 1, not 3 (README, Exit
# codes), in both formats, with the skipped program's error on stderr.
for format in table json; do
  run check -f "$format" --keep-going "$TMP/expect.jsonl" "$invalid"
  expect_rc 1 "check -f $format --keep-going: a failed expectation and an invalid program"
  expect_grep 'invalid-third\.jsonl:3: ' "$ERR" "check -f $format --keep-going: the skipped program's error"
  expect_nonempty "$OUT" "check -f $format --keep-going: the results"
done

# --- validate reports every error of every file, exit 2
cat >"$TMP/errors.json" <<'EOF'
{"acocalc": 1, "programs": [
  {"id": "a b", "nmae": "x", "payer_type": "commercal",
   "baseline": {"member_months": 1200}, "performance": {"member_months": 0}},
  {"id": "ok", "baseline": {"member_months": 1200, "utilization": {"er_visits": 1}},
   "performance": {"member_months": 1200, "utilization": {"er_visits": -1}}}
]}
EOF
{
  head -n 1 "$small" | sed 's/"s1"/"s9"/'  # valid, and not a duplicate
  echo '{"id": "y", "baseline": {"member_months": 1}, "performance": {"member_months": 5, "pmpm": 3, "expenditure": 2}}'
  echo '{"id": bad}'
} >"$TMP/errors.jsonl"
run validate "$TMP/errors.json" "$small" "$TMP/errors.jsonl"
expect_rc 2 "validate with errors in two files"
expect_empty "$OUT" "validate with errors: stdout"
every_line_is_an_error "$ERR" "validate with errors"
# errors.json: id, unknown field, payer type, member months (program 0),
# a negative count (program 1); errors.jsonl: pmpm and expenditure (line
# 2), a syntax error (line 3). Seven in all.
for expected in 'errors\.json: /programs/0/id: ' 'errors\.json: /programs/0/nmae: unknown field "nmae"; did you mean "name"\?' \
  'errors\.json: /programs/0/payer_type: .*did you mean "commercial"\?' \
  'errors\.json: /programs/0/performance/member_months: ' 'errors\.json: /programs/1/performance/utilization/er_visits: ' \
  'errors\.jsonl:2: /performance: ' 'errors\.jsonl:3:[0-9]+: invalid JSON'; do
  expect_grep "^acocalc: [^ ]*$expected" "$ERR" "validate reports $expected"
done
expect_eq 7 "$(wc -l <"$ERR" | tr -d ' ')" "validate: seven errors, one line each"

# --- 2: usage errors. One line on stderr, "acocalc: ...", a hint to --help,
# nothing on stdout.
usage_error() {
  local what=$1
  shift
  run "$@"
  expect_rc 2 "usage error: $what"
  expect_empty "$OUT" "usage error: $what: stdout"
  expect_eq 1 "$(wc -l <"$ERR" | tr -d ' ')" "usage error: $what: one line on stderr"
  expect_grep '^acocalc: .*--help' "$ERR" "usage error: $what: acocalc: message with a --help hint"
}
# (Bare acocalc prints a usage block instead: pipeline_help.sh.)
usage_error "no subcommand" --
usage_error "an unknown subcommand" reprot "$small"
usage_error "import without its subcommand" import
usage_error "an unknown option" report --frobnicate "$small"
usage_error "an unknown format" report -f xml "$small"
usage_error "-f without a value" report "$small" -f
usage_error "an unknown color" report --color sometimes "$small"
usage_error "a confidence of 2" report --confidence 2 "$small"
usage_error "a confidence that is not a number" report --confidence high "$small"
usage_error "check -f csv" check -f csv "$small"
usage_error "schema of something else" schema output
usage_error "import without a file" import mssp-puf
usage_error "import without a kind" import
usage_error "an unknown option of validate" validate --keep-going "$small"
usage_error "an unknown subcommand" frobnicate

finish
