#!/usr/bin/env python3
"""Checks that the peers compute acocalc's numbers, so the benchmark compares
like with like.

    check_peers.py --acocalc BIN FILE.jsonl [--every K] [--jq JQ]

Takes every K-th program of FILE.jsonl (all by default) into a sample file,
runs `acocalc report -f jsonl`, the jq peer and the Python peer on it, and
compares, program by program: per-1,000 rates, utilization and quality
pct_change (relative 1e-6, or 1e-12 absolute near zero), the settlement's
eligible (exactly) and shared_savings (within one cent). Prints one summary
line (and the first disagreements), exits 1 when any figure disagrees.
Standard library only.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def close(a, b, rel=1e-6, floor=1e-12):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), floor)


def run_lines(command):
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if result.returncode != 0:
        raise SystemExit(f"check_peers: {' '.join(command)} failed ({result.returncode}): "
                         f"{result.stderr.decode(errors='replace').strip()}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def figures(report):
    """(path, value, kind) of every compared figure of one program's report."""
    out = []
    for name, m in report["utilization"].items():
        for key in ("baseline_per_1000", "performance_per_1000", "pct_change"):
            out.append((f"utilization.{name}.{key}", m[key], "number"))
    for name, m in report["quality"].items():
        out.append((f"quality.{name}.pct_change", m["pct_change"], "number"))
    s = report["settlement"]
    if s is not None:
        out.append(("settlement.eligible", s["eligible"], "exact"))
        out.append(("settlement.shared_savings", s["shared_savings"], "money"))
    return out


def compare(reference, other, label, problems):
    compared = exact = 0
    if len(reference) != len(other):
        problems.append(f"{label}: {len(other)} programs, acocalc has {len(reference)}")
    for ref, peer in zip(reference, other):
        if ref["id"] != peer["id"]:
            problems.append(f"{label}: program {peer['id']} where acocalc has {ref['id']}")
            continue
        peer_figures = {path: value for path, value, _ in figures(peer)}
        for path, value, kind in figures(ref):
            compared += 1
            if path not in peer_figures:
                problems.append(f"{label}: {ref['id']}: {path} missing")
                continue
            got = peer_figures[path]
            if kind == "exact":
                ok = got == value
            elif kind == "money":
                ok = got is not None and value is not None and abs(got - value) <= 0.01
            else:
                ok = close(value, got)
            if got == value:
                exact += 1
            if not ok:
                problems.append(f"{label}: {ref['id']}: {path}: acocalc {value}, {label} {got}")
    return compared, exact


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acocalc", required=True)
    parser.add_argument("--jq", default="jq")
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="acocalc-bench-check-") as tmp:
        sample = os.path.join(tmp, "sample.jsonl")
        count = 0
        with open(args.file, "rb") as source, open(sample, "wb") as out:
            for i, line in enumerate(source):
                if i % args.every == 0 and line.strip():
                    out.write(line)
                    count += 1
        acocalc = run_lines([args.acocalc, "report", "-f", "jsonl", sample])
        jq = run_lines([args.jq, "-c", "-f", os.path.join(HERE, "peer.jq"), sample])
        python = run_lines([sys.executable, os.path.join(HERE, "peer.py"), sample])

    problems = []
    summary = []
    for label, lines in (("jq", jq), ("python", python)):
        compared, exact = compare(acocalc, lines, label, problems)
        summary.append(f"{label} {compared} figures ({exact} bit-identical)")
    eligible = sum(1 for r in acocalc if r["settlement"] and r["settlement"]["eligible"])
    where = os.path.basename(args.file) + (f" (every {args.every}th)" if args.every > 1 else "")
    status = "DISAGREE" if problems else "agree"
    print(f"peers {status} with acocalc on {count} programs of {where}, {eligible} eligible: "
          + "; ".join(summary))
    for p in problems[:20]:
        print("  " + p)
    if len(problems) > 20:
        print(f"  ... and {len(problems) - 20} more")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
