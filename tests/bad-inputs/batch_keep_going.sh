#!/usr/bin/env bash
# Nothing lost in a batch: 1,000 programs of which 3 are invalid.
#   - without --keep-going: exit 2, nothing on stdout, the 3 errors on stderr;
#   - with --keep-going: exit 3, 997 programs reported (table, json, jsonl,
#     csv), exactly the 3 errors on stderr and, in JSON, in "errors";
#   - -o OUT: written whole with --keep-going; never created (nor a
#     temporary file left) when the run fails, and an existing OUT untouched.
# The inputs are generated here: one JSON Lines file, and the same programs
# as one {"acocalc": 1, "programs": [...]} document.
# Usage: batch_keep_going.sh ACOCALC
set -uo pipefail
acocalc="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/acocalc-batch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export NO_COLOR=1

python3 - <<'PY'
import json
programs = []
for i in range(1000):
    p = {
        "id": f"p{i:04d}",
        "baseline": {"member_months": 12000 + i, "expenditure": 5000000,
                     "utilization": {"inpatient_days": 500 + i % 7}},
        "performance": {"member_months": 12000 + i, "expenditure": 4800000 + i,
                        "utilization": {"inpatient_days": 450 + i % 11}},
        "contract": {"benchmark": {"pmpm": 420}, "sharing_rate": 0.5},
    }
    programs.append(p)
programs[10]["performance"]["member_months"] = -12             # semantic error
programs[500]["contract"]["sharing_rate"] = 1.5                # out of range
programs[998]["baseline"]["utilization"]["inpatient_days"] = 3.5  # not a count
with open("batch.jsonl", "w") as f:
    for p in programs:
        f.write(json.dumps(p) + "\n")
with open("batch.json", "w") as f:
    json.dump({"acocalc": 1, "programs": programs}, f, indent=1)
PY

failures=0
fail() {
  echo "FAIL [batch_keep_going] $*" >&2
  failures=$((failures + 1))
}

expected_jsonl="batch.jsonl:11: /performance/member_months: must be a number > 0, got -12
batch.jsonl:501: /contract/sharing_rate: must be a fraction from 0 to 1, got 1.5
batch.jsonl:999: /baseline/utilization/inpatient_days: must be a whole number >= 0, got 3.5"
expected_json="batch.json: /programs/10/performance/member_months: must be a number > 0, got -12
batch.json: /programs/500/contract/sharing_rate: must be a fraction from 0 to 1, got 1.5
batch.json: /programs/998/baseline/utilization/inpatient_days: must be a whole number >= 0, got 3.5"

for input in batch.jsonl batch.json; do
  if [ "$input" = batch.jsonl ]; then expected="$expected_jsonl"; else expected="$expected_json"; fi
  expected_stderr="$(sed 's/^/acocalc: /' <<<"$expected")"

  # Without --keep-going: exit 2, no output, every error.
  "$acocalc" report "$input" -f json >out 2>err </dev/null
  rc=$?
  [ "$rc" -eq 2 ] || fail "$input without --keep-going: exit $rc, expected 2"
  [ ! -s out ] || fail "$input without --keep-going: stdout is not empty"
  [ "$(cat err)" = "$expected_stderr" ] || fail "$input without --keep-going: stderr:
$(cat err)"

  for format in json jsonl csv table; do
    "$acocalc" report "$input" -f "$format" --keep-going >out 2>err </dev/null
    rc=$?
    [ "$rc" -eq 3 ] || fail "$input -f $format --keep-going: exit $rc, expected 3"
    [ "$(cat err)" = "$expected_stderr" ] || fail "$input -f $format --keep-going: stderr:
$(head -5 err)"
    case "$format" in
      json)
        python3 - "$input" <<'PY' || fail "$input -f json --keep-going: report"
import json, sys
doc = json.load(open("out"))
ids = [p["id"] for p in doc["programs"]]
expected = [f"p{i:04d}" for i in range(1000) if i not in (10, 500, 998)]
assert ids == expected, f"{len(ids)} programs, first differences: {[i for i in ids if i not in expected][:3]}"
errors = doc["errors"]
assert len(errors) == 3, errors
assert [e["file"] for e in errors] == [sys.argv[1]] * 3, errors
PY
        ;;
      jsonl)
        n=$(grep -c '"id":' out)
        [ "$n" -eq 997 ] || fail "$input -f jsonl --keep-going: $n programs, expected 997"
        ;;
      csv)
        n=$(cut -d, -f1 out | tail -n +2 | sort -u | wc -l)
        [ "$n" -eq 997 ] || fail "$input -f csv --keep-going: $n programs, expected 997"
        ;;
      table)
        n=$(grep -c '^== .*\[p[0-9]*\]$' out)
        [ "$n" -eq 997 ] || fail "$input -f table --keep-going: $n programs, expected 997"
        ;;
    esac
  done
done

# -o: whole with --keep-going; absent (no temporary file either) on failure;
# an existing OUT is left as it was when the run fails.
"$acocalc" report batch.jsonl -f json --keep-going -o report.json >out 2>err </dev/null
rc=$?
[ "$rc" -eq 3 ] || fail "-o with --keep-going: exit $rc, expected 3"
[ ! -s out ] || fail "-o with --keep-going: stdout is not empty"
python3 -c 'import json; d = json.load(open("report.json")); assert len(d["programs"]) == 997' ||
  fail "-o with --keep-going: report.json is not the whole report"
mkdir fresh
"$acocalc" report batch.jsonl -f json -o fresh/report.json >out 2>err </dev/null
rc=$?
[ "$rc" -eq 2 ] || fail "-o, failing run: exit $rc, expected 2"
[ -z "$(ls -A fresh)" ] || fail "-o, failing run: left $(ls -A fresh)"
echo "previous report" >old.json
"$acocalc" report batch.jsonl -f json -o old.json >out 2>err </dev/null
[ "$(cat old.json)" = "previous report" ] || fail "-o, failing run: an existing OUT was changed"
[ "$(ls -A | grep -c '^\.old\.json')" -eq 0 ] || fail "-o, failing run: a temporary file was left"
# A write error (a full disk) is an error, and leaves nothing behind.
if [ -w /dev/full ]; then
  "$acocalc" report batch.jsonl --keep-going -f jsonl >/dev/full 2>err </dev/null
  rc=$?
  [ "$rc" -eq 2 ] || fail "stdout on /dev/full: exit $rc, expected 2"
  grep -q "write error" err || fail "stdout on /dev/full: no write error reported"
fi

[ "$failures" -eq 0 ] && echo "batch_keep_going: all checks passed"
[ "$failures" -eq 0 ]
