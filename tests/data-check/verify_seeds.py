#!/usr/bin/env python3
"""Independent check of the sample data in data/*.json (input format v1).

Recomputes, with the rules of SPEC.md ("What is computed"), the README's
comparison-group definitions (difference-in-differences of spending, rates
and proportions, their intervals, the comparison-trended benchmark) and
docs/mssp-methodology.md section 1, every figure named in each program's
`expect` block, and compares it with the stored value within its tolerance.
It also checks the documents against the input format (known keys only, key
order, ids, metrics in both periods, integer counts) and holds two samples
against their published anchors: data/bcbsa-total-care.json's roll-up
against the national Blue Distinction Total Care figures, and
data/bcbsma-aqc.json's effect against the NEJM control group ($461 per
enrollee a year, 11.7%).

Python 3 standard library only; it shares no code with the C++ tool, so the
two can check each other. Usage:

    python3 tests/data-check/verify_seeds.py [FILE...]   # default: data/*.json

(data/mssp-*.json, MSSP benchmarks computed from their inputs, are checked by
tests/data-check/verify_mssp_benchmark.py instead.)

Exit status 0 when every check passes, 1 otherwise. Prints one line per
failure and a summary line "N passed, M failed".
"""

import glob
import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PROGRAM_KEYS = ["id", "name", "description", "location", "payer_type", "payers", "partners",
                "population", "sources", "notes", "baseline", "performance", "comparison",
                "contract", "expect"]
PERIOD_KEYS = ["label", "start", "end", "member_months", "members", "months",
               "assigned_beneficiaries", "expenditure", "pmpm", "spending_sd", "risk_score",
               "utilization", "quality"]
COMPARISON_KEYS = ["label", "description", "sources", "baseline", "performance"]
CONTRACT_KEYS = ["model", "benchmark", "risk_adjust", "two_sided", "minimum_savings_rate",
                 "minimum_loss_rate", "sharing_rate", "quality_score", "quality_standard_met",
                 "quality_adjustment", "efficiency_gate", "savings_cap", "sequestration",
                 "loss_sharing_rate", "loss_limit", "loss_adjustment", "care_coordination_fee_pmpm"]
PAYER_TYPES = {"commercial", "medicare", "medicaid", "medicare_advantage", "mixed"}
KNOWN_METRICS = {"inpatient_days": True, "inpatient_admissions": True, "outpatient_visits": True,
                 "er_visits": True, "lab_visits": True, "professional_visits": True,
                 "readmissions": True, "generic_dispensing": False}  # name -> lower_is_better
INVERSE_MEASURES = {"hba1c_poor_control", "readmissions"}
# z of the default 95% interval: NormalDist().inv_cdf(0.975)
Z95 = 1.959963984540054
ID_RE = re.compile(r"^[A-Za-z0-9._-]+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, where, message):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {where}: {message}")
        return cond


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# ---------------------------------------------------------------- structure

def check_order(chk, where, obj, order):
    keys = list(obj)
    unknown = [k for k in keys if k not in order]
    chk.ok(not unknown, where, f"unknown keys {unknown}")
    known = [k for k in keys if k in order]
    chk.ok(known == sorted(known, key=order.index), where, f"keys out of SPEC order: {known}")


def check_period(chk, where, period):
    check_order(chk, where, period, PERIOD_KEYS)
    for k in ("start", "end"):
        if k in period:
            chk.ok(bool(DATE_RE.match(period[k])), f"{where}/{k}", "not YYYY-MM-DD")
    mm = member_months(period)
    chk.ok(mm is not None and mm > 0, f"{where}/member_months", "member_months > 0 required")
    for name, v in period.get("utilization", {}).items():
        if is_num(v):
            chk.ok(v >= 0 and float(v).is_integer(), f"{where}/utilization/{name}",
                   "counts must be non-negative integers")
        else:
            extra = set(v) - {"count", "per_1000", "lower_is_better", "direction"}
            chk.ok(not extra and (("count" in v) != ("per_1000" in v)),
                   f"{where}/utilization/{name}", "need exactly one of count, per_1000")
            if "count" in v:
                chk.ok(float(v["count"]).is_integer(), f"{where}/utilization/{name}",
                       "counts must be integers")
    for name, q in period.get("quality", {}).items():
        extra = set(q) - {"numerator", "denominator", "rate", "higher_is_better", "direction"}
        chk.ok(not extra, f"{where}/quality/{name}", f"unknown keys {sorted(extra)}")
        if "numerator" in q:
            chk.ok(0 <= q["numerator"] <= q["denominator"] and q["denominator"] > 0
                   and float(q["numerator"]).is_integer() and float(q["denominator"]).is_integer(),
                   f"{where}/quality/{name}", "need integers 0 <= numerator <= denominator > 0")
        else:
            chk.ok("rate" in q and 0 <= q["rate"] <= 1, f"{where}/quality/{name}", "rate in [0, 1]")
    if "spending_sd" in period:
        chk.ok(is_num(period["spending_sd"]) and period["spending_sd"] > 0,
               f"{where}/spending_sd", "spending_sd must be a number > 0")


