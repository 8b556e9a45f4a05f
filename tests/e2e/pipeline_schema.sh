#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# JSON Schemas (draft 2020-12): `acocalc schema` prints data/schema/*.json
# byte for byte; every input document validates against the input schema,
# which accepts and rejects what the loader does; every JSON report
# validates against the report schema, with keys in the schema's order.
# whatif -f json and check -f json validate against their schemas (which
# refer to the report schema), with keys in order.
# Validation uses Debian's python3-jsonschema (Draft202012Validator).
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

input_schema=data/schema/input.schema.json
report_schema=data/schema/report.schema.json

# --- acocalc schema prints the files, byte for byte
run schema input
expect_rc 0 "schema input"
if cmp -s "$OUT" "$input_schema"; then pass; else fail "acocalc schema input differs from $input_schema"; fi
run schema report
expect_rc 0 "schema report"
if cmp -s "$OUT" "$report_schema"; then pass; else fail "acocalc schema report differs from $report_schema"; fi
run schema
expect_rc 0 "schema (no argument)"
if cmp -s "$OUT" "$input_schema"; then pass; else fail "acocalc schema without argument is not the input schema"; fi

# --- both are valid draft 2020-12 schemas
py '
import json, sys
from jsonschema import Draft202012Validator
for path in sys.argv[1:]:
    schema = json.load(open(path))
    assert schema.get("$schema") == "https://json-schema.org/draft/2020-12/schema", f"{path}: $schema"
    Draft202012Validator.check_schema(schema)
' "$input_schema" "$report_schema"

# A helper module for the checks below.
cat >"$TMP/schemas.py" <<'EOF'
import json, sys
from jsonschema import Draft202012Validator

def validator(path, definition=None):
    schema = json.load(open(path))
    if definition:
        schema = {"$schema": schema["$schema"], "$defs": schema["$defs"],
                  "$ref": "#/$defs/" + definition}
    return Draft202012Validator(schema)

def problems(v, instance):
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message[:300]}"
            for e in sorted(v.iter_errors(instance), key=lambda e: list(map(str, e.path)))]

def documents(path):
    """The JSON documents of a file: one, or one per line (JSON Lines)."""
    text = open(path, encoding="utf-8").read()
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
EOF

# --- every input document validates against the input schema
import_out="$TMP/imported.json"
if "$ACOCALC" import mssp-puf tests/data/mssp-puf/PY2018.csv -o "$import_out" 2>"$TMP/import.err"; then
  pass
else
  fail "import mssp-puf PY2018.csv failed: $(cat "$TMP/import.err")"
fi
py '
import sys
sys.path.insert(0, sys.argv[1])
from schemas import validator, problems, documents
v = validator(sys.argv[2])
bad = []
for path in sys.argv[3:]:
    for n, doc in enumerate(documents(path), 1):
        bad += [f"{path} #{n}: {p}" for p in problems(v, doc)]
assert not bad, "input documents the input schema rejects:\n" + "\n".join(bad[:20])
' "$TMP" "$input_schema" data/*.json "$FIXTURES/rollup-portfolio.json" "$FIXTURES/csv-quoting.json" \
  "$FIXTURES/small.jsonl" "$import_out"

# --- the input schema accepts and rejects what the loader does
cat >"$TMP/agreement.py" <<'EOF'
import copy, json, os, subprocess, sys
sys.path.insert(0, os.path.dirname(sys.argv[0]) or ".")
from schemas import validator, problems

acocalc, schema_path, tmp = sys.argv[1:4]
v = validator(schema_path)

BASE = {
    "id": "base",
    "name": "Base program",
    "payer_type": "commercial",
    "baseline": {"member_months": 12000,
                 "utilization": {"inpatient_days": 300, "er_visits": 200},
                 "quality": {"diabetes_ldl_control": {"numerator": 450, "denominator": 600}}},
    "performance": {"member_months": 12000, "expenditure": 5700000,
                    "utilization": {"inpatient_days": 270, "er_visits": 190},
                    "quality": {"diabetes_ldl_control": {"numerator": 480, "denominator": 600}}},
    "contract": {"benchmark": {"per_capita": 6000}, "minimum_savings_rate": 0.02,
                 "sharing_rate": 0.5},
}

