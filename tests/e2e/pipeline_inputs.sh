#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# Inputs of a pipeline run: several files in order, "-" and no file for
# standard input, JSON Lines by extension or detected, concatenated
# documents, and program ids unique across the run.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

# ids FILE: the "id" of each JSON Lines report line, space-separated.
ids() {
  "$PYTHON" -c '
import json, sys
print(" ".join(json.loads(line)["id"] for line in open(sys.argv[1]) if line.strip()))' "$1"
}

# input_ids FILE...: the program ids of input documents, in order, read by
# Python (JSON, or JSON Lines when the file is not one JSON document).
input_ids() {
  "$PYTHON" - "$@" <<'EOF'
import json, sys
out = []
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    try:
        docs = [json.loads(text)]
    except json.JSONDecodeError:
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
    for doc in docs:
        out += [p["id"] for p in doc["programs"]] if "programs" in doc else [doc["id"]]
print(" ".join(out))
EOF
}

small="$FIXTURES/small.jsonl"
portfolio="$FIXTURES/rollup-portfolio.json"
hcp=data/anthem-hcp-2013h1.json

# --- several files, in the order given
run report -f jsonl "$hcp" "$small" "$portfolio"
expect_rc 0 "three files"
expect_eq "$(input_ids "$hcp" "$small" "$portfolio")" "$(ids "$OUT")" "three files: program order"
expect_empty "$ERR" "three files: stderr"

# --- standard input: "-", and no file at all
run_stdin "$small" report -f jsonl -
expect_rc 0 "report - <small.jsonl"
expect_eq "s1 s2 s3" "$(ids "$OUT")" "report - reads standard input"

run_stdin "$small" report -f jsonl
expect_rc 0 "report <small.jsonl"
expect_eq "s1 s2 s3" "$(ids "$OUT")" "report with no file reads standard input"

# "-" between files: standard input is read in its place.
run_stdin "$small" report -f jsonl "$hcp" - "$portfolio"
expect_rc 0 "file - file"
expect_eq "$(input_ids "$hcp" "$small" "$portfolio")" "$(ids "$OUT")" "file - file: order"

# Errors in standard input are named <stdin>.
printf '{"id": "x", "performance": {"member_months": 1200}}\n' >"$TMP/nobaseline.json"
run_stdin "$TMP/nobaseline.json" report
expect_rc 2 "invalid program on stdin"
expect_grep '^acocalc: <stdin>: ' "$ERR" "an error on stdin names <stdin>"

# --- JSON Lines: by extension (.jsonl, .ndjson) and detected
cp "$small" "$TMP/programs.ndjson"
cp "$small" "$TMP/programs.txt"
cp "$small" "$TMP/programs"
for f in "$small" "$TMP/programs.ndjson" "$TMP/programs.txt" "$TMP/programs"; do
  run report -f jsonl "$f"
  expect_rc 0 "JSON Lines $(basename "$f")"
  expect_eq "s1 s2 s3" "$(ids "$OUT")" "JSON Lines $(basename "$f")"
done

# A .json file holding JSON Lines is still read (detected).
cp "$small" "$TMP/programs.json"
run report -f jsonl "$TMP/programs.json"
expect_rc 0 "JSON Lines in a .json file"
expect_eq "s1 s2 s3" "$(ids "$OUT")" "JSON Lines in a .json file"

# Pretty-printed documents one after another (cat data/*.json) are read too.
cat data/*.json >"$TMP/all.json"
run_stdin "$TMP/all.json" report -f jsonl
expect_rc 0 "cat data/*.json | report"
expect_eq "$(input_ids data/*.json)" "$(ids "$OUT")" "cat data/*.json | report: every program in order"

# A JSON Lines error names the line: FILE:LINE: /pointer: message.
run report -f jsonl "$FIXTURES/invalid-third.jsonl"
expect_rc 2 "invalid line 3"
expect_grep "^acocalc: [^ ]*invalid-third\.jsonl:3: /performance/member_months: " "$ERR" \
  "semantic error on line 3 names the line and pointer"

# A syntax error names line and column.
{
  head -n 1 "$small"
  printf '{"id": "broken", "baseline": tru}\n'
  sed -n 2p "$small"
} >"$TMP/syntax.jsonl"
run report -f jsonl "$TMP/syntax.jsonl"
expect_rc 2 "syntax error on line 2"
# {"id": "broken", "baseline": tru}  -- "tru}" starts at column 30.
expect_grep "^acocalc: [^ ]*syntax\.jsonl:2:30: invalid JSON" "$ERR" \
  "syntax error names FILE:LINE:COLUMN of the bad token"
expect_empty "$OUT" "syntax error: stdout"

# --- program ids are unique across the run
run report -f jsonl "$small" "$small"
expect_rc 2 "same file twice"
expect_empty "$OUT" "duplicate ids: stdout"
# Each duplicate names both places: the second file's line and the first's.
expect_eq 3 "$(grep -c 'duplicate program id' "$ERR" || true)" "one error per duplicate id"
expect_grep "small\.jsonl:4: /id: duplicate program id \"s3\"; first used at [^ ]*small\.jsonl:4" "$ERR" \
  "duplicate id error names both places"

# Duplicates across a JSON document and JSON Lines, with a pointer.
"$PYTHON" -c '
import json, sys
doc = json.load(open(sys.argv[1]))
print(json.dumps(doc["programs"][2]))' "$portfolio" >"$TMP/gamma.jsonl"
run report -f jsonl "$portfolio" "$TMP/gamma.jsonl"
expect_rc 2 "gamma twice"
expect_grep "gamma\.jsonl:1: /id: duplicate program id \"gamma\"; first used at [^ ]*rollup-portfolio\.json /programs/2" \
  "$ERR" "duplicate id names the first document's pointer"

# Duplicates within one document.
"$PYTHON" -c '
import json, sys
doc = json.load(open(sys.argv[1]))
doc["programs"].append(doc["programs"][0])
print(json.dumps(doc))' "$portfolio" >"$TMP/twice.json"
run report -f jsonl "$TMP/twice.json"
expect_rc 2 "alpha twice in one document"
expect_grep "twice\.json: /programs/4/id: duplicate program id \"alpha\"; first used at [^ ]*twice\.json /programs/0" \
  "$ERR" "duplicate id inside one document"

# --keep-going reports the first occurrence and skips the duplicate.
run report -f jsonl --keep-going "$small" "$small"
expect_rc 3 "duplicates with --keep-going"
expect_eq "s1 s2 s3" "$(ids "$OUT")" "duplicates with --keep-going: first occurrences kept"

finish