def check_both_periods(chk, where, base, perf):
    for sec in ("utilization", "quality"):
        b = set(base.get(sec, {}))
        pf = set(perf.get(sec, {}))
        chk.ok(b == pf, f"{where}/{sec}", f"names must appear in both periods: {sorted(b ^ pf)}")


def check_structure(chk, where, prog):
    check_order(chk, where, prog, PROGRAM_KEYS)
    chk.ok(bool(ID_RE.match(prog.get("id", ""))), f"{where}/id", "id must match [A-Za-z0-9._-]+")
    if "payer_type" in prog:
        chk.ok(prog["payer_type"] in PAYER_TYPES, f"{where}/payer_type", "unknown payer_type")
    chk.ok("performance" in prog, where, "performance period required")
    for p in ("baseline", "performance"):
        if p in prog:
            check_period(chk, f"{where}/{p}", prog[p])
    if "baseline" in prog:
        check_both_periods(chk, where, prog["baseline"], prog["performance"])
    if "comparison" in prog:
        comp = prog["comparison"]
        check_order(chk, f"{where}/comparison", comp, COMPARISON_KEYS)
        chk.ok(isinstance(comp.get("label"), str) and comp["label"] != "", f"{where}/comparison/label",
               "a comparison group needs a label")
        chk.ok("baseline" in prog, f"{where}/comparison", "a comparison group needs the program's baseline")
        chk.ok("baseline" in comp and "performance" in comp, f"{where}/comparison",
               "a comparison group needs both periods")
        for p in ("baseline", "performance"):
            if p in comp:
                check_period(chk, f"{where}/comparison/{p}", comp[p])
        if "baseline" in comp and "performance" in comp:
            check_both_periods(chk, f"{where}/comparison", comp["baseline"], comp["performance"])
    if "contract" in prog:
        c = prog["contract"]
        check_order(chk, f"{where}/contract", c, CONTRACT_KEYS)
        chk.ok(c.get("model") == "shared_savings", f"{where}/contract/model", "generic model expected")
        if "efficiency_gate" in c:
            extra = set(c["efficiency_gate"]) - {"metrics", "require", "min_improvement", "significant"}
            chk.ok(not extra, f"{where}/contract/efficiency_gate", f"unknown keys {sorted(extra)}")
            for m in c["efficiency_gate"]["metrics"]:
                chk.ok(m in prog["performance"].get("utilization", {}),
                       f"{where}/contract/efficiency_gate", f"gate metric {m} not in utilization")
    # sources must say which figures are published and which are assumptions
    text = " ".join(prog.get("sources", []))
    chk.ok("ILLUSTRATIVE" in text, f"{where}/sources", "sources must name the illustrative assumptions")


# ---------------------------------------------------------------- computation

def member_months(period):
    if "member_months" in period:
        return float(period["member_months"])
    if "members" in period and "months" in period:
        return float(period["members"]) * float(period["months"])
    return None


def expenditure(period):
    if "expenditure" in period:
        return float(period["expenditure"])
    if "pmpm" in period:
        return float(period["pmpm"]) * member_months(period)
    return None


def metric_rate(v, mm):
    if is_num(v):
        return float(v) * 12000.0 / mm, float(v)
    if "count" in v:
        return float(v["count"]) * 12000.0 / mm, float(v["count"])
    return float(v["per_1000"]), None


def metric_direction(name, v):
    """'lower_is_better', 'higher_is_better' or 'neutral'."""
    if name in KNOWN_METRICS:
        return "lower_is_better" if KNOWN_METRICS[name] else "higher_is_better"
    if isinstance(v, dict) and "direction" in v:
        return v["direction"]
    if isinstance(v, dict) and "lower_is_better" in v:
        return "lower_is_better" if v["lower_is_better"] else "higher_is_better"
    return "lower_is_better"


