#!/usr/bin/env bash
# Fills DIR with the fuzzer's seed corpus: the sample documents of data/, each
# of their programs on its own (smaller inputs mutate faster), JSON Lines
# forms, and the bad-input corpus of tests/bad-inputs/.
# Usage: tests/fuzz/seed-corpus.sh DIR
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$1"
mkdir -p "$dir"
n=0
for f in "$root"/data/*.json; do
  cp "$f" "$dir/data-$(basename "$f")"
  while IFS= read -r program; do
    n=$((n + 1))
    printf '%s\n' "$program" >"$dir/program-$n.json"
  done < <(jq -c 'if has("programs") then .programs[] else . end' "$f")
done
# Programs whose notes the target reads as whatif option values (expenditure,
# MSR, quality score, spending CV, a utilization change), at and past their
# edges.
notes=('["-2%", "0.01", "0.9", "0.03", "-5%"]' '["1e15", "-0", "1", "10", "1e300"]'
  '["-100%", "nan", "-0.0", "1e-300", "-100%"]' '["5e-324", "0.02", "inf", "0", "9007199254740992"]')
for i in "${!notes[@]}"; do
  jq -c --argjson notes "${notes[$i]}" \
    '.notes = $notes | .expect += {"settlement.reasons[0].passed": true,
                                   "settlement.reasons[9].passed": 1}' \
    "$dir/program-$((i + 1)).json" >"$dir/whatif-$i.json"
done
for f in "$root"/tests/bad-inputs/*; do
  case "$f" in
    *.stderr | *.args | *.sh | */README.md) continue ;;
  esac
  [ -f "$f" ] || continue
  size=$(stat -c %s "$f")
  [ "$size" -le 65536 ] || continue   # the deep-nesting and long-string cases are generated
  cp "$f" "$dir/bad-$(basename "$f")"
done
