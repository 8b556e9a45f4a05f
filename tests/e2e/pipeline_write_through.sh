#!/usr/bin/env bash
# A report whose output can be taken back is made in one pass, written as
# it goes: -o's temporary file, and standard output that is a regular file
# (opened without O_APPEND, at its end, not an input). A run that fails
# takes it back: the file is cut back to the length it had, so that what
# came before the run stays and nothing of the report does. Output that
# cannot be taken back (a pipe, >>, a file that is also an input) is held
# back as before. Every road gives the same bytes (pipeline_large.sh);
# signals and write errors: hostile_env.sh.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

n=3000
"$PYTHON" tests/bench/generate.py "$n" "$TMP/big.jsonl" --seed 5
"$PYTHON" - "$TMP/big.jsonl" "$TMP/bad.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
bad = json.loads(lines[-2])
bad["performance"]["member_months"] = -1
lines[-2] = json.dumps(bad)
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
PY
"$ACOCALC" report -f jsonl "$TMP/big.jsonl" | cat >"$TMP/expected"
expect_eq "$n" "$(wc -l <"$TMP/expected" | tr -d ' ')" "the reference through a pipe"

# What came before the run in the same file stays; the report follows it.
{ printf 'before\n'; "$ACOCALC" report -f jsonl "$TMP/big.jsonl"; printf 'after\n'; } >"$TMP/shared"
{ printf 'before\n'; cat "$TMP/expected"; printf 'after\n'; } >"$TMP/shared.expected"
if cmp -s "$TMP/shared.expected" "$TMP/shared"; then pass; else fail "a file shared with the commands around it"; fi

# A failed run is cut back to where the file stood: the lines before and
# after it, nothing of the report.
set +e
{ printf 'before\n'; "$ACOCALC" report -f jsonl "$TMP/bad.jsonl" 2>"$TMP/err"; echo "rc $?"; } >"$TMP/shared"
set -e
expect_eq "before
rc 2" "$(cat "$TMP/shared")" "a failed run leaves the file as it was"
expect_grep "bad.jsonl:$((n - 1)): /performance/member_months: must be a number > 0" "$TMP/err" \
  "a failed run: the error"
# With --keep-going: the valid programs, written.
set +e
"$ACOCALC" report -f jsonl --keep-going "$TMP/bad.jsonl" >"$TMP/kept" 2>/dev/null
RC=$?
set -e
expect_rc 3 "--keep-going to a regular file"
"$ACOCALC" report -f jsonl --keep-going "$TMP/bad.jsonl" 2>/dev/null | cat >"$TMP/kept.piped" || true
if cmp -s "$TMP/kept.piped" "$TMP/kept"; then pass; else fail "--keep-going: a file against a pipe"; fi

# -o naming the file stdout writes to: written through stdout, the same.
# shellcheck disable=SC2094  # the same file on purpose
{ printf 'before\n'; "$ACOCALC" report -f jsonl "$TMP/big.jsonl" -o "$TMP/named"; } >"$TMP/named"
{ printf 'before\n'; cat "$TMP/expected"; } >"$TMP/named.expected"
if cmp -s "$TMP/named.expected" "$TMP/named"; then pass; else fail "-o the file stdout writes to"; fi
set +e
# shellcheck disable=SC2094  # the same file on purpose
{ printf 'before\n'; "$ACOCALC" report -f jsonl "$TMP/bad.jsonl" -o "$TMP/named" 2>/dev/null; } >"$TMP/named"
set -e
expect_eq "before" "$(cat "$TMP/named")" "-o the file stdout writes to: a failed run cut back"

# Appending (>>) is held back and appended at the end when the run
# succeeds; a failed run appends nothing.
printf 'log\n' >"$TMP/log"
"$ACOCALC" report -f jsonl "$TMP/big.jsonl" >>"$TMP/log"
{ printf 'log\n'; cat "$TMP/expected"; } >"$TMP/log.expected"
if cmp -s "$TMP/log.expected" "$TMP/log"; then pass; else fail ">> appends the report"; fi
set +e
"$ACOCALC" report -f jsonl "$TMP/bad.jsonl" >>"$TMP/log" 2>/dev/null
RC=$?
set -e
expect_rc 2 ">> a failed run"
if cmp -s "$TMP/log.expected" "$TMP/log"; then pass; else fail ">> a failed run appended something"; fi

# A file that is also the input is not written as it is read: its programs
# (written there first) are reported after them.
head -n 20 "$TMP/big.jsonl" >"$TMP/twenty.jsonl"
# shellcheck disable=SC2094  # the input is stdout's file on purpose
{ cat "$TMP/twenty.jsonl"; "$ACOCALC" report -f jsonl "$TMP/self.jsonl"; } >"$TMP/self.jsonl"
{ cat "$TMP/twenty.jsonl"; head -n 20 "$TMP/expected"; } >"$TMP/self.expected"
if cmp -s "$TMP/self.expected" "$TMP/self.jsonl"; then pass; else fail "stdout that is also the input"; fi

# Standard input from a file, stdout to a file: one pass, the same bytes.
"$ACOCALC" report -f jsonl <"$TMP/big.jsonl" >"$TMP/stdin.out"
if cmp -s "$TMP/expected" "$TMP/stdin.out"; then pass; else fail "standard input to a regular file"; fi

finish
