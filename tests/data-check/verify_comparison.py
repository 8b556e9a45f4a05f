#!/usr/bin/env python3
"""Independent check of acocalc's comparison groups (difference-in-differences).

Generates random programs with comparison groups from a fixed seed, runs
`acocalc report -f json` on them and recomputes every figure of each
program's `comparison` object, and the comparison-trended benchmark of those
whose contract asks for it, from the definitions (README, "What is computed"):

  spending     did_pmpm = (T1 - T0) - (C1 - C0), did_per_member_year = 12 x
               did_pmpm, counterfactual_pmpm = T0 + (C1 - C0), relative_effect
               = did_pmpm / counterfactual_pmpm, total_effect = did_pmpm x T1
               member months; with spending_sd in all four periods the
               interval did_per_member_year +- z sqrt(sum sd^2 / member-years)
  utilization  did_per_1000 = (t1 - t0) - (c1 - c0); ratio_of_rate_ratios =
               (t1 / t0) / (c1 / c0); interval exp(log RRR +- z sqrt(1/a0 +
               1/a1 + 1/b0 + 1/b1)) from four non-zero counts
  quality      did_points = (p1 - p0) - (q1 - q0); Wald interval did +- z
               sqrt(sum p(1 - p) / n) when all four have denominators
  benchmark    {"comparison_trend": true}: T0 PMPM x (C1 PMPM / C0 PMPM) x T1
               member months (x performance/baseline risk score with
               risk_adjust)

Money figures are compared at the cent (the JSON rounds them), the others
within 1e-9 relative, and null must appear exactly where a figure is
undefined. Then properties: swapping program and comparison negates every
difference-in-differences and inverts every ratio of rate ratios and its
interval; a comparison group identical to the program gives 0 and 1 with
intervals around them. The programs run once more with --confidence 0.9.

Python 3 standard library only; the recomputation (verify_seeds.py, beside
this file) shares no code with the C++ tool. Usage:

    python3 tests/data-check/verify_comparison.py ACOCALC [--count N] [--seed S] [--save DIR]

Prints one line per failure and "N passed, M failed"; exit status 0 when all
pass.
"""

import argparse
import copy
import json
import math
import os
import random
import subprocess
import sys
import tempfile
from statistics import NormalDist

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify_seeds as model  # noqa: E402  (the independent Python model of the rules)

SPENDING_KEYS = ["baseline_pmpm", "performance_pmpm", "comparison_baseline_pmpm",
                 "comparison_performance_pmpm", "did_pmpm", "did_per_member_year",
                 "counterfactual_pmpm", "relative_effect", "total_effect", "ci_low", "ci_high",
                 "significant"]
MONEY_KEYS = {"baseline_pmpm", "performance_pmpm", "comparison_baseline_pmpm",
              "comparison_performance_pmpm", "did_pmpm", "did_per_member_year",
              "counterfactual_pmpm", "total_effect", "ci_low", "ci_high"}
METRIC_KEYS = ["baseline_per_1000", "performance_per_1000", "comparison_baseline_per_1000",
               "comparison_performance_per_1000", "did_per_1000", "ratio_of_rate_ratios",
               "ci_low", "ci_high", "significant", "improved"]
MEASURE_KEYS = ["baseline_rate", "performance_rate", "comparison_baseline_rate",
                "comparison_performance_rate", "did_points", "ci_low", "ci_high", "significant",
                "improved"]
CORE_PERIOD_KEYS = ["label", "member_months", "members", "months", "expenditure", "pmpm",
                    "spending_sd", "utilization", "quality"]

# name, typical rate per 1,000 member-years, how its direction is given
METRIC_POOL = [("er_visits", 200.0, None), ("inpatient_days", 250.0, None),
               ("inpatient_admissions", 60.0, None), ("generic_dispensing", 600.0, None),
               ("readmissions", 8.0, None), ("rare_events", 0.6, None),
               ("pcp_visits", 3000.0, "neutral"), ("care_plans", 40.0, "higher_is_better"),
               ("avoidable_stays", 12.0, "lower_is_better"),
               ("care_transitions", 10.0, "lower_is_better_false")]
