#!/usr/bin/env bash
# One program with 100,000 custom metrics (and one with 32,000 quality
# measures), the periods in opposite orders, an efficiency gate over every
# metric and 1,000 expectations: every road finishes within a generous time
# (10 s each, ACOCALC_E2E_TIME_LIMIT_S in slower builds), which a lookup by
# name that scans (quadratic: minutes) cannot. The timing itself is a
# benchmark's (tests/bench/README.md), not this test's.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

limit_s=${ACOCALC_E2E_TIME_LIMIT_S:-10}
"$PYTHON" tests/bench/wide.py 100000 0 "$TMP/metrics.json" --expect 1000
"$PYTHON" tests/bench/wide.py 0 32000 "$TMP/measures.json"

# timed WHAT ARGS...: runs acocalc, killed past the limit; sets $RC.
timed() {
  local what=$1
  shift
  OUT="$TMP/stdout"
  ERR="$TMP/stderr"
  set +e
  timeout "$limit_s" "$ACOCALC" "$@" >"$OUT" 2>"$ERR"
  RC=$?
  set -e
  if [ "$RC" = 124 ]; then fail "$what: not done within $limit_s s"; else pass; fi
}

for file in metrics measures; do
  formats="table json csv"
  [ "$file" = measures ] && formats="table json"
  for format in $formats; do
    timed "report -f $format ($file)" report -f "$format" --rollup "$TMP/$file.json"
    expect_rc 0 "report -f $format ($file)"
  done
  timed "validate ($file)" validate "$TMP/$file.json"
  expect_rc 0 "validate ($file)"
done
timed "check" check -f json "$TMP/metrics.json"
expect_rc 0 "check"
py '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"] == {"programs": 1, "programs_without_expectations": 0,
                        "expectations": 1000, "failed": 0}, d["summary"]
' "$OUT"

# The figures are right, not only quick: every metric matched its baseline
# (all improved by 5 events, the gate passes over all 100,000).
timed "report -f json" report -f json "$TMP/metrics.json"
py '
import json, sys
p = json.load(open(sys.argv[1]))["programs"][0]
u = p["utilization"]
assert len(u) == 100000, len(u)
assert all(m["improved"] for m in u.values()), [k for k, m in u.items() if not m["improved"]][:3]
gate = p["settlement"]["efficiency_gate"]
assert gate["passed"] and gate["improved"] == 100000, (gate["passed"], gate["improved"])
' "$OUT"

# A gate metric missing from one period is still found missing.
"$PYTHON" - "$TMP/metrics.json" "$TMP/missing.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
del p["baseline"]["utilization"]["m000007"]
json.dump(p, open(sys.argv[2], "w"))
PY
timed "a metric missing from the baseline" validate "$TMP/missing.json"
expect_rc 2 "a metric missing from the baseline"
expect_grep '/performance/utilization/m000007: is not in the baseline period' "$ERR" \
  "a metric missing from the baseline: named"
expect_grep '/contract/efficiency_gate/metrics/7: names "m000007", which is not a utilization metric of both periods' \
  "$ERR" "a gate metric missing from the baseline: named"

# A gate of 100,000 names that are no metric: each is an error, the first
# ten get a suggestion (each compares the name with every metric), and the
# run stays within the limit.
"$PYTHON" - "$TMP/metrics.json" "$TMP/typos.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
gate = p["contract"]["efficiency_gate"]
gate["metrics"] = [name + "x" for name in gate["metrics"]]
json.dump(p, open(sys.argv[2], "w"))
PY
timed "a gate of unknown names" validate "$TMP/typos.json"
expect_rc 2 "a gate of unknown names"
expect_grep '/contract/efficiency_gate/metrics/0: names "m000000x", which is not a utilization metric of both periods; did you mean "m000000"\?$' \
  "$ERR" "a gate of unknown names: the first with a suggestion"
expect_grep 'and 99,900 more errors in this file' "$ERR" "a gate of unknown names: all counted"

# Many --utilization changes of a wide program.
args=()
for i in $(seq 0 100 99999); do args+=("--utilization=m$(printf %06d "$i")=-1%"); done
timed "whatif with 1,000 changes" whatif "${args[@]}" "$TMP/metrics.json"
expect_rc 0 "whatif with 1,000 changes"

finish
