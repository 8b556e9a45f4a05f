#!/usr/bin/env python3
"""The Python peer: the figures acocalc reports, computed the plain way.

    peer.py FILE        JSON Lines (one program per line) or one
                        {"acocalc": 1, "programs": [...]} document

Writes one JSON line per program: per-1,000 rates and percent changes of
every utilization metric, quality rates and relative changes, and the
settlement verdict and shared savings of a one-sided shared-savings contract
(benchmark as pmpm or total, MSR, quality standard, efficiency gate, sharing
rate, sequestration, savings cap), in the same order of operations as
acocalc's core (src/core/report.cc, src/core/settlement.cc) so that the
doubles agree. Only what the bench programs use (tests/bench/generate.py);
no validation and no confidence intervals. Standard library only.
"""

import json
import sys


def ratio(numerator, denominator):
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def per_1000(count, member_months):
    return count * 12000.0 / member_months


def utilization(program):
    base, perf = program["baseline"], program["performance"]
    out = {}
    for name, count in perf["utilization"].items():
        b = per_1000(base["utilization"][name], base["member_months"])
        p = per_1000(count, perf["member_months"])
        out[name] = {"baseline_per_1000": b, "performance_per_1000": p,
                     "pct_change": ratio(p - b, b)}
    return out


def quality(program):
    base, perf = program["baseline"], program["performance"]
    out = {}
    for name, measure in perf["quality"].items():
        b_measure = base["quality"][name]
        b = b_measure["numerator"] / b_measure["denominator"]
        p = measure["numerator"] / measure["denominator"]
        out[name] = {"baseline_rate": b, "performance_rate": p, "pct_change": ratio(p - b, b)}
    return out


def settle(program, util):
    contract = program["contract"]
    perf = program["performance"]
    benchmark_form = contract["benchmark"]
    if "pmpm" in benchmark_form:
        benchmark = benchmark_form["pmpm"] * perf["member_months"]
    else:
        benchmark = benchmark_form["total"]
    expenditure = perf["expenditure"]
    gross = benchmark - expenditure
    savings_rate = gross / benchmark
    msr_met = savings_rate >= contract.get("minimum_savings_rate", 0.0)
    quality_met = contract.get("quality_standard_met", True)
    gate_passed = True
    if "efficiency_gate" in contract:
        gate = contract["efficiency_gate"]
        improved = 0
        for name in gate["metrics"]:
            change = util.get(name, {}).get("pct_change")
            # Lower is better for every bench metric: improvement = -pct_change.
            if change is not None and -change > 0 and -change >= gate.get("min_improvement", 0.0):
                improved += 1
        require = gate.get("require", "all")
        required = len(gate["metrics"]) if require == "all" else require
        gate_passed = improved >= required
    eligible = gross > 0 and msr_met and quality_met and gate_passed
    sharing_rate = contract["sharing_rate"] if quality_met else 0.0
    shared = 0.0
    if eligible:
        shared = gross * sharing_rate * (1.0 - contract.get("sequestration", 0.0))
    if "savings_cap" in contract:
        cap = contract["savings_cap"] * benchmark
        if shared > cap:
            shared = cap
    return {"benchmark": benchmark, "gross_savings": gross, "savings_rate": savings_rate,
            "eligible": eligible, "shared_savings": shared}


def report(program):
    util = utilization(program)
    out = {"id": program["id"], "utilization": util, "quality": quality(program)}
    out["settlement"] = settle(program, util) if "contract" in program else None
    return out


def programs(path):
    with open(path, "rb") as f:
        first = f.read(64).lstrip()
        f.seek(0)
        if first.startswith(b'{"acocalc"') or first.startswith(b'{ "acocalc"'):
            yield from json.load(f)["programs"]
            return
        for line in f:
            if line.strip():
                yield json.loads(line)


def main():
    if len(sys.argv) != 2:
        print("usage: peer.py FILE", file=sys.stderr)
        return 2
    out = sys.stdout
    dumps = json.JSONEncoder(separators=(",", ":")).encode
    for program in programs(sys.argv[1]):
        out.write(dumps(report(program)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
