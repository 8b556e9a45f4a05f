#!/usr/bin/env python3
"""Recomputes MSSP benchmarks independently of acocalc and compares.

Written from docs/mssp-benchmark.md section 2 (the rules by era), in exact
rational arithmetic (fractions), not from acocalc's code. First the worked
example of section 4 (its published figures are asserted here too), then
programs generated from a fixed seed for every era (initial, renewal and
re-entering agreements, negative and positive regional adjustments, caps
binding and not, PSA eligible and not, HEBA, newly assigned beneficiaries),
each run through `acocalc report -f json` and compared figure by figure.

usage: verify_mssp_benchmark.py ACOCALC [--count N]
"""
import json
import os
import random
import subprocess
import sys
import tempfile
from fractions import Fraction as F

TYPES = ["esrd", "disabled", "aged_dual", "aged_non_dual"]


def fr(x):
    return F(str(x)) if isinstance(x, float) else F(x)


def by(d):
    return [fr(d[t]) for t in TYPES]


def era_of(start, kind):
    if start >= "2024-01-01":
        return "acpt"
    if start >= "2019-07-01":
        return "blend"
    if kind == "initial":
        return "first"
    return "second" if start[:4] == "2016" else "reset"


def benchmark(b, start, py_year):
    """The doc's section 2, step by step. Returns a dict of figures."""
    kind = b["agreement_type"]
    era = era_of(start, kind)
    Y = [b["benchmark_year_1"], b["benchmark_year_2"], b["benchmark_year_3"]]
    P = b["performance_year"]
    N3 = by(Y[2]["person_years"])
    p3 = [n / sum(N3) for n in N3]
    w3 = fr(Y[2].get("market_share", 0))
    A = []
    for k in range(3):
        row = []
        for e in range(4):
            if k == 2:
                row.append(by(Y[2]["per_capita_expenditure"])[e])
                continue
            if era in ("first", "second"):
                tf = by(Y[2]["national_per_capita"])[e] / by(Y[k]["national_per_capita"])[e]
            elif era == "reset":
                tf = by(Y[2]["regional_per_capita"])[e] / by(Y[k]["regional_per_capita"])[e]
            else:
                tf = (w3 * by(Y[2]["national_per_capita"])[e] / by(Y[k]["national_per_capita"])[e]
                      + (1 - w3) * by(Y[2]["regional_per_capita"])[e]
                      / by(Y[k]["regional_per_capita"])[e])
            rr = by(Y[2]["risk_score"])[e] / by(Y[k]["risk_score"])[e]
            row.append(by(Y[k]["per_capita_expenditure"])[e] * rr * tf)
        A.append(row)
    first = era == "first" or (era in ("blend", "acpt") and kind == "initial")
    W = [F(1, 10), F(3, 10), F(6, 10)] if first else [F(1, 3)] * 3
    HB = [sum(W[k] * A[k][e] for k in range(3)) for e in range(4)]
    out = {"historical": sum(p3[e] * HB[e] for e in range(4)), "restated": A}
    adj = [F(0)] * 4
    NAT3 = by(Y[2]["national_per_capita"]) if "national_per_capita" in Y[2] else None
    if era in ("reset", "blend", "acpt"):
        REG3 = by(Y[2]["regional_per_capita"])
        RS3 = by(Y[2]["risk_score"])
        D = [REG3[e] * RS3[e] - HB[e] for e in range(4)]
        lower = sum(p3[e] * D[e] for e in range(4)) > 0
        n = b.get("regional_adjustment_number", 1)
        if era == "reset":
            table = [(F(35, 100), F(25, 100)), (F(7, 10), F(5, 10)), (F(7, 10), F(7, 10))]
        else:
            table = [(F(35, 100), F(15, 100)), (F(5, 10), F(25, 100)), (F(5, 10), F(35, 100)),
                     (F(5, 10), F(5, 10))]
        pct = table[min(n, len(table)) - 1][0 if lower else 1]
        if "regional_adjustment_weight" in b:
            pct = fr(b["regional_adjustment_weight"])
        RA = [pct * d for d in D]
        if era == "blend":
            RA = [min(max(RA[e], -NAT3[e] / 20), NAT3[e] / 20) for e in range(4)]
        if era == "acpt":
            RA = [min(max(RA[e], -NAT3[e] * F(15, 1000)), NAT3[e] / 20) for e in range(4)]
            PC3 = by(Y[2]["per_capita_expenditure"])
            rsbar = (sum(RS3[e] * PC3[e] * N3[e] for e in range(4))
                     / sum(PC3[e] * N3[e] for e in range(4)))
            of = min(max(fr(Y[2]["dual_share"]) + rsbar - 1, F(0)), F(1))
            RA = [x * (1 - of) if x < 0 else x for x in RA]
        RAs = sum(p3[e] * RA[e] for e in range(4))
        out["regional_single"] = RAs
        if era in ("reset", "blend"):
            adj = RA
        else:
            NATs = sum(p3[e] * NAT3[e] for e in range(4))
            psa, eligible = F(0), False
            ps = b.get("prior_savings")
            if kind != "initial" and ps:
                vals = [fr(v) if v is not None else F(0) for v in ps["per_capita"]]
                S = sum(vals) / 3
                if S > 0:
                    eligible = True
                    psa = min(S * fr(ps["proration_factor"]) / 2, NATs / 20)
            out["psa"] = psa if eligible else None
            chosen, value = "none", F(0)
            if RAs > 0 and (not eligible or RAs >= psa):
                chosen, value = "regional", RAs
            elif eligible:
                chosen, value = "psa", psa
            if start >= "2025-01-01" and "lis_dual_share" in P:
                L = fr(P["lis_dual_share"])
                M = max(RAs, psa) if eligible else max(RAs, F(0))
                heba = (NATs / 20 - M) * L
                if L >= F(15, 100) and heba > 0 and heba > value:
                    chosen, value = "heba", heba
            out["chosen"] = chosen
            adj = RA if chosen == "regional" else [value] * 4
    if era == "second":
        fa = b["first_agreement_savings"]
        now = sum(N3)
        v = fr(fa["per_capita"]) * min(now, fr(fa["person_years"])) / now
        adj = [v] * 4
    AHB = [HB[e] + adj[e] for e in range(4)]
    NT = by(P["person_years"])
    r = [by(P["risk_score"])[e] / by(Y[2]["risk_score"])[e] for e in range(4)]
    if era in ("first", "second", "reset"):
        d = [by(P["demographic_risk_score"])[e] / by(Y[2]["demographic_risk_score"])[e]
             for e in range(4)]
        cont = [r[e] if r[e] < 1 else d[e] for e in range(4)]
        newn = by(P["newly_assigned_person_years"]) if "newly_assigned_person_years" in P else [F(0)] * 4
        R = []
        for e in range(4):
            nr = (by(P["newly_assigned_risk_score"])[e] / by(Y[2]["risk_score"])[e]
                  if newn[e] > 0 else F(0))
            R.append((newn[e] * nr + (NT[e] - newn[e]) * cont[e]) / NT[e] if NT[e] > 0 else cont[e])
    elif era == "blend":
        R = [min(x, F(103, 100)) for x in r]
    else:
        d = [by(P["demographic_risk_score"])[e] / by(Y[2]["demographic_risk_score"])[e]
             for e in range(4)]
        v = [AHB[e] * NT[e] for e in range(4)]
        RH = sum(v[e] * r[e] for e in range(4)) / sum(v)
        RD = sum(v[e] * d[e] for e in range(4)) / sum(v)
        cap = RD + F(3, 100)
        R = [min(x, cap) for x in r] if RH > cap else r
    flat = [F(0)] * 4
    U = [F(1)] * 4
    G2 = None
    if era in ("first", "second"):
        flat = by(P["projected_national_growth"])
    elif era == "reset":
        U = [by(P["regional_per_capita"])[e] / by(Y[2]["regional_per_capita"])[e] for e in range(4)]
    else:
        wt = fr(P["market_share"])
        capreg = by(P["regional_risk_growth_cap"]) if "regional_risk_growth_cap" in P else [F(1)] * 4
        if era == "blend":
            capreg = [F(1)] * 4
        G2 = [wt * by(P["national_per_capita"])[e] / NAT3[e]
              + (1 - wt) * by(P["regional_per_capita"])[e] / by(Y[2]["regional_per_capita"])[e]
              * capreg[e] for e in range(4)]
        U = G2
        if era == "acpt":
            a = fr(b.get("acpt_weight", F(1, 3)))
            U = [(1 - a) * G2[e] + a * by(P["acpt"])[e] for e in range(4)]
    UB = [AHB[e] * R[e] * U[e] + flat[e] for e in range(4)]
    out["total"] = sum(NT[e] * UB[e] for e in range(4))
    out["per_capita"] = out["total"] / sum(NT)
    if era == "acpt":
        UB2 = [AHB[e] * R[e] * G2[e] for e in range(4)]
        out["total_without_acpt"] = sum(NT[e] * UB2[e] for e in range(4))
        out["per_capita_without_acpt"] = out["total_without_acpt"] / sum(NT)
    out["era"] = era
    return out