def measure_direction(name, q):
    if name in INVERSE_MEASURES:
        return "lower_is_better"
    if "direction" in q:
        return q["direction"]
    return "higher_is_better" if q.get("higher_is_better", True) else "lower_is_better"


def verdict(direction, change):
    """improved: the change moved the better way; None for a neutral figure."""
    if change is None or direction == "neutral":
        return None
    return change < 0 if direction == "lower_is_better" else change > 0


def utilization_report(prog):
    out = {}
    base, perf = prog.get("baseline"), prog["performance"]
    bmm, pmm = (member_months(base) if base else None), member_months(perf)
    for name, pv in perf.get("utilization", {}).items():
        direction = metric_direction(name, pv)
        prate, pcount = metric_rate(pv, pmm)
        m = {"direction": direction, "performance_per_1000": prate, "performance_count": pcount}
        if base:
            brate, bcount = metric_rate(base["utilization"][name], bmm)
            m.update({"baseline_per_1000": brate, "baseline_count": bcount,
                      "change_per_1000": prate - brate})
            if brate > 0:
                m["pct_change"] = (prate - brate) / brate
                m["rate_ratio"] = prate / brate
            m["improved"] = verdict(direction, prate - brate)
        out[name] = m
    return out


def quality_rate(q):
    if "numerator" in q:
        return float(q["numerator"]) / float(q["denominator"])
    return float(q["rate"])


def quality_report(prog):
    out = {}
    base, perf = prog.get("baseline"), prog["performance"]
    for name, pq in perf.get("quality", {}).items():
        direction = measure_direction(name, pq)
        pr = quality_rate(pq)
        m = {"direction": direction, "performance_rate": pr}
        if base:
            br = quality_rate(base["quality"][name])
            m.update({"baseline_rate": br, "change_points": pr - br})
            if br > 0:
                m["pct_change"] = (pr - br) / br
            m["improved"] = verdict(direction, pr - br)
        out[name] = m
    return out


def benchmark_total(prog, c):
    b = c["benchmark"]
    perf = prog["performance"]
    pmm = member_months(perf)
    if "total" in b:
        total = float(b["total"])
    elif "pmpm" in b:
        total = float(b["pmpm"]) * pmm
    elif "per_capita" in b:
        total = float(b["per_capita"]) * pmm / 12.0
    elif b.get("comparison_trend"):
        # T0 PMPM x (C1 PMPM / C0 PMPM) x T1 member months
        base, comp = prog["baseline"], prog["comparison"]
        t0 = expenditure(base) / member_months(base)
        c0 = expenditure(comp["baseline"]) / member_months(comp["baseline"])
        c1 = expenditure(comp["performance"]) / member_months(comp["performance"])
        total = t0 * (c1 / c0) * pmm
    else:
        base = prog["baseline"]
        total = expenditure(base) / member_months(base) * (1.0 + float(b["baseline_trend"])) * pmm
    if c.get("risk_adjust"):
        total *= float(perf["risk_score"]) / float(prog["baseline"]["risk_score"])
    return total


def gate_report(gate, util):
    metrics = gate["metrics"]
    min_imp = float(gate.get("min_improvement", 0.0))
    if gate.get("significant"):
        raise ValueError("efficiency_gate.significant is not supported by this checker")
    improved = 0
    for name in metrics:
        m = util.get(name)
        if m is None or "pct_change" not in m or m["direction"] == "neutral":
            continue
        imp = -m["pct_change"] if m["direction"] == "lower_is_better" else m["pct_change"]
        if imp > 0 and imp >= min_imp:
            improved += 1
    req = gate.get("require", "all")
    required = len(metrics) if req == "all" else int(req)
    return {"passed": improved >= required, "required": required, "improved": improved}