# name, typical rate, how its direction is given
MEASURE_POOL = [("diabetes_ldl_control", 0.6, None), ("hba1c_poor_control", 0.2, None),
                ("screening_rate", 0.7, None), ("followup_share", 0.5, "neutral"),
                ("falls_rate", 0.08, "lower_is_better"), ("opioid_overuse", 0.3, "higher_false"),
                ("near_perfect", 0.995, None), ("very_rare", 0.004, None)]


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, where, message):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            if self.failed <= 200:
                print(f"FAIL {where}: {message}")
        return cond


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def z_of(confidence):
    return NormalDist().inv_cdf(1.0 - (1.0 - confidence) / 2.0)


# ---------------------------------------------------------------- generation

def metric_entry(rng, direction_spec, count, per_1000):
    """One metric value in the input's forms."""
    spec = {}
    if direction_spec in ("neutral", "higher_is_better", "lower_is_better"):
        spec = {"direction": direction_spec}
    elif direction_spec == "lower_is_better_false":
        spec = {"lower_is_better": False}
    if per_1000 is not None:
        return {"per_1000": per_1000, **spec}
    if not spec and rng.random() < 0.5:
        return count
    return {"count": count, **spec}


def measure_entry(rng, direction_spec, p, n, as_rate):
    spec = {}
    if direction_spec in ("neutral", "lower_is_better"):
        spec = {"direction": direction_spec}
    elif direction_spec == "higher_false":
        spec = {"higher_is_better": False}
    if as_rate:
        return {"rate": round(p, 4), **spec}
    k = min(n, max(0, round(n * p * rng.uniform(0.9, 1.1))))
    return {"numerator": k, "denominator": n, **spec}


def exposure(rng, scale):
    """A period's size in one of the input's forms; returns (fields, member months)."""
    mm = max(1, round(scale * rng.uniform(0.8, 1.25)))
    form = rng.random()
    if form < 0.6:
        return {"member_months": mm}, float(mm)
    months = 12 if form < 0.85 else rng.randint(1, 12)
    members = max(1, round(mm / months))
    return {"members": members, "months": months}, float(members * months)


def gen_period(rng, label, scale, metrics, measures, spend, sd, drift):
    period = {"label": label}
    fields, mm = exposure(rng, scale)
    period.update(fields)
    if spend is not None:
        pmpm = spend * drift
        if rng.random() < 0.5:
            period["expenditure"] = round(pmpm * mm, 2)
        else:
            period["pmpm"] = round(pmpm, 2)
    if sd is not None:
        period["spending_sd"] = sd
    if metrics:
        util = {}
        for name, rate, spec, rate_form in metrics:
            r = rate * drift * rng.uniform(0.85, 1.15)
            if rate_form and rng.random() < 0.5:
                util[name] = metric_entry(rng, spec, None, round(r, 3))
                continue
            count = max(0, round(r * mm / 12000.0 * rng.uniform(0.8, 1.2)))
            if rng.random() < 0.04:
                count = 0
            util[name] = metric_entry(rng, spec, count, None)
        period["utilization"] = util
    if measures:
        qual = {}
        for name, p, spec, n_scale, rate_form in measures:
            pp = min(1.0, max(0.0, p * rng.uniform(0.9, 1.1)))
            n = max(1, round(n_scale * rng.uniform(0.8, 1.2)))
            qual[name] = measure_entry(rng, spec, pp, n, rate_form and rng.random() < 0.5)
        period["quality"] = qual
    return period


