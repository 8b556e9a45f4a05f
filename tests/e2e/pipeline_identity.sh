#!/usr/bin/env bash
# Program ids are unique across a run however many files it reads: a
# duplicate names the file, line and program where the id was first used,
# past the first 2,047 files too.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

# 2,100 files of one program each; the id "twice" in file 2,060 (index
# 2,059) and again in the last one.
dir="$TMP/many"
mkdir "$dir"
"$PYTHON" - "$dir" <<'PYEOF'
import json, sys
program = {"name": "One", "baseline": {"member_months": 1200, "utilization": {"inpatient_days": 30}},
           "performance": {"member_months": 1200, "utilization": {"inpatient_days": 27}}}
for i in range(2100):
    program["id"] = "twice" if i in (2059, 2099) else f"p{i}"
    with open(f"{sys.argv[1]}/f{i:04d}.json", "w") as f:
        json.dump(program, f)
PYEOF
files=("$dir"/f*.json)
expect_eq 2100 "${#files[@]}" "2,100 input files made"

run validate "${files[@]}"
expect_rc 2 "2,100 files, one id twice"
expect_eq "acocalc: $dir/f2099.json: /id: duplicate program id \"twice\"; first used at $dir/f2059.json" \
  "$(cat "$ERR")" "the duplicate names file 2,060, where the id was first used"

# The same in JSON Lines files past 2,047, with the line of the first use:
# file 2,051 has the id "x2050" on line 2, file 2,071 again on its line 2.
dir="$TMP/lines"
mkdir "$dir"
"$PYTHON" - "$dir" <<'PYEOF'
import json, sys
line = {"baseline": {"member_months": 10, "utilization": {"er_visits": 1}},
        "performance": {"member_months": 10, "utilization": {"er_visits": 1}}}
for i in range(2100):
    lines = [dict(line, id=f"l{i}")]
    if i == 2050:  # the id on line 2
        lines = [dict(line, id="x2050")]
        lines.insert(0, None)
    if i == 2070:  # again, on line 2
        lines.append(dict(line, id="x2050"))
    with open(f"{sys.argv[1]}/f{i:04d}.jsonl", "w") as f:
        f.writelines("\n" if l is None else json.dumps(l) + "\n" for l in lines)
PYEOF
files=("$dir"/f*.jsonl)
run report --keep-going -f jsonl "${files[@]}"
expect_rc 3 "2,100 JSON Lines files, one id twice, --keep-going"
expect_eq "acocalc: $dir/f2070.jsonl:2: /id: duplicate program id \"x2050\"; first used at $dir/f2050.jsonl:2" \
  "$(cat "$ERR")" "the duplicate names file 2,051 and its line"
expect_eq 2100 "$(wc -l <"$OUT" | tr -d ' ')" "--keep-going: every other program reported"

finish
