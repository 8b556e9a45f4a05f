#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# -o OUT leaves OUT with the permissions a user expects: a new OUT gets what
# a shell redirection would give it (0666 less the umask), not mkstemp's
# 0600; a replaced OUT keeps its mode.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

small="$FIXTURES/small.jsonl"

for mask in 022 002 077; do
  dir="$TMP/umask-$mask"
  mkdir "$dir"
  (
    umask "$mask"
    "$ACOCALC" report -f jsonl "$small" -o "$dir/out.jsonl"
    "$ACOCALC" report -f jsonl "$small" >"$dir/redirected.jsonl"
  )
  expect_eq "$(stat -c %a "$dir/redirected.jsonl")" "$(stat -c %a "$dir/out.jsonl")" \
    "mode of a new -o file under umask $mask"
done

dir="$TMP/replace"
mkdir "$dir"
echo "old" >"$dir/out.jsonl"
chmod 640 "$dir/out.jsonl"
run report -f jsonl "$small" -o "$dir/out.jsonl"
expect_rc 0 "-o over an existing file"
expect_eq 640 "$(stat -c %a "$dir/out.jsonl")" "a replaced OUT keeps its mode"

finish
