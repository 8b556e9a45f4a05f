#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# --rollup: totals over the run's programs (programs, member months, pooled
# per-1,000 rates as sum of events over sum of exposure, gross and shared
# savings and losses, programs eligible), checked against hand calculations
# and an independent Python computation from the input documents.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

portfolio="$FIXTURES/rollup-portfolio.json"
total_care=data/bcbsa-total-care.json

# An independent roll-up, from the input documents only. It handles the
# contract terms the documents use (and refuses any other, so that it can
# never be silently wrong): benchmark total / per_capita / pmpm, one- or
# two-sided first-dollar sharing with fixed rates, the quality standard, a
# care coordination fee.
cat >"$TMP/rollup.py" <<'EOF'
import json, sys

SUPPORTED = {"model", "benchmark", "two_sided", "minimum_savings_rate", "minimum_loss_rate",
             "sharing_rate", "loss_sharing_rate", "quality_standard_met",
             "care_coordination_fee_pmpm"}

def programs(paths):
    for path in paths:
        text = open(path, encoding="utf-8").read()
        try:
            docs = [json.loads(text)]
        except json.JSONDecodeError:  # JSON Lines
            docs = [json.loads(line) for line in text.splitlines() if line.strip()]
        for doc in docs:
            yield from doc["programs"] if "programs" in doc else [doc]

def expenditure(period):
    if "expenditure" in period:
        return period["expenditure"]
    return period["pmpm"] * period["member_months"]

def settle(p):
    c = p["contract"]
    unknown = set(c) - SUPPORTED
    assert not unknown, f"{p['id']}: the independent roll-up does not handle {unknown}"
    assert c.get("model", "shared_savings") == "shared_savings"
    mm = p["performance"]["member_months"]
    b = c["benchmark"]
    benchmark = b["total"] if "total" in b else b["per_capita"] * mm / 12 if "per_capita" in b else b["pmpm"] * mm
    spent = expenditure(p["performance"])
    gross = benchmark - spent
    rate = gross / benchmark
    quality = c.get("quality_standard_met", True)
    eligible = gross > 0 and rate >= c.get("minimum_savings_rate", 0) and quality
    shared = gross * c["sharing_rate"] if eligible else 0.0
    losses = 0.0
    if c.get("two_sided") and gross < 0 and -rate >= c.get("minimum_loss_rate", 0):
        losses = -gross * c["loss_sharing_rate"]
    fees = c.get("care_coordination_fee_pmpm", 0) * mm
    return dict(benchmark=benchmark, expenditure=spent, gross=gross, eligible=eligible,
                shared=shared, losses=losses, fees=fees)

def events(metric, member_months):
    if isinstance(metric, (int, float)):
        return metric
    if "count" in metric:
        return metric["count"]
    return metric["per_1000"] * member_months / 12000

def rollup(paths):
    r = dict(programs=0, baseline_member_months=0, performance_member_months=0,
             programs_with_settlement=0, programs_eligible=0, benchmark=0, expenditure=0,
             gross_savings=0, shared_savings=0, shared_losses=0, care_coordination_fees=0,
             net_payment=0, utilization={}, programs_unsettled=0, unsettled=[],
             programs_with_comparison=0)
    for p in programs(paths):
        r["programs"] += 1
        r["programs_with_comparison"] += "comparison" in p
        base, perf = p.get("baseline"), p["performance"]
        r["performance_member_months"] += perf["member_months"]
        if base:
            r["baseline_member_months"] += base["member_months"]
            for name, metric in perf.get("utilization", {}).items():
                u = r["utilization"].setdefault(name, [0, 0, 0, 0, 0])
                u[0] += 1
                u[1] += events(base["utilization"][name], base["member_months"])
                u[2] += base["member_months"]
                u[3] += events(metric, perf["member_months"])
                u[4] += perf["member_months"]
        if "contract" in p:
            s = settle(p)
            r["programs_with_settlement"] += 1
            r["programs_eligible"] += s["eligible"]
            r["benchmark"] += s["benchmark"]
            r["expenditure"] += s["expenditure"]
            r["gross_savings"] += s["gross"]
            r["shared_savings"] += s["shared"]
            r["shared_losses"] += s["losses"]
            r["care_coordination_fees"] += s["fees"]
            r["net_payment"] += s["shared"] - s["losses"] + s["fees"]
    r["savings_rate"] = r["gross_savings"] / r["benchmark"] if r["benchmark"] else None
    pooled = {}
    for name, (n, be, bm, pe, pm) in sorted(r["utilization"].items()):
        b, q = be * 12000 / bm, pe * 12000 / pm
        pooled[name] = dict(programs=n, in_all_programs=n == r["programs"], baseline_per_1000=b,
                            performance_per_1000=q, pct_change=(q - b) / b if b else None)
    r["utilization"] = pooled
    return r

