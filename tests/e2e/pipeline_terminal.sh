#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# Terminal manners: color only when stdout is a terminal and NO_COLOR is
# unset (--color overrides), never in machine formats or through a pipe; a
# progress line on stderr for slow runs, on a terminal only.
#
# A terminal is made with util-linux script(1): script -qec CMD /dev/null
# runs CMD with stdin, stdout and stderr on a pseudo-terminal and copies
# what it prints to our stdout.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

hcp=data/anthem-hcp-2013h1.json
small="$FIXTURES/small.jsonl"
esc=$'\033'

# on_tty FILE CMD: runs CMD (a shell command line) on a terminal; FILE gets
# what the terminal showed.
on_tty() {
  local file=$1
  shift
  set +e
  script -qec "$*" /dev/null </dev/null >"$file" 2>&1
  TTY_RC=$?
  set -e
}

# The binary's path, quoted for a shell command line.
bin=$(printf '%q' "$ACOCALC")

# --- the table on a terminal is colored
on_tty "$TMP/tty" "$bin report $hcp"
expect_eq 0 "$TTY_RC" "report on a terminal: exit code"
if has_escape "$TMP/tty"; then pass; else fail "report on a terminal (--color auto): no escape codes"; fi
# ... and still the same table: without escape codes, the plain output.
"$ACOCALC" report "$hcp" >"$TMP/plain"
sed -e "s/$esc\[[0-9;]*m//g" -e 's/\r$//' "$TMP/tty" >"$TMP/tty.stripped"
if cmp -s "$TMP/plain" "$TMP/tty.stripped"; then
  pass
else
  fail "colored table differs from the plain one beyond escape codes: $(diff "$TMP/plain" "$TMP/tty.stripped" | head -5)"