def settlement_report(prog, util):
    c = prog.get("contract")
    if c is None:
        return None
    B = benchmark_total(prog, c)
    E = expenditure(prog["performance"])
    G = B - E
    s = G / B
    msr = float(c.get("minimum_savings_rate", 0.0))
    two_sided = bool(c.get("two_sided", False))
    mlr = float(c.get("minimum_loss_rate", msr))
    st = {"benchmark": B, "expenditure": E, "gross_savings": G, "savings_rate": s,
          "minimum_savings_rate": msr, "minimum_savings_rate_met": s >= msr}
    qmet = c.get("quality_standard_met", True)
    st["quality_standard_met"] = qmet
    gate_ok = True
    if "efficiency_gate" in c:
        g = gate_report(c["efficiency_gate"], util)
        st["efficiency_gate"] = g
        gate_ok = g["passed"]
    eligible = G > 0 and st["minimum_savings_rate_met"] and qmet and gate_ok
    st["eligible"] = eligible
    sharing = float(c.get("sharing_rate", 0.0))
    final = sharing
    if c.get("quality_adjustment", "none") == "multiply":
        final = sharing * float(c.get("quality_score", 1.0))
    if not qmet:
        final = 0.0  # methodology section 1, step 7: quality standard not met, sharing rate 0
    st["sharing_rate"] = sharing
    st["final_sharing_rate"] = final
    shared = G * final * (1.0 - float(c.get("sequestration", 0.0))) if eligible else 0.0
    capped = False
    if "savings_cap" in c and shared > c["savings_cap"] * B:
        shared, capped = c["savings_cap"] * B, True
    st["shared_savings"] = shared
    st["savings_capped"] = capped
    losses, limited = 0.0, False
    if two_sided:
        st["minimum_loss_rate"] = mlr
        st["minimum_loss_rate_met"] = G < 0 and -s >= mlr
        lsr = c.get("loss_sharing_rate")
        if isinstance(lsr, dict):
            lsr = min(max(1.0 - final, float(lsr.get("min", 0.0))), float(lsr.get("max", 1.0)))
        if st["minimum_loss_rate_met"]:
            st["loss_sharing_rate"] = float(lsr)
            losses = -G * float(lsr)
            if "loss_limit" in c and losses > c["loss_limit"] * B:
                losses, limited = c["loss_limit"] * B, True
            # loss_adjustment is non-positive (the PUF's DisAdj) and shrinks the loss
            losses = max(0.0, losses + float(c.get("loss_adjustment", 0.0)))
    st["shared_losses"] = losses
    st["losses_limited"] = limited
    st["earned"] = shared - losses
    st["care_coordination_fees"] = float(c.get("care_coordination_fee_pmpm", 0.0)) * member_months(prog["performance"])
    st["net_payment"] = st["earned"] + st["care_coordination_fees"]
    return st


# ---------------------------------------------------------------- comparison group

def comparison_spending(periods, z):
    """periods: program baseline, program performance, comparison baseline,
    comparison performance. Every figure unrounded; None where undefined."""
    mms = [member_months(p) for p in periods]
    exps = [expenditure(p) for p in periods]
    pmpm = [None if e is None else e / mm for e, mm in zip(exps, mms)]
    out = dict(zip(["baseline_pmpm", "performance_pmpm", "comparison_baseline_pmpm",
                    "comparison_performance_pmpm"], pmpm))
    for k in ("did_pmpm", "did_per_member_year", "counterfactual_pmpm", "relative_effect",
              "total_effect", "ci_low", "ci_high", "significant"):
        out[k] = None
    if any(v is None for v in pmpm):
        return out
    t0, t1, c0, c1 = pmpm
    did = (t1 - t0) - (c1 - c0)
    cf = t0 + (c1 - c0)
    out.update({"did_pmpm": did, "did_per_member_year": 12.0 * did, "counterfactual_pmpm": cf,
                "relative_effect": did / cf if cf != 0 else None, "total_effect": did * mms[1]})
    sds = [p.get("spending_sd") for p in periods]
    if all(sd is not None for sd in sds):
        se = math.sqrt(sum(float(sd) ** 2 / (mm / 12.0) for sd, mm in zip(sds, mms)))
        lo, hi = 12.0 * did - z * se, 12.0 * did + z * se
        out.update({"ci_low": lo, "ci_high": hi, "significant": lo > 0 or hi < 0})
    return out


