#!/usr/bin/env bash
# Comparison groups (difference-in-differences) against an independent
# recomputation: tests/data-check/verify_comparison.py generates 300 programs
# with comparison groups from a fixed seed (sizes, zero and small counts,
# rates without counts, missing and extra comparison metrics, spending_sd in
# all, some or none of the periods, neutral and reversed directions,
# comparison-trended benchmarks with and without risk adjustment), runs
# `acocalc report -f json` on them at 95% and at 90%, and recomputes every
# figure of each `comparison` object and the benchmark from the definitions;
# then swaps program and comparison (every DiD negated, every ratio of rate
# ratios inverted) and compares each program with itself (0 and 1, intervals
# around them).
source "$(dirname "$0")/lib.sh"

if timeout 60 "$PYTHON" tests/data-check/verify_comparison.py "$ACOCALC" >"$TMP/verify.out" 2>&1; then
  pass
else
  fail "verify_comparison.py: $(tail -40 "$TMP/verify.out")"
fi
expect_grep '^[0-9]+ passed, 0 failed$' "$TMP/verify.out" "verify_comparison.py summary"
# Enough checks ran to mean something (a generator that produced nothing
# would pass vacuously).
passed=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' "$TMP/verify.out")
if [ "${passed:-0}" -gt 100000 ]; then pass; else fail "only ${passed:-0} checks ran"; fi

finish
