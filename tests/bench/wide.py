#!/usr/bin/env python3
"""Writes one program with many custom utilization metrics and quality measures.

    wide.py METRICS MEASURES OUT.json [--gate G] [--expect E]

Both periods list the same metrics and measures, the performance period in
the reverse order of the baseline (so that matching them by position finds
nothing), with an efficiency gate over G metrics (default: all of them) and
E expectations on the last metrics (default 0). For the scaling benchmark
(README: "Scaling with the size of one program") and the e2e test of it.
Standard library only; the same arguments give the same bytes.
"""

import argparse
import json


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("metrics", type=int)
    parser.add_argument("measures", type=int)
    parser.add_argument("out")
    parser.add_argument("--gate", type=int, default=-1)
    parser.add_argument("--expect", type=int, default=0)
    args = parser.parse_args()
    names = [f"m{i:06d}" for i in range(args.metrics)]
    measures = [f"q{i:06d}" for i in range(args.measures)]

    def period(label, start, end, scale, order):
        return {
            "label": label,
            "start": start,
            "end": end,
            "member_months": 120000,
            "expenditure": 60000000 * scale,
            "utilization": {name: 1000 + i % 97 - (5 if scale < 1 else 0)
                            for i, name in order(list(enumerate(names)))},
            "quality": {name: {"numerator": 500 + i % 50 + (10 if scale < 1 else 0),
                               "denominator": 1000}
                        for i, name in order(list(enumerate(measures)))},
        }

    forward = lambda items: items
    backward = lambda items: items[::-1]
    gate = names if args.gate < 0 else names[:args.gate]
    program = {
        "id": "wide",
        "baseline": period("2013", "2013-01-01", "2013-12-31", 1.0, forward),
        "performance": period("2014", "2014-01-01", "2014-12-31", 0.97, backward),
        "contract": {
            "model": "shared_savings",
            "benchmark": {"total": 62000000},
            "two_sided": False,
            "minimum_savings_rate": 0.02,
            "sharing_rate": 0.5,
            "quality_standard_met": True,
        },
    }
    if gate:
        program["contract"]["efficiency_gate"] = {"metrics": gate, "require": "all"}
    if args.expect:
        program["expect"] = {f"utilization.{name}.improved": True
                             for name in names[-args.expect:]}
    with open(args.out, "w") as out:
        json.dump(program, out)
        out.write("\n")


if __name__ == "__main__":
    main()