fi
# Only SGR color sequences (ESC [ ... m), nothing that moves the cursor.
if grep -o "${esc}[^m]*m\?" "$TMP/tty" | grep -qv "^${esc}\[[0-9;]*m$"; then
  fail "escape sequences other than colors: $(grep -o "${esc}.\{0,8\}" "$TMP/tty" | grep -v "^${esc}\[[0-9;]*m" | head -3 | od -c | head -3)"
else
  pass
fi

# --- NO_COLOR=1 on a terminal: no color
on_tty "$TMP/tty-nocolor" "NO_COLOR=1 $bin report $hcp"
if has_escape "$TMP/tty-nocolor"; then fail "NO_COLOR=1 on a terminal: escape codes"; else pass; fi
# --color always overrides NO_COLOR; --color never overrides the terminal.
on_tty "$TMP/tty-always" "NO_COLOR=1 $bin report --color always $hcp"
if has_escape "$TMP/tty-always"; then pass; else fail "--color always with NO_COLOR=1: no color"; fi
on_tty "$TMP/tty-never" "$bin report --color never $hcp"
if has_escape "$TMP/tty-never"; then fail "--color never on a terminal: escape codes"; else pass; fi

# --- through a pipe: no color (stdout is a pipe even though stderr is a tty)
on_tty "$TMP/tty-pipe" "$bin report $hcp | cat"
if has_escape "$TMP/tty-pipe"; then fail "report | cat on a terminal: escape codes"; else pass; fi
"$ACOCALC" report "$hcp" | cat >"$TMP/pipe"
if has_escape "$TMP/pipe"; then fail "report | cat: escape codes"; else pass; fi
"$ACOCALC" report "$hcp" --rollup >"$TMP/file"
if has_escape "$TMP/file"; then fail "report > file: escape codes"; else pass; fi
# --color always does color a pipe (for less -R).
"$ACOCALC" report --color always "$hcp" | cat >"$TMP/pipe-always"
if has_escape "$TMP/pipe-always"; then pass; else fail "--color always through a pipe: no color"; fi

# --- machine formats never, not even on a terminal with --color always
for format in json jsonl csv markdown; do
  on_tty "$TMP/tty-$format" "$bin report -f $format --rollup --color always $hcp"
  if has_escape "$TMP/tty-$format"; then fail "-f $format --color always on a terminal: escape codes"; else pass; fi
done
# -o writes a file: --color auto does not color it, even from a terminal.
on_tty "$TMP/tty-o" "$bin report $hcp -o $(printf '%q' "$TMP/out.txt")"
if has_escape "$TMP/out.txt"; then fail "-o from a terminal: escape codes in the file"; else pass; fi
expect_empty "$TMP/tty-o" "-o from a terminal: nothing on the terminal"
# check and validate print no escape codes on a terminal either.
on_tty "$TMP/tty-check" "$bin check data/*.json; $bin validate data/*.json"
if has_escape "$TMP/tty-check"; then fail "check/validate on a terminal: escape codes"; else pass; fi

# --- the progress line: on a terminal, for a run of over a second
# One program, a pause of 1.5 s, two more: the first is handed on when the
# second arrives, after the pause, so the run has taken over a second.
slow="{ head -n 1 $(printf '%q' "$small"); sleep 1.5; sed -n '2,\$p' $(printf '%q' "$small"); }"
on_tty "$TMP/tty-progress" "$slow | $bin report -f jsonl -o $(printf '%q' "$TMP/progress.jsonl")"
expect_eq 0 "$TTY_RC" "slow run on a terminal: exit code"
expect_grep 'acocalc: [0-9]+ programs\.\.\.' "$TMP/tty-progress" "slow run on a terminal: a progress line on stderr"
# The line is drawn with a carriage return and cleared at the end, so that
# nothing of it is left in the terminal's last line.
if grep -q $'\r' "$TMP/tty-progress"; then pass; else fail "progress line not drawn with a carriage return"; fi
if tail -c 8 "$TMP/tty-progress" | grep -Eq $'\r\033''\[2?K$'; then
  pass
else
  fail "progress line not cleared at the end: $(tail -c 40 "$TMP/tty-progress" | od -c | tail -3)"
fi
expect_eq 3 "$(wc -l <"$TMP/progress.jsonl" | tr -d ' ')" "slow run: every program reported"
# Errors come after the progress line is cleared, on a line of their own.
bad="{ head -n 1 $(printf '%q' "$small"); sleep 1.5; cat $(printf '%q' "$FIXTURES/invalid-third.jsonl"); }"
on_tty "$TMP/tty-progress-error" "$bad | $bin report -f jsonl -o $(printf '%q' "$TMP/bad.jsonl")"
expect_eq 2 "$TTY_RC" "slow invalid run on a terminal: exit code"
tr '\r' '\n' <"$TMP/tty-progress-error" | sed "s/$esc\[K//g" >"$TMP/tty-progress-error.lines"
expect_grep '^acocalc: <stdin>:4: /performance/member_months: ' "$TMP/tty-progress-error.lines" \
  "slow invalid run: the error starts its own line"
# A regular file's size is known: the line says the share read and, in a
# two-pass report, which pass runs (ACOCALC_PROGRESS_AFTER_MS=0 shows the
# line at once).
on_tty "$TMP/tty-share" "ACOCALC_PROGRESS_AFTER_MS=0 $bin report -f jsonl $hcp -o $(printf '%q' "$TMP/share.jsonl")"
expect_grep 'acocalc: 1 programs, 100% of [0-9]+ kB read\.\.\.' "$TMP/tty-share" "progress: the share of a file read"
"$PYTHON" tests/bench/generate.py 4000 "$TMP/big.jsonl" >/dev/null
on_tty "$TMP/tty-passes" "ACOCALC_PROGRESS_AFTER_MS=0 $bin report -f jsonl $(printf '%q' "$TMP/big.jsonl") > /dev/null"
expect_grep 'acocalc: pass 1 of 2: [0-9]+ programs checked, [0-9]+% of [0-9.]+ MB read' "$TMP/tty-passes" "progress: the first pass"
expect_grep 'acocalc: pass 2 of 2: [0-9]+ programs written, [0-9]+% of 4000' "$TMP/tty-passes" \
  "progress: the second pass, over the programs held back"
# With --keep-going, the errors of a two-pass run come after the second
# pass's line is cleared, each on a line of its own.
{ cat "$TMP/big.jsonl"; echo '{"id": "bad", "performance": {"member_months": -1}}'; } >"$TMP/big-bad.jsonl"
on_tty "$TMP/tty-passes-bad" "ACOCALC_PROGRESS_AFTER_MS=0 $bin report -f jsonl --keep-going $(printf '%q' "$TMP/big-bad.jsonl") > /dev/null"
expect_eq 3 "$TTY_RC" "two passes, --keep-going over a bad program: exit code"
tr '\r' '\n' <"$TMP/tty-passes-bad" | sed "s/$esc\[K//g" >"$TMP/tty-passes-bad.lines"
expect_grep '^acocalc: [^ ]*big-bad\.jsonl:4001: /performance/member_months: ' \
  "$TMP/tty-passes-bad.lines" "two passes: the error starts its own line"
# Where no program can be held back (no temporary file), the second pass
# reads the input again.
on_tty "$TMP/tty-reread" "TMPDIR=$(printf '%q' "$TMP/missing") ACOCALC_PROGRESS_AFTER_MS=0 $bin report -f jsonl $(printf '%q' "$TMP/big.jsonl") > /dev/null"
expect_grep 'acocalc: pass 2 of 2: [0-9]+ programs written, [0-9]+% of [0-9.]+ MB read' "$TMP/tty-reread" \
  "progress: the second pass, reading the input again"
# Not on a terminal: no progress line.
set +e
bash -c "$slow" | "$ACOCALC" report -f jsonl >"$TMP/slow.jsonl" 2>"$TMP/slow.err"
set -e
expect_empty "$TMP/slow.err" "slow run, stderr not a terminal: no progress line"
expect_eq 3 "$(wc -l <"$TMP/slow.jsonl" | tr -d ' ')" "slow run through a pipe: every program reported"
# A fast run on a terminal: no progress line.
on_tty "$TMP/tty-fast" "$bin report -f jsonl $(printf '%q' "$small") -o $(printf '%q' "$TMP/fast.jsonl")"
expect_empty "$TMP/tty-fast" "fast run on a terminal: no progress line"

finish
