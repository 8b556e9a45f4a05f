#!/usr/bin/env bash
# The whole command line against hostile values and inputs: every subcommand
# with option values at and beyond their edges (nan, inf, 1e308, -0, 1e-300,
# negative, out of range) and inputs whose figures sit at a double's edges
# (a benchmark of 1e-301 dollars, a sharing rate of 1e-300, 1e-300 member
# months, risk scores of 1e-300, an expect path past any index, expected
# values of -0.0, control characters). Whatever the run, the README's promises hold:
#   - the exit code is 0, 1, 2 or 3 (never a signal: >= 128);
#   - exit 2 writes nothing on stdout;
#   - no "nan", "inf" or negative zero ("-0", "-0.00", "-$0.00", "-0.0%")
#     anywhere on stdout or stderr.
# Bounded: about 600 short runs, a few seconds.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

inputs="$TMP/in"
outputs="$TMP/out"
mkdir -p "$inputs" "$outputs"

"$PYTHON" - "$inputs" <<'EOF'
import copy, json, sys
out = sys.argv[1]
base = {
    "id": "h1", "name": "Hostile ACO", "payer_type": "commercial",
    "baseline": {"label": "2022", "member_months": 12000, "expenditure": 5000000,
                 "risk_score": 1.0,
                 "utilization": {"inpatient_days": 500, "er_visits": 0},
                 "quality": {"diabetes_ldl_control": {"numerator": 60, "denominator": 100}}},
    "performance": {"label": "2023", "member_months": 12000, "expenditure": 4800000,
                    "risk_score": 1.0, "assigned_beneficiaries": 1000,
                    "utilization": {"inpatient_days": 450, "er_visits": 0},
                    "quality": {"diabetes_ldl_control": {"numerator": 70, "denominator": 100}}},
    "contract": {"benchmark": {"pmpm": 420}, "minimum_savings_rate": 0.02, "sharing_rate": 0.5,
                 "savings_cap": 0.1, "spending_cv": 0.03,
                 "efficiency_gate": {"metrics": ["inpatient_days", "er_visits"], "require": 1}},
}

def write(name, change):
    doc = copy.deepcopy(base)
    change(doc)
    with open(f"{out}/{name}.json", "w") as f:
        json.dump(doc, f)

def set_path(path, value):
    def change(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change

write("plain", lambda d: None)
write("tiny-benchmark", set_path(["contract", "benchmark"], {"total": 1e-301}))
write("tiny-sharing-rate", set_path(["contract", "sharing_rate"], 1e-300))
write("tiny-spending-cv", set_path(["contract", "spending_cv"], 1e-300))
write("tiny-member-months", set_path(["performance", "member_months"], 1e-300))
write("tiny-expenditure", set_path(["performance", "expenditure"], 1e-300))
write("huge-expenditure", set_path(["performance", "expenditure"], 9007199254740992))
write("zero-expenditure", set_path(["performance", "expenditure"], 0))
def tiny_risk(d):
    d["contract"]["risk_adjust"] = True
    d["baseline"]["risk_score"] = 1e-300
    d["contract"]["benchmark"] = {"baseline_trend": 10}
write("tiny-risk-score", tiny_risk)
def two_sided(d):
    c = d["contract"]
    c.update({"two_sided": True, "loss_sharing_rate": 1e-300, "minimum_loss_rate": 0,
              "loss_limit": 1e-300, "minimum_savings_rate": 0})
    d["performance"]["expenditure"] = 9e15
write("two-sided-loss", two_sided)
write("expect-huge-index", set_path(["expect"], {"settlement.reasons[99999999999999999999999]": 1}))
write("expect-index-2-64", set_path(["expect"], {"settlement.reasons[18446744073709551616]": 1}))
write("expect-negative-zero", set_path(["expect"], {"settlement.savings_rate": -0.0,
                                                  "settlement.eligible": {"value": -0.0, "tolerance": -0.0}}))
write("gate-repeated", set_path(["contract", "efficiency_gate"],
                                {"metrics": ["inpatient_days", "er_visits", "inpatient_days"]}))
def control(d):
    d["notes"] = ["a note\u001b[2K\r erased?"]
    d["expect"] = {"settlement.eligible\u0007": True, "settlement.savings_rate": {"value": 1e-300}}
    for period in ("baseline", "performance"):
        d[period]["utilization"]["odd\u001b[31mname"] = 3
write("control-characters", control)
with open(f"{out}/mixed.jsonl", "w") as f:
    ok = copy.deepcopy(base)
    ok["expect"] = {"settlement.eligible": False}
    bad = copy.deepcopy(base)
    bad["id"] = "h2"
    bad["contract"]["sharing_rate"] = 5
    f.write(json.dumps(ok) + "\n" + json.dumps(bad) + "\n")
EOF

runs=0
# sweep ARGS...: runs acocalc, keeps stdout and stderr for the final scan and
# checks the exit code and the empty stdout of exit 2.
sweep() {
  runs=$((runs + 1))
  local out="$outputs/$runs.out" err="$outputs/$runs.err"
  printf '%s\n' "$*" >"$outputs/$runs.cmd"
  set +e
  "$ACOCALC" "$@" </dev/null >"$out" 2>"$err"
  local rc=$?
  set -e
  case "$rc" in
    0 | 1 | 2 | 3) pass ;;
    *) fail "acocalc $*: exit $rc (a signal or an undocumented code); stderr: $(head -c 300 "$err")" ;;
  esac
  if [ "$rc" = 2 ]; then expect_empty "$out" "acocalc $*: exit 2 with stdout"; fi
}