def gen_program(rng, i):
    size = 10 ** rng.uniform(2.0, 6.7)          # program member months
    csize = size * 10 ** rng.uniform(-1.0, 1.5)  # comparison member months
    metrics = [(name, rate, spec, rng.random() < 0.12)
               for name, rate, spec in rng.sample(METRIC_POOL, rng.randint(0, 5))]
    measures = [(name, p, spec, 10 ** rng.uniform(0.3, 4.7), rng.random() < 0.12)
                for name, p, spec in rng.sample(MEASURE_POOL, rng.randint(0, 4))]
    contract = None
    if rng.random() < 0.3:
        contract = {"model": "shared_savings", "benchmark": {"comparison_trend": True}}
        if rng.random() < 0.5:
            contract["risk_adjust"] = True
        contract.update({"minimum_savings_rate": 0.02, "sharing_rate": 0.5})
    # which periods lack spending (never those a comparison-trended contract needs)
    # which periods lack spending: none under a contract (it needs the performance
    # expenditure, and comparison_trend the other three)
    missing = set() if contract else {k for k in range(4) if rng.random() < 0.07}
    sd_mode = rng.random()
    sds = [round(rng.uniform(300.0, 25000.0), 1) for _ in range(4)]
    if sd_mode < 0.25:
        sds = [None] * 4
    elif sd_mode < 0.45:
        drop = rng.sample(range(4), rng.randint(1, 3))
        sds = [None if k in drop else sd for k, sd in enumerate(sds)]
    spend_t = rng.uniform(150.0, 1500.0)
    spend_c = spend_t * rng.uniform(0.7, 1.4)
    tdrift = rng.uniform(0.9, 1.15)
    cdrift = rng.uniform(0.9, 1.15)
    base = gen_period(rng, "Year 0", size, metrics, measures,
                      None if 0 in missing else spend_t, sds[0], 1.0)
    perf = gen_period(rng, "Year 1", size, metrics, measures,
                      None if 1 in missing else spend_t, sds[1], tdrift)
    # the comparison group: some of the program's metrics missing, extra ones of its own
    cmetrics = [m for m in metrics if rng.random() > 0.12]
    cmeasures = [m for m in measures if rng.random() > 0.12]
    if rng.random() < 0.15:
        cmetrics.append(("market_only_visits", 90.0, None, False))
    if rng.random() < 0.15:
        cmeasures.append(("market_only_measure", 0.4, None, 500.0, False))
    rng.shuffle(cmetrics)
    cbase = gen_period(rng, "Market, year 0", csize, cmetrics, cmeasures,
                       None if 2 in missing else spend_c, sds[2], 1.0)
    cperf = gen_period(rng, "Market, year 1", csize, cmetrics, cmeasures,
                       None if 3 in missing else spend_c, sds[3], cdrift)
    # now and then a metric or measure the comparison group gives in one period only
    for sec in ("utilization", "quality"):
        if cbase.get(sec) and rng.random() < 0.08:
            period = rng.choice([cbase, cperf])
            del period[sec][rng.choice(list(period[sec]))]
    prog = {"id": f"gen-{i:04d}", "name": f"Generated program {i}",
            "sources": ["ILLUSTRATIVE: generated"], "baseline": base, "performance": perf,
            "comparison": {"label": f"Comparison {i}", "baseline": cbase, "performance": cperf}}
    if contract is not None:
        if contract.get("risk_adjust"):
            base["risk_score"] = round(rng.uniform(0.8, 1.3), 4)
            perf["risk_score"] = round(rng.uniform(0.8, 1.3), 4)
        prog["contract"] = contract
    return prog


def core(period):
    return {k: copy.deepcopy(v) for k, v in period.items() if k in CORE_PERIOD_KEYS}


def symmetric(prog, i):
    """Program and comparison with the same metrics and measures, no contract."""
    comp = prog["comparison"]
    periods = [core(prog["baseline"]), core(prog["performance"]),
               core(comp["baseline"]), core(comp["performance"])]
    for sec in ("utilization", "quality"):
        names = [n for n in periods[1].get(sec, {})
                 if n in periods[2].get(sec, {}) and n in periods[3].get(sec, {})]
        for p in periods:
            if sec in p:
                p[sec] = {n: p[sec][n] for n in names}
    return {"id": f"sym-{i:04d}", "name": f"Symmetric {i}", "baseline": periods[0],
            "performance": periods[1],
            "comparison": {"label": f"Comparison {i}", "baseline": periods[2],
                           "performance": periods[3]}}


