#!/usr/bin/env python3
"""Adds an "expect" block to each program of a generated input, for timing
`acocalc check`.

    add_expect.py PROGRAMS.jsonl REPORT.jsonl OUT.jsonl

REPORT.jsonl is `acocalc report -f jsonl PROGRAMS.jsonl`; each program gets
ten expectations read from its report (numbers with a tolerance, booleans, a
string, null, an array element and a nested object's member), so that every
expectation passes and `check` looks every path up. Every 50th program gets
one wrong expected value, so that the failure lines are timed too.
Standard library only.
"""

import json
import sys

PATHS = [
    ("settlement.gross_savings", 0.01),
    ("settlement.savings_rate", 1e-9),
    ("settlement.eligible", None),
    ("settlement.efficiency_gate.passed", None),
    ("settlement.reasons[0].passed", None),
    ("settlement.track", None),
    ("payer_type", None),
    ("utilization.er_visits.improved", None),
    ("quality.diabetes_ldl_control.change_points", 1e-9),
    ("performance.assigned_beneficiaries", 0),
]


def lookup(report, path):
    node = report
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            node = node[int(part[1:-1])]
        else:
            node = node[part]
    return node


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    with open(sys.argv[1]) as programs, open(sys.argv[2]) as reports, \
            open(sys.argv[3], "w") as out:
        for n, (line, report_line) in enumerate(zip(programs, reports)):
            program = json.loads(line)
            report = json.loads(report_line)
            if program["id"] != report["id"]:
                sys.exit(f"{program['id']}: the report's line {n + 1} is {report['id']}")
            expect = {}
            for path, tolerance in PATHS:
                value = lookup(report, path)
                if n % 50 == 0 and path == "settlement.gross_savings":
                    value = value + 1
                expect[path] = value if tolerance is None else {"value": value,
                                                                 "tolerance": tolerance}
            program["expect"] = expect
            out.write(json.dumps(program, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
