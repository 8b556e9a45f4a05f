#!/usr/bin/env python3
"""Writes N realistic, seeded acocalc programs for the benchmarks.

    generate.py N OUT.jsonl [--document OUT.json] [--seed 2024]

Every program has the six known utilization metrics (as counts), two quality
measures with numerators and denominators, expenditure in both periods and a
one-sided shared-savings contract: a PMPM benchmark, a minimum savings rate,
a sharing rate, an efficiency gate over three or four metrics and a savings
cap. The figures are drawn around the published seeds (data/), so that about
half of the programs earn shared savings and the other half fail the MSR, the
gate or the quality standard.

The same N and seed always give the same bytes (Python's random.Random is
specified to be reproducible for a given seed). Standard library only.
"""

import argparse
import json
import random
import sys

# Bump when the programs change, so that cached inputs are regenerated.
GENERATOR_VERSION = 1

PAYER_TYPES = ["commercial", "medicare", "medicaid", "medicare_advantage", "mixed"]
PAYERS = ["Anthem Blue Cross", "Blue Cross Blue Shield of Massachusetts", "Aetna", "Cigna",
          "UnitedHealthcare", "Humana", "CMS", "Highmark", "Florida Blue", "Premera"]
PARTNERS = ["HealthCare Partners Medical Group", "Atrius Health", "Monarch HealthCare",
            "Advocate Physician Partners", "Steward Health Care", "Beth Israel Deaconess",
            "Mercy Clinics", "Baylor Scott & White", "Summit Medical Group", "Optum Care"]
CITIES = ["Woodland Hills, CA", "Boston, MA", "Chicago, IL", "Dallas, TX", "Tampa, FL",
          "Seattle, WA", "Pittsburgh, PA", "Denver, CO", "Atlanta, GA", "Newark, NJ"]

# Baseline events per 1,000 member-years (commercial-like), as in the seeds.
UTILIZATION = [
    ("inpatient_days", 480.0),
    ("inpatient_admissions", 110.0),
    ("outpatient_visits", 1800.0),
    ("er_visits", 300.0),
    ("lab_visits", 2500.0),
    ("professional_visits", 9000.0),
]
GATE_METRICS = ["inpatient_days", "inpatient_admissions", "outpatient_visits", "er_visits"]
QUALITY = [("diabetes_ldl_control", 0.58, 0.12), ("cholesterol_management_cvd", 0.70, 0.05)]


def period(rng, label, start, end, members, months, pmpm, risk, rates, quality_rates, sizes):
    member_months = members * months
    utilization = {}
    for (name, _), rate in zip(UTILIZATION, rates):
        utilization[name] = max(1, round(rate * member_months / 12000.0))
    quality = {}
    for (name, _, _), rate, denominator in zip(QUALITY, quality_rates, sizes):
        numerator = min(denominator, max(0, round(rate * denominator)))
        quality[name] = {"numerator": numerator, "denominator": denominator}
    return {
        "label": label,
        "start": start,
        "end": end,
        "member_months": member_months,
        "assigned_beneficiaries": members,
        "expenditure": round(pmpm * risk * member_months, 2),
        "utilization": utilization,
        "quality": quality,
    }


def program(rng, index):
    year = rng.randint(2013, 2023)
    members = rng.randint(2_000, 120_000)
    months = 12
    growth = rng.uniform(-0.03, 0.05)
    perf_members = max(500, round(members * (1 + growth)))
    base_pmpm = round(rng.uniform(280.0, 900.0), 2)
    trend = rng.uniform(0.0, 0.06)
    # Performance spending around the trended baseline: -8% .. +5%.
    perf_pmpm = base_pmpm * (1 + trend) * (1 + rng.uniform(-0.08, 0.05))
    base_rates = [rate * rng.uniform(0.7, 1.3) for _, rate in UTILIZATION]
    perf_rates = [rate * (1 + rng.uniform(-0.15, 0.06)) for rate in base_rates]
    base_quality = [min(0.98, max(0.05, mean + rng.uniform(-spread, spread)))
                    for _, mean, spread in QUALITY]
    perf_quality = [min(0.99, max(0.02, q * (1 + rng.uniform(-0.05, 0.10)))) for q in base_quality]
    base_sizes = [max(30, round(members * share)) for share in (0.08, 0.03)]
    perf_sizes = [max(30, round(size * (1 + growth))) for size in base_sizes]
    payer = rng.choice(PAYERS)
    partner = rng.choice(PARTNERS)
    gate_size = rng.choice([3, 4])
    gate = {"metrics": GATE_METRICS[:gate_size],
            "require": rng.choice(["all", gate_size - 1])}
    contract = {
        "model": "shared_savings",
        "benchmark": {"pmpm": round(base_pmpm * (1 + trend), 2)},
        "two_sided": False,
        "minimum_savings_rate": rng.choice([0.0, 0.01, 0.02, 0.02, 0.025, 0.03]),
        "sharing_rate": rng.choice([0.3, 0.4, 0.5, 0.5, 0.6]),
        "quality_standard_met": rng.random() < 0.9,
        "efficiency_gate": gate,
        "savings_cap": rng.choice([0.05, 0.1, 0.1, 0.15]),
    }
    if rng.random() < 0.3:
        contract["sequestration"] = 0.02
    return {
        "id": f"bench-{index:07d}",
        "name": f"{payer} ACO with {partner} #{index}",
        "location": rng.choice(CITIES),
        "payer_type": rng.choice(PAYER_TYPES),
        "payers": [payer],
        "partners": [partner],
        "population": "attributed members",
        "baseline": period(rng, f"{year - 1}", f"{year - 1}-01-01", f"{year - 1}-12-31", members,
                           months, base_pmpm, 1.0, base_rates, base_quality, base_sizes),
        "performance": period(rng, f"{year}", f"{year}-01-01", f"{year}-12-31", perf_members,
                              months, perf_pmpm, 1.0, perf_rates, perf_quality, perf_sizes),
        "contract": contract,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("jsonl")
    parser.add_argument("--document", help="also write one {\"acocalc\": 1, \"programs\": [...]} document")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=True).encode
    document = open(args.document, "w", encoding="ascii", newline="\n") if args.document else None
    with open(args.jsonl, "w", encoding="ascii", newline="\n") as lines:
        if document:
            document.write('{"acocalc":1,"programs":[\n')
        for i in range(args.count):
            text = dumps(program(rng, i))
            lines.write(text + "\n")
            if document:
                document.write(("," if i else "") + text + "\n")
        if document:
            document.write("]}\n")
    if document:
        document.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