def swapped(sym, i):
    comp = sym["comparison"]
    return {"id": f"swap-{i:04d}", "name": f"Swapped {i}",
            "baseline": copy.deepcopy(comp["baseline"]),
            "performance": copy.deepcopy(comp["performance"]),
            "comparison": {"label": f"Program {i}", "baseline": copy.deepcopy(sym["baseline"]),
                           "performance": copy.deepcopy(sym["performance"])}}


def identical(prog, i):
    base, perf = core(prog["baseline"]), core(prog["performance"])
    return {"id": f"same-{i:04d}", "name": f"Identical {i}", "baseline": base, "performance": perf,
            "comparison": {"label": "Itself", "baseline": copy.deepcopy(base),
                           "performance": copy.deepcopy(perf)}}


# ---------------------------------------------------------------- running

def run_report(acocalc, programs, extra_args, tmpdir, name, whole=False):
    path = os.path.join(tmpdir, name + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"acocalc": 1, "programs": programs}, f)
    proc = subprocess.run([acocalc, "report", path, "-f", "json", *extra_args],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        raise RuntimeError(f"acocalc report {name} {' '.join(extra_args)} exited "
                           f"{proc.returncode}: {proc.stderr[:2000]}")
    doc = json.loads(proc.stdout)
    return doc if whole else doc["programs"]


# ---------------------------------------------------------------- comparing

def near_threshold(value, threshold, scale):
    return value is not None and abs(value - threshold) <= 1e-9 * max(1.0, abs(scale))


def check_money(chk, where, got, exp):
    if exp is None:
        return chk.ok(got is None, where, f"expected null, got {got!r}")
    if not chk.ok(is_num(got), where, f"expected {exp!r}, got {got!r}"):
        return False
    cents = got * 100.0
    chk.ok(abs(cents - round(cents)) <= 1e-6 + 1e-9 * abs(cents), where,
           f"{got!r} is not rounded to cents")
    return chk.ok(abs(got - exp) <= 0.005 + 1e-7 + 1e-12 * abs(exp), where,
                  f"expected {exp!r} (to the cent), got {got!r}")


def check_real(chk, where, got, exp, scale=0.0):
    if exp is None:
        return chk.ok(got is None, where, f"expected null, got {got!r}")
    if not chk.ok(is_num(got) and math.isfinite(got), where, f"expected {exp!r}, got {got!r}"):
        return False
    tol = 1e-9 * max(abs(exp), abs(scale), 1e-300)
    return chk.ok(abs(got - exp) <= tol, where, f"expected {exp!r}, got {got!r} (diff {got - exp:.3g})")


def check_flag(chk, where, got, exp, borderline=False):
    if exp is None:
        return chk.ok(got is None, where, f"expected null, got {got!r}")
    if borderline:
        return chk.ok(isinstance(got, bool), where, f"expected a boolean, got {got!r}")
    return chk.ok(got is exp, where, f"expected {exp!r}, got {got!r}")


def check_order(chk, where, obj, keys):
    present = [k for k in obj if k in keys]
    chk.ok(all(k in obj for k in keys) and present == keys, where,
           f"keys {list(obj)}, pinned order {keys}")


def check_comparison(chk, where, prog, got, z, notes):
    exp = model.comparison_report(prog, z)
    if not chk.ok(isinstance(got, dict), where, f"comparison object expected, got {got!r}"):
        return
    check_order(chk, f"{where} comparison", got, ["label", "spending", "utilization", "quality"])
    chk.ok(got.get("label") == exp["label"], f"{where} label", f"{got.get('label')!r}")
    gs, es = got.get("spending") or {}, exp["spending"]
    check_order(chk, f"{where} spending", gs, SPENDING_KEYS)
    levels = [v for v in (es["baseline_pmpm"], es["performance_pmpm"],
                          es["comparison_baseline_pmpm"], es["comparison_performance_pmpm"])
              if v is not None]
    for k in SPENDING_KEYS:
        w = f"{where} spending.{k}"
        if k in MONEY_KEYS:
            check_money(chk, w, gs.get(k), es[k])
        elif k == "relative_effect":
            check_real(chk, w, gs.get(k), es[k], 1e-6 * max(levels, default=0.0))
        else:
            border = near_threshold(es["ci_low"], 0.0, 1e6) or near_threshold(es["ci_high"], 0.0, 1e6)
            border = border or (es["ci_low"] is not None and
                                min(abs(es["ci_low"]), abs(es["ci_high"])) < 0.01)
            check_flag(chk, w, gs.get(k), es[k], border)
    for sec, keys, comparer in (("utilization", METRIC_KEYS, check_metric),
                                ("quality", MEASURE_KEYS, check_measure)):
        comp = prog["comparison"]
        extra = (set(comp["baseline"].get(sec, {})) | set(comp["performance"].get(sec, {}))) - \
            set(prog["performance"].get(sec, {}))
        for name in sorted(extra):
            chk.ok(any(name in n for n in notes), f"{where} {sec}.{name}",
                   "the comparison group's own extra figure: no note names it")
        gsec = got.get(sec)
        if not chk.ok(isinstance(gsec, dict), f"{where} {sec}", f"object expected, got {gsec!r}"):
            continue
        chk.ok(list(gsec) == list(exp[sec]), f"{where} {sec}",
               f"names {list(gsec)}, expected the program's {list(exp[sec])} in input order")
        for name, e in exp[sec].items():
            w = f"{where} {sec}.{name}"
            g = gsec.get(name)
            if not chk.ok(isinstance(g, dict), w, f"object expected, got {g!r}"):
                continue
            check_order(chk, w, g, keys)
            comparer(chk, w, g, e)
            if e.get("lacking"):
                chk.ok(any(name in n for n in notes), w, "the comparison group lacks it: "
                       "no note names it")
            elif needs_note(sec, name, prog):
                chk.ok(any(name in n for n in notes), w, "no note names it (no interval, or "
                       "fewer than 5 events or non-events)")
    if es["did_pmpm"] is not None and es["ci_low"] is None:
        chk.ok(any("spending" in n.lower() for n in notes), f"{where} spending",
               f"no note says why the interval is missing: {notes}")


def needs_note(sec, name, prog):
    """The spec asks for a note: a rate without a count or a zero count (no
    interval of the ratio of rate ratios), fewer than 5 events or non-events
    in a proportion (the Wald interval is poor)."""
    comp = prog["comparison"]
    entries = [p[sec][name] for p in (prog["baseline"], prog["performance"],
                                      comp["baseline"], comp["performance"])]
    if sec == "utilization":
        counts = [model.metric_rate(v, 1.0)[1] for v in entries]
        return any(c is None or c == 0 for c in counts)
    if not all("denominator" in q for q in entries):
        return False
    return any(min(q["numerator"], q["denominator"] - q["numerator"]) < 5 for q in entries)


def check_metric(chk, w, g, e):
    rates = [e["baseline_per_1000"], e["performance_per_1000"],
             e["comparison_baseline_per_1000"], e["comparison_performance_per_1000"]]
    for k in METRIC_KEYS[:4]:
        check_real(chk, f"{w}.{k}", g.get(k), e[k])
    check_real(chk, f"{w}.did_per_1000", g.get("did_per_1000"), e["did_per_1000"],
               max(r for r in rates if r is not None))
    for k in ("ratio_of_rate_ratios", "ci_low", "ci_high"):
        check_real(chk, f"{w}.{k}", g.get(k), e[k])
    border = near_threshold(e["ci_low"], 1.0, 1.0) or near_threshold(e["ci_high"], 1.0, 1.0)
    check_flag(chk, f"{w}.significant", g.get("significant"), e["significant"], border)
    check_flag(chk, f"{w}.improved", g.get("improved"), e["improved"],
               near_threshold(e["ratio_of_rate_ratios"], 1.0, 1.0))


def check_measure(chk, w, g, e):
    for k in MEASURE_KEYS[:4]:
        check_real(chk, f"{w}.{k}", g.get(k), e[k])
    for k in ("did_points", "ci_low", "ci_high"):
        check_real(chk, f"{w}.{k}", g.get(k), e[k], 1.0)
    border = near_threshold(e["ci_low"], 0.0, 1.0) or near_threshold(e["ci_high"], 0.0, 1.0)
    check_flag(chk, f"{w}.significant", g.get("significant"), e["significant"], border)
    check_flag(chk, f"{w}.improved", g.get("improved"), e["improved"],
               near_threshold(e["did_points"], 0.0, 1.0))


def check_settlement(chk, where, prog, got):
    if "contract" not in prog:
        chk.ok(got is None, f"{where} settlement", f"null expected without a contract, got {got!r}")
        return
    if not chk.ok(isinstance(got, dict), f"{where} settlement", f"object expected, got {got!r}"):
        return
    exp = model.settlement_report(prog, model.utilization_report(prog))
    for k in ("benchmark", "expenditure", "gross_savings", "shared_savings"):
        check_money(chk, f"{where} settlement.{k}", got.get(k), exp[k])
    check_real(chk, f"{where} settlement.savings_rate", got.get("savings_rate"), exp["savings_rate"])
    border = abs(exp["savings_rate"] - 0.02) < 1e-9 or abs(exp["gross_savings"]) < 0.01
    check_flag(chk, f"{where} settlement.eligible", got.get("eligible"), exp["eligible"], border)


def check_programs(chk, tag, programs, reports, z):
    if not chk.ok(len(reports) == len(programs), tag,
                  f"{len(reports)} program reports for {len(programs)} programs"):
        return
    for prog, rep in zip(programs, reports):
        where = f"{tag} {prog['id']}"
        chk.ok(rep.get("id") == prog["id"], where, f"report of {rep.get('id')!r}")
        keys = list(rep)
        chk.ok("comparison" in keys and "quality" in keys and "settlement" in keys
               and keys.index("quality") < keys.index("comparison") < keys.index("settlement"),
               where, f"comparison must sit between quality and settlement: {keys}")
        if "comparison" not in prog:
            chk.ok(rep.get("comparison", 0) is None, where, "null comparison expected without a group")
            continue
        check_comparison(chk, where, prog, rep.get("comparison"), z, rep.get("notes") or [])
        check_settlement(chk, where, prog, rep.get("settlement"))


# ---------------------------------------------------------------- properties

def negated_money(chk, w, a, b):
    if a is None or b is None:
        return chk.ok(a is None and b is None, w, f"null on one side only: {a!r}, {b!r}")
    return chk.ok(abs(a + b) <= 0.0101, w, f"{a!r} and {b!r} are not opposite")


def negated_real(chk, w, a, b, scale):
    if a is None or b is None:
        return chk.ok(a is None and b is None, w, f"null on one side only: {a!r}, {b!r}")
    return chk.ok(abs(a + b) <= 1e-9 * max(1.0, scale), w, f"{a!r} and {b!r} are not opposite")


def inverse_real(chk, w, a, b):
    if a is None or b is None:
        return chk.ok(a is None and b is None, w, f"null on one side only: {a!r}, {b!r}")
    return chk.ok(a > 0 and abs(a * b - 1.0) <= 1e-9, w, f"{a!r} x {b!r} is not 1")


def flipped(chk, w, a, b, did):
    if a is None or b is None:
        return chk.ok(a is None and b is None, w, f"null on one side only: {a!r}, {b!r}")
    if did == 0:
        return chk.ok(a is False and b is False, w, f"no change: both must be false: {a!r}, {b!r}")
    return chk.ok(a is (not b), w, f"the verdict must flip: {a!r}, {b!r}")


def check_swap(chk, sym_reports, swap_reports):
    for a_rep, b_rep in zip(sym_reports, swap_reports):
        a, b = a_rep["comparison"], b_rep["comparison"]
        w = f"swap {a_rep['id']}"
        sa, sb = a["spending"], b["spending"]
        for k in ("did_pmpm", "did_per_member_year"):
            negated_money(chk, f"{w} spending.{k}", sa[k], sb[k])
        negated_money(chk, f"{w} spending.ci_low/ci_high", sa["ci_low"], sb["ci_high"])
        negated_money(chk, f"{w} spending.ci_high/ci_low", sa["ci_high"], sb["ci_low"])
        chk.ok(sa["significant"] == sb["significant"], f"{w} spending.significant",
               f"{sa['significant']!r} vs {sb['significant']!r}")
        for name, ma in a["utilization"].items():
            mb = b["utilization"].get(name)
            scale = max(abs(ma["baseline_per_1000"]), abs(ma["comparison_baseline_per_1000"]),
                        abs(ma["performance_per_1000"]), abs(ma["comparison_performance_per_1000"]))
            negated_real(chk, f"{w} {name}.did_per_1000", ma["did_per_1000"], mb["did_per_1000"], scale)
            ra, rb = ma["ratio_of_rate_ratios"], mb["ratio_of_rate_ratios"]
            if ra in (None, 0) or rb in (None, 0):
                # a zero ratio has no inverse: the swapped one is undefined, and back
                chk.ok((ra is None and rb in (None, 0)) or (rb is None and ra in (None, 0)),
                       f"{w} {name}.ratio_of_rate_ratios", f"{ra!r} swapped gives {rb!r}")
                continue
            inverse_real(chk, f"{w} {name}.ratio_of_rate_ratios", ma["ratio_of_rate_ratios"],
                         mb["ratio_of_rate_ratios"])
            inverse_real(chk, f"{w} {name}.ci_low/ci_high", ma["ci_low"], mb["ci_high"])
            inverse_real(chk, f"{w} {name}.ci_high/ci_low", ma["ci_high"], mb["ci_low"])
            chk.ok(ma["significant"] == mb["significant"], f"{w} {name}.significant",
                   f"{ma['significant']!r} vs {mb['significant']!r}")
            if ma["improved"] is not None or mb["improved"] is not None:
                rrr = ma["ratio_of_rate_ratios"]
                flipped(chk, f"{w} {name}.improved", ma["improved"], mb["improved"],
                        0 if rrr == 1.0 else rrr - 1.0)
        for name, qa in a["quality"].items():
            qb = b["quality"].get(name)
            negated_real(chk, f"{w} {name}.did_points", qa["did_points"], qb["did_points"], 1.0)
            negated_real(chk, f"{w} {name}.ci_low/ci_high", qa["ci_low"], qb["ci_high"], 1.0)
            negated_real(chk, f"{w} {name}.ci_high/ci_low", qa["ci_high"], qb["ci_low"], 1.0)
            chk.ok(qa["significant"] == qb["significant"], f"{w} {name}.significant",
                   f"{qa['significant']!r} vs {qb['significant']!r}")
            if qa["improved"] is not None or qb["improved"] is not None:
                flipped(chk, f"{w} {name}.improved", qa["improved"], qb["improved"], qa["did_points"])


def straddles(chk, w, lo, hi, value):
    if lo is None:
        return chk.ok(hi is None, w, f"half an interval: {lo!r}, {hi!r}")
    return chk.ok(lo <= value <= hi, w, f"[{lo!r}, {hi!r}] does not hold {value}")


def check_identical(chk, reports):
    for rep in reports:
        c = rep["comparison"]
        w = f"identical {rep['id']}"
        s = c["spending"]
        if s["did_pmpm"] is not None:
            chk.ok(s["did_pmpm"] == 0 and s["did_per_member_year"] == 0 and s["total_effect"] == 0
                   and s["relative_effect"] == 0, f"{w} spending",
                   f"no effect expected: {s['did_pmpm']!r} {s['relative_effect']!r}")
            straddles(chk, f"{w} spending interval", s["ci_low"], s["ci_high"], 0.0)
            chk.ok(s["significant"] in (False, None), f"{w} spending.significant", repr(s["significant"]))
        for name, m in c["utilization"].items():
            chk.ok(m["did_per_1000"] == 0, f"{w} {name}.did_per_1000", repr(m["did_per_1000"]))
            if m["ratio_of_rate_ratios"] is None:
                chk.ok(m["baseline_per_1000"] == 0 or m["performance_per_1000"] == 0, f"{w} {name}",
                       "ratio of rate ratios undefined with non-zero rates")
                continue
            chk.ok(m["ratio_of_rate_ratios"] == 1, f"{w} {name}.ratio_of_rate_ratios",
                   repr(m["ratio_of_rate_ratios"]))
            straddles(chk, f"{w} {name} interval", m["ci_low"], m["ci_high"], 1.0)
            chk.ok(m["significant"] in (False, None) and m["improved"] in (False, None),
                   f"{w} {name}", f"significant {m['significant']!r}, improved {m['improved']!r}")
        for name, q in c["quality"].items():
            chk.ok(q["did_points"] == 0, f"{w} {name}.did_points", repr(q["did_points"]))
            straddles(chk, f"{w} {name} interval", q["ci_low"], q["ci_high"], 0.0)
            chk.ok(q["significant"] in (False, None) and q["improved"] in (False, None),
                   f"{w} {name}", f"significant {q['significant']!r}, improved {q['improved']!r}")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("acocalc")
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--save", metavar="DIR",
                    help="keep the generated input documents (NAME.json) in DIR")
    args = ap.parse_args(argv[1:])
    rng = random.Random(args.seed)
    programs = [gen_program(rng, i) for i in range(args.count)]
    syms = [symmetric(p, i) for i, p in enumerate(programs)]
    swaps = [swapped(s, i) for i, s in enumerate(syms)]
    sames = [identical(p, i) for i, p in enumerate(programs)]
    chk = Checker()
    with tempfile.TemporaryDirectory() as tmpdir:
        if args.save:
            tmpdir = args.save
        try:
            # with a few programs without a comparison group, and the roll-up's count
            plain = [{k: v for k, v in p.items() if k not in ("comparison", "contract")}
                     for p in copy.deepcopy(programs[:7])]
            for p in plain:
                p["id"] = "plain-" + p["id"]
            mixed = programs + plain
            doc = run_report(args.acocalc, mixed, ["--rollup"], tmpdir, "generated", whole=True)
            check_programs(chk, "95%", mixed, doc["programs"], z_of(0.95))
            rollup = doc.get("rollup") or {}
            chk.ok(rollup.get("programs_with_comparison") == len(programs), "rollup",
                   f"programs_with_comparison {rollup.get('programs_with_comparison')!r}, "
                   f"expected {len(programs)} of {len(mixed)}")
            reports90 = run_report(args.acocalc, programs, ["--confidence", "0.9"], tmpdir,
                                   "generated")
            check_programs(chk, "90%", programs, reports90, z_of(0.90))
            sym_reports = run_report(args.acocalc, syms, [], tmpdir, "symmetric")
            check_programs(chk, "symmetric", syms, sym_reports, z_of(0.95))
            swap_reports = run_report(args.acocalc, swaps, [], tmpdir, "swapped")
            check_programs(chk, "swapped", swaps, swap_reports, z_of(0.95))
            check_swap(chk, sym_reports, swap_reports)
            same_reports = run_report(args.acocalc, sames, [], tmpdir, "identical")
            check_programs(chk, "identical", sames, same_reports, z_of(0.95))
            check_identical(chk, same_reports)
        except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError,
                TypeError) as e:
            chk.ok(False, "run", repr(e))
    print(f"{chk.passed} passed, {chk.failed} failed")
    return 1 if chk.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