def edit(fn):
    doc = copy.deepcopy(BASE)
    out = fn(doc)
    return doc if out is None else out

def both(path, key, value):
    """Sets path/key to value in baseline and performance."""
    def fn(d):
        for period in ("baseline", "performance"):
            target = d[period]
            for part in path:
                target = target[part]
            target[key] = value
    return fn

MSSP = {"model": "mssp", "track": "BASIC_E", "performance_year": 2021, "msr": "variable",
        "quality_standard_met": True, "benchmark": {"total": 6000000}}

# (what, document, the loader accepts it)
CASES = [
    ("the base program", edit(lambda d: None), True),
    ("a collection", {"acocalc": 1, "programs": [BASE, dict(BASE, id="other")]}, True),
    ("members and months", edit(lambda d: d["baseline"].pop("member_months") and
                                d["baseline"].update(members=1000, months=12)), True),
    ("pmpm for expenditure", edit(lambda d: d["performance"].pop("expenditure") and
                                  d["performance"].update(pmpm=475)), True),
    ("a rate per 1,000", edit(both(["utilization"], "er_visits", {"per_1000": 200})), True),
    ("a custom metric, higher is better",
     edit(both(["utilization"], "care_transitions", {"count": 10, "lower_is_better": False})), True),
    ("a known metric with its own direction",
     edit(both(["utilization"], "inpatient_days", {"count": 300, "direction": "lower_is_better"})), True),
    ("a quality rate", edit(both(["quality"], "custom_measure", 0.5)), True),
    ("a quality {rate}", edit(both(["quality"], "custom_measure", {"rate": 0.5, "higher_is_better": False})), True),
    ("settlement only", edit(lambda d: d.pop("baseline") and d["performance"].update(utilization={}, quality={})
                             or d["contract"].update(benchmark={"total": 6000000})), True),
    ("baseline_trend with baseline spending",
     edit(lambda d: d["baseline"].update(expenditure=5500000) or
          d["contract"].update(benchmark={"baseline_trend": 0.03})), True),
    ("two-sided, complement loss sharing",
     edit(lambda d: d["contract"].update(two_sided=True, minimum_loss_rate=0.02, loss_limit=0.04,
                                         loss_sharing_rate={"complement_of_sharing_rate": True,
                                                            "min": 0.4, "max": 0.75})), True),
    ("an efficiency gate", edit(lambda d: d["contract"].update(
        efficiency_gate={"metrics": ["inpatient_days", "er_visits"], "require": 1,
                         "min_improvement": 0.01, "significant": False})), True),
    ("quality multiply with a score", edit(lambda d: d["contract"].update(
        quality_adjustment="multiply", quality_score=0.9)), True),
    ("risk adjustment with scores", edit(lambda d: d["contract"].update(risk_adjust=True) or
                                         both([], "risk_score", 1.02)(d)), True),
    ("an MSSP contract", edit(lambda d: d.update(contract=dict(MSSP)) or
                              d["performance"].update(assigned_beneficiaries=6000)), True),
    ("an MSSP fixed MSR on a two-sided track", edit(lambda d: d.update(contract=dict(MSSP, msr=0.01))), True),
    ("expectations", edit(lambda d: d.update(expect={"settlement.eligible": True,
                                                     "settlement.gross_savings": {"value": 300000, "tolerance": 1},
                                                     "name": "Base program", "settlement.track": None})), True),
    ("notes and sources", edit(lambda d: d.update(notes=["a"], sources=["b"], payers=["p"], partners=[])), True),
    ("a spending CV", edit(lambda d: d["contract"].update(spending_cv=0.05)), True),
    ("an MSSP alternative quality standard and spending CV",
     edit(lambda d: d.update(contract=dict(MSSP, alternative_quality_standard=True, spending_cv=0.1)) or
          d["performance"].update(assigned_beneficiaries=6000)), True),

    ("an unknown field", edit(lambda d: d.update(nmae="typo")), False),
    ("an unknown period field", edit(lambda d: d["performance"].update(member_month=1)), False),
    ("an id with a space", edit(lambda d: d.update(id="a b")), False),
    ("an empty id", edit(lambda d: d.update(id="")), False),
    ("an id of 201 characters", edit(lambda d: d.update(id="x" * 201)), False),
    ("no performance", edit(lambda d: d.pop("performance") and None), False),
    ("no baseline, benchmark per capita", edit(lambda d: d.pop("baseline") and
                                               d["performance"].update(utilization={}, quality={})), True),
    ("no baseline, baseline_trend", edit(lambda d: d.pop("baseline") and
                                         d["performance"].update(utilization={}, quality={}) or
                                         d["contract"].update(benchmark={"baseline_trend": 0.03})), False),
    ("no baseline, no contract", edit(lambda d: d.pop("baseline") and d.pop("contract") and
                                      d["performance"].update(utilization={}, quality={})), False),
    ("zero member months", edit(lambda d: d["performance"].update(member_months=0)), False),
    ("member months beyond 2^53", edit(lambda d: d["performance"].update(member_months=1e300)), False),
    ("member_months and members", edit(lambda d: d["baseline"].update(members=1000, months=12)), False),
    ("members without months", edit(lambda d: d["baseline"].pop("member_months") and
                                    d["baseline"].update(members=1000)), False),
    ("expenditure and pmpm", edit(lambda d: d["performance"].update(pmpm=475)), False),
    ("a fractional count", edit(both(["utilization"], "er_visits", 200.5)), False),
    ("a negative count", edit(both(["utilization"], "er_visits", -1)), False),
    ("count and per_1000", edit(both(["utilization"], "er_visits", {"count": 1, "per_1000": 2})), False),
    ("neither count nor per_1000", edit(both(["utilization"], "er_visits", {"lower_is_better": True})), False),
    ("a known metric turned around", edit(both(["utilization"], "inpatient_days",
                                               {"count": 300, "lower_is_better": False})), False),
    ("contradicting direction flags", edit(both(["utilization"], "custom",
                                                {"count": 3, "lower_is_better": True,
                                                 "direction": "higher_is_better"})), False),
    ("a quality rate above 1", edit(both(["quality"], "custom_measure", 1.5)), False),
    ("a numerator alone", edit(both(["quality"], "custom_measure", {"numerator": 3})), False),
    ("a zero denominator", edit(both(["quality"], "custom_measure", {"numerator": 0, "denominator": 0})), False),
    ("rate and counts", edit(both(["quality"], "custom_measure",
                                  {"rate": 0.5, "numerator": 1, "denominator": 2})), False),
    ("a known measure turned around", edit(both(["quality"], "hba1c_poor_control",
                                                {"rate": 0.1, "higher_is_better": True})), False),
    ("a misspelt payer type", edit(lambda d: d.update(payer_type="commercal")), False),
    ("payers not strings", edit(lambda d: d.update(payers=[1])), False),
    ("no sharing rate", edit(lambda d: d["contract"].pop("sharing_rate") and None), False),
    ("two benchmark forms", edit(lambda d: d["contract"].update(benchmark={"total": 1, "pmpm": 2})), False),
    ("a negative benchmark", edit(lambda d: d["contract"].update(benchmark={"total": -1})), False),
    ("loss terms one-sided", edit(lambda d: d["contract"].update(minimum_loss_rate=0.02)), False),
    ("two-sided without loss sharing", edit(lambda d: d["contract"].update(two_sided=True)), False),
    ("multiply without a score", edit(lambda d: d["contract"].update(quality_adjustment="multiply")), False),
    ("a contract without spending", edit(lambda d: d["performance"].pop("expenditure") and None), False),
    ("baseline_trend without baseline spending",
     edit(lambda d: d["contract"].update(benchmark={"baseline_trend": 0.03})), False),
    ("a trend of -1", edit(lambda d: d["baseline"].update(expenditure=1) or
                           d["contract"].update(benchmark={"baseline_trend": -1})), False),
    ("risk adjustment without scores", edit(lambda d: d["contract"].update(risk_adjust=True)), False),
    ("the MSR table without headcount", edit(lambda d: d["contract"].update(minimum_savings_rate="mssp_table")), False),
    ("an MSR above 1", edit(lambda d: d["contract"].update(minimum_savings_rate=2)), False),
    ("a sharing rate above 1", edit(lambda d: d["contract"].update(sharing_rate=1.5)), False),
    ("loss_limit_revenue alone", edit(lambda d: d["contract"].update(
        two_sided=True, loss_sharing_rate=0.3, loss_limit_revenue=0.08)), False),
    ("a positive loss adjustment", edit(lambda d: d["contract"].update(
        two_sided=True, loss_sharing_rate=0.3, loss_adjustment=5)), False),
    ("a spending CV of 0", edit(lambda d: d["contract"].update(spending_cv=0)), False),
    ("a spending CV of 11", edit(lambda d: d["contract"].update(spending_cv=11)), False),
    ("an alternative quality standard outside MSSP",
     edit(lambda d: d["contract"].update(alternative_quality_standard=True)), False),
    ("an empty gate", edit(lambda d: d["contract"].update(efficiency_gate={"metrics": []})), False),
    ("a gate require of 0", edit(lambda d: d["contract"].update(
        efficiency_gate={"metrics": ["er_visits"], "require": 0})), False),
    ("an unknown contract model", edit(lambda d: d["contract"].update(model="capitation")), False),
    ("an MSSP contract without headcount", edit(lambda d: d.update(contract=dict(MSSP))), False),
    ("an MSSP fixed MSR on a one-sided track",
     edit(lambda d: d.update(contract=dict(MSSP, track="BASIC_A", msr=0.01)) or
          d["performance"].update(assigned_beneficiaries=6000)), False),
    ("an MSSP MSR off the list", edit(lambda d: d.update(contract=dict(MSSP, msr=0.03))), False),
    ("an unknown MSSP track", edit(lambda d: d.update(contract=dict(MSSP, track="TRACK_9"))), False),
    ("an MSSP year before 2012", edit(lambda d: d.update(contract=dict(MSSP, performance_year=2011))), False),
    ("an MSSP trend benchmark", edit(lambda d: d.update(contract=dict(MSSP, benchmark={"baseline_trend": 0.1}))), False),
    ("a generic field in an MSSP contract", edit(lambda d: d.update(contract=dict(MSSP, sharing_rate=0.5))), False),
    ("format version 2", {"acocalc": 2, "programs": [BASE]}, False),
    ("a collection with an extra key", {"acocalc": 1, "programs": [BASE], "extra": 1}, False),
    ("programs not an array", {"acocalc": 1, "programs": BASE}, False),
    ("an array document", [BASE], False),
    ("an expected array", edit(lambda d: d.update(expect={"name": [1]})), False),
    ("a negative tolerance", edit(lambda d: d.update(expect={"name": {"value": "x", "tolerance": -1}})), False),
]

