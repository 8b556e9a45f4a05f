#!/usr/bin/env bash
# CMS's own published results: import each real PUF and check every row's
# expectations (MSR, savings rate, gross savings, final sharing rate, earned
# savings or losses) against acocalc's settlement.
set -euo pipefail
bin=${ACOCALC:?}
root=${ACOCALC_ROOT:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for year in 2014 2018; do
  puf="$root/tests/data/mssp-puf/PY$year.csv"
  # One program per ACO row, counted independently of acocalc.
  rows=$(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig"))) - 1)' "$puf")
  "$bin" import mssp-puf "$puf" >"$tmp/py$year.json"
  if ! "$bin" check "$tmp/py$year.json" >"$tmp/check$year.txt"; then
    echo "FAIL PY$year: acocalc check failed"; grep -v '^note ' "$tmp/check$year.txt" | head -20; exit 1
  fi
  summary=$(tail -1 "$tmp/check$year.txt")
  case "$summary" in
    "$rows programs, "*": 0 failed") echo "PY$year: $summary" ;;
    *) echo "FAIL PY$year: $summary"; exit 1 ;;
  esac
  # The importer's stdin form and the pipe of the acceptance test.
  "$bin" import mssp-puf --year "$year" - <"$puf" | "$bin" check >/dev/null
done
