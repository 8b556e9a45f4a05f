#!/usr/bin/env bash
# Runs every case of tests/golden/cases.txt. With --regenerate, rewrites the
# .out files instead of comparing (make golden).
set -uo pipefail
root=${ACOCALC_ROOT:?}
bin=${ACOCALC:?}
regenerate=0
[ "${1:-}" = "--regenerate" ] && regenerate=1
cd "$root"
failed=0
passed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while read -r name code args; do
  case "$name" in ""|\#*) continue ;; esac
  expected="tests/golden/$name.out"
  # shellcheck disable=SC2086
  "$bin" $args >"$tmp/out" 2>"$tmp/err" </dev/null
  status=$?
  if [ "$regenerate" = 1 ]; then
    cp "$tmp/out" "$expected"
    echo "wrote $expected (exit $status)"
    continue
  fi
  if [ "$status" != "$code" ]; then
    echo "FAIL $name: exit $status, expected $code"; cat "$tmp/err"; failed=$((failed + 1)); continue
  fi
  if ! diff -u "$expected" "$tmp/out" >"$tmp/diff"; then
    echo "FAIL $name: stdout differs from $expected"; head -40 "$tmp/diff"; failed=$((failed + 1)); continue
  fi
  if [ -s "$tmp/err" ]; then
    echo "FAIL $name: unexpected stderr"; cat "$tmp/err"; failed=$((failed + 1)); continue
  fi
  passed=$((passed + 1))
done < tests/golden/cases.txt
[ "$regenerate" = 1 ] && exit 0
echo "golden: $passed passed, $failed failed"
[ "$failed" = 0 ]
