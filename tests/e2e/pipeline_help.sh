#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# --help on every subcommand, with a one-line purpose and an example, on
# stdout with exit 0; --version prints "acocalc X.Y.Z".
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

# Every subcommand listed by --help (new ones too), and import's own.
subcommands=$("$ACOCALC" --help | sed -n '/^Subcommands:/,$s/^  \([a-z][a-z-]*\) .*/\1/p' | grep -vx import)
expect_grep 'report' <(echo "$subcommands") "--help lists subcommands"
for sub in $subcommands "import mssp-puf"; do
  # shellcheck disable=SC2086
  run $sub --help
  expect_rc 0 "$sub --help"
  expect_grep "^Example: acocalc $sub" "$OUT" "$sub --help shows an example"
  expect_grep '^Usage: ' "$OUT" "$sub --help shows the usage"
  expect_empty "$ERR" "$sub --help: stderr"
done
run import --help
expect_rc 0 "import --help"
expect_grep 'mssp-puf' "$OUT" "import --help lists mssp-puf"
run --help
expect_rc 0 "--help"
expect_grep '^Example: acocalc ' "$OUT" "--help shows an example"
for sub in report check validate import schema; do
  expect_grep "^  $sub " "$OUT" "--help lists $sub"
done
# import itself has an example of its own, not only its subcommand's.
run import --help
expect_grep '^Example: acocalc import ' "$OUT" "import --help shows an example"
run -h
expect_rc 0 "-h"
# --version: "acocalc X.Y.Z", the version of CMakeLists.txt's project().
version=$(sed -n 's/^project(acocalc VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
run --version
expect_rc 0 "--version"
expect_eq "acocalc $version" "$(cat "$OUT")" "--version"
expect_eq 1 "$(wc -l <"$OUT" | tr -d ' ')" "--version: one line"

finish
