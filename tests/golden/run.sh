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
    if [ -s "$tmp/err" ]; then cp "$tmp/err" "tests/golden/$name.err"; else rm -f "tests/golden/$name.err"; fi
    echo "wrote $expected (exit $status)"
    continue
  fi
  if [ "$status" != "$code" ]; then
    echo "FAIL $name: exit $status, expected $code"; cat "$tmp/err"; failed=$((failed + 1)); continue
  fi
  if ! diff -u "$expected" "$tmp/out" >"$tmp/diff"; then
    echo "FAIL $name: stdout differs from $expected"; head -40 "$tmp/diff"; failed=$((failed + 1)); continue
  fi
  # stderr must be empty, or equal NAME.err where the case expects messages.
  expected_err="tests/golden/$name.err"
  [ -f "$expected_err" ] || expected_err=/dev/null
  if ! diff -u "$expected_err" "$tmp/err" >"$tmp/diff"; then
    echo "FAIL $name: stderr differs from $expected_err"; head -20 "$tmp/diff"; failed=$((failed + 1)); continue
  fi
  passed=$((passed + 1))
done < tests/golden/cases.txt
[ "$regenerate" = 1 ] && exit 0
echo "golden: $passed passed, $failed failed"
[ "$failed" = 0 ]