def close(a, b, what):
    if isinstance(b, (bool, list)) or b is None or isinstance(a, (bool, list)) or a is None:
        assert a == b, f"{what}: acocalc {a!r}, independent {b!r}"
    else:
        assert abs(a - b) <= 0.006 + 1e-9 * abs(b), f"{what}: acocalc {a!r}, independent {b!r}"

def compare(computed, expected, prefix="rollup"):
    assert set(computed) == set(expected), f"{prefix}: keys {sorted(computed)} vs {sorted(expected)}"
    for key, value in expected.items():
        if isinstance(value, dict):
            compare(computed[key], value, f"{prefix}.{key}")
        else:
            close(computed[key], value, f"{prefix}.{key}")

if __name__ == "__main__":
    report = json.load(open(sys.argv[1]))
    compare(report["rollup"], rollup(sys.argv[2:]))
EOF

# --- the fixture, by hand (tests/e2e/fixtures/rollup-portfolio.json)
#
# alpha: benchmark 6,000 x 12,000/12 = 6,000,000; spent 5,700,000; gross
#        300,000 (5% >= 2% MSR, quality met): eligible, shared 50% = 150,000.
# beta:  benchmark 10,000,000; spent 10,400,000; gross -400,000, loss rate
#        4% >= 2% MLR: losses 40% = 160,000; fee 2.00 x 36,000 = 72,000.
# gamma: no contract.
# delta: benchmark 5,000 x 1,000 = 5,000,000; spent 400 x 12,000 =
#        4,800,000; gross 200,000 (4%), quality standard not met: 0.
# Totals: 4 programs, 3 settled, 1 eligible; member months baseline
# 12,000 + 24,000 + 6,000 + 12,000 = 54,000, performance 12,000 + 36,000 +
# 6,000 + 12,000 = 66,000; benchmark 21,000,000, expenditure 20,900,000,
# gross 100,000, savings rate 100,000 / 21,000,000 = 0.0047619...; shared
# savings 150,000, losses 160,000, fees 72,000, net 150,000 - 160,000 +
# 72,000 = 62,000.
# Pooled inpatient days (4 programs): events 300 + 600 + 150 + 300 = 1,350
# over 54,000 mm = 300.0 per 1,000; 240 + 810 + 120 + 330 = 1,500 over
# 66,000 mm = 272.7272...; change -9.0909...%.
# Pooled ER visits (3 of 4: alpha, beta, delta): baseline 200 + 150 x
# 24,000/12,000 (= 300) + 100 = 600 over 48,000 mm = 150.0; performance 180
# + 160 x 36,000/12,000 (= 480) + 78 = 738 over 60,000 mm = 147.6; -1.6%.
run report -f json --rollup "$portfolio"
expect_rc 0 "report --rollup -f json (fixture)"
cp "$OUT" "$TMP/portfolio.json"
py '
import json, sys
r = json.load(open(sys.argv[1]))["rollup"]
def near(key, value, got=None):
    got = r[key] if got is None else got
    assert abs(got - value) < 1e-6, f"rollup {key}: {got}, by hand {value}"
assert r["programs"] == 4, r["programs"]
assert r["programs_with_settlement"] == 3, r["programs_with_settlement"]
assert r["programs_eligible"] == 1, r["programs_eligible"]
near("baseline_member_months", 54000)
near("performance_member_months", 66000)
near("benchmark", 21000000)
near("expenditure", 20900000)
near("gross_savings", 100000)
near("savings_rate", 100000 / 21000000)
near("shared_savings", 150000)
near("shared_losses", 160000)
near("care_coordination_fees", 72000)
near("net_payment", 62000)
u = r["utilization"]
assert list(u) == ["er_visits", "inpatient_days"], f"pooled metrics {list(u)}"
ip, er = u["inpatient_days"], u["er_visits"]
assert ip["programs"] == 4 and ip["in_all_programs"] is True, ip
assert er["programs"] == 3 and er["in_all_programs"] is False, er
near("inpatient_days baseline", 300.0, ip["baseline_per_1000"])
near("inpatient_days performance", 1500 * 12000 / 66000, ip["performance_per_1000"])
near("inpatient_days pct_change", (1500 * 12000 / 66000) / 300 - 1, ip["pct_change"])
near("er_visits baseline", 150.0, er["baseline_per_1000"])
near("er_visits performance", 147.6, er["performance_per_1000"])
near("er_visits pct_change", -0.016, er["pct_change"])
' "$TMP/portfolio.json"

