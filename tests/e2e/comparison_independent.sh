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

mkdir "$TMP/docs"
if timeout 60 "$PYTHON" tests/data-check/verify_comparison.py "$ACOCALC" --save "$TMP/docs" \
  >"$TMP/verify.out" 2>&1; then
  pass
else
  fail "verify_comparison.py: $(tail -40 "$TMP/verify.out")"
fi
expect_grep '^[0-9]+ passed, 0 failed$' "$TMP/verify.out" "verify_comparison.py summary"
# Enough checks ran to mean something (a generator that produced nothing
# would pass vacuously).
passed=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' "$TMP/verify.out")
if [ "${passed:-0}" -gt 100000 ]; then pass; else fail "only ${passed:-0} checks ran"; fi


# The generated document (every comparison form: rates without counts, a
# figure the comparison lacks, extra ones, spending_sd in some periods)
# validates against the input schema, and its report, null figures and
# all, against the report schema.
run report "$TMP/docs/generated.json" -f json
expect_rc 0 "report of the generated document"
cp "$OUT" "$TMP/generated.report.json"
py '
import json, sys
from jsonschema import Draft202012Validator
def check(schema_path, doc_path):
    v = Draft202012Validator(json.load(open(schema_path)))
    errors = sorted(v.iter_errors(json.load(open(doc_path))), key=lambda e: list(e.path))
    if errors:
        e = errors[0]
        sys.exit(f"{doc_path}: {len(errors)} schema errors, first at {list(e.path)}: {e.message[:300]}")
check("data/schema/input.schema.json", sys.argv[1])
check("data/schema/report.schema.json", sys.argv[2])
' "$TMP/docs/generated.json" "$TMP/generated.report.json"

finish
