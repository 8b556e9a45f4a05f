#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# The acceptance checks of the "Pipelines and CI ergonomics" issue, one by
# one, as a user would type them.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

bin=$(printf '%q' "$ACOCALC")

# 1. cat data/*.json | acocalc report -f jsonl | wc -l equals the number of programs.
expected=$(programs_in data/*.json)
lines=$(cat data/*.json | "$ACOCALC" report -f jsonl | wc -l | tr -d ' ')
expect_eq "$expected" "$lines" "1. cat data/*.json | acocalc report -f jsonl | wc -l"

# 2. acocalc report data/a.json data/b.json -f csv opens cleanly as CSV.
a=data/anthem-hcp-2013h1.json
b=data/bcbsa-total-care.json
run report "$a" "$b" -f csv
expect_rc 0 "2. report $a $b -f csv"
py '
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"), strict=True))
header, body = rows[0], rows[1:]
assert len(set(header)) == len(header), f"repeated column names {header}"
assert all(len(r) == len(header) for r in body), "rows with a different number of fields"
ids = []
for path in sys.argv[2:]:
    doc = json.load(open(path))
    ids += [p["id"] for p in (doc["programs"] if "programs" in doc else [doc])]
seen = list(dict.fromkeys(r[header.index("program_id")] for r in body))
assert seen == ids, f"programs in the CSV {seen}, in the inputs {ids}"
' "$OUT" "$a" "$b"

# 3. acocalc report --rollup data/<total care> shows the roll-up.
run report --rollup "$b"
expect_rc 0 "3. report --rollup $b"
expect_grep '[Rr]oll-up' "$OUT" "3. the table has a roll-up section"
# Seven programs (counted from the document).
expect_grep "Programs +$(programs_in "$b")\$" "$OUT" "3. the roll-up counts every program"

# 4. One invalid program among valid ones: exit 2 and empty stdout; with
#    --keep-going exit 3 and every valid program reported.
mixed="$FIXTURES/invalid-third.jsonl"  # v1, v2, an invalid program, v4
run report "$mixed" -f jsonl
expect_rc 2 "4. one invalid program, no --keep-going"
expect_empty "$OUT" "4. one invalid program, no --keep-going: stdout"
run report "$mixed" -f jsonl --keep-going
expect_rc 3 "4. one invalid program, --keep-going"
py '
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
assert ids == ["v1", "v2", "v4"], f"valid programs reported: {ids}"
' "$OUT"

# 5. -o out.json on an input that fails halfway leaves no out.json and no temporary file.
mkdir "$TMP/five"
run report "$mixed" -f json -o "$TMP/five/out.json"
expect_rc 2 "5. -o out.json on an input that fails halfway"
expect_eq "" "$(ls -A "$TMP/five")" "5. no out.json and no temporary file"

# 6. On a terminal the table is colored; with NO_COLOR=1 or through a pipe it is not.
script -qec "$bin report $a" /dev/null </dev/null >"$TMP/tty" 2>&1
if has_escape "$TMP/tty"; then pass; else fail "6. the table on a terminal is not colored"; fi
script -qec "NO_COLOR=1 $bin report $a" /dev/null </dev/null >"$TMP/tty-nocolor" 2>&1
if has_escape "$TMP/tty-nocolor"; then fail "6. NO_COLOR=1 on a terminal: colored"; else pass; fi
script -qec "$bin report $a | cat" /dev/null </dev/null >"$TMP/tty-pipe" 2>&1
if has_escape "$TMP/tty-pipe"; then fail "6. through a pipe: colored"; else pass; fi

finish