# ... and by the independent Python roll-up.
py "exec(open('$TMP/rollup.py').read())" "$TMP/portfolio.json" "$portfolio"

# The table shows the roll-up with the same figures.
run report --rollup --color never "$portfolio"
expect_rc 0 "report --rollup (table, fixture)"
expect_grep '[Rr]oll-up' "$OUT" "table: a roll-up section"
for figure in '\$21,000,000\.00' '\$20,900,000\.00' '\$100,000\.00' '\$150,000\.00' '\$160,000\.00' \
  '\$72,000\.00' '\$62,000\.00' '66,000' '54,000' '272\.73' '147\.60' '-9\.1%' '-1\.6%' '3 of 4'; do
  expect_grep "$figure" "$OUT" "table roll-up shows $figure"
done
expect_grep 'Programs eligible +1$' "$OUT" "table roll-up: programs eligible 1"
expect_grep 'Programs +4$' "$OUT" "table roll-up: programs 4"

# Markdown and JSON Lines carry it too; without --rollup there is none.
run report -f markdown --rollup "$portfolio"
expect_grep '\$62,000\.00' "$OUT" "markdown roll-up: net payment"
run report -f jsonl --rollup "$portfolio"
py '
import json, sys
line = json.loads(open(sys.argv[1]).read().splitlines()[-1])
full = json.load(open(sys.argv[2]))["rollup"]
assert line == {"rollup": full}, "jsonl roll-up line differs from the json roll-up"
' "$OUT" "$TMP/portfolio.json"
run report -f json "$portfolio"
py '
import json, sys
assert json.load(open(sys.argv[1]))["rollup"] is None, "rollup without --rollup"
' "$OUT"
run report --color never "$portfolio"
expect_no_grep '[Rr]oll-up' "$OUT" "table without --rollup has no roll-up"

# The roll-up spans files and standard input.
run_stdin "$FIXTURES/small.jsonl" report -f json --rollup "$portfolio" -
py "exec(open('$TMP/rollup.py').read())" "$OUT" "$portfolio" "$FIXTURES/small.jsonl"

# --- BCBSA Blue Distinction Total Care: seven programs
run report --rollup "$total_care"
expect_rc 0 "report --rollup $total_care"
expect_grep '[Rr]oll-up' "$OUT" "total care: the table shows the roll-up"
# The document states its seven programs save $14,300,000 gross over
# 220,000 member-years (2,640,000 member months).
expect_grep '\$14,300,000\.00' "$OUT" "total care roll-up: gross savings \$14,300,000.00"
expect_grep '2,640,000' "$OUT" "total care roll-up: 2,640,000 member months"
run report -f json --rollup "$total_care"
expect_rc 0 "report --rollup -f json $total_care"
py "exec(open('$TMP/rollup.py').read())" "$OUT" "$total_care"

# Over every data/ document (MSSP and gated contracts too) the roll-up's
# totals are the sums of the programs' own figures.
run report -f json --rollup data/*.json
expect_rc 0 "report --rollup data/*.json"
py '
import json, sys
r = json.load(open(sys.argv[1]))
n = len(r["programs"])
roll = r["rollup"]
counted = roll["programs"]
assert counted == n, f"roll-up counts {counted} of {n} programs"
mm = sum(p["performance"]["member_months"] for p in r["programs"])
assert abs(roll["performance_member_months"] - mm) < 1e-6, "performance member months"
eligible = sum(1 for p in r["programs"] if p["settlement"] and p["settlement"]["eligible"])
assert roll["programs_eligible"] == eligible, "programs eligible"
for key in ["shared_savings", "shared_losses", "care_coordination_fees", "net_payment", "gross_savings"]:
    total = sum(p["settlement"][key] for p in r["programs"] if p["settlement"])
    assert abs(roll[key] - total) < 0.01 * n, f"roll-up {key}: {roll[key]}, sum of programs {total}"
' "$OUT"

finish