def cents(x):
    # half away from zero, as acocalc prints money
    q = abs(x) * 100
    whole = int(q)
    if q - whole >= F(1, 2):
        whole += 1
    return (whole if x >= 0 else -whole) / F(100)


def worked_example():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    with open(os.path.join(root, "data", "mssp-benchmark-2024.json")) as f:
        doc = json.load(f)
    prog = doc["programs"][0]
    c = prog["contract"]
    out = benchmark(c["benchmark"], c["agreement_start"], c["performance_year"])
    assert cents(out["per_capita"]) == F("14440.12"), float(out["per_capita"])
    assert cents(out["total"]) == F("238984005.53"), float(out["total"])
    assert cents(out["per_capita_without_acpt"]) == F("14451.83")
    assert abs(out["historical"] - F("13143.6056")) < F(1, 10000)
    assert out["chosen"] == "psa" and abs(out["psa"] - F("207.4167")) < F(1, 10000)
    assert abs(out["regional_single"] - F("46.4754")) < F(1, 10000)
    # The loss case: the two-way benchmark decides (section 4).
    two_way = out["total_without_acpt"]
    gross = 14800 * 16550 - two_way
    shared = gross * F(3, 10)
    limit = min(F(8, 100) * 40000000, F(4, 100) * two_way)
    owed = min(shared, limit) * (1 - F(2, 12) * F(1, 4))
    assert cents(owed) == F("1656618.13"), float(owed)
    # The savings case: half of 50% below the MSR.
    assert cents((out["total"] - 14300 * 16550) / 4) == F("579751.38")
    return 6


