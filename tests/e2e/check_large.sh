#!/usr/bin/env bash
# check on an input of many batches (evaluated on worker threads): every
# expectation evaluated, failures and JSON entries in input order.
source "$(dirname "$0")/lib.sh"

# 1,500 generated programs (about 2 MB: many 64 KiB batches) with three
# expectations each (a string, null, an array element's boolean); every 7th
# expects a wrong id, and every 100th has none.
$PYTHON tests/bench/generate.py 1500 "$TMP/plain.jsonl"
$PYTHON - "$TMP/plain.jsonl" "$TMP/in.jsonl" <<'PY'
import json, sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as out:
    for n, line in enumerate(src):
        p = json.loads(line)
        if n % 100 != 99:
            p["expect"] = {"id": "wrong" if n % 7 == 0 else p["id"], "settlement.track": None,
                           "settlement.reasons[0].rule": "savings"}
        out.write(json.dumps(p) + "\n")
PY

run check "$TMP/in.jsonl"
expect_rc 1 "check with failed expectations"
expect_empty "$ERR" "check's stderr"
$PYTHON - "$TMP/in.jsonl" "$OUT" <<'PY' || fail "check's table: see above"
import json, sys
programs = [json.loads(line) for line in open(sys.argv[1])]
lines = open(sys.argv[2]).read().splitlines()
with_expect = [p for p in programs if "expect" in p]
wrong = [p["id"] for n, p in enumerate(programs) if n % 7 == 0 and "expect" in p]
want = [f'FAIL {i}: id: computed "{i}", expected "wrong"' for i in wrong]
want += [f"no expectations: {p['id']}" for p in programs if "expect" not in p]
want.append(f"{len(programs)} programs, {3 * len(with_expect)} expectations: {len(wrong)} failed")
if lines != want:
    first = next(i for i, (a, b) in enumerate(zip(lines + [""] * len(want), want)) if a != b)
    sys.exit(f"line {first + 1}: {lines[first:first + 1]} != {want[first:first + 1]}")
PY

run check -f json "$TMP/in.jsonl"
expect_rc 1 "check -f json with failed expectations"
$PYTHON - "$TMP/in.jsonl" "$OUT" <<'PY' || fail "check -f json: see above"
import json, sys
programs = [json.loads(line) for line in open(sys.argv[1])]
doc = json.load(open(sys.argv[2]))
assert [e["id"] for e in doc["programs"]] == [p["id"] for p in programs], "order"
for n, (p, e) in enumerate(zip(programs, doc["programs"])):
    results = e["expectations"]
    if "expect" not in p:
        assert results == [], p["id"]
        continue
    assert [r["path"] for r in results] == list(p["expect"]), p["id"]
    assert [r["computed"] for r in results] == [p["id"], None, "savings"], (p["id"], results)
    assert [r["passed"] for r in results] == [n % 7 != 0, True, True], p["id"]
failed = sum(1 for n, p in enumerate(programs) if n % 7 == 0 and "expect" in p)
assert doc["summary"]["failed"] == failed, doc["summary"]
PY

finish