def comparison_metric(direction, values, mms, z):
    """values: the four metric entries (program T0, T1, comparison C0, C1)."""
    rates, counts = zip(*(metric_rate(v, mm) for v, mm in zip(values, mms)))
    t0, t1, c0, c1 = rates
    m = {"baseline_per_1000": t0, "performance_per_1000": t1,
         "comparison_baseline_per_1000": c0, "comparison_performance_per_1000": c1,
         "did_per_1000": (t1 - t0) - (c1 - c0), "ratio_of_rate_ratios": None,
         "ci_low": None, "ci_high": None, "significant": None, "improved": None}
    if t0 > 0 and c0 > 0 and c1 > 0:
        rrr = (t1 / t0) / (c1 / c0)
        m["ratio_of_rate_ratios"] = rrr
        m["improved"] = verdict(direction, rrr - 1.0)
        if all(c is not None and c > 0 for c in counts):
            half = z * math.sqrt(sum(1.0 / c for c in counts))
            lo, hi = math.exp(math.log(rrr) - half), math.exp(math.log(rrr) + half)
            m.update({"ci_low": lo, "ci_high": hi, "significant": lo > 1 or hi < 1})
    return m


def comparison_measure(direction, values, z):
    p0, p1, q0, q1 = (quality_rate(q) for q in values)
    did = (p1 - p0) - (q1 - q0)
    m = {"baseline_rate": p0, "performance_rate": p1, "comparison_baseline_rate": q0,
         "comparison_performance_rate": q1, "did_points": did, "ci_low": None, "ci_high": None,
         "significant": None, "improved": verdict(direction, did)}
    if all("denominator" in q for q in values):
        var = sum(quality_rate(q) * (1.0 - quality_rate(q)) / float(q["denominator"]) for q in values)
        lo, hi = did - z * math.sqrt(var), did + z * math.sqrt(var)
        m.update({"ci_low": lo, "ci_high": hi, "significant": lo > 0 or hi < 0})
    return m


def comparison_report(prog, z=Z95):
    """The program report's `comparison` object, unrounded; None without a group."""
    comp = prog.get("comparison")
    if comp is None:
        return None
    base, perf = prog["baseline"], prog["performance"]
    cbase, cperf = comp["baseline"], comp["performance"]
    periods = [base, perf, cbase, cperf]
    mms = [member_months(p) for p in periods]
    rep = {"label": comp["label"], "spending": comparison_spending(periods, z),
           "utilization": {}, "quality": {}}
    # A figure the comparison group lacks keeps the program's own rates; every
    # figure that needs the comparison group is null (with a note).
    for name, pv in perf.get("utilization", {}).items():
        if name not in cbase.get("utilization", {}) or name not in cperf.get("utilization", {}):
            rep["utilization"][name] = {
                "baseline_per_1000": metric_rate(base["utilization"][name], mms[0])[0],
                "performance_per_1000": metric_rate(pv, mms[1])[0],
                "comparison_baseline_per_1000": None, "comparison_performance_per_1000": None,
                "did_per_1000": None, "ratio_of_rate_ratios": None, "ci_low": None,
                "ci_high": None, "significant": None, "improved": None, "lacking": True}
            continue
        values = [p["utilization"][name] for p in periods]
        rep["utilization"][name] = comparison_metric(metric_direction(name, pv), values, mms, z)
    for name, pq in perf.get("quality", {}).items():
        if name not in cbase.get("quality", {}) or name not in cperf.get("quality", {}):
            rep["quality"][name] = {
                "baseline_rate": quality_rate(base["quality"][name]),
                "performance_rate": quality_rate(pq), "comparison_baseline_rate": None,
                "comparison_performance_rate": None, "did_points": None, "ci_low": None,
                "ci_high": None, "significant": None, "improved": None, "lacking": True}
            continue
        values = [p["quality"][name] for p in periods]
        rep["quality"][name] = comparison_measure(measure_direction(name, pq), values, z)
    return rep


def program_report(prog):
    util = utilization_report(prog)
    rep = {"id": prog["id"], "name": prog.get("name", ""), "payer_type": prog.get("payer_type"),
           "performance": {"label": prog["performance"].get("label", ""),
                           "member_months": member_months(prog["performance"])},
           "utilization": util, "quality": quality_report(prog),
           "comparison": comparison_report(prog), "settlement": settlement_report(prog, util)}
    if "baseline" in prog:
        rep["baseline"] = {"label": prog["baseline"].get("label", ""),
                           "member_months": member_months(prog["baseline"])}
    return rep


def lookup(report, path):
    node = report
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(path)
        node = node[part]
    return node