# Rules only the loader can check (they relate values JSON Schema cannot
# relate); the schema accepts these, the loader must not.
LOADER_ONLY = [
    ("a numerator above the denominator", edit(both(["quality"], "custom_measure", {"numerator": 3, "denominator": 2}))),
    ("a metric in one period only", edit(lambda d: d["performance"]["utilization"].update(lab_visits=3))),
    ("a gate metric not in the periods", edit(lambda d: d["contract"].update(efficiency_gate={"metrics": ["mri_visits"]}))),
    ("a gate requiring more metrics than it names", edit(lambda d: d["contract"].update(
        efficiency_gate={"metrics": ["er_visits"], "require": 2}))),
    ("loss sharing min above max", edit(lambda d: d["contract"].update(
        two_sided=True, loss_sharing_rate={"complement_of_sharing_rate": True, "min": 0.8, "max": 0.5}))),
]

def loader_accepts(doc, n):
    path = os.path.join(tmp, f"case{n}.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    r = subprocess.run([acocalc, "validate", path], capture_output=True, text=True)
    assert r.returncode in (0, 2), f"validate exit {r.returncode}: {r.stderr}"
    return r.returncode == 0, r.stderr.strip()

failures = []
for n, (what, doc, accepted) in enumerate(CASES):
    loader, stderr = loader_accepts(doc, n)
    schema_problems = problems(v, doc)
    if loader != accepted:
        failures.append(f"{what}: the loader {'accepts' if loader else 'rejects'} it, the test expects "
                        f"{'acceptance' if accepted else 'rejection'} ({stderr})")
    if (not schema_problems) != accepted:
        failures.append(f"{what}: the schema {'accepts' if not schema_problems else 'rejects'} it, "
                        f"the loader {'accepts' if loader else 'rejects'} it {schema_problems[:2]}")
for n, (what, doc) in enumerate(LOADER_ONLY, len(CASES)):
    loader, _ = loader_accepts(doc, n)
    if loader:
        failures.append(f"{what}: the loader accepts it")
    if problems(v, doc):
        failures.append(f"{what}: the schema rejects it (the test assumed it cannot): {problems(v, doc)[:2]}")
assert not failures, "schema and loader disagree:\n  " + "\n  ".join(failures)
EOF
mkdir "$TMP/cases"
py "import sys; sys.argv = ['$TMP/agreement.py'] + sys.argv[1:]; exec(open('$TMP/agreement.py').read())" \
  "$ACOCALC" "$input_schema" "$TMP/cases"

# --- every JSON report validates against the report schema
reports="$TMP/reports"
mkdir "$reports"
for f in data/*.json "$FIXTURES/rollup-portfolio.json" "$FIXTURES/csv-quoting.json" "$FIXTURES/small.jsonl"; do
  name=$(basename "$f")
  "$ACOCALC" report -f json "$f" >"$reports/$name.report.json"
  "$ACOCALC" report -f json --rollup --confidence 0.9 "$f" >"$reports/$name.rollup.json"
  "$ACOCALC" report -f jsonl --rollup "$f" >"$reports/$name.jsonl"
done
"$ACOCALC" report -f json --rollup data/*.json "$FIXTURES"/*.json >"$reports/all.rollup.json"
"$ACOCALC" report -f json --rollup "$import_out" >"$reports/mssp-puf.rollup.json"
# With --keep-going, errors: a semantic error and a syntax error.
{ cat "$FIXTURES/invalid-third.jsonl"; echo '{"id": "syntax", "baseline": tru}'; } >"$TMP/partial.jsonl"
set +e
"$ACOCALC" report -f json --keep-going "$TMP/partial.jsonl" >"$reports/partial.json" 2>/dev/null
rc=$?
set -e
expect_eq 3 "$rc" "--keep-going report for the schema check"
# An empty run (every program filtered out is an error, so: none valid).
set +e
"$ACOCALC" report -f json --keep-going "$FIXTURES/invalid-third.jsonl" --program=bad >"$reports/none.json" 2>/dev/null
set -e
golden=()
for f in tests/golden/*.out; do
  # Report goldens only: JSON documents with "acocalc_report" (check outputs are not reports).
  if head -c 40 "$f" | grep -q '"acocalc_report"'; then golden+=("$f"); fi
done
[ ${#golden[@]} -gt 0 ] && pass || echo "note: no golden JSON reports under tests/golden"
jsonl_golden=(tests/golden/*.jsonl.out)
[ -e "${jsonl_golden[0]}" ] || jsonl_golden=()

py '
import json, sys
sys.path.insert(0, sys.argv[1])
from schemas import validator, problems
schema_path = sys.argv[2]
full = validator(schema_path)
line = validator(schema_path, "jsonl_line")
schema = json.load(open(schema_path))
defs = schema["$defs"]
bad, checked = [], 0

def order(kind, obj, where):
    # Keys the schema does not require (MSSP-only keys of a settlement) may
    # be absent; those present come in the order of the schema.
    expected = list(defs[kind]["properties"]) if kind != "report" else list(schema["properties"])
    expected = [k for k in expected if k in obj]
    if list(obj) != expected:
        bad.append(f"{where}: keys {list(obj)}\n    schema order {expected}")

def check_order(report, where):
    if "acocalc_report" in report:
        order("report", report, where)
        programs = report["programs"]
        if report["rollup"] is not None:
            order("rollup", report["rollup"], where + " rollup")
        for e in report["errors"]:
            order("error", e, where + " error")
    elif "rollup" in report:
        order("rollup", report["rollup"], where + " rollup")
        programs = []
    else:
        programs = [report]
    for p in programs:
        w = where + " " + p["id"]
        order("program", p, w)
        for period in ("baseline", "performance"):
            if p[period] is not None:
                order("period", p[period], f"{w} {period}")
        for name, m in p["utilization"].items():
            order("metric", m, f"{w} utilization.{name}")
        for name, m in p["quality"].items():
            order("measure", m, f"{w} quality.{name}")
        s = p["settlement"]
        if s is not None:
            order("settlement", s, f"{w} settlement")
            if s["efficiency_gate"] is not None:
                order("efficiency_gate", s["efficiency_gate"], f"{w} efficiency_gate")

for path in sys.argv[3:]:
    if path.endswith(".jsonl") or path.endswith(".jsonl.out"):
        for n, text in enumerate(open(path), 1):
            doc = json.loads(text)
            bad += [f"{path}:{n}: {p}" for p in problems(line, doc)]
            check_order(doc, f"{path}:{n}")
            checked += 1
    else:
        doc = json.load(open(path))
        bad += [f"{path}: {p}" for p in problems(full, doc)]
        check_order(doc, path)
        checked += 1
assert checked > 0, "no reports checked"
assert not bad, "reports that do not match the report schema:\n" + "\n".join(bad[:25])
' "$TMP" "$report_schema" "$reports"/* "${golden[@]}" "${jsonl_golden[@]}"

# The errors of a --keep-going report are the documented objects.
py '
import json, sys
d = json.load(open(sys.argv[1]))
assert [p["id"] for p in d["programs"]] == ["v1", "v2", "v4"], [p["id"] for p in d["programs"]]
errors = d["errors"]
assert len(errors) == 2, errors
assert errors[0]["line"] == 3 and errors[0]["pointer"] == "/performance/member_months", errors[0]
assert errors[1]["line"] == 5 and errors[1]["column"] is not None and errors[1]["pointer"] is None, errors[1]
' "$reports/partial.json"

# --- whatif -f json and check -f json: their schemas, tested on real output
whatif_schema=data/schema/whatif.schema.json
check_schema=data/schema/check.schema.json
for which in whatif check; do
  run schema "$which"
  expect_rc 0 "schema $which"
  if cmp -s "$OUT" "data/schema/$which.schema.json"; then pass; else fail "acocalc schema $which differs from data/schema/$which.schema.json"; fi
done
outputs="$TMP/outputs"
mkdir "$outputs"
# Every sample under several scenarios, and check of every sample; then
# hostile cases: expectations that fail, name no figure or name an object,
# --keep-going with errors, odd names, no settlement.
n=0
for f in data/*.json "$FIXTURES/rollup-portfolio.json" "$FIXTURES/csv-quoting.json" "$FIXTURES/small.jsonl"; do
  n=$((n + 1))
  "$ACOCALC" whatif -f json "$f" >"$outputs/whatif-$n-none.json"
  # A program without a contract refuses contract changes (exit 2, no output).
  "$ACOCALC" whatif -f json --expenditure=-3% --msr 0.01 "$f" >"$outputs/whatif-$n-a.json" 2>/dev/null ||
    rm "$outputs/whatif-$n-a.json"
  "$ACOCALC" whatif -f json --expenditure=+40% --quality-score 0 --spending-cv 0.05 "$f" \
    >"$outputs/whatif-$n-b.json" 2>/dev/null || rm "$outputs/whatif-$n-b.json"
  "$ACOCALC" check -f json "$f" >"$outputs/check-$n.json" 2>/dev/null || true
done
# The samples with ER visits (the MSSP benchmark sample has no utilization);
# the benchmark's inputs changed in the MSSP sample.
mapfile -t er_samples < <(grep -l '"er_visits"' data/*.json)
"$ACOCALC" whatif -f json --utilization er_visits=-10% "${er_samples[@]}" >"$outputs/whatif-all.json"
"$ACOCALC" whatif -f json --risk-score-growth 2% --regional-spending=-3% data/mssp-benchmark-2024.json \
  >"$outputs/whatif-benchmark.json"
"$ACOCALC" check -f json data/*.json >"$outputs/check-all.json"
"$ACOCALC" check -f json "$import_out" >"$outputs/check-puf.json" || true
"$PYTHON" - "$TMP/hostile.jsonl" <<'EOF'
import json, sys
base = {"id": "h1", "name": "Name with \u001b[31m escape, \"quotes\" and \u00e9",
        "payer_type": "commercial",
        "baseline": {"member_months": 12000, "utilization": {"inpatient_days": 300}},
        "performance": {"member_months": 12000, "expenditure": 5700000,
                        "utilization": {"inpatient_days": 270}},
        "contract": {"benchmark": {"per_capita": 6000}, "minimum_savings_rate": 0.02,
                     "sharing_rate": 0.5},
        "expect": {"settlement.net_payment": 1, "settlement.no_such_figure": True,
                   "settlement": None, "settlement.eligible": {"value": False},
                   "utilization.inpatient_days.performance_per_1000": {"value": 270, "tolerance": 1e9},
                   "name": "not the name", "settlement.reasons[99].passed": True}}
no_settlement = {k: v for k, v in base.items() if k != "contract"}
no_settlement.update(id="h2", name="\u00e9\t\u2028 no contract", expect={})
with open(sys.argv[1], "w") as f:
    f.write(json.dumps(base) + "\n" + json.dumps(no_settlement) + "\n")
EOF
printf '{"id": "bad"}\n' >>"$TMP/hostile.jsonl"
set +e
"$ACOCALC" check -f json --keep-going "$TMP/hostile.jsonl" >"$outputs/check-hostile.json" 2>/dev/null
rc=$?
set -e
expect_eq 1 "$rc" "check --keep-going of a hostile input (failed expectations and an error)"
head -n 2 "$TMP/hostile.jsonl" >"$TMP/hostile-valid.jsonl"
"$ACOCALC" whatif -f json --utilization=inpatient_days=-100% "$TMP/hostile-valid.jsonl" >"$outputs/whatif-hostile.json"
"$ACOCALC" whatif -f json --program h2 "$TMP/hostile-valid.jsonl" >"$outputs/whatif-hostile-h2.json"
# The hostile cases hold what they are meant to (else they test nothing).
py '
import json, sys
c = json.load(open(sys.argv[1]))
kinds = {type(e["computed"]).__name__ for p in c["programs"] for e in p["expectations"]}
assert {"NoneType", "dict", "str", "float"} <= kinds, kinds
assert c["summary"]["failed"] > 0 and c["errors"], c["summary"]
w = json.load(open(sys.argv[2]))
assert [p["difference"] is None for p in w["programs"]] == [False, True], w["programs"]
' "$outputs/check-hostile.json" "$outputs/whatif-hostile.json"
# The output schemas refer to the report schema by its $id, as installed side by side.
cat >"$TMP/outputs_schemas.py" <<'EOF'
import json, sys
from jsonschema import Draft202012Validator

def load(report_path, whatif_path, check_path):
    report, whatif, check = (json.load(open(p)) for p in (report_path, whatif_path, check_path))
    try:
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            [(s["$id"], Resource.from_contents(s)) for s in (report, whatif, check)])
        make = lambda s: Draft202012Validator(s, registry=registry)
    except ImportError:
        from jsonschema import RefResolver
        store = {s["$id"]: s for s in (report, whatif, check)}
        make = lambda s: Draft202012Validator(s, resolver=RefResolver.from_schema(s, store=store))
    return report, whatif, check, make
EOF
py '
import json, sys
sys.path.insert(0, sys.argv[1])
from jsonschema import Draft202012Validator
from schemas import problems
from outputs_schemas import load
report, whatif, check, make = load(*sys.argv[2:5])
for s in (whatif, check):
    assert s.get("$schema") == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(s)
validators = {"whatif": make(whatif), "check": make(check)}

def pointer(ref, here):
    doc_name, _, frag = ref.partition("#")
    doc = report if doc_name == "report.schema.json" else (here if doc_name == "" else None)
    assert doc is not None, ref
    node = doc
    for part in frag.strip("/").split("/"):
        node = node[part]
    return node, doc

bad = []
def keys_in_order(node, doc, inst, where):
    """Every object of the output has its keys in the order of its schema."""
    while "$ref" in node:
        node, doc = pointer(node["$ref"], doc)
    if "anyOf" in node:
        for branch in node["anyOf"]:
            b, d = branch, doc
            while "$ref" in b:
                b, d = pointer(b["$ref"], d)
            if isinstance(inst, dict) and "properties" in b and set(inst) <= set(b["properties"]):
                return keys_in_order(b, d, inst, where)
        return
    if isinstance(inst, dict):
        if "properties" in node:
            expected = [k for k in node["properties"] if k in inst]
            if list(inst) != expected:
                bad.append(f"{where}: keys {list(inst)}, schema order {expected}")
            for k, v in inst.items():
                if k in node["properties"]:
                    keys_in_order(node["properties"][k], doc, v, f"{where}.{k}")
        elif isinstance(node.get("additionalProperties"), dict):
            for k, v in inst.items():
                keys_in_order(node["additionalProperties"], doc, v, f"{where}.{k}")
    elif isinstance(inst, list) and isinstance(node.get("items"), dict):
        for i, v in enumerate(inst):
            keys_in_order(node["items"], doc, v, f"{where}[{i}]")

checked = {"whatif": 0, "check": 0}
for path in sys.argv[5:]:
    kind = "whatif" if "/whatif-" in path else "check"
    schema = whatif if kind == "whatif" else check
    doc = json.load(open(path))
    bad += [f"{path}: {p}" for p in problems(validators[kind], doc)]
    keys_in_order(schema, schema, doc, path)
    checked[kind] += 1
assert min(checked.values()) > 10, checked
assert not bad, "outputs that do not match their schema:\n" + "\n".join(bad[:25])
' "$TMP" "$report_schema" "$whatif_schema" "$check_schema" "$outputs"/*
# The schemas can fail: a what-if without its difference or with a string
# for money, a check result with an unknown key or a negative count.
py '
import json, sys
sys.path.insert(0, sys.argv[1])
from outputs_schemas import load
report, whatif, check, make = load(*sys.argv[2:5])
w = json.load(open(sys.argv[5]))
del w["programs"][0]["difference"]
assert not make(whatif).is_valid(w), "whatif schema accepts a program without difference"
w = json.load(open(sys.argv[5]))
w["programs"][0]["base"]["settlement"]["net_payment"] = "12"
assert not make(whatif).is_valid(w), "whatif schema accepts a report with a string for money"
c = json.load(open(sys.argv[6]))
c["programs"][0]["expectations"][0]["extra"] = 1
assert not make(check).is_valid(c), "check schema accepts an unknown key"
c = json.load(open(sys.argv[6]))
c["summary"]["failed"] = -1
assert not make(check).is_valid(c), "check schema accepts a negative count"
' "$TMP" "$report_schema" "$whatif_schema" "$check_schema" "$outputs/whatif-all.json" "$outputs/check-all.json"

finish