def rand_by(rng, lo, hi, digits=2):
    return {t: round(rng.uniform(lo, hi), digits) for t in TYPES}


def generate(rng, i):
    start = rng.choice(["2013-01-01", "2015-01-01", "2016-01-01", "2017-01-01", "2018-01-01",
                        "2019-07-01", "2021-01-01", "2023-01-01", "2024-01-01", "2025-01-01",
                        "2026-01-01"])
    kind = rng.choice(["initial", "renewal", "re_entering"])
    if start < "2016-01-01":
        kind = "initial"
    era = era_of(start, kind)
    year = int(start[:4])
    py_year = min(year + rng.randint(0, 2), 2026)
    if py_year < 2012:
        py_year = 2012
    b = {"agreement_type": kind}
    base = {"esrd": 85000, "disabled": 12000, "aged_dual": 20000, "aged_non_dual": 11000}

    def yearfig(k, perf=False):
        g = 1 + 0.03 * k
        y = {"person_years": {t: rng.randint(0 if t == "esrd" and k < 2 else 50, 20000) for t in TYPES},
             "risk_score": rand_by(rng, 0.8, 1.3, 3)}
        if not perf:
            y["per_capita_expenditure"] = {t: round(base[t] * g * rng.uniform(0.8, 1.25), 2) for t in TYPES}
        if era in ("first", "second", "blend", "acpt"):
            y["national_per_capita"] = {t: round(base[t] * g * rng.uniform(0.95, 1.05), 2) for t in TYPES}
        if era in ("reset", "blend", "acpt"):
            y["regional_per_capita"] = {t: round(base[t] * g * rng.uniform(0.8, 1.2), 2) for t in TYPES}
        return y

    for k in range(3):
        b[f"benchmark_year_{k + 1}"] = yearfig(k)
    b["performance_year"] = yearfig(3 + (py_year - year), perf=True)
    y3, py = b["benchmark_year_3"], b["performance_year"]
    if era in ("first", "second", "reset", "acpt"):
        y3["demographic_risk_score"] = rand_by(rng, 0.9, 1.1, 3)
        py["demographic_risk_score"] = rand_by(rng, 0.9, 1.1, 3)
    if era in ("blend", "acpt"):
        y3["market_share"] = round(rng.uniform(0, 0.4), 3)
        py["market_share"] = round(rng.uniform(0, 0.4), 3)
    if era == "acpt":
        y3["dual_share"] = round(rng.uniform(0, 0.4), 3)
        py["acpt"] = rand_by(rng, 1.0, 1.1, 4)
        if rng.random() < 0.5:
            py["regional_risk_growth_cap"] = rand_by(rng, 1.0, 1.05, 4)
        if start >= "2025" and rng.random() < 0.7:
            py["lis_dual_share"] = round(rng.uniform(0, 0.5), 3)
        if kind != "initial" and rng.random() < 0.8:
            b["prior_savings"] = {"per_capita": [rng.choice([None, round(rng.uniform(-300, 900), 2)])
                                                 for _ in range(3)],
                                  "proration_factor": round(rng.uniform(0.8, 1.0), 3)}
        if rng.random() < 0.3:
            b["acpt_weight"] = round(rng.uniform(0, 1 / 3), 3)
    if era in ("first", "second"):
        py["projected_national_growth"] = rand_by(rng, -200, 900)
    if era in ("first", "second", "reset") and rng.random() < 0.6:
        py["newly_assigned_person_years"] = {t: rng.randint(0, py["person_years"][t]) for t in TYPES}
        py["newly_assigned_risk_score"] = rand_by(rng, 0.8, 1.4, 3)
    if era == "second":
        b["first_agreement_savings"] = {"per_capita": round(rng.uniform(-100, 600), 2),
                                        "person_years": rng.randint(1000, 40000)}
    if era in ("reset", "blend", "acpt"):
        if kind != "initial" or rng.random() < 0.3:
            b["regional_adjustment_number"] = rng.randint(1, 5)
        if rng.random() < 0.1:
            b["regional_adjustment_weight"] = round(rng.uniform(0, 1), 2)
    people = sum(py["person_years"].values())
    track = "BASIC_E" if py_year >= 2019 else "TRACK_1"
    if py_year == 2019 and start < "2019-07-01":
        track = "TRACK_1"
    return {
        "id": f"bm-{i}",
        "performance": {"member_months": people * 12, "expenditure": people * 12000,
                        "assigned_beneficiaries": people},
        "contract": {"model": "mssp", "track": track, "performance_year": py_year,
                     "agreement_start": start, "benchmark": b, "quality_standard_met": True,
                     "quality_score": 0.9, "participant_revenue": 1e7},
    }