def check_expect(chk, where, prog, rep):
    for path, exp in prog.get("expect", {}).items():
        w = f"{where} expect {path}"
        try:
            got = lookup(rep, path)
        except KeyError:
            chk.ok(False, w, "the checker cannot compute this path")
            continue
        if isinstance(exp, dict):
            value, tol = exp["value"], float(exp.get("tolerance", 1e-9))
        else:
            value, tol = exp, 1e-9
        if isinstance(value, bool) or isinstance(value, str):
            chk.ok(got == value, w, f"expected {value!r}, computed {got!r}")
        else:
            good = is_num(got) and math.isfinite(got) and abs(got - value) <= tol + 1e-12
            chk.ok(good, w, f"expected {value!r} +/- {tol}, computed {got!r}")


# ---------------------------------------------------------------- published anchors

def check_total_care_rollup(chk, path, reports):
    """data/bcbsa-total-care.json: its sources scale the pooled gross savings per
    member-year of the local programs to the national 13 million members and
    hold the result against the published 'more than $840 million'."""
    progs = [r for r in reports if r["id"].startswith("bdtc-")]
    if not progs:
        return
    g = sum(r["settlement"]["gross_savings"] for r in progs)
    my = sum(r["performance"]["member_months"] for r in progs) / 12.0
    per_my = g / my
    national = per_my * 13_000_000
    chk.ok(abs(per_my - 65.0) <= 0.005, f"{path} roll-up",
           f"pooled savings per member-year {per_my:.4f}, sources say $65.00")
    chk.ok(national > 840_000_000 and abs(national - 845_000_000) <= 1.0, f"{path} roll-up",
           f"13M members x ${per_my:.2f} = ${national:,.0f}, sources say $845 million (> $840 million)")
    chk.ok(len(progs) == 7, f"{path} roll-up", f"sources speak of seven programs, found {len(progs)}")


def check_aqc_anchor(chk, path, reports):
    """data/bcbsma-aqc.json: the NEJM evaluation's published effect against its
    control group, $461 per enrollee a year lower, an 11.7% relative saving."""
    for r in reports:
        c = r.get("comparison")
        if not c:
            chk.ok(False, path, "the AQC sample needs its comparison group")
            continue
        s = c["spending"]
        chk.ok(abs(s["did_per_member_year"] + 461.0) < 0.01, f"{path} comparison",
               f"did_per_member_year {s['did_per_member_year']:.4f}, published -$461")
        chk.ok(round(s["relative_effect"], 3) == -0.117, f"{path} comparison",
               f"relative_effect {s['relative_effect']:.5f}, published -11.7%")


def check_tidy(chk, path, text):
    lines = text.split("\n")
    chk.ok(text.endswith("\n") and "\t" not in text, path, "tabs or no final newline")
    bad = [i + 1 for i, l in enumerate(lines) if (len(l) - len(l.lstrip(" "))) % 2]
    chk.ok(not bad, path, f"indentation not a multiple of 2 spaces on lines {bad[:5]}")


def main(argv):
    # MSSP programs whose benchmark is computed from its inputs are checked by
    # verify_mssp_benchmark.py, from docs/mssp-benchmark.md.
    files = argv[1:] or sorted(f for f in glob.glob(os.path.join(ROOT, "data", "*.json"))
                               if not os.path.basename(f).startswith("mssp-"))
    chk = Checker()
    seen_ids = {}
    for path in files:
        rel = os.path.relpath(path, ROOT)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        check_tidy(chk, rel, text)
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            chk.ok(False, rel, f"invalid JSON: {e}")
            continue
        if "programs" in doc:
            chk.ok(set(doc) == {"acocalc", "programs"} and doc["acocalc"] == 1, rel,
                   "a multi-program document is {\"acocalc\": 1, \"programs\": [...]}")
            programs = doc["programs"]
        else:
            programs = [doc]
        reports = []
        for i, prog in enumerate(programs):
            where = f"{rel}[{i}] {prog.get('id', '?')}"
            check_structure(chk, where, prog)
            pid = prog.get("id")
            chk.ok(pid not in seen_ids, where, f"duplicate id (also in {seen_ids.get(pid)})")
            seen_ids[pid] = rel
            try:
                rep = program_report(prog)
            except (KeyError, ValueError, ZeroDivisionError, TypeError) as e:
                chk.ok(False, where, f"cannot compute: {e!r}")
                continue
            reports.append(rep)
            check_expect(chk, where, prog, rep)
        if os.path.basename(path) == "bcbsa-total-care.json":
            check_total_care_rollup(chk, rel, reports)
        if os.path.basename(path) == "bcbsma-aqc.json":
            check_aqc_anchor(chk, rel, reports)
    print(f"{chk.passed} passed, {chk.failed} failed")
    return 1 if chk.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