values=(nan -nan inf -inf 1e308 -1e308 1e-300 -1e-300 -0 0 -1 0.5 1 2 65 1e16 abc)
for input in "$inputs"/*.json "$inputs"/mixed.jsonl; do
  for format in table json jsonl csv markdown; do
    sweep report -f "$format" --rollup "$input"
    sweep report -f "$format" --keep-going "$input"
  done
  sweep check "$input"
  sweep check -f json --keep-going "$input"
  sweep validate "$input"
  for format in table json markdown; do
    sweep whatif -f "$format" "$input"
    for option in --expenditure --msr --quality-score --spending-cv; do
      for value in -0 1e-300 0.02 1e15 -100%; do sweep whatif -f "$format" "$input" "$option=$value"; done
    done
    sweep whatif -f "$format" "$input" --utilization=inpatient_days=-100% --utilization=er_visits=5
  done
done
for value in "${values[@]}"; do
  sweep report --confidence="$value" "$inputs/plain.json"
  sweep report --threads="$value" "$inputs/plain.json"
  for option in --expenditure --msr --quality-score --spending-cv; do
    sweep whatif "$inputs/plain.json" "$option=$value"
  done
  sweep whatif "$inputs/plain.json" "--utilization=inpatient_days=$value"
  sweep import mssp-puf --year="$value" "$inputs/plain.json"
done
sweep schema input
sweep schema report
sweep validate "$inputs"/*.json
sweep check --keep-going "$inputs"/*.json "$inputs"/mixed.jsonl

# n/a never takes a sign, a percent or a dollar sign; a point beyond any
# spending is said to be unreachable.
run report --color never "$inputs/tiny-sharing-rate.json"
expect_rc 0 "report of a sharing rate of 1e-300"
expect_grep 'the savings cap cannot be reached by any spending' "$OUT" "an unreachable savings cap"
for input in "$inputs"/*.json; do
  run report --color never "$input"
  expect_no_grep '[-+$]n/a|n/a%' "$OUT" "$(basename "$input"): a sign on n/a"
done
# The table prints the savings rate the JSON report holds, however large
# (a benchmark of 1e-301 dollars: -4.8e307, beyond 1.8e306 a percent), not n/a.
run report --color never "$inputs/tiny-benchmark.json"
cp "$OUT" "$TMP/tiny.table"
run report -f json "$inputs/tiny-benchmark.json"
py '
import json, re, sys
from decimal import Decimal
rate = json.load(open(sys.argv[2]))["programs"][0]["settlement"]["savings_rate"]
line = next(l for l in open(sys.argv[1]) if "Savings rate (of benchmark)" in l)
shown = Decimal(re.search(r"(-?[0-9][0-9,]*\.[0-9]+)%", line).group(1).replace(",", ""))
exact = Decimal(rate) * 100  # beyond a double: compared as decimals
assert rate < -1e307 and abs(shown - exact) <= abs(exact) * Decimal("1e-15"), (rate, shown)
' "$TMP/tiny.table" "$OUT"

# One scan of everything written: no non-finite word, no negative zero.
py '
import glob, os, re, sys
word = re.compile(r"(?<![A-Za-z0-9_])(nan|inf|infinity)(?![A-Za-z0-9_])", re.I)
# A minus starting a number (not inside a word, a date or a range) whose
# digits are all zero.
negative_zero = re.compile(r"(?<![A-Za-z0-9_.\-])-\$?[0.,]*0(?![0-9.,]*[1-9])(?![0-9.,])")
bad = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.out")) + glob.glob(os.path.join(sys.argv[1], "*.err"))):
    text = open(path, encoding="utf-8", errors="replace").read()
    for pattern, what in ((word, "nan or inf"), (negative_zero, "negative zero")):
        m = pattern.search(text)
        if m:
            cmd = open(path.rsplit(".", 1)[0] + ".cmd").read().strip()
            line = text[text.rfind("\n", 0, m.start()) + 1:text.find("\n", m.end())]
            bad.append(f"{what} after acocalc {cmd}: {line[:200]!r}")
if bad:
    sys.exit("\n".join(bad[:20]) + f"\n({len(bad)} in all)")
' "$outputs"

finish