def main():
    acocalc = sys.argv[1]
    count = int(sys.argv[sys.argv.index("--count") + 1]) if "--count" in sys.argv else 400
    passed = worked_example()
    failed = 0
    rng = random.Random(20240101)
    programs = [generate(rng, i) for i in range(count)]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump({"acocalc": 1, "programs": programs}, f)
        path = f.name
    run = subprocess.run([acocalc, "report", "-f", "json", path], capture_output=True, text=True)
    if run.returncode != 0:
        print(run.stderr[:4000])
        print("0 passed, 1 failed")
        return 1
    report = json.loads(run.stdout)
    for prog, rep in zip(programs, report["programs"]):
        c = prog["contract"]
        want = benchmark(c["benchmark"], c["agreement_start"], c["performance_year"])
        got = rep["settlement"]["benchmark_calculation"]
        checks = [("per_capita", want["per_capita"]), ("total", want["total"])]
        if "total_without_acpt" in want:
            checks += [("per_capita_without_acpt", want["per_capita_without_acpt"]),
                       ("total_without_acpt", want["total_without_acpt"])]
        for key, value in checks:
            if got[key] is not None and F(str(got[key])) == cents(value):
                passed += 1
            elif got[key] is not None and abs(F(str(got[key])) - value) <= F(1, 100) * max(1, abs(value) / 10**11):
                passed += 1  # a half-cent tie decided by floating point
            else:
                failed += 1
                print(f"{prog['id']} ({want['era']}): {key} {got[key]} != {float(value)}")
        if got["era"] != {"first": "first_agreement_2012", "second": "second_agreement_2016",
                          "reset": "reset_2017", "blend": "blend_2019", "acpt": "acpt_2024"}[want["era"]]:
            failed += 1
            print(f"{prog['id']}: era {got['era']} != {want['era']}")
        else:
            passed += 1
        if "chosen" in want:
            names = {"regional": "regional", "psa": "prior_savings", "heba": "health_equity", "none": "none"}
            if got["adjustment_applied"] == names[want["chosen"]]:
                passed += 1
            else:
                failed += 1
                print(f"{prog['id']}: adjustment {got['adjustment_applied']} != {want['chosen']}")
    # whatif: the performance year's risk scores +2%, regional spending -3%.
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sample = os.path.join(root, "data", "mssp-benchmark-2024.json")
    run = subprocess.run([acocalc, "whatif", "-f", "json", "--risk-score-growth", "2%",
                          "--regional-spending=-3%", sample], capture_output=True, text=True)
    for prog, rep in zip(json.load(open(sample))["programs"], json.loads(run.stdout)["programs"]):
        c = prog["contract"]
        b = json.loads(json.dumps(c["benchmark"]), parse_float=lambda t: F(t))
        py = b["performance_year"]
        py["risk_score"] = {t: v * F(102, 100) for t, v in py["risk_score"].items()}
        py["regional_per_capita"] = {t: v * F(97, 100) for t, v in py["regional_per_capita"].items()}
        want = benchmark(b, c["agreement_start"], c["performance_year"])
        got = rep["what_if"]["settlement"]["benchmark_calculation"]
        for key in ("per_capita", "total", "per_capita_without_acpt"):
            if F(str(got[key])) == cents(want[key]):
                passed += 1
            else:
                failed += 1
                print(f"whatif {prog['id']}: {key} {got[key]} != {float(want[key])}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
